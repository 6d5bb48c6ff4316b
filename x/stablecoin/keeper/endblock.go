package keeper

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// fallbackCandidates: the fallback looks at up to this many unsafe vaults
// per auction it may start.
const fallbackCandidates = 4

// The fallback's counters (OpenTelemetry; exported when the node enables
// telemetry). A counter that cannot be created is a no-op, never an error.
var (
	meter                 = otel.Meter("github.com/ballast-chain/ballast/x/stablecoin")
	fallbackLiquidated, _ = meter.Int64Counter("stablecoin.fallback.liquidated",
		metric.WithDescription("auctions the end blocker started"))
	fallbackSkipped, _ = meter.Int64Counter("stablecoin.fallback.skipped",
		metric.WithDescription("unsafe vaults the end blocker could not liquidate"))
)

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
				fallbackSkipped.Add(ctx, 1, metric.WithAttributes(attribute.String("type", name)))
				continue
			}
			write()
			budget--
			fallbackLiquidated.Add(ctx, 1, metric.WithAttributes(attribute.String("type", name)))
		}
	}
	return nil
}
