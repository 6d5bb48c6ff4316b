package types

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"
)

// Position builders. Prices are USD per whole unit.

func supplyPos(denom string, decimals uint32, amount sdkmath.Int, price string, collateral bool, ltv, lt string) PricedPosition {
	return PricedPosition{
		Denom: denom, Decimals: decimals, Supplied: amount, Debt: i64(0), Collateral: collateral,
		LTV: dec(ltv), LiquidationThreshold: dec(lt), CollateralPrice: dec(price), DebtPrice: dec(price),
	}
}

func debtPos(denom string, decimals uint32, amount sdkmath.Int, price string) PricedPosition {
	return PricedPosition{
		Denom: denom, Decimals: decimals, Supplied: i64(0), Debt: amount,
		LTV: dec("0"), LiquidationThreshold: dec("0"), CollateralPrice: dec(price), DebtPrice: dec(price),
	}
}

func requireDec(t require.TestingT, want string, got sdkmath.LegacyDec, msgAndArgs ...any) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	require.True(t, dec(want).Equal(got), "want %s got %s %v", want, got, msgAndArgs)
}

func TestComputeHealthSumsOnlyCollateralEnabledSupply(t *testing.T) {
	h := ComputeHealth([]PricedPosition{
		supplyPos("uusdc", 6, units(1000, 6), "1", true, "0.75", "0.8"),
		supplyPos("uatom", 6, units(5000, 6), "2", false, "0.7", "0.75"), // not collateral
		supplyPos("ubtc", 8, i64(0), "60000", true, "0.7", "0.75"),       // collateral, nothing supplied
		debtPos("udai", 6, units(300, 6), "1"),
	})
	requireDec(t, "1000", h.CollateralValue)
	requireDec(t, "750", h.BorrowLimit)
	requireDec(t, "800", h.ThresholdValue)
	requireDec(t, "300", h.DebtValue)
	hf, ok := h.HealthFactor()
	require.True(t, ok)
	requireDec(t, "2.666666666666666666", hf, "health factor rounds down")
	require.False(t, h.Liquidatable())
	require.True(t, h.WithinBorrowLimit())
}

func TestComputeHealthAddsMarketsWithTheirOwnParameters(t *testing.T) {
	h := ComputeHealth([]PricedPosition{
		supplyPos("uusdc", 6, units(1000, 6), "1", true, "0.75", "0.8"),
		supplyPos("uatom", 6, units(100, 6), "10", true, "0.5", "0.6"),
		// Supplied and borrowed in the same market.
		{
			Denom: "ueth", Decimals: 18, Supplied: units(1, 18), Debt: units(1, 17), Collateral: true,
			LTV: dec("0.8"), LiquidationThreshold: dec("0.825"), CollateralPrice: dec("3000"), DebtPrice: dec("3000"),
		},
	})
	requireDec(t, "5000", h.CollateralValue)
	requireDec(t, "3650", h.BorrowLimit)    // 750 + 500 + 2400
	requireDec(t, "3875", h.ThresholdValue) // 800 + 600 + 2475
	requireDec(t, "300", h.DebtValue)       // 0.1 ETH
}

func TestComputeHealthWithoutPositions(t *testing.T) {
	h := ComputeHealth(nil)
	require.True(t, h.CollateralValue.IsZero() && h.BorrowLimit.IsZero() && h.ThresholdValue.IsZero() && h.DebtValue.IsZero())
	_, ok := h.HealthFactor()
	require.False(t, ok, "no debt: no health factor")
	require.False(t, h.Liquidatable())
	require.True(t, h.WithinBorrowLimit())
}

