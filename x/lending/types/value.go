package types

import sdkmath "cosmossdk.io/math"

// unit is 10^decimals as a decimal.
func unit(decimals uint32) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, int(decimals)))
}

// ValueDown is the USD value of amount base units at price (USD per whole
// unit), rounded down: how collateral is valued.
func ValueDown(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecFromInt(amount).MulTruncate(price).QuoTruncate(unit(decimals))
}

// ValueUp is the USD value rounded up: how debt is valued.
func ValueUp(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecFromInt(amount).MulRoundUp(price).QuoRoundUp(unit(decimals))
}

// AmountDown is how many base units value buys at price, rounded down.
func AmountDown(value, price sdkmath.LegacyDec, decimals uint32) sdkmath.Int {
	if !price.IsPositive() {
		return sdkmath.ZeroInt()
	}
	return value.MulTruncate(unit(decimals)).QuoTruncate(price).TruncateInt()
}

// AmountUp is how many base units value costs at price, rounded up.
func AmountUp(value, price sdkmath.LegacyDec, decimals uint32) sdkmath.Int {
	if !price.IsPositive() {
		return sdkmath.ZeroInt()
	}
	return value.MulRoundUp(unit(decimals)).QuoRoundUp(price).Ceil().TruncateInt()
}
