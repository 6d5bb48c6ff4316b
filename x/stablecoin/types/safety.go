package types

import (
	"math/big"

	sdkmath "cosmossdk.io/math"
)

// CollateralValue is the USD value of amount base units at price, rounded down.
func CollateralValue(amount sdkmath.Int, price sdkmath.LegacyDec, decimals uint32) sdkmath.LegacyDec {
	unit := sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, int(decimals)))
	return sdkmath.LegacyNewDecFromInt(amount).MulTruncate(price).QuoTruncate(unit)
}

// DebtValue is the USD value of a ubsd amount (1 BSD = 1 USD), exact.
func DebtValue(debt sdkmath.Int) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecFromIntWithPrec(debt, StableDecimals)
}

// IsSafe: collateral value ≥ debt × liquidation ratio. A vault without debt is safe.
func IsSafe(collateral, art sdkmath.Int, rate, price, liquidationRatio sdkmath.LegacyDec, decimals uint32) bool {
	if !art.IsPositive() {
		return true
	}
	need := DebtValue(DebtOf(art, rate)).MulRoundUp(liquidationRatio)
	return CollateralValue(collateral, price, decimals).GTE(need)
}

// thresholdMargin widens the unsafe threshold by one part in a million.
var thresholdMargin = sdkmath.LegacyNewDecWithPrec(1_000_001, 6)

// RatioKeyBytes is the fixed width of an index ratio key.
const RatioKeyBytes = 32

// RatioKey encodes collateral / art (18-decimal fixed point, rounded down)
// as 32 big-endian bytes, so the byte order of keys is the numeric order
// of ratios. The ratio moves with neither time nor price: a vault's key
// changes only when its own collateral or art does. Ratios beyond 2^256
// saturate (such vaults are safe at any sane price).
func RatioKey(collateral, art sdkmath.Int) []byte {
	key := make([]byte, RatioKeyBytes)
	if !art.IsPositive() {
		for i := range key {
			key[i] = 0xff
		}
		return key
	}
	ratio := sdkmath.LegacyNewDecFromInt(collateral).QuoTruncate(sdkmath.LegacyNewDecFromInt(art))
	return ratioBytes(ratio.BigInt())
}

// UnsafeBelowKey is the key below which a type's vaults may be unsafe:
// collateral/art < liquidation_ratio × rate × 10^(decimals−6) / price,
// inflated by one part in a million and rounded up, so that no unsafe
// vault is missed: the exact check rounds debt up by less than 1 ubsd,
// which is under a millionth of any debt of at least 1 BSD (debt floors
// are far above that). The exact IsSafe check follows for each candidate.
func UnsafeBelowKey(rate, price, liquidationRatio sdkmath.LegacyDec, decimals uint32) []byte {
	if !price.IsPositive() {
		return ratioBytes(new(big.Int).Lsh(big.NewInt(1), 8*RatioKeyBytes)) // everything
	}
	t := scale(liquidationRatio.MulRoundUp(rate), decimals, StableDecimals)
	t = t.QuoRoundUp(price).MulRoundUp(thresholdMargin)
	bi := t.BigInt()
	bi.Add(bi, big.NewInt(1)) // strict: keys below this one
	return ratioBytes(bi)
}

func ratioBytes(v *big.Int) []byte {
	key := make([]byte, RatioKeyBytes)
	if v.Sign() < 0 {
		return key
	}
	if v.BitLen() > 8*RatioKeyBytes {
		for i := range key {
			key[i] = 0xff
		}
		return key
	}
	v.FillBytes(key)
	return key
}
