package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"
)

// PriceToDec converts an integer report (units of 10^-decimals USD) to USD.
// Exact: LegacyDec carries 18 decimals and decimals ≤ MaxPriceDecimals.
func PriceToDec(price uint64, decimals uint32) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecFromIntWithPrec(sdkmath.NewIntFromUint64(price), int64(decimals))
}

// DecToPrice converts a USD price to an integer report, rounding down. It
// fails for prices that are not positive or do not fit a report.
func DecToPrice(price sdkmath.LegacyDec, decimals uint32) (uint64, error) {
	if price.IsNil() || !price.IsPositive() {
		return 0, fmt.Errorf("price must be positive, got %v", price)
	}
	scaled := price.MulInt(sdkmath.NewIntWithDecimal(1, int(decimals))).TruncateInt()
	if !scaled.IsUint64() || scaled.IsZero() {
		return 0, fmt.Errorf("price %v does not fit %d decimals", price, decimals)
	}
	return scaled.Uint64(), nil
}

// TWAP is the block-weighted average price over the window of `window`
// blocks ending at height now. Each point holds from its height until the
// next point (the last one until now); the point before the window start
// fills the window's beginning. The average is truncated at 18 decimals.
// ok is false when no point lies at or before now.
//
// points must be sorted by increasing height.
func TWAP(points []PricePoint, now int64, window uint64) (twap sdkmath.LegacyDec, ok bool) {
	if window == 0 || len(points) == 0 {
		return sdkmath.LegacyDec{}, false
	}
	start := now - int64(window) + 1
	sum := sdkmath.LegacyZeroDec()
	var span int64
	for i, p := range points {
		if p.Height > now {
			break
		}
		end := now
		if i+1 < len(points) && points[i+1].Height <= now {
			end = points[i+1].Height - 1
		}
		from := max(p.Height, start)
		if end < from {
			continue
		}
		blocks := end - from + 1
		sum = sum.Add(p.Price.MulInt64(blocks))
		span += blocks
	}
	if span == 0 {
		return sdkmath.LegacyDec{}, false
	}
	return sum.QuoInt64(span), true
}

// CollateralPrice values collateral for risk-increasing actions: the lower
// of spot and TWAP, so a pushed-up spot price cannot inflate borrowing power.
func CollateralPrice(spot, twap sdkmath.LegacyDec) sdkmath.LegacyDec {
	if twap.IsNil() {
		return spot
	}
	return sdkmath.LegacyMinDec(spot, twap)
}

// DebtPrice values debt for risk-increasing actions: the higher of spot and
// TWAP, so a pushed-down spot price cannot shrink a debt.
func DebtPrice(spot, twap sdkmath.LegacyDec) sdkmath.LegacyDec {
	if twap.IsNil() {
		return spot
	}
	return sdkmath.LegacyMaxDec(spot, twap)
}
