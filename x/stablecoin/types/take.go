package types

import (
	sdkmath "cosmossdk.io/math"
)

// Take is the outcome of buying from an auction: the buyer pays Owe (ubsd)
// for Slice of collateral.
type Take struct {
	Slice sdkmath.Int
	Owe   sdkmath.Int
}

// ComputeTake prices a purchase of up to want collateral from an auction
// with tab (ubsd still to raise) and lot (collateral left) at price (BSD
// per whole unit). The buyer never pays more than the tab: past it, the
// slice shrinks to what the tab buys. A partial take may not leave a tab
// below dust (the type's debt floor × (1 + penalty)): it must then take it
// all (ErrTakeLeavesDust).
func ComputeTake(tab, lot, want sdkmath.Int, price sdkmath.LegacyDec, decimals uint32, dust sdkmath.Int) (Take, error) {
	if !want.IsPositive() || !price.IsPositive() {
		return Take{}, ErrInvalidAmount.Wrap("take amount and price must be positive")
	}
	slice := sdkmath.MinInt(want, lot)
	owe := owed(slice, price, decimals)
	if owe.GT(tab) {
		owe = tab
		// The collateral the tab buys, rounded up so the auction never
		// sells below its price (and capped by the lot).
		slice = sdkmath.MinInt(lot, collateralFor(tab, price, decimals))
	} else if owe.LT(tab) && slice.LT(lot) && tab.Sub(owe).LT(dust) {
		return Take{}, ErrTakeLeavesDust.Wrapf("leaving %subsd in auction is below the %subsd dust; take the whole lot or less", tab.Sub(owe), dust)
	}
	if !owe.IsPositive() || !slice.IsPositive() {
		return Take{}, ErrInvalidAmount.Wrap("take rounds to zero")
	}
	return Take{Slice: slice, Owe: owe}, nil
}

// owed is slice × price in ubsd, rounded up (the buyer pays at least the price).
func owed(slice sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.Int {
	v := sdkmath.LegacyNewDecFromInt(slice).MulRoundUp(price)
	return scale(v, StableDecimals, decimals).Ceil().TruncateInt()
}

// collateralFor is how much collateral amount ubsd buys at price, rounded up.
func collateralFor(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.Int {
	v := scale(sdkmath.LegacyNewDecFromInt(amount), decimals, StableDecimals).QuoRoundUp(price)
	return v.Ceil().TruncateInt()
}

// scale multiplies v by 10^(to − from).
func scale(v sdkmath.LegacyDec, to, from uint32) sdkmath.LegacyDec {
	switch {
	case to > from:
		return v.MulInt(sdkmath.NewIntWithDecimal(1, int(to-from)))
	case from > to:
		return v.QuoRoundUp(sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, int(from-to))))
	}
	return v
}
