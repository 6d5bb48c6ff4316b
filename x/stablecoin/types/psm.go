package types

import sdkmath "cosmossdk.io/math"

// SwapIn is the ubsd minted for amount of the PSM's stable denom, after
// fee_in, rounded down.
func (p PSMParams) SwapIn(amount sdkmath.Int) sdkmath.Int {
	gross := p.ToBSD(amount)
	return sdkmath.LegacyNewDecFromInt(gross).MulTruncate(sdkmath.LegacyOneDec().Sub(p.FeeIn)).TruncateInt()
}

// ToBSD is amount of the PSM's stable denom valued 1:1 in ubsd, before
// any fee, rounded down.
func (p PSMParams) ToBSD(amount sdkmath.Int) sdkmath.Int {
	return convert(amount, p.Decimals, StableDecimals)
}

// SwapOut is the stable denom paid out for bsd ubsd, after fee_out, rounded down.
func (p PSMParams) SwapOut(bsd sdkmath.Int) sdkmath.Int {
	net := sdkmath.LegacyNewDecFromInt(bsd).MulTruncate(sdkmath.LegacyOneDec().Sub(p.FeeOut)).TruncateInt()
	return convert(net, StableDecimals, p.Decimals)
}

// convert moves an amount between decimal scales, rounding down.
func convert(amount sdkmath.Int, from, to uint32) sdkmath.Int {
	switch {
	case to > from:
		return amount.Mul(sdkmath.NewIntWithDecimal(1, int(to-from)))
	case from > to:
		return amount.Quo(sdkmath.NewIntWithDecimal(1, int(from-to)))
	}
	return amount
}
