package types

import (
	"errors"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"
)

// usd is n whole units of a 6-decimal, $1 token.
func usd(n int64) sdkmath.Int { return units(n, 6) }

func usdCol(denom string, n int64, lt string) PricedPosition {
	return supplyPos(denom, 6, usd(n), "1", true, "0", lt)
}

func usdDebt(denom string, n int64) PricedPosition { return debtPos(denom, 6, usd(n), "1") }

// liqIn builds a liquidation of debt against col, with the account's
// health computed from col, debt and any other positions.
func liqIn(col, debt PricedPosition, others []PricedPosition, maxRepay sdkmath.Int) LiquidationInput {
	return LiquidationInput{
		Health:     ComputeHealth(append([]PricedPosition{col, debt}, others...)),
		Debt:       debt,
		Collateral: col,
		Bonus:      dec("0.05"),
		FeeRate:    dec("0.1"),
		MaxRepay:   maxRepay,
		Params:     DefaultParams(),
	}
}

var unlimited = usd(1_000_000_000)

func TestComputeLiquidation(t *testing.T) {
	cases := []struct {
		name    string
		in      LiquidationInput
		edit    func(*LiquidationInput)
		wantErr error
		repay   string
		seize   string
		fee     string
	}{
		{
			name:    "health factor exactly one is not liquidatable",
			in:      liqIn(usdCol("uatom", 10_000, "0.8"), usdDebt("uusdc", 8_000), nil, unlimited),
			wantErr: ErrHealthy,
		},
		{
			name:    "healthy account is not liquidatable",
			in:      liqIn(usdCol("uatom", 20_000, "0.8"), usdDebt("uusdc", 8_000), nil, unlimited),
			wantErr: ErrHealthy,
		},
		{
			// HF 0.96: at most half of the 10,000 debt; seize 5,000 × 1.05;
			// fee 10% of the 250 bonus.
			name:  "close factor limits the repay to half the debt",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, unlimited),
			repay: "5000000000", seize: "5250000000", fee: "25000000",
		},
		{
			name:  "health factor at full_close_health allows the whole debt",
			in:    liqIn(usdCol("uatom", 11_875, "0.8"), usdDebt("uusdc", 10_000), nil, unlimited),
			repay: "10000000000", seize: "10500000000", fee: "50000000",
		},
		{
			name:  "health factor just above full_close_health keeps the close factor",
			in:    liqIn(usdCol("uatom", 11_876, "0.8"), usdDebt("uusdc", 10_000), nil, unlimited),
			repay: "5000000000", seize: "5250000000", fee: "25000000",
		},
		{
			// HF 0.98, debt 1,500 < small_position_value 2,000.
			name:  "small position is repaid in full",
			in:    liqIn(supplyPos("uatom", 6, usd(4_900), "1", true, "0.25", "0.3"), usdDebt("uusdc", 1_500), nil, unlimited),
			edit:  func(in *LiquidationInput) { in.Params.MinLeftoverValue = dec("100") },
			repay: "1500000000", seize: "1575000000", fee: "7500000",
		},
		{
			name: "position above small_position_value keeps the close factor",
			in:   liqIn(supplyPos("uatom", 6, usd(4_900), "1", true, "0.25", "0.3"), usdDebt("uusdc", 1_500), nil, unlimited),
			edit: func(in *LiquidationInput) {
				in.Params.MinLeftoverValue = dec("100")
				in.Params.SmallPositionValue = dec("1000")
			},
			repay: "750000000", seize: "787500000", fee: "3750000",
		},
		{
			// HF 0.98, debt exactly small_position_value: half of it, leaving exactly min_leftover_value.
			name:  "position at exactly small_position_value keeps the close factor",
			in:    liqIn(supplyPos("uatom", 6, usd(4_900), "1", true, "0.3", "0.4"), usdDebt("uusdc", 2_000), nil, unlimited),
			repay: "1000000000", seize: "1050000000", fee: "5000000",
		},
		{
			name:  "capped by max_repay",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, usd(1_000)),
			repay: "1000000000", seize: "1050000000", fee: "5000000",
		},
		{
			// Account debt 10,000 (close factor: 5,000), but only 1,000 in this denom.
			name:  "capped by the position's debt",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 1_000), []PricedPosition{usdDebt("udai", 9_000)}, unlimited),
			repay: "1000000000", seize: "1050000000", fee: "5000000",
		},
		{
			// HF 0.4: seizing 2,100 for the whole debt exceeds the 1,000 supplied;
			// everything is seized and repay shrinks to 1,000 / 1.05 (rounded up).
			name:  "insufficient collateral is seized in full and repay shrinks",
			in:    liqIn(usdCol("uatom", 1_000, "0.8"), usdDebt("uusdc", 2_000), nil, unlimited),
			repay: "952380953", seize: "1000000000", fee: "4761904",
		},
		{
			// Close factor allows 5,000 of 5,500 in this denom: 500 left is dust.
			name:  "leftover debt below min_leftover_value is repaid in full",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 5_500), []PricedPosition{usdDebt("udai", 4_500)}, unlimited),
			repay: "5500000000", seize: "5775000000", fee: "27500000",
		},
		{
			name:    "leftover debt dust with a max_repay that does not reach fails",
			in:      liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 5_500), []PricedPosition{usdDebt("udai", 4_500)}, usd(5_000)),
			wantErr: ErrLeavesDust,
		},
		{
			name:  "max_repay leaving enough debt is fine",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 5_500), []PricedPosition{usdDebt("udai", 4_500)}, usd(4_000)),
			repay: "4000000000", seize: "4200000000", fee: "20000000",
		},
		{
			name:    "full close with a max_repay leaving dust fails",
			in:      liqIn(usdCol("uatom", 11_875, "0.8"), usdDebt("uusdc", 10_000), nil, usd(9_500)),
			wantErr: ErrLeavesDust,
		},
		{
			name:  "max_repay equal to the whole debt at full close",
			in:    liqIn(usdCol("uatom", 11_875, "0.8"), usdDebt("uusdc", 10_000), nil, usd(10_000)),
			repay: "10000000000", seize: "10500000000", fee: "50000000",
		},
		{
			// Seizing 5,250 of 6,000 would leave 750: take all 6,000 for 6,000 / 1.05.
			name:  "leftover collateral below min_leftover_value is seized in full",
			in:    liqIn(usdCol("uatom", 6_000, "0.8"), usdDebt("uusdc", 10_000), []PricedPosition{usdCol("ubtc", 6_000, "0.8")}, unlimited),
			repay: "5714285715", seize: "6000000000", fee: "28571428",
		},
		{
			name:    "leftover collateral dust with a max_repay that does not reach fails",
			in:      liqIn(usdCol("uatom", 6_000, "0.8"), usdDebt("uusdc", 10_000), []PricedPosition{usdCol("ubtc", 6_000, "0.8")}, usd(5_500)),
			wantErr: ErrLeavesDust,
		},
		{
			// 2,000 collateral would pay 1,904.76 of debt, more than the 1,500 owed
			// in this denom: clear the debt and leave the rest.
			name:  "collateral dust worth more than the debt clears the debt",
			in:    liqIn(usdCol("uatom", 2_000, "0.8"), usdDebt("uusdc", 1_500), []PricedPosition{usdDebt("udai", 500)}, unlimited),
			repay: "1500000000", seize: "1575000000", fee: "7500000",
		},
		{
			name:  "zero protocol fee",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, unlimited),
			edit:  func(in *LiquidationInput) { in.FeeRate = dec("0") },
			repay: "5000000000", seize: "5250000000", fee: "0",
		},
		{
			name:  "protocol fee of the whole bonus",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, unlimited),
			edit:  func(in *LiquidationInput) { in.FeeRate = dec("1") },
			repay: "5000000000", seize: "5250000000", fee: "250000000",
		},
		{
			name:  "zero bonus seizes exactly the repaid value and pays no fee",
			in:    liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, unlimited),
			edit:  func(in *LiquidationInput) { in.Bonus = dec("0") },
			repay: "5000000000", seize: "5000000000", fee: "0",
		},
		{
			name:    "zero max_repay is rejected",
			in:      liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, i64(0)),
			wantErr: ErrInvalidAmount,
		},
		{
			name:    "negative max_repay is rejected",
			in:      liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, i64(-1)),
			wantErr: ErrInvalidAmount,
		},
		{
			name:    "missing max_repay is rejected",
			in:      liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 10_000), nil, sdkmath.Int{}),
			wantErr: ErrInvalidAmount,
		},
		{
			name:    "no collateral supplied in that denom",
			in:      liqIn(usdCol("uatom", 0, "0.8"), usdDebt("uusdc", 10_000), []PricedPosition{usdCol("ubtc", 12_000, "0.8")}, unlimited),
			wantErr: ErrNoCollateral,
		},
		{
			name: "supply not enabled as collateral cannot be seized",
			in: liqIn(supplyPos("uatom", 6, usd(5_000), "1", false, "0.75", "0.8"), usdDebt("uusdc", 10_000),
				[]PricedPosition{usdCol("ubtc", 12_000, "0.8")}, unlimited),
			wantErr: ErrNoCollateral,
		},
		{
			name:    "no debt in that denom",
			in:      liqIn(usdCol("uatom", 12_000, "0.8"), usdDebt("uusdc", 0), []PricedPosition{usdDebt("udai", 10_000)}, unlimited),
			wantErr: ErrNoDebt,
		},
		{
			// One unit of debt ($0.000001) buys nothing of a $1,000,000 indivisible token.
			name: "seize rounding to zero is rejected",
			in:   liqIn(supplyPos("ubig", 0, i64(1), "1000000", true, "0.75", "0.8"), usdDebt("uusdc", 1_000_000), nil, i64(1)),
			edit: func(in *LiquidationInput) {
				in.Params.MinLeftoverValue = dec("0")
			},
			wantErr: ErrLiquidationTooSmall,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if tc.edit != nil {
				tc.edit(&in)
			}
			out, err := ComputeLiquidation(in)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.repay, out.Repay.String(), "repay")
			require.Equal(t, tc.seize, out.Seize.String(), "seize")
			require.Equal(t, tc.fee, out.ProtocolFee.String(), "protocol fee")
		})
	}
}

