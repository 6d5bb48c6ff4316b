package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

func TestPriceConversionIsExact(t *testing.T) {
	require.Equal(t, dec("4.2"), types.PriceToDec(4_200_000, 6))
	require.Equal(t, dec("0.000000000000000001"), types.PriceToDec(1, 18))
	p, err := types.DecToPrice(dec("4.2000009"), 6)
	require.NoError(t, err)
	require.Equal(t, uint64(4_200_000), p, "rounds down")
	_, err = types.DecToPrice(dec("0.0000001"), 6)
	require.Error(t, err, "a price below one unit does not fit")
	_, err = types.DecToPrice(dec("-1"), 6)
	require.Error(t, err)
}

func TestTWAP(t *testing.T) {
	pts := []types.PricePoint{
		{Price: dec("10"), Height: 100},
		{Price: dec("20"), Height: 105},
		{Price: dec("40"), Height: 108},
	}
	cases := []struct {
		name   string
		now    int64
		window uint64
		want   string
		ok     bool
	}{
		// heights 101..110: 10×4 (101-104) + 20×3 (105-107) + 40×3 (108-110) = 220 / 10
		{"window straddles points", 110, 10, "22", true},
		// heights 100..110 with a window reaching before the first point: 10×5 + 20×3 + 40×3 = 230 / 11
		{"window longer than history", 110, 50, "20.909090909090909090", true},
		{"only the latest point in window", 110, 2, "40", true},
		{"before any point", 99, 10, "", false},
		{"ignores future points", 106, 3, "16.666666666666666666", true}, // 104:10, 105:20, 106:20
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := types.TWAP(pts, tc.now, tc.window)
			require.Equal(t, tc.ok, ok)
			if tc.ok {
				require.Equal(t, dec(tc.want), got)
			}
		})
	}
}

func TestConservativePrices(t *testing.T) {
	require.Equal(t, dec("9"), types.CollateralPrice(dec("10"), dec("9")))
	require.Equal(t, dec("10"), types.DebtPrice(dec("10"), dec("9")))
	require.Equal(t, dec("10"), types.CollateralPrice(dec("10"), sdkmath.LegacyDec{}), "no TWAP: spot")
}
