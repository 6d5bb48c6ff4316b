package keeper

import (
	"context"
	"fmt"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// InitGenesis writes params, markets and prices. Markets keep their ids;
// new markets added later continue after the highest one.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	var next uint64
	for _, m := range gs.Markets {
		if err := k.putMarket(ctx, m); err != nil {
			return err
		}
		next = max(next, uint64(m.Id)+1)
	}
	if err := k.NextMarketID.Set(ctx, next); err != nil {
		return err
	}
	for _, p := range gs.Prices {
		m, err := k.MarketBySymbolName(ctx, p.Symbol)
		if err != nil {
			return fmt.Errorf("genesis price: %w", err)
		}
		if err := k.writePrice(ctx, m.Id, p, gs.Params); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis reads params, markets and prices. History and performance
// counters are not exported: they restart with the new chain.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	markets, err := k.AllMarkets(ctx)
	if err != nil {
		return nil, err
	}
	prices, err := k.AllPrices(ctx)
	if err != nil {
		return nil, err
	}
	return &types.GenesisState{Params: params, Markets: markets, Prices: prices}, nil
}
