package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"
)

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// DefaultParams are the genesis defaults (x/lending/README.md).
func DefaultParams() Params {
	return Params{
		MinBorrowValue:     dec("10"),
		SmallPositionValue: dec("2000"),
		MinLeftoverValue:   dec("1000"),
		CloseFactor:        dec("0.5"),
		FullCloseHealth:    dec("0.95"),
		MaxBorrowRate:      dec("10"),
	}
}

// Validate checks the bounds.
func (p Params) Validate() error {
	one := sdkmath.LegacyOneDec()
	switch {
	case isNilOrNeg(p.MinBorrowValue):
		return fmt.Errorf("%w: min_borrow_value must be ≥ 0", ErrInvalidParams)
	case isNilOrNeg(p.SmallPositionValue):
		return fmt.Errorf("%w: small_position_value must be ≥ 0", ErrInvalidParams)
	case isNilOrNeg(p.MinLeftoverValue):
		return fmt.Errorf("%w: min_leftover_value must be ≥ 0", ErrInvalidParams)
	case p.CloseFactor.IsNil() || !p.CloseFactor.IsPositive() || p.CloseFactor.GT(one):
		return fmt.Errorf("%w: close_factor must be in (0, 1]", ErrInvalidParams)
	case p.FullCloseHealth.IsNil() || !p.FullCloseHealth.IsPositive() || p.FullCloseHealth.GT(one):
		return fmt.Errorf("%w: full_close_health must be in (0, 1]", ErrInvalidParams)
	case p.MaxBorrowRate.IsNil() || !p.MaxBorrowRate.IsPositive() || p.MaxBorrowRate.GT(sdkmath.LegacyNewDec(100)):
		return fmt.Errorf("%w: max_borrow_rate must be in (0, 100]", ErrInvalidParams)
	}
	return nil
}

func isNilOrNeg(d sdkmath.LegacyDec) bool { return d.IsNil() || d.IsNegative() }
