package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"
)

// Bounds on parameters that keep per-block work and state small.
const (
	// MaxHistorySize bounds each market's ring buffer.
	MaxHistorySize = 1000
	// MaxMarkets bounds the number of markets (and so the extension size).
	MaxMarkets = 128
	// MaxPriceDecimals bounds a market's report precision (LegacyDec has 18).
	MaxPriceDecimals = 18
)

// DefaultParams are the genesis defaults (see x/oracle/README.md).
func DefaultParams() Params {
	return Params{
		MaxAgeBlocks:     10,
		MinPowerShare:    sdkmath.LegacyNewDecWithPrec(6667, 4), // > 2/3, rounded up
		RewardBandBps:    200,                                   // 2%
		SlashWindow:      1000,
		MaxMissRate:      sdkmath.LegacyNewDecWithPrec(50, 2), // 50%
		SlashFraction:    sdkmath.LegacyNewDecWithPrec(1, 4),  // 0.01%
		JailEnabled:      false,
		HistorySize:      60,
		TwapWindowBlocks: 30,
	}
}

// Validate checks every bound; the chain refuses params that fail it.
func (p Params) Validate() error {
	switch {
	case p.MaxAgeBlocks == 0:
		return fmt.Errorf("%w: max_age_blocks must be positive", ErrInvalidParams)
	case p.MinPowerShare.IsNil() || !p.MinPowerShare.IsPositive() || p.MinPowerShare.GT(sdkmath.LegacyOneDec()):
		return fmt.Errorf("%w: min_power_share must be in (0, 1], got %v", ErrInvalidParams, p.MinPowerShare)
	case p.RewardBandBps == 0 || p.RewardBandBps > 10_000:
		return fmt.Errorf("%w: reward_band_bps must be in [1, 10000], got %d", ErrInvalidParams, p.RewardBandBps)
	case p.SlashWindow == 0:
		return fmt.Errorf("%w: slash_window must be positive", ErrInvalidParams)
	case p.MaxMissRate.IsNil() || p.MaxMissRate.IsNegative() || p.MaxMissRate.GT(sdkmath.LegacyOneDec()):
		return fmt.Errorf("%w: max_miss_rate must be in [0, 1], got %v", ErrInvalidParams, p.MaxMissRate)
	case p.SlashFraction.IsNil() || p.SlashFraction.IsNegative() || p.SlashFraction.GT(sdkmath.LegacyNewDecWithPrec(1, 1)):
		return fmt.Errorf("%w: slash_fraction must be in [0, 0.1], got %v", ErrInvalidParams, p.SlashFraction)
	case p.HistorySize == 0 || p.HistorySize > MaxHistorySize:
		return fmt.Errorf("%w: history_size must be in [1, %d], got %d", ErrInvalidParams, MaxHistorySize, p.HistorySize)
	case p.TwapWindowBlocks == 0:
		return fmt.Errorf("%w: twap_window_blocks must be positive", ErrInvalidParams)
	}
	return nil
}
