package keeper

import (
	"context"

	"github.com/hashicorp/go-metrics"

	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// fallbackCandidates: the fallback looks at up to this many unsafe vaults
// per auction it may start.
const fallbackCandidates = 4

// EndBlocker is the fallback liquidator: it starts at most
// fallback_liquidations_per_block auctions for unsafe vaults that keepers
// left alone, lowest ratio first, type by type. Each vault is handled in
// its own cache context; a failure is logged and skipped, and the blocker
// never returns an error because of one vault. Work per block is bounded
// by the parameter, not by the number of vaults.
func (k Keeper) EndBlocker(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		sdkCtx.Logger().Error("stablecoin fallback: no params", "err", err)
		return nil
	}
	budget := int(params.FallbackLiquidationsPerBlock)
	var names []string
	if err := k.Types.Walk(ctx, nil, func(name string, _ types.CollateralType) (bool, error) {
		names = append(names, name)
		return false, nil
	}); err != nil {
		sdkCtx.Logger().Error("stablecoin fallback: reading types", "err", err)
		return nil
	}
	for _, name := range names {
		if budget <= 0 {
			break
		}
		// Candidates beyond the budget let a few vaults that cannot be
		// liquidated (poisoned, or past max_in_auction) not starve the
		// healthy ones behind them; the walk stays bounded.
		vaults, err := k.UnsafeVaults(ctx, name, min(budget*fallbackCandidates, MaxPageSize))
		if err != nil {
			sdkCtx.Logger().Info("stablecoin fallback: skipping type", "type", name, "err", err)
			continue
		}
		for _, v := range vaults {
			if budget <= 0 {
				break
			}
			cacheCtx, write := sdkCtx.CacheContext()
			if _, _, err := k.Liquidate(cacheCtx, nil, v.Id); err != nil {
				sdkCtx.Logger().Error("stablecoin fallback: vault skipped", "vault", v.Id, "err", err)
				telemetry.IncrCounterWithLabels([]string{types.ModuleName, "fallback", "skipped"}, 1,
					[]metrics.Label{telemetry.NewLabel("type", name)})
				continue
			}
			write()
			budget--
			telemetry.IncrCounterWithLabels([]string{types.ModuleName, "fallback", "liquidated"}, 1,
				[]metrics.Label{telemetry.NewLabel("type", name)})
		}
	}
	return nil
}