// ETH collateral (18 decimals) against BTC debt (8 decimals) at prices with
// all 18 decimals in use: the seized amount is the exact quotient rounded down.
func TestComputeLiquidationAwkwardDecimals(t *testing.T) {
	ethPrice, btcPrice := dec("3000.123456789012345678"), dec("67890.123456789012345678")
	col := PricedPosition{
		Denom: "aeth", Decimals: 18, Supplied: units(1, 18), Debt: i64(0), Collateral: true,
		LTV: dec("0.8"), LiquidationThreshold: dec("0.825"), CollateralPrice: ethPrice, DebtPrice: ethPrice,
	}
	debt := PricedPosition{
		Denom: "sat", Decimals: 8, Supplied: i64(0), Debt: i64(4_000_000),
		LTV: dec("0"), LiquidationThreshold: dec("0"), CollateralPrice: btcPrice, DebtPrice: btcPrice,
	}
	in := liqIn(col, debt, nil, unlimited)
	hf, _ := in.Health.HealthFactor()
	require.True(t, hf.LT(dec("0.95")), "hf %s", hf)

	out, err := ComputeLiquidation(in)
	require.NoError(t, err)
	// HF ≈ 0.911: the whole 0.04 BTC; 0.9504 ETH seized leaves ~$149 of
	// ETH, but all of it would pay more than the debt, so the rest stays.
	require.Equal(t, "4000000", out.Repay.String())
	exact := ratQuo(ratMul(ratMul(ratQuo(ratMul(ratInt(out.Repay), ratDec(btcPrice)), ratDec(unit(8))), ratDec(dec("1.05"))), ratDec(unit(18))), ratDec(ethPrice))
	floor := new(big.Int).Quo(exact.Num(), exact.Denom())
	require.True(t, out.Seize.BigInt().Cmp(floor) <= 0, "seized %s above the exact %s", out.Seize, exact.FloatString(3))
	require.True(t, out.Seize.BigInt().Cmp(new(big.Int).Sub(floor, big.NewInt(1))) >= 0, "seized %s far below %s", out.Seize, exact.FloatString(3))
	require.True(t, out.Seize.LT(col.Supplied))
}

