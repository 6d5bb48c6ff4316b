package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
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
		vaults, err := k.UnsafeVaults(ctx, name, budget)
		if err != nil {
			sdkCtx.Logger().Info("stablecoin fallback: skipping type", "type", name, "err", err)
			continue
		}
		for _, v := range vaults {
			cacheCtx, write := sdkCtx.CacheContext()
			if _, _, err := k.Liquidate(cacheCtx, nil, v.Id); err != nil {
				sdkCtx.Logger().Error("stablecoin fallback: vault skipped", "vault", v.Id, "err", err)
				continue
			}
			write()
			budget--
		}
	}
	return nil
}
