package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Validate checks a market's parameters against maxRate (Params.MaxBorrowRate).
func (m Market) Validate(maxRate sdkmath.LegacyDec) error {
	one := sdkmath.LegacyOneDec()
	if err := sdk.ValidateDenom(m.Denom); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidMarket, err)
	}
	if m.OracleSymbol == "" {
		return fmt.Errorf("%w: %s: oracle_symbol is empty", ErrInvalidMarket, m.Denom)
	}
	if m.Decimals > 36 {
		return fmt.Errorf("%w: %s: decimals %d above 36", ErrInvalidMarket, m.Denom, m.Decimals)
	}
	// A slice, not a map: the first bad field named is always the same one.
	for _, f := range []struct {
		name string
		v    sdkmath.LegacyDec
	}{
		{"ltv", m.Ltv},
		{"liquidation_threshold", m.LiquidationThreshold},
		{"liquidation_bonus", m.LiquidationBonus},
		{"liquidation_protocol_fee", m.LiquidationProtocolFee},
		{"reserve_factor", m.ReserveFactor},
		{"base_rate", m.BaseRate},
		{"slope1", m.Slope1},
		{"slope2", m.Slope2},
		{"optimal_utilization", m.OptimalUtilization},
	} {
		if isNilOrNeg(f.v) {
			return fmt.Errorf("%w: %s: %s must be ≥ 0", ErrInvalidMarket, m.Denom, f.name)
		}
	}
	switch {
	case m.Ltv.GT(m.LiquidationThreshold):
		return fmt.Errorf("%w: %s: ltv %s above liquidation_threshold %s", ErrInvalidMarket, m.Denom, m.Ltv, m.LiquidationThreshold)
	case m.LiquidationThreshold.GTE(one):
		return fmt.Errorf("%w: %s: liquidation_threshold must be below 1", ErrInvalidMarket, m.Denom)
	case !m.cover().LT(one):
		// Otherwise seizing collateral with the bonus can make an account less healthy.
		return fmt.Errorf("%w: %s: liquidation_threshold × (1 + bonus) must be below 1", ErrInvalidMarket, m.Denom)
	case m.LiquidationProtocolFee.GT(one) || m.ReserveFactor.GTE(one):
		return fmt.Errorf("%w: %s: liquidation_protocol_fee must be ≤ 1 and reserve_factor < 1", ErrInvalidMarket, m.Denom)
	case m.Slope1.GT(m.Slope2):
		return fmt.Errorf("%w: %s: slope1 above slope2", ErrInvalidMarket, m.Denom)
	case !m.OptimalUtilization.IsPositive() || m.OptimalUtilization.GTE(one):
		return fmt.Errorf("%w: %s: optimal_utilization must be in (0, 1)", ErrInvalidMarket, m.Denom)
	// Each rate is ≥ 0, so one above the max fails the sum too; checking
	// them alone first keeps the sum of decoded values from overflowing.
	case m.BaseRate.GT(maxRate) || m.Slope1.GT(maxRate) || m.Slope2.GT(maxRate),
		m.BaseRate.Add(m.Slope1).Add(m.Slope2).GT(maxRate):
		return fmt.Errorf("%w: %s: base_rate + slope1 + slope2 above the max borrow rate %s", ErrInvalidMarket, m.Denom, maxRate)
	case m.SupplyCap.IsNil() || m.SupplyCap.IsNegative() || m.BorrowCap.IsNil() || m.BorrowCap.IsNegative():
		return fmt.Errorf("%w: %s: caps must be ≥ 0 (0 = uncapped)", ErrInvalidMarket, m.Denom)
	}
	return nil
}

// ValidateAgainst checks the market and its fit with the global params:
// lt × (1 + bonus) ≤ full_close_health. Below lt × (1 + bonus) every partial
// liquidation lowers the health factor (each unit repaid removes more
// threshold value than debt), so that region must allow closing the whole
// position; then the 50% close factor only ever applies where partial
// liquidations make the account healthier.
func (m Market) ValidateAgainst(p Params) error {
	if err := m.Validate(p.MaxBorrowRate); err != nil {
		return err
	}
	if cover := m.cover(); cover.GT(p.FullCloseHealth) {
		return fmt.Errorf("%w: %s: liquidation_threshold × (1 + bonus) = %s above full_close_health %s", ErrInvalidMarket, m.Denom, cover, p.FullCloseHealth)
	}
	return nil
}

