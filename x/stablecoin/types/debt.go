package types

import (
	"time"

	sdkmath "cosmossdk.io/math"
)

// StableDenom is BSD's base denom.
const StableDenom = "ubsd"

// StableDecimals are BSD's decimals (ubsd = 10^-6 BSD, 1 BSD = 1 USD).
const StableDecimals = 6

// MaxAccrualSeconds bounds one accrual interval (100 years).
const MaxAccrualSeconds = 100 * 365 * 24 * 60 * 60

// DebtOf is the debt of normalized debt art at rate: ceil(art × rate).
func DebtOf(art sdkmath.Int, rate sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(art).MulRoundUp(rate).Ceil().TruncateInt()
}

// ArtToMint is the normalized debt minting amount adds: ceil(amount / rate).
func ArtToMint(amount sdkmath.Int, rate sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(amount).QuoRoundUp(rate).Ceil().TruncateInt()
}

// ArtRepaid is the normalized debt repaying amount clears: floor(amount / rate).
func ArtRepaid(amount sdkmath.Int, rate sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(amount).QuoTruncate(rate).TruncateInt()
}

// Accrue compounds the type's rate per second to now: rate × fee^dt (dt in
// whole seconds, capped at MaxAccrualSeconds; the fee capped at maxFee). It
// returns the new state and the debt the stability fee created, which the
// keeper books as surplus. dt ≤ 0 is a no-op; the rate never falls, and
// it only compounds while the type has debt.
func Accrue(s TypeState, fee, maxFee sdkmath.LegacyDec, now time.Time) (TypeState, sdkmath.Int) {
	secs := int64(now.Sub(s.LastAccrual) / time.Second)
	if secs <= 0 {
		return s, sdkmath.ZeroInt()
	}
	if !s.TotalArt.IsPositive() {
		// Nothing to charge: the clock moves on without compounding, so
		// idle time (or a chain started without a genesis time) cannot
		// blow up the rate and with it the granularity of art.
		s.LastAccrual = now
		return s, sdkmath.ZeroInt()
	}
	if secs > MaxAccrualSeconds {
		secs, s.LastAccrual = MaxAccrualSeconds, now
	} else {
		s.LastAccrual = s.LastAccrual.Add(time.Duration(secs) * time.Second)
	}
	fee = sdkmath.LegacyMinDec(fee, maxFee)
	if fee.LTE(sdkmath.LegacyOneDec()) {
		return s, sdkmath.ZeroInt()
	}
	before := DebtOf(s.TotalArt, s.Rate)
	s.Rate = s.Rate.MulRoundUp(RPow(fee, uint64(secs)))
	return s, DebtOf(s.TotalArt, s.Rate).Sub(before)
}