// genLiquidation draws an account with one collateral and one debt position
// in valid markets, priced so that it is liquidatable (ok false otherwise).
func genLiquidation(t *rapid.T) (in LiquidationInput, ok bool) {
	m := genMarket(t)
	one := sdkmath.LegacyOneDec()
	require.True(t, m.LiquidationThreshold.Mul(one.Add(m.LiquidationBonus)).LT(one), "generator made lt × (1 + bonus) ≥ 1")
	require.True(t, m.Ltv.LTE(m.LiquidationThreshold))

	colDec := rapid.SampledFrom([]uint32{0, 6, 8, 18}).Draw(t, "col_decimals")
	debtDec := rapid.SampledFrom([]uint32{0, 6, 8, 18}).Draw(t, "debt_decimals")
	debtPrice, colPrice := genPrice(t, "debt_price"), genPrice(t, "col_price")

	debtValue := genDec(t, "debt_value", 1, 1_000_000_000_000, 2) // $0.01 to $10^10
	debtAmt := AmountUp(debtValue, debtPrice, debtDec)
	if !debtAmt.IsPositive() {
		debtAmt = i64(1)
	}
	// Collateral for a target health factor below one.
	hf := genDec(t, "target_hf", 1, 9_999, 4)
	colValue := hf.Mul(ValueUp(debtAmt, debtPrice, debtDec)).Quo(m.LiquidationThreshold)
	colAmt := AmountDown(colValue, colPrice, colDec)
	if !colAmt.IsPositive() {
		colAmt = i64(1)
	}

	col := PricedPosition{
		Denom: "col", Decimals: colDec, Supplied: colAmt, Debt: i64(0), Collateral: true,
		LTV: m.Ltv, LiquidationThreshold: m.LiquidationThreshold, CollateralPrice: colPrice, DebtPrice: colPrice,
	}
	debt := PricedPosition{
		Denom: "debt", Decimals: debtDec, Supplied: i64(0), Debt: debtAmt,
		LTV: dec("0"), LiquidationThreshold: dec("0"), CollateralPrice: debtPrice, DebtPrice: debtPrice,
	}

	p := DefaultParams()
	switch rapid.IntRange(0, 2).Draw(t, "params_kind") {
	case 1:
		p.SmallPositionValue = genDec(t, "small_position", 0, 1_000_000_000, 2)
		p.MinLeftoverValue = genDec(t, "min_leftover", 0, 1_000_000_000, 2)
		p.CloseFactor = genDec(t, "close_factor", 1, 10_000, 4)
		p.FullCloseHealth = genDec(t, "full_close_health", 1, 10_000, 4)
	case 2:
		p.SmallPositionValue, p.MinLeftoverValue = dec("0"), dec("0")
	}
	require.NoError(t, p.Validate())

	var maxRepay sdkmath.Int
	if rapid.Bool().Draw(t, "max_repay_covers_debt") {
		maxRepay = debtAmt.Add(genSmallOrLarge(t, "max_repay_extra"))
	} else {
		frac := genDec(t, "max_repay_share", 1, 10_000, 4)
		maxRepay = sdkmath.MaxInt(frac.MulInt(debtAmt).TruncateInt(), i64(1))
	}

	in = LiquidationInput{
		Health: ComputeHealth([]PricedPosition{col, debt}),
		Debt:   debt, Collateral: col,
		Bonus: m.LiquidationBonus, FeeRate: m.LiquidationProtocolFee,
		MaxRepay: maxRepay, Params: p,
	}
	return in, in.Health.Liquidatable()
}

