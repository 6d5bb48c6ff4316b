package types

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

// Below MaxValue the big-integer values equal the decimal formula they
// replace, rounding included.
func TestValuesMatchTheDecimalFormula(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for range 20_000 {
		amount := sdkmath.NewIntFromBigInt(new(big.Int).Rand(r, new(big.Int).Lsh(big.NewInt(1), uint(1+r.Intn(100)))))
		price := sdkmath.LegacyNewDecWithPrec(r.Int63n(1<<50)+1, int64(r.Intn(19)))
		decimals := uint32(r.Intn(19))
		u := unit(decimals)
		down := sdkmath.LegacyNewDecFromInt(amount).MulTruncate(price).QuoTruncate(u)
		up := sdkmath.LegacyNewDecFromInt(amount).MulRoundUp(price).QuoRoundUp(u)
		if up.GT(MaxValue) {
			continue
		}
		require.True(t, down.Equal(ValueDown(amount, price, decimals)), "down %s × %s / 10^%d", amount, price, decimals)
		require.True(t, up.Equal(ValueUp(amount, price, decimals)), "up %s × %s / 10^%d", amount, price, decimals)
	}
}

// An amount and price whose product the decimal type cannot hold value at
// MaxValue, and a health check on such a position gives a verdict.
func TestValuesSaturateInsteadOfOverflowing(t *testing.T) {
	maxInt := sdkmath.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	trillion := sdkmath.LegacyNewDec(1_000_000_000_000)
	require.True(t, MaxValue.Equal(ValueDown(maxInt, trillion, 6)))
	require.True(t, MaxValue.Equal(ValueUp(maxInt, trillion, 0)))
	require.True(t, ValueDown(sdkmath.ZeroInt(), trillion, 6).IsZero())

	h := ComputeHealth([]PricedPosition{
		{Denom: "uatom", Decimals: 6, Supplied: maxInt, Debt: sdkmath.ZeroInt(), Collateral: true, CollateralPrice: trillion, LiquidationThreshold: sdkmath.LegacyMustNewDecFromStr("0.75"), LTV: sdkmath.LegacyMustNewDecFromStr("0.65")},
		{Denom: "uusdc", Decimals: 6, Supplied: sdkmath.ZeroInt(), Debt: sdkmath.NewInt(1_000_000), DebtPrice: sdkmath.LegacyOneDec()},
	})
	require.False(t, h.Liquidatable())
}
