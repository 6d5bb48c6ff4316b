package types

import sdkmath "cosmossdk.io/math"

// RPow is x^n in 18-decimal fixed point by binary exponentiation, each
// product rounded up: O(log n) multiplications, and a growth computed this
// way is never below the exact one, so accrued debt favours the protocol.
func RPow(x sdkmath.LegacyDec, n uint64) sdkmath.LegacyDec {
	result := sdkmath.LegacyOneDec()
	base := x
	for n > 0 {
		if n&1 == 1 {
			result = result.MulRoundUp(base)
		}
		n >>= 1
		if n > 0 {
			base = base.MulRoundUp(base)
		}
	}
	return result
}

// RPowDown is x^n with every product rounded down (x ≤ 1 decays: auction prices).
func RPowDown(x sdkmath.LegacyDec, n uint64) sdkmath.LegacyDec {
	result := sdkmath.LegacyOneDec()
	base := x
	for n > 0 {
		if n&1 == 1 {
			result = result.MulTruncate(base)
		}
		n >>= 1
		if n > 0 {
			base = base.MulTruncate(base)
		}
	}
	return result
}