func TestLiquidationBoundary(t *testing.T) {
	usdc := func(n sdkmath.Int) PricedPosition { return debtPos("uusdc", 6, n, "1") }
	cases := []struct {
		name         string
		positions    []PricedPosition
		liquidatable bool
		hf           string // "" = below one, only checked against 1
	}{
		{
			name: "health factor exactly one is safe",
			positions: []PricedPosition{
				supplyPos("uatom", 6, units(1000, 6), "1", true, "0.75", "0.8"),
				usdc(units(800, 6)),
			},
			liquidatable: false, hf: "1",
		},
		{
			name: "one base unit more debt is liquidatable",
			positions: []PricedPosition{
				supplyPos("uatom", 6, units(1000, 6), "1", true, "0.75", "0.8"),
				usdc(units(800, 6).AddRaw(1)),
			},
			liquidatable: true,
		},
		{
			name: "ETH collateral at exactly one",
			positions: []PricedPosition{
				supplyPos("aeth", 18, units(1, 18), "3000", true, "0.75", "0.8"),
				usdc(units(2400, 6)),
			},
			liquidatable: false, hf: "1",
		},
		{
			name: "one wei less ETH collateral is liquidatable",
			positions: []PricedPosition{
				supplyPos("aeth", 18, units(1, 18).SubRaw(1), "3000", true, "0.75", "0.8"),
				usdc(units(2400, 6)),
			},
			liquidatable: true,
		},
		{
			name: "BTC debt of 8 decimals at exactly one",
			positions: []PricedPosition{
				supplyPos("uusdc", 6, units(80_000, 6), "1", true, "0.75", "0.8"),
				debtPos("sat", 8, units(1, 8), "64000"),
			},
			liquidatable: false, hf: "1",
		},
		{
			name: "one satoshi more BTC debt is liquidatable",
			positions: []PricedPosition{
				supplyPos("uusdc", 6, units(80_000, 6), "1", true, "0.75", "0.8"),
				debtPos("sat", 8, units(1, 8).AddRaw(1), "64000"),
			},
			liquidatable: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := ComputeHealth(tc.positions)
			require.Equal(t, tc.liquidatable, h.Liquidatable())
			hf, ok := h.HealthFactor()
			require.True(t, ok)
			if tc.hf != "" {
				requireDec(t, tc.hf, hf)
			}
			require.Equal(t, tc.liquidatable, hf.LT(sdkmath.LegacyOneDec()), "hf %s", hf)
		})
	}
}

func TestWithinBorrowLimitAtEquality(t *testing.T) {
	col := supplyPos("uatom", 6, units(1000, 6), "1", true, "0.75", "0.8")
	at := ComputeHealth([]PricedPosition{col, debtPos("uusdc", 6, units(750, 6), "1")})
	require.True(t, at.WithinBorrowLimit(), "debt equal to the limit is allowed")
	over := ComputeHealth([]PricedPosition{col, debtPos("uusdc", 6, units(750, 6).AddRaw(1), "1")})
	require.False(t, over.WithinBorrowLimit(), "one unit above the limit is not")
	require.False(t, over.Liquidatable())
}

func TestValuesRoundDownForCollateralAndUpForDebt(t *testing.T) {
	// 1 wei at $3000.123456789012345678: 3.000123…e-15 USD.
	ethPrice := "3000.123456789012345678"
	// 1 satoshi at $67,890.123456789012345678: 6.7890123456789012345678e-4 USD.
	btcPrice := "67890.123456789012345678"
	cases := []struct {
		name             string
		amount           sdkmath.Int
		price            string
		decimals         uint32
		wantDown, wantUp string
	}{
		{"one wei of ETH", i64(1), ethPrice, 18, "0.000000000000003000", "0.000000000000003001"},
		{"one satoshi", i64(1), btcPrice, 8, "0.000678901234567890", "0.000678901234567891"},
		{"one whole ETH is exact", units(1, 18), ethPrice, 18, ethPrice, ethPrice},
		{"one whole BTC is exact", units(1, 8), btcPrice, 8, btcPrice, btcPrice},
		{"a third of a cent", i64(1), "0.003333333333333333", 0, "0.003333333333333333", "0.003333333333333333"},
		{"zero", i64(0), ethPrice, 18, "0", "0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireDec(t, tc.wantDown, ValueDown(tc.amount, dec(tc.price), tc.decimals), "ValueDown")
			requireDec(t, tc.wantUp, ValueUp(tc.amount, dec(tc.price), tc.decimals), "ValueUp")
		})
	}

	t.Run("health of an ETH-collateral BTC-debt account", func(t *testing.T) {
		h := ComputeHealth([]PricedPosition{
			supplyPos("aeth", 18, i64(1), ethPrice, true, "0.8", "0.825"),
			debtPos("sat", 8, i64(1), btcPrice),
		})
		requireDec(t, "0.000000000000003000", h.CollateralValue)
		requireDec(t, "0.000678901234567891", h.DebtValue)
		requireDec(t, "0.000000000000002400", h.BorrowLimit)
		requireDec(t, "0.000000000000002475", h.ThresholdValue)
	})
}

