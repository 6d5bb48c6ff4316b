package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

func TestExtensionRoundTrip(t *testing.T) {
	cases := []struct {
		name    string
		reports []types.Report
	}{
		{"empty is nil", nil},
		{"one market", []types.Report{{MarketID: 0, Price: 4_200_000}}},
		{"sparse ids and huge price", []types.Report{{MarketID: 3, Price: 1}, {MarketID: 70000, Price: ^uint64(0)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bz, err := types.EncodeExtension(tc.reports)
			require.NoError(t, err)
			got, err := types.DecodeExtension(bz)
			require.NoError(t, err)
			require.Equal(t, tc.reports, got)
		})
	}
}

func TestExtensionWithFiftyMarketsFitsInOneKilobyte(t *testing.T) {
	reports := make([]types.Report, 50)
	for i := range reports {
		// 100,000.000000 USD at 6 decimals: a BTC-sized price in every slot.
		reports[i] = types.Report{MarketID: uint32(i), Price: 100_000_000_000}
	}
	bz, err := types.EncodeExtension(reports)
	require.NoError(t, err)
	require.LessOrEqual(t, len(bz), 1024)
	t.Logf("50 markets: %d bytes", len(bz))
}

func TestEncodeRejectsWhatDecodeWouldReject(t *testing.T) {
	for name, reports := range map[string][]types.Report{
		"duplicate market": {{MarketID: 1, Price: 1}, {MarketID: 1, Price: 2}},
		"unsorted":         {{MarketID: 2, Price: 1}, {MarketID: 1, Price: 2}},
		"zero price":       {{MarketID: 1, Price: 0}},
	} {
		_, err := types.EncodeExtension(reports)
		require.ErrorIs(t, err, types.ErrInvalidExtension, name)
	}
}

func TestDecodeRejectsMalformedBytes(t *testing.T) {
	valid, err := types.EncodeExtension([]types.Report{{MarketID: 1, Price: 5}, {MarketID: 2, Price: 300}})
	require.NoError(t, err)
	cases := map[string][]byte{
		"wrong version":         append([]byte{2}, valid[1:]...),
		"zero count":            {1, 0},
		"count beyond max":      {1, 0xff, 0x01},
		"truncated":             valid[:len(valid)-1],
		"trailing byte":         append(bytes.Clone(valid), 0),
		"duplicate market":      {1, 2, 1, 5, 1, 6},
		"decreasing market":     {1, 2, 2, 5, 1, 6},
		"zero price":            {1, 1, 1, 0},
		"non-minimal varint":    {1, 1, 0x81, 0x00, 5},
		"market id over uint32": {1, 1, 0x80, 0x80, 0x80, 0x80, 0x10, 5},
		"varint overflow":       {1, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
		"oversized":             append([]byte{1}, make([]byte, types.MaxExtensionBytes)...),
	}
	for name, bz := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := types.DecodeExtension(bz)
			require.ErrorIs(t, err, types.ErrInvalidExtension)
		})
	}
}

// FuzzDecodeExtension: no input panics, and whatever decodes re-encodes to
// the same bytes (one meaning per byte string).
func FuzzDecodeExtension(f *testing.F) {
	seed, _ := types.EncodeExtension([]types.Report{{MarketID: 0, Price: 1}, {MarketID: 9, Price: 123456789}})
	f.Add(seed)
	f.Add([]byte{})
	f.Add([]byte{1, 1, 0x81, 0x00, 5})
	f.Fuzz(func(t *testing.T, bz []byte) {
		reports, err := types.DecodeExtension(bz)
		if err != nil {
			return
		}
		require.LessOrEqual(t, len(reports), types.MaxMarkets)
		again, err := types.EncodeExtension(reports)
		require.NoError(t, err)
		if len(bz) == 0 {
			require.Empty(t, again)
			return
		}
		require.Equal(t, bz, again)
	})
}
