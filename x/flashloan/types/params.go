package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"
)

// MaxFeeBps bounds the fee: 10% of the amount.
const MaxFeeBps = 1000

// MaxMsgsLimit bounds max_msgs: inner work is charged gas, but the count
// bounds what one transaction can chain.
const MaxMsgsLimit = 64

// DefaultParams: 5 bps, up to 10M BSD flash-minted, 16 inner messages.
func DefaultParams() Params {
	return Params{FeeBps: 5, MaxFlashMint: sdkmath.NewInt(10_000_000_000_000), MaxMsgs: 16}
}

// Validate checks the bounds.
func (p Params) Validate() error {
	switch {
	case p.FeeBps > MaxFeeBps:
		return fmt.Errorf("%w: fee_bps %d above %d", ErrInvalidParams, p.FeeBps, MaxFeeBps)
	case p.MaxFlashMint.IsNil() || p.MaxFlashMint.IsNegative():
		return fmt.Errorf("%w: max_flash_mint must be ≥ 0", ErrInvalidParams)
	case p.MaxMsgs == 0 || p.MaxMsgs > MaxMsgsLimit:
		return fmt.Errorf("%w: max_msgs must be in [1, %d]", ErrInvalidParams, MaxMsgsLimit)
	}
	return nil
}

// Fee is amount × fee_bps / 10,000, rounded up: any positive fee rate
// charges at least one base unit.
func (p Params) Fee(amount sdkmath.Int) sdkmath.Int {
	fee := p.Income(amount)
	if !amount.MulRaw(int64(p.FeeBps)).ModRaw(10_000).IsZero() {
		fee = fee.AddRaw(1)
	}
	return fee
}

// Income is the fee before rounding up: what lenders may earn from a loan
// (the rounding unit goes to reserves, so tiny loans cannot move a
// market's exchange rate).
func (p Params) Income(amount sdkmath.Int) sdkmath.Int {
	return amount.MulRaw(int64(p.FeeBps)).QuoRaw(10_000)
}
