package types

import (
	"math/big"

	sdkmath "cosmossdk.io/math"
)

// unit is 10^decimals as a decimal.
func unit(decimals uint32) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, int(decimals)))
}

// MaxValue caps a USD value at 10^40 dollars (some 10^25 times the world's
// wealth). An absurd amount at an absurd price counts as MaxValue instead
// of overflowing the decimal type: a health check on such a position, the
// chain's or the liquidator's, gives a verdict rather than a panic. Below
// the cap the values are exact to the rounding stated.
var MaxValue = sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, 40))

// ValueDown is the USD value of amount base units at price (USD per whole
// unit), rounded down: how collateral is valued.
func ValueDown(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.LegacyDec {
	return value(amount, price, decimals, false)
}

// ValueUp is the USD value rounded up: how debt is valued.
func ValueUp(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.LegacyDec {
	return value(amount, price, decimals, true)
}

// value is amount × price / 10^decimals, computed on big integers (the
// decimal's 18 places included) and capped at MaxValue.
func value(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32, up bool) sdkmath.LegacyDec {
	if amount.IsNil() || price.IsNil() || !amount.IsPositive() || !price.IsPositive() {
		return sdkmath.LegacyZeroDec()
	}
	num := new(big.Int).Mul(amount.BigInt(), price.BigInt()) // value × 10^18 × 10^decimals
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if up && r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	if q.Cmp(MaxValue.BigInt()) > 0 {
		return MaxValue
	}
	return sdkmath.LegacyNewDecFromBigIntWithPrec(q, sdkmath.LegacyPrecision)
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