func TestAmountsFromValues(t *testing.T) {
	// $100 of ETH at $3000: 0.0333… ETH.
	requireDec(t, "33333333333333333", sdkmath.LegacyNewDecFromInt(AmountDown(dec("100"), dec("3000"), 18)))
	requireDec(t, "33333333333333334", sdkmath.LegacyNewDecFromInt(AmountUp(dec("100"), dec("3000"), 18)))
	// Exact amounts do not round.
	require.Equal(t, "500000000", AmountDown(dec("300000"), dec("60000"), 8).String())
	require.Equal(t, "500000000", AmountUp(dec("300000"), dec("60000"), 8).String())
	// Without a price nothing is bought.
	require.True(t, AmountDown(dec("100"), dec("0"), 6).IsZero())
	require.True(t, AmountUp(dec("100"), dec("0"), 6).IsZero())
	require.True(t, AmountDown(dec("100"), dec("-1"), 6).IsZero())
}

func genPrice(t *rapid.T, label string) sdkmath.LegacyDec {
	// From 10^-8 to 10^7 USD, with up to 18 decimals.
	mant := rapid.Int64Range(1, 999_999_999_999_999_999).Draw(t, label+"_mant")
	exp := rapid.Int64Range(0, 15).Draw(t, label+"_exp")
	p := sdkmath.LegacyNewDecWithPrec(mant, 18).Mul(sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, int(exp))))
	p = p.Quo(sdkmath.LegacyNewDec(100_000_000))
	if !p.IsPositive() {
		return sdkmath.LegacyNewDecWithPrec(1, 8)
	}
	return p
}

// Property: values bracket the exact product within one 10^-18, and amounts
// bought with a value never exceed it (down) or fall short of it (up).
func TestValueRoundingProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amount := genAmount(t, "amount")
		price := genPrice(t, "price")
		decimals := rapid.SampledFrom([]uint32{0, 6, 8, 18}).Draw(t, "decimals")
		exact := ratQuo(ratMul(ratInt(amount), ratDec(price)), ratDec(unit(decimals)))
		down, up := ValueDown(amount, price, decimals), ValueUp(amount, price, decimals)
		require.True(t, ratDec(down).Cmp(exact) <= 0, "ValueDown above exact")
		require.True(t, ratDec(up).Cmp(exact) >= 0, "ValueUp below exact")
		require.True(t, up.Sub(down).LTE(sdkmath.LegacySmallestDec()), "more than one ulp apart")

		value := down
		a := AmountDown(value, price, decimals)
		require.True(t, ratDec(ValueDown(a, price, decimals)).Cmp(ratDec(value)) <= 0, "AmountDown buys more than the value")
		require.True(t, ratQuo(ratMul(ratInt(a), ratDec(price)), ratDec(unit(decimals))).Cmp(ratDec(value)) <= 0)
		b := AmountUp(value, price, decimals)
		require.True(t, ratQuo(ratMul(ratInt(b), ratDec(price)), ratDec(unit(decimals))).Cmp(ratDec(value)) >= 0, "AmountUp costs less than the value")
		require.True(t, b.Sub(a).LTE(i64(1)), "AmountUp and AmountDown more than one unit apart: %s %s", a, b)
	})
}

// Property: the health factor and Liquidatable agree, and Liquidatable is
// exactly debt value > threshold value.
func TestHealthFactorAgreesWithLiquidatable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "positions")
		var ps []PricedPosition
		for i := 0; i < n; i++ {
			lt := genDec(t, "lt", 0, 9_500, 4)
			ps = append(ps, PricedPosition{
				Denom: "d", Decimals: rapid.SampledFrom([]uint32{0, 6, 8, 18}).Draw(t, "decimals"),
				Supplied: genSmallOrLarge(t, "supplied"), Debt: genSmallOrLarge(t, "debt"),
				Collateral: rapid.Bool().Draw(t, "collateral"),
				LTV:        lt.Mul(genDec(t, "ltv_share", 0, 10_000, 4)), LiquidationThreshold: lt,
				CollateralPrice: genPrice(t, "col_price"), DebtPrice: genPrice(t, "debt_price"),
			})
		}
		h := ComputeHealth(ps)
		require.True(t, h.BorrowLimit.LTE(h.ThresholdValue))
		require.True(t, h.ThresholdValue.LTE(h.CollateralValue))
		hf, ok := h.HealthFactor()
		require.Equal(t, h.DebtValue.IsPositive(), ok)
		if ok {
			require.Equal(t, hf.LT(sdkmath.LegacyOneDec()), h.Liquidatable(), "hf %s", hf)
		} else {
			require.False(t, h.Liquidatable())
		}
	})
}
