package types

import sdkmath "cosmossdk.io/math"

// PricedPosition is one of an account's positions with everything the
// health math needs: accrued amounts, market risk parameters and prices.
// The prices are spot for liquidation and views, and the conservative
// pair (collateral at min(spot, TWAP), debt at max(spot, TWAP)) for the
// checks after risk-increasing actions.
type PricedPosition struct {
	Denom                string
	Decimals             uint32
	Supplied             sdkmath.Int // accrued, base units
	Debt                 sdkmath.Int // accrued, base units
	Collateral           bool
	LTV                  sdkmath.LegacyDec
	LiquidationThreshold sdkmath.LegacyDec
	CollateralPrice      sdkmath.LegacyDec // USD per whole unit
	DebtPrice            sdkmath.LegacyDec // USD per whole unit
}

// Health sums an account's positions in USD.
type Health struct {
	CollateralValue sdkmath.LegacyDec // collateral-enabled supply, rounded down
	BorrowLimit     sdkmath.LegacyDec // Σ collateral × ltv
	ThresholdValue  sdkmath.LegacyDec // Σ collateral × liquidation threshold
	DebtValue       sdkmath.LegacyDec // Σ debt, rounded up
}

// ComputeHealth adds up the positions.
func ComputeHealth(positions []PricedPosition) Health {
	h := Health{
		CollateralValue: sdkmath.LegacyZeroDec(), BorrowLimit: sdkmath.LegacyZeroDec(),
		ThresholdValue: sdkmath.LegacyZeroDec(), DebtValue: sdkmath.LegacyZeroDec(),
	}
	for _, p := range positions {
		if p.Collateral && p.Supplied.IsPositive() {
			v := ValueDown(p.Supplied, p.CollateralPrice, p.Decimals)
			h.CollateralValue = h.CollateralValue.Add(v)
			h.BorrowLimit = h.BorrowLimit.Add(v.MulTruncate(p.LTV))
			h.ThresholdValue = h.ThresholdValue.Add(v.MulTruncate(p.LiquidationThreshold))
		}
		if p.Debt.IsPositive() {
			h.DebtValue = h.DebtValue.Add(ValueUp(p.Debt, p.DebtPrice, p.Decimals))
		}
	}
	return h
}

// HealthFactor is ThresholdValue / DebtValue; ok is false without debt.
func (h Health) HealthFactor() (hf sdkmath.LegacyDec, ok bool) {
	if !h.DebtValue.IsPositive() {
		return sdkmath.LegacyDec{}, false
	}
	return h.ThresholdValue.QuoTruncate(h.DebtValue), true
}

// Liquidatable: health factor strictly below 1 (exactly 1 is safe).
func (h Health) Liquidatable() bool { return h.DebtValue.GT(h.ThresholdValue) }

// WithinBorrowLimit: debt fits under the borrow limit (what borrow,
// withdraw and disabling collateral must leave true).
func (h Health) WithinBorrowLimit() bool { return h.DebtValue.LTE(h.BorrowLimit) }
