package types

import (
	"time"

	sdkmath "cosmossdk.io/math"
)

// AuctionPrice is the Dutch auction's price after elapsed: top × cut^⌊elapsed/step⌋,
// rounded down.
func (ct CollateralType) AuctionPrice(top sdkmath.LegacyDec, elapsed time.Duration) sdkmath.LegacyDec {
	if elapsed <= 0 || ct.StepSeconds == 0 {
		return top
	}
	steps := uint64(elapsed/time.Second) / ct.StepSeconds
	return top.MulTruncate(RPowDown(ct.Cut, steps))
}

// NeedsRedo reports whether an auction ran past its bounds: older than
// reset_after_seconds, or its price fell below reset_below_fraction × top.
// Such an auction must be restarted at a fresh oracle price (Redo) before
// anyone can take from it: a stale auction must not sell collateral for
// next to nothing (Black Thursday).
func (ct CollateralType) NeedsRedo(top sdkmath.LegacyDec, elapsed time.Duration) bool {
	if uint64(elapsed/time.Second) > ct.ResetAfterSeconds {
		return true
	}
	return ct.AuctionPrice(top, elapsed).LT(top.Mul(ct.ResetBelowFraction))
}

// KeeperIncentive is what starting an auction pays its caller: tip + chip × tab.
func (ct CollateralType) KeeperIncentive(tab sdkmath.Int) sdkmath.Int {
	return ct.Tip.Add(ct.Chip.MulInt(tab).TruncateInt())
}

// Tab is what an auction must raise: debt × (1 + penalty), rounded up.
func (ct CollateralType) Tab(debt sdkmath.Int) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(debt).MulRoundUp(sdkmath.LegacyOneDec().Add(ct.LiquidationPenalty)).Ceil().TruncateInt()
}
