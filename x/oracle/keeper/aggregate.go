package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// AggregateResult summarises one block's aggregation, for logs and tests.
type AggregateResult struct {
	Updated []string // symbols whose price was written
	Skipped []string // symbols with too little reporting power
}

// Aggregate turns the last commit's reports into prices. For every enabled
// market it takes the stake-weighted median of the reports and writes it
// when the reporting validators hold at least min_power_share of the
// commit's power. It then updates each validator's miss and outlier
// counters and, at the end of a slash window, penalises chronic missers.
//
// validators is the whole last commit (absent validators included, with nil
// reports), so the denominator is the power of the active set.
func (k Keeper) Aggregate(ctx context.Context, validators []types.ValidatorReports) (AggregateResult, error) {
	var res AggregateResult
	params, err := k.Params.Get(ctx)
	if err != nil {
		return res, err
	}
	var totalPower int64
	for _, v := range validators {
		if v.Power > 0 {
			totalPower += v.Power
		}
	}
	if totalPower <= 0 {
		return res, nil
	}

	markets, err := k.AllMarkets(ctx)
	if err != nil {
		return res, err
	}
	// Gather each enabled market's votes, by position in the markets slice.
	index := make(map[uint32]int, len(markets))
	for i, m := range markets {
		if m.Enabled {
			index[m.Id] = i
		}
	}
	votes := make([][]types.Vote, len(markets))
	for _, v := range validators {
		if v.Power <= 0 {
			continue
		}
		for _, r := range v.Reports {
			if i, ok := index[r.MarketID]; ok {
				votes[i] = append(votes[i], types.Vote{Power: v.Power, Price: r.Price})
			}
		}
	}

	sdkCtx := sdk.UnwrapSDKContext(ctx)
	medians := make(map[uint32]uint64, len(markets))
	for i, m := range markets {
		if !m.Enabled {
			continue
		}
		var reporting int64
		for _, v := range votes[i] {
			reporting += v.Power
		}
		share := sdkmath.LegacyNewDec(reporting).QuoInt64(totalPower)
		if reporting == 0 || share.LT(params.MinPowerShare) {
			res.Skipped = append(res.Skipped, m.Symbol)
			if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventPriceSkipped{Symbol: m.Symbol, PowerShare: share}); err != nil {
				return res, err
			}
			continue
		}
		median, err := types.WeightedMedian(votes[i])
		if err != nil {
			return res, err
		}
		medians[m.Id] = median
		p := types.Price{
			Symbol:        m.Symbol,
			Price:         types.PriceToDec(median, m.PriceDecimals),
			Height:        sdkCtx.BlockHeight(),
			Time:          sdkCtx.BlockTime(),
			PowerShare:    share,
			DispersionBps: types.DispersionBps(votes[i], median),
		}
		if err := k.writePrice(ctx, m.Id, p, params); err != nil {
			return res, err
		}
		res.Updated = append(res.Updated, m.Symbol)
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventPriceUpdated{
			Symbol: m.Symbol, Price: p.Price, PowerShare: share, DispersionBps: p.DispersionBps, Reporters: uint32(len(votes[i])),
		}); err != nil {
			return res, err
		}
	}

	if err := k.recordPerformance(ctx, validators, medians, params); err != nil {
		return res, err
	}
	return res, nil
}
