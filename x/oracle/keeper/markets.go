package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// SetMarket adds a market (next free id) or changes an existing one (same
// id). Ids are never reused, so old vote extensions cannot alias a new market.
func (k Keeper) SetMarket(ctx context.Context, symbol string, priceDecimals uint32, enabled bool) (types.Market, error) {
	m := types.Market{Symbol: symbol, PriceDecimals: priceDecimals, Enabled: enabled}
	if err := m.Validate(); err != nil {
		return m, err
	}
	id, err := k.MarketBySymbol.Get(ctx, symbol)
	switch {
	case err == nil:
		m.Id = id
	case errors.Is(err, collections.ErrNotFound):
		count, err := k.countMarkets(ctx)
		if err != nil {
			return m, err
		}
		if count >= types.MaxMarkets {
			return m, fmt.Errorf("%w: at most %d", types.ErrTooManyMarkets, types.MaxMarkets)
		}
		next, err := k.NextMarketID.Next(ctx)
		if err != nil {
			return m, err
		}
		if next > uint64(^uint32(0)) {
			return m, fmt.Errorf("%w: market ids exhausted", types.ErrTooManyMarkets)
		}
		m.Id = uint32(next)
	default:
		return m, err
	}
	if err := k.putMarket(ctx, m); err != nil {
		return m, err
	}
	return m, nil
}

func (k Keeper) putMarket(ctx context.Context, m types.Market) error {
	if err := k.Markets.Set(ctx, m.Id, m); err != nil {
		return err
	}
	return k.MarketBySymbol.Set(ctx, m.Symbol, m.Id)
}

func (k Keeper) countMarkets(ctx context.Context) (int, error) {
	n := 0
	err := k.Markets.Walk(ctx, nil, func(uint32, types.Market) (bool, error) {
		n++
		return false, nil
	})
	return n, err
}

// MarketBySymbolName returns the market named symbol.
func (k Keeper) MarketBySymbolName(ctx context.Context, symbol string) (types.Market, error) {
	id, err := k.MarketBySymbol.Get(ctx, symbol)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Market{}, fmt.Errorf("%w: %q", types.ErrUnknownMarket, symbol)
	}
	if err != nil {
		return types.Market{}, err
	}
	return k.Markets.Get(ctx, id)
}

// AllMarkets returns every market ordered by id.
func (k Keeper) AllMarkets(ctx context.Context) ([]types.Market, error) {
	var out []types.Market
	err := k.Markets.Walk(ctx, nil, func(_ uint32, m types.Market) (bool, error) {
		out = append(out, m)
		return false, nil
	})
	return out, err
}
