package types

import sdkmath "cosmossdk.io/math"

// Conversions between base units and scaled units. Every rounding favours
// the protocol: what a user is owed rounds down, what a user owes rounds up.

// ScaledToSupply is what scaled supply is worth: floor(scaled × index).
func ScaledToSupply(scaled sdkmath.Int, index sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(scaled).MulTruncate(index).TruncateInt()
}

// ScaledToDebt is what scaled debt is owed: ceil(scaled × index).
func ScaledToDebt(scaled sdkmath.Int, index sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(scaled).MulRoundUp(index).Ceil().TruncateInt()
}

// SupplyShares are the scaled units a deposit buys: floor(amount / index).
func SupplyShares(amount sdkmath.Int, index sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(amount).QuoTruncate(index).TruncateInt()
}

// WithdrawShares are the scaled units a withdrawal burns: ceil(amount / index).
func WithdrawShares(amount sdkmath.Int, index sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(amount).QuoRoundUp(index).Ceil().TruncateInt()
}

// BorrowShares are the scaled units of debt a borrow records: ceil(amount / index),
// so a 1-unit borrow records at least one unit of debt.
func BorrowShares(amount sdkmath.Int, index sdkmath.LegacyDec) sdkmath.Int {
	return WithdrawShares(amount, index)
}

// RepayShares are the scaled units of debt a repayment clears: floor(amount / index).
func RepayShares(amount sdkmath.Int, index sdkmath.LegacyDec) sdkmath.Int {
	return SupplyShares(amount, index)
}
