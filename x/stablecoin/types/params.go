package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// DefaultParams are the genesis defaults.
func DefaultParams() Params {
	return Params{
		GlobalDebtCeiling:            sdkmath.NewInt(100_000_000_000_000), // 100M BSD
		FallbackLiquidationsPerBlock: 5,
		MaxFeePerSecond:              dec("1.000000012"), // ≈ 46% a year
	}
}

// Validate checks the bounds.
func (p Params) Validate() error {
	switch {
	case p.GlobalDebtCeiling.IsNil() || p.GlobalDebtCeiling.IsNegative():
		return fmt.Errorf("%w: global_debt_ceiling must be ≥ 0", ErrInvalidParams)
	case p.FallbackLiquidationsPerBlock > 100:
		return fmt.Errorf("%w: fallback_liquidations_per_block above 100 (bounded work per block)", ErrInvalidParams)
	case p.MaxFeePerSecond.IsNil() || p.MaxFeePerSecond.LT(sdkmath.LegacyOneDec()) || p.MaxFeePerSecond.GT(dec("1.00000005")):
		return fmt.Errorf("%w: max_fee_per_second must be in [1, 1.00000005]", ErrInvalidParams)
	}
	return nil
}

// Validate checks a collateral type against the params.
func (ct CollateralType) Validate(p Params) error {
	one := sdkmath.LegacyOneDec()
	if ct.Name == "" || len(ct.Name) > 32 {
		return fmt.Errorf("%w: name must be 1-32 characters", ErrInvalidType)
	}
	if err := sdk.ValidateDenom(ct.Denom); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrInvalidType, ct.Name, err)
	}
	if ct.Denom == StableDenom {
		return fmt.Errorf("%w: %s: BSD cannot back BSD", ErrInvalidType, ct.Name)
	}
	if ct.OracleSymbol == "" || ct.Decimals > 36 {
		return fmt.Errorf("%w: %s: oracle_symbol empty or decimals above 36", ErrInvalidType, ct.Name)
	}
	// Slices, not maps: the first bad field named is always the same one.
	for _, f := range []struct {
		name string
		v    sdkmath.LegacyDec
	}{
		{"liquidation_ratio", ct.LiquidationRatio},
		{"stability_fee", ct.StabilityFee},
		{"liquidation_penalty", ct.LiquidationPenalty},
		{"start_multiplier", ct.StartMultiplier},
		{"cut", ct.Cut},
		{"reset_below_fraction", ct.ResetBelowFraction},
		{"chip", ct.Chip},
	} {
		if f.v.IsNil() || f.v.IsNegative() {
			return fmt.Errorf("%w: %s: %s must be ≥ 0", ErrInvalidType, ct.Name, f.name)
		}
	}
	for _, f := range []struct {
		name string
		v    sdkmath.Int
	}{{"debt_ceiling", ct.DebtCeiling}, {"debt_floor", ct.DebtFloor}, {"tip", ct.Tip}, {"max_in_auction", ct.MaxInAuction}} {
		if f.v.IsNil() || f.v.IsNegative() {
			return fmt.Errorf("%w: %s: %s must be ≥ 0", ErrInvalidType, ct.Name, f.name)
		}
	}
	switch {
	case ct.LiquidationRatio.LTE(one):
		return fmt.Errorf("%w: %s: liquidation_ratio must be above 1", ErrInvalidType, ct.Name)
	case ct.StabilityFee.LT(one) || ct.StabilityFee.GT(p.MaxFeePerSecond):
		return fmt.Errorf("%w: %s: stability_fee must be in [1, %s]", ErrInvalidType, ct.Name, p.MaxFeePerSecond)
	case ct.LiquidationPenalty.GT(dec("0.5")):
		return fmt.Errorf("%w: %s: liquidation_penalty above 50%%", ErrInvalidType, ct.Name)
	case ct.StartMultiplier.LT(one):
		return fmt.Errorf("%w: %s: start_multiplier below 1 would open auctions under the oracle price", ErrInvalidType, ct.Name)
	case !ct.Cut.IsPositive() || ct.Cut.GTE(one):
		return fmt.Errorf("%w: %s: cut must be in (0, 1)", ErrInvalidType, ct.Name)
	case ct.StepSeconds == 0 || ct.ResetAfterSeconds == 0:
		return fmt.Errorf("%w: %s: step_seconds and reset_after_seconds must be positive", ErrInvalidType, ct.Name)
	case !ct.ResetBelowFraction.IsPositive() || ct.ResetBelowFraction.GTE(one):
		return fmt.Errorf("%w: %s: reset_below_fraction must be in (0, 1)", ErrInvalidType, ct.Name)
	case ct.Chip.GT(dec("0.1")):
		return fmt.Errorf("%w: %s: chip above 10%%", ErrInvalidType, ct.Name)
	case ct.DebtFloor.GT(ct.DebtCeiling) && ct.DebtCeiling.IsPositive():
		return fmt.Errorf("%w: %s: debt_floor above debt_ceiling", ErrInvalidType, ct.Name)
	}
	return nil
}

// Validate checks the PSM parameters.
func (p PSMParams) Validate() error {
	if err := sdk.ValidateDenom(p.Denom); err != nil {
		return fmt.Errorf("%w: psm: %w", ErrInvalidParams, err)
	}
	if p.Denom == StableDenom {
		return fmt.Errorf("%w: psm: the PSM swaps another stable denom for BSD, not BSD itself", ErrInvalidParams)
	}
	for _, f := range []struct {
		name string
		v    sdkmath.LegacyDec
	}{{"fee_in", p.FeeIn}, {"fee_out", p.FeeOut}} {
		if f.v.IsNil() || f.v.IsNegative() || f.v.GTE(dec("0.1")) {
			return fmt.Errorf("%w: psm %s must be in [0, 0.1)", ErrInvalidParams, f.name)
		}
	}
	if p.Decimals > 36 || p.Ceiling.IsNil() || p.Ceiling.IsNegative() {
		return fmt.Errorf("%w: psm decimals above 36 or negative ceiling", ErrInvalidParams)
	}
	return nil
}

// SeparateFrom keeps a type's collateral and the PSM reserve in different
// denoms: the module account holds both, and each book must own every
// unit of its denom there.
func (ct CollateralType) SeparateFrom(p PSMParams) error {
	if ct.Denom == p.Denom {
		return fmt.Errorf("%w: %s: %s is the PSM's denom", ErrInvalidType, ct.Name, ct.Denom)
	}
	return nil
}
