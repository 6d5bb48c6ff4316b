package types_test

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// FuzzEncodeExtension is FuzzDecodeExtension's other half: reports built
// from arbitrary bytes (12 bytes each: a big-endian uint32 market id and
// uint64 price) encode exactly when they follow the rules, what encodes
// fits MaxExtensionBytes, and it decodes back to the same reports.
func FuzzEncodeExtension(f *testing.F) {
	report := func(id uint32, price uint64) []byte {
		return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint32(nil, id), price)
	}
	f.Add(append(report(0, 4_200_000), report(9, ^uint64(0))...))
	f.Add(report(^uint32(0), 1))
	f.Add(append(report(3, 1), report(3, 2)...)) // duplicate market
	f.Add(report(1, 0))                          // zero price
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, bz []byte) {
		reports := make([]types.Report, 0, len(bz)/12)
		for ; len(bz) >= 12; bz = bz[12:] {
			reports = append(reports, types.Report{MarketID: binary.BigEndian.Uint32(bz), Price: binary.BigEndian.Uint64(bz[4:])})
		}
		valid := len(reports) <= types.MaxMarkets
		for i, r := range reports {
			if r.Price == 0 || (i > 0 && r.MarketID <= reports[i-1].MarketID) {
				valid = false
			}
		}

		enc, err := types.EncodeExtension(reports)
		if !valid {
			require.ErrorIs(t, err, types.ErrInvalidExtension)
			return
		}
		require.NoError(t, err)
		require.LessOrEqual(t, len(enc), types.MaxExtensionBytes)
		got, err := types.DecodeExtension(enc)
		require.NoError(t, err)
		if len(reports) == 0 {
			require.Empty(t, enc)
			require.Empty(t, got)
			return
		}
		require.Equal(t, reports, got)
	})
}