// cover is liquidation_threshold × (1 + liquidation_bonus) for a threshold
// in [0, 1) and a bonus ≥ 0, without the overflow (a panic) that 1 + bonus
// hits for the largest decimals a message can carry. A zero threshold covers
// nothing whatever the bonus; a positive one is at least 10^-18, so with a
// bonus of 10^18 or more the product is above 1 and 1 stands in for it.
func (m Market) cover() sdkmath.LegacyDec {
	one := sdkmath.LegacyOneDec()
	switch {
	case m.LiquidationThreshold.IsZero():
		return sdkmath.LegacyZeroDec()
	case m.LiquidationBonus.GTE(sdkmath.LegacyNewDecFromInt(sdkmath.NewIntWithDecimal(1, 18))):
		return one
	}
	return m.LiquidationThreshold.Mul(one.Add(m.LiquidationBonus))
}

// CanSupply reports whether new supply is allowed.
func (m Market) CanSupply() error {
	switch {
	case m.Paused:
		return ErrMarketPaused.Wrap(m.Denom)
	case m.Frozen:
		return ErrMarketFrozen.Wrap(m.Denom)
	}
	return nil
}

// CanFlashLend reports whether the market lends for a flash loan: enabled
// and not paused. A frozen market still does, as Aave's: the loan is
// back in the same transaction.
func (m Market) CanFlashLend() error {
	switch {
	case m.Paused:
		return ErrMarketPaused.Wrap(m.Denom)
	case !m.FlashloanEnabled:
		return ErrFlashLoanDisabled.Wrap(m.Denom)
	}
	return nil
}

// CanBorrow reports whether new borrowing is allowed.
func (m Market) CanBorrow() error {
	if err := m.CanSupply(); err != nil {
		return err
	}
	if !m.BorrowEnabled {
		return ErrBorrowDisabled.Wrap(m.Denom)
	}
	return nil
}

// underCap reports whether total stays within cap (zero = uncapped).
func underCap(total, capacity sdkmath.Int) bool {
	return capacity.IsZero() || total.LTE(capacity)
}

// WithinSupplyCap reports whether total supply stays within the cap.
func (m Market) WithinSupplyCap(total sdkmath.Int) bool { return underCap(total, m.SupplyCap) }

// WithinBorrowCap reports whether total borrows stay within the cap.
func (m Market) WithinBorrowCap(total sdkmath.Int) bool { return underCap(total, m.BorrowCap) }

// ApplyGuardian returns the market after a guardian action, or ErrNotSafer
// when the action would loosen anything.
func (m Market) ApplyGuardian(action GuardianAction, capacity sdkmath.Int) (Market, error) {
	lower := func(current sdkmath.Int) (sdkmath.Int, error) {
		if capacity.IsNil() || !capacity.IsPositive() {
			return current, ErrNotSafer.Wrap("a lowered cap must be positive (pause or freeze to stop a market)")
		}
		if !current.IsZero() && capacity.GTE(current) {
			return current, ErrNotSafer.Wrapf("cap %s is not below the current %s", capacity, current)
		}
		return capacity, nil
	}
	var err error
	switch action {
	case GUARDIAN_ACTION_PAUSE:
		m.Paused = true
	case GUARDIAN_ACTION_FREEZE:
		m.Frozen = true
	case GUARDIAN_ACTION_DISABLE_BORROW:
		m.BorrowEnabled = false
	case GUARDIAN_ACTION_DISABLE_FLASHLOAN:
		m.FlashloanEnabled = false
	case GUARDIAN_ACTION_LOWER_SUPPLY_CAP:
		m.SupplyCap, err = lower(m.SupplyCap)
	case GUARDIAN_ACTION_LOWER_BORROW_CAP:
		m.BorrowCap, err = lower(m.BorrowCap)
	default:
		err = ErrNotSafer.Wrapf("unknown action %d", action)
	}
	return m, err
}