// Property (ATTACKS 14-15): a liquidation never takes more than it may,
// never pays the liquidator more than the bonus, and leaves the account
// healthier unless it was beyond help.
func TestComputeLiquidationProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, ok := genLiquidation(t)
		if !ok {
			return
		}
		one := sdkmath.LegacyOneDec()
		col, debt := in.Collateral, in.Debt
		out, err := ComputeLiquidation(in)
		if err != nil {
			switch {
			case errors.Is(err, ErrLiquidationTooSmall):
			case errors.Is(err, ErrLeavesDust):
				require.True(t, in.MaxRepay.LT(debt.Debt), "ErrLeavesDust although max_repay covers the debt")
			default:
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		require.True(t, out.Repay.IsPositive() && out.Seize.IsPositive())
		requireLTE(t, out.Repay, debt.Debt, "repay above the debt")
		requireLTE(t, out.Repay, in.MaxRepay, "repay above max_repay")
		requireLTE(t, out.Seize, col.Supplied, "seize above the supply")
		require.False(t, out.ProtocolFee.IsNegative())
		requireLTE(t, out.ProtocolFee, out.Seize, "fee above the seized amount")
		// The fee is at most fee_rate of the bonus part (seize × bonus / (1 + bonus)), rounded up by a unit.
		bonusPart := ratQuo(ratMul(ratInt(out.Seize), ratDec(in.Bonus)), ratDec(one.Add(in.Bonus)))
		require.True(t, ratInt(out.ProtocolFee).Cmp(ratAdd(ratMul(ratDec(in.FeeRate), bonusPart), big.NewRat(1, 1))) <= 0, "fee above its share of the bonus")

		// Seized value ≤ repaid value × (1 + bonus) + one collateral base unit.
		colUnit := ratDec(unit(col.Decimals))
		seizedValue := ratQuo(ratMul(ratInt(out.Seize), ratDec(col.CollateralPrice)), colUnit)
		repaidValue := ratQuo(ratMul(ratInt(out.Repay), ratDec(debt.DebtPrice)), ratDec(unit(debt.Decimals)))
		limit := ratAdd(ratMul(repaidValue, ratDec(one.Add(in.Bonus))), ratQuo(ratDec(col.CollateralPrice), colUnit))
		require.True(t, seizedValue.Cmp(limit) <= 0, "seized $%s for $%s repaid", seizedValue.FloatString(6), repaidValue.FloatString(6))

		// Apply it.
		allSeized := out.Seize.Equal(col.Supplied)
		col.Supplied = col.Supplied.Sub(out.Seize)
		debt.Debt = debt.Debt.Sub(out.Repay)
		after := ComputeHealth([]PricedPosition{col, debt})
		hfBefore, _ := in.Health.HealthFactor()
		hfAfter, hasDebt := after.HealthFactor()

		// A full close with a liquidator able to pay cleans the account up:
		// the debt is cleared or all the collateral is gone (bad debt).
		cfIsOne := hfBefore.LTE(in.Params.FullCloseHealth) || in.Health.DebtValue.LT(in.Params.SmallPositionValue) || in.Params.CloseFactor.Equal(one)
		if cfIsOne && in.MaxRepay.GTE(in.Debt.Debt) {
			require.True(t, !hasDebt || allSeized, "full close left debt %s and collateral %s", debt.Debt, col.Supplied)
		}

		// Health improves unless all collateral went or the account was
		// worth less than its debt plus the bonus (then no partial
		// liquidation can improve it: see the test below).
		coversBonus := ratDec(in.Health.CollateralValue).Cmp(ratMul(ratDec(in.Health.DebtValue), ratDec(one.Add(in.Bonus)))) >= 0
		if hasDebt && !allSeized && coversBonus {
			require.True(t, hfAfter.GTE(hfBefore), "health factor fell from %s to %s", hfBefore, hfAfter)
		}
	})
}

