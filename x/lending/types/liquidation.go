package types

import (
	sdkmath "cosmossdk.io/math"
)

// LiquidationInput is what ComputeLiquidation needs, all at spot prices.
type LiquidationInput struct {
	Health     Health         // the borrower's whole account
	Debt       PricedPosition // the position being repaid (Debt > 0)
	Collateral PricedPosition // the position being seized (collateral-enabled)
	Bonus      sdkmath.LegacyDec
	FeeRate    sdkmath.LegacyDec // share of the bonus to reserves
	MaxRepay   sdkmath.Int       // the liquidator's limit, debt base units
	Params     Params
}

// Liquidation is the outcome: the liquidator repays Repay of the debt denom
// and the borrower loses Seize of the collateral, of which ProtocolFee goes
// to reserves and the rest to the liquidator.
type Liquidation struct {
	Repay       sdkmath.Int
	Seize       sdkmath.Int
	ProtocolFee sdkmath.Int
}

// ComputeLiquidation applies DESIGN §4:
//   - only when the health factor is below 1;
//   - repay at most close_factor of the account's debt value (all of it at
//     or below full_close_health, or when the debt is under small_position_value),
//     at most the position's debt and at most the liquidator's max;
//   - seize repay value × (1 + bonus) of collateral, capped by what the
//     borrower has (repay then shrinks to match);
//   - a partial liquidation must not leave less than min_leftover_value of
//     the debt or of the collateral: it clears them instead, or fails with
//     ErrLeavesDust when the liquidator's max does not reach;
//   - the protocol fee is fee_rate of the bonus part of the seized amount.
//
// Rounding: the repay amount derived from a value rounds up and the seized
// amount rounds down, both against the liquidator.
func ComputeLiquidation(in LiquidationInput) (Liquidation, error) {
	var out Liquidation
	if !in.Health.Liquidatable() {
		return out, ErrHealthy
	}
	if !in.Debt.Debt.IsPositive() {
		return out, ErrNoDebt.Wrapf("borrower owes no %s", in.Debt.Denom)
	}
	if !in.Collateral.Collateral || !in.Collateral.Supplied.IsPositive() {
		return out, ErrNoCollateral.Wrapf("borrower has no %s collateral", in.Collateral.Denom)
	}
	if in.MaxRepay.IsNil() || !in.MaxRepay.IsPositive() {
		return out, ErrInvalidAmount.Wrap("max_repay must be positive")
	}
	p := in.Params
	one := sdkmath.LegacyOneDec()
	debtPrice, colPrice := in.Debt.DebtPrice, in.Collateral.CollateralPrice

	closeFactor := p.CloseFactor
	hf, _ := in.Health.HealthFactor()
	if hf.LTE(p.FullCloseHealth) || in.Health.DebtValue.LT(p.SmallPositionValue) {
		closeFactor = one
	}
	byCloseFactor := AmountDown(in.Health.DebtValue.MulTruncate(closeFactor), debtPrice, in.Debt.Decimals)
	repay := sdkmath.MinInt(sdkmath.MinInt(in.MaxRepay, in.Debt.Debt), byCloseFactor)

	// Debt dust: clear the position rather than leave a sliver nobody will liquidate.
	if left := in.Debt.Debt.Sub(repay); left.IsPositive() && ValueDown(left, debtPrice, in.Debt.Decimals).LT(p.MinLeftoverValue) {
		repay = in.Debt.Debt
	}

	seize := seizeFor(repay, in)
	if seize.GTE(in.Collateral.Supplied) {
		seize = in.Collateral.Supplied
		repay = sdkmath.MinInt(repayFor(seize, in), in.Debt.Debt)
	} else if left := in.Collateral.Supplied.Sub(seize); ValueDown(left, colPrice, in.Collateral.Decimals).LT(p.MinLeftoverValue) {
		// Collateral dust: take it all, unless it is worth more than the
		// whole debt with its bonus; then clear the debt and leave the rest.
		if all := repayFor(in.Collateral.Supplied, in); all.LTE(in.Debt.Debt) {
			seize, repay = in.Collateral.Supplied, all
		} else {
			repay = in.Debt.Debt
			seize = seizeFor(repay, in)
		}
	}
	if repay.GT(in.MaxRepay) {
		return out, ErrLeavesDust.Wrapf("repay %s%s needed, max_repay is %s", repay, in.Debt.Denom, in.MaxRepay)
	}
	if !repay.IsPositive() || !seize.IsPositive() {
		return out, ErrLiquidationTooSmall
	}
	// The bonus part of the seized amount: seize − seize/(1+bonus).
	bonusPart := seize.Sub(sdkmath.LegacyNewDecFromInt(seize).QuoRoundUp(one.Add(in.Bonus)).Ceil().TruncateInt())
	if bonusPart.IsNegative() {
		bonusPart = sdkmath.ZeroInt()
	}
	out.Repay, out.Seize = repay, seize
	out.ProtocolFee = in.FeeRate.MulInt(bonusPart).TruncateInt()
	return out, nil
}

// seizeFor is the collateral worth repay × (1 + bonus), rounded down.
func seizeFor(repay sdkmath.Int, in LiquidationInput) sdkmath.Int {
	value := ValueDown(repay, in.Debt.DebtPrice, in.Debt.Decimals).MulTruncate(sdkmath.LegacyOneDec().Add(in.Bonus))
	return AmountDown(value, in.Collateral.CollateralPrice, in.Collateral.Decimals)
}

// repayFor is the debt that seize of collateral pays for, rounded up.
func repayFor(seize sdkmath.Int, in LiquidationInput) sdkmath.Int {
	value := ValueUp(seize, in.Collateral.CollateralPrice, in.Collateral.Decimals).QuoRoundUp(sdkmath.LegacyOneDec().Add(in.Bonus))
	return AmountUp(value, in.Debt.DebtPrice, in.Debt.Decimals)
}
