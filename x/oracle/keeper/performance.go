package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// recordPerformance counts, for every validator of the commit, one block and
// possibly one miss (no usable report) and one outlier (any report beyond
// reward_band of a written median). When a validator's window is complete it
// is judged and its counters restart.
func (k Keeper) recordPerformance(ctx context.Context, validators []types.ValidatorReports, medians map[uint32]uint64, params types.Params) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	height := sdkCtx.BlockHeight()
	var due []types.ValidatorReports
	for _, v := range validators {
		perf, err := k.Performance.Get(ctx, v.ConsAddr)
		if errors.Is(err, collections.ErrNotFound) {
			perf = types.ValidatorPerformance{WindowStart: height}
		} else if err != nil {
			return err
		}
		if perf.Validator == "" {
			perf.Validator = k.operatorOf(ctx, v.ConsAddr)
		}
		perf.Blocks++
		if len(v.Reports) == 0 {
			perf.Misses++
		} else if hasOutlier(v.Reports, medians, params.RewardBandBps) {
			perf.Outliers++
		}
		if err := k.Performance.Set(ctx, v.ConsAddr, perf); err != nil {
			return err
		}
		if height-perf.WindowStart+1 >= int64(params.SlashWindow) {
			due = append(due, v)
		}
	}
	if len(due) == 0 {
		return nil
	}
	return k.judgeWindow(ctx, due, validators, params)
}

func hasOutlier(reports []types.Report, medians map[uint32]uint64, bandBps uint32) bool {
	for _, r := range reports {
		if m, ok := medians[r.MarketID]; ok && types.IsOutlier(r.Price, m, bandBps) {
			return true
		}
	}
	return false
}

// judgeWindow slashes the validators in due that missed more than
// max_miss_rate of their window, and restarts their counters. Jailing (when
// enabled) goes worst offender first and stops before the jailed power of
// this block reaches 1/3 of the commit's power: an exchange outage that
// silences every feeder must not stall the chain, and a lone validator is
// never jailed. Each penalty runs in its own cache context; a failure is
// logged and skipped.
func (k Keeper) judgeWindow(ctx context.Context, due, all []types.ValidatorReports, params types.Params) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	var totalPower int64
	for _, v := range all {
		totalPower += max(v.Power, 0)
	}

	type offender struct {
		v    types.ValidatorReports
		perf types.ValidatorPerformance
	}
	var offenders []offender
	for _, v := range due {
		perf, err := k.Performance.Get(ctx, v.ConsAddr)
		if err != nil {
			return err
		}
		allowed := params.MaxMissRate.MulInt64(int64(perf.Blocks))
		if sdkmath.LegacyNewDec(int64(perf.Misses)).GT(allowed) {
			offenders = append(offenders, offender{v, perf})
		}
		if err := k.Performance.Set(ctx, v.ConsAddr, types.ValidatorPerformance{Validator: perf.Validator, WindowStart: sdkCtx.BlockHeight() + 1}); err != nil {
			return err
		}
	}
	// Worst first; ties by address so every node orders them alike.
	slices.SortFunc(offenders, func(a, b offender) int {
		if a.perf.Misses != b.perf.Misses {
			if a.perf.Misses > b.perf.Misses {
				return -1
			}
			return 1
		}
		return slices.Compare(a.v.ConsAddr, b.v.ConsAddr)
	})

	var jailedPower int64
	distributionHeight := sdkCtx.BlockHeight() - sdk.ValidatorUpdateDelay - 1
	for _, o := range offenders {
		jail := params.JailEnabled && 3*(jailedPower+o.v.Power) < totalPower
		cacheCtx, write := sdkCtx.CacheContext()
		consAddr := sdk.ConsAddress(o.v.ConsAddr)
		var err error
		if params.SlashFraction.IsPositive() {
			err = k.slashingKeeper.Slash(cacheCtx, consAddr, params.SlashFraction, o.v.Power, distributionHeight)
		}
		if err == nil && jail {
			err = k.slashingKeeper.Jail(cacheCtx, consAddr)
		}
		if err != nil {
			k.Logger(ctx).Error("oracle penalty failed; skipped", "validator", o.perf.Validator, "err", err)
			continue
		}
		write()
		if jail {
			jailedPower += o.v.Power
		}
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventValidatorPenalized{
			Validator: o.perf.Validator, Misses: o.perf.Misses, WindowBlocks: o.perf.Blocks,
			SlashFraction: params.SlashFraction, Jailed: jail,
		}); err != nil {
			return err
		}
	}
	return nil
}

// operatorOf names a validator by its operator address for queries; unknown
// validators (already removed) keep an empty name.
func (k Keeper) operatorOf(ctx context.Context, consAddr []byte) string {
	val, err := k.stakingKeeper.GetValidatorByConsAddr(ctx, consAddr)
	if err != nil {
		return ""
	}
	return val.GetOperator()
}
