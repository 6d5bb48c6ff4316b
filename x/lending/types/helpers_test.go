package types

import (
	"math/big"

	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"
)

// Shared test helpers: exact rational arithmetic to check the rounding of
// the 18-decimal LegacyDec math, and rapid generators.

var decScale = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

// ratDec is d as an exact rational.
func ratDec(d sdkmath.LegacyDec) *big.Rat { return new(big.Rat).SetFrac(d.BigInt(), decScale) }

// ratInt is i as an exact rational.
func ratInt(i sdkmath.Int) *big.Rat { return new(big.Rat).SetInt(i.BigInt()) }

func ratMul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func ratQuo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }
func ratAdd(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }

func ints(s string) sdkmath.Int {
	i, ok := sdkmath.NewIntFromString(s)
	if !ok {
		panic("bad int " + s)
	}
	return i
}

func i64(n int64) sdkmath.Int { return sdkmath.NewInt(n) }

// units is n whole units of a token with the given decimals, in base units.
func units(n int64, decimals uint32) sdkmath.Int {
	return sdkmath.NewInt(n).Mul(sdkmath.NewIntWithDecimal(1, int(decimals)))
}

// genDec draws a decimal in [lo, hi] (inclusive, in units of 10^-prec).
func genDec(t *rapid.T, label string, lo, hi int64, prec int64) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecWithPrec(rapid.Int64Range(lo, hi).Draw(t, label), prec)
}

// genIndex draws an index ≥ 1 with all 18 decimals in use, up to maxWhole.
func genIndex(t *rapid.T, label string, maxWhole int64) sdkmath.LegacyDec {
	whole := rapid.Int64Range(1, maxWhole).Draw(t, label+"_whole")
	frac := rapid.Int64Range(0, 999_999_999_999_999_999).Draw(t, label+"_frac")
	return sdkmath.LegacyNewDec(whole).Add(sdkmath.LegacyNewDecWithPrec(frac, 18))
}

// genAmount draws a base-unit amount spread over many magnitudes (up to ~10^36).
func genAmount(t *rapid.T, label string) sdkmath.Int {
	hi := rapid.Int64Range(0, 1_000_000_000_000_000_000).Draw(t, label+"_hi")
	lo := rapid.Int64Range(0, 1_000_000_000_000_000_000).Draw(t, label+"_lo")
	shift := rapid.IntRange(0, 18).Draw(t, label+"_shift")
	return sdkmath.NewInt(hi).Mul(sdkmath.NewIntWithDecimal(1, shift)).Add(sdkmath.NewInt(lo))
}

func requireLTE(t rapid.TB, a, b sdkmath.Int, msgAndArgs ...any) {
	t.Helper()
	if a.GT(b) {
		t.Fatalf("%s > %s %v", a, b, msgAndArgs)
	}
}