// When collateral is worth less than the debt plus the liquidation bonus
// (HF < lt × (1 + bonus)), any partial liquidation lowers the health factor:
// the account can only be cleaned up by seizing everything. With lt × (1 +
// bonus) above full_close_health this can happen under the close factor.
func TestPartialLiquidationBelowBonusCoverageLowersHealth(t *testing.T) {
	// lt 0.85, bonus 0.15: lt × (1 + bonus) = 0.9775 > full_close_health 0.95.
	col := usdCol("uatom", 11_400, "0.85") // threshold 9,690 → HF 0.969
	debt := usdDebt("uusdc", 10_000)
	in := liqIn(col, debt, nil, unlimited)
	in.Bonus = dec("0.15")
	out, err := ComputeLiquidation(in)
	require.NoError(t, err)
	require.Equal(t, "5000000000", out.Repay.String(), "close factor applies")
	require.Equal(t, "5750000000", out.Seize.String())
	col.Supplied = col.Supplied.Sub(out.Seize)
	debt.Debt = debt.Debt.Sub(out.Repay)
	before, _ := in.Health.HealthFactor()
	after, _ := ComputeHealth([]PricedPosition{col, debt}).HealthFactor()
	require.True(t, after.LT(before), "before %s after %s", before, after) // 0.969 → 0.9605
}
