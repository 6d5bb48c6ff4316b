package keeper

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// GetPrice returns symbol's price, or ErrStalePrice when the market is
// disabled, has no price yet, or was last updated more than max_age_blocks
// ago. Every consumer that moves risk must call this (or the conservative
// variant) and fail on the error; nothing reads Prices directly.
func (k Keeper) GetPrice(ctx context.Context, symbol string) (types.Price, error) {
	m, err := k.MarketBySymbolName(ctx, symbol)
	if err != nil {
		return types.Price{}, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Price{}, err
	}
	return k.freshPrice(ctx, m, params)
}

func (k Keeper) freshPrice(ctx context.Context, m types.Market, params types.Params) (types.Price, error) {
	if !m.Enabled {
		return types.Price{}, types.ErrStalePrice.Wrapf("market %s is disabled", m.Symbol)
	}
	p, err := k.Prices.Get(ctx, m.Id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Price{}, types.ErrStalePrice.Wrapf("%s has no price yet", m.Symbol)
	}
	if err != nil {
		return types.Price{}, err
	}
	return p, checkAge(ctx, m, p, params)
}

// checkAge fails with ErrStalePrice when the stored price p of an enabled
// market m is older than max_age_blocks.
func checkAge(ctx context.Context, m types.Market, p types.Price, params types.Params) error {
	if age := sdk.UnwrapSDKContext(ctx).BlockHeight() - p.Height; age > int64(params.MaxAgeBlocks) {
		return types.ErrStalePrice.Wrapf("%s last updated %d blocks ago (max %d)", m.Symbol, age, params.MaxAgeBlocks)
	}
	return nil
}

// ConservativePrices returns symbol's prices for risk-increasing actions:
// collateral valued at min(spot, TWAP), debt at max(spot, TWAP). It fails
// like GetPrice when the spot price is stale.
func (k Keeper) ConservativePrices(ctx context.Context, symbol string) (collateral, debt sdkmath.LegacyDec, err error) {
	m, err := k.MarketBySymbolName(ctx, symbol)
	if err != nil {
		return sdkmath.LegacyDec{}, sdkmath.LegacyDec{}, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return sdkmath.LegacyDec{}, sdkmath.LegacyDec{}, err
	}
	p, err := k.freshPrice(ctx, m, params)
	if err != nil {
		return sdkmath.LegacyDec{}, sdkmath.LegacyDec{}, err
	}
	twap, _, err := k.twapOf(ctx, m.Id, params)
	if err != nil {
		return sdkmath.LegacyDec{}, sdkmath.LegacyDec{}, err
	}
	return types.CollateralPrice(p.Price, twap), types.DebtPrice(p.Price, twap), nil
}

// PriceGas bounds the store gas of one GetPrice (spot) and one
// ConservativePrices (conservative) under the current params, for modules
// that charge a message's gas before its work (types/gas.go).
func (k Keeper) PriceGas(ctx context.Context) (spot, conservative uint64, err error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, 0, err
	}
	spot, conservative = params.PriceGas()
	return spot, conservative, nil
}

// TWAP is symbol's time-weighted average over twap_window_blocks ending at
// the current height; ok is false without history.
func (k Keeper) TWAP(ctx context.Context, symbol string) (twap sdkmath.LegacyDec, ok bool, err error) {
	m, err := k.MarketBySymbolName(ctx, symbol)
	if err != nil {
		return sdkmath.LegacyDec{}, false, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return sdkmath.LegacyDec{}, false, err
	}
	return k.twapOf(ctx, m.Id, params)
}

// twapOf is market id's TWAP at the current height: the block's snapshot
// when the PreBlocker took one, otherwise worked out from the history (a
// query or CheckTx state, an app without the PreBlocker). Both are the same
// number: the history does not change between the PreBlocker and the end of
// the block.
func (k Keeper) twapOf(ctx context.Context, id uint32, params types.Params) (sdkmath.LegacyDec, bool, error) {
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	snap, err := k.Twaps.Get(ctx, id)
	switch {
	case err == nil && snap.Height == height:
		return snap.Price, true, nil
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return sdkmath.LegacyDec{}, false, err
	}
	return k.twapFromHistory(ctx, id, params)
}

func (k Keeper) twapFromHistory(ctx context.Context, id uint32, params types.Params) (sdkmath.LegacyDec, bool, error) {
	points, err := k.recentHistory(ctx, id, params)
	if err != nil {
		return sdkmath.LegacyDec{}, false, err
	}
	twap, ok := types.TWAP(points, sdk.UnwrapSDKContext(ctx).BlockHeight(), params.TwapWindowBlocks)
	return twap, ok, nil
}

// SnapshotTWAPs takes every market's TWAP as of this block, after the
// block's prices are written (the PreBlocker): every health check in the
// block then reads one entry per market instead of up to twap_window+1.
// The work is bounded by the number of markets, never by accounts; a market
// without history has no snapshot.
func (k Keeper) SnapshotTWAPs(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	markets, err := k.AllMarkets(ctx)
	if err != nil {
		return err
	}
	for _, m := range markets {
		twap, ok, err := k.twapFromHistory(ctx, m.Id, params)
		if err != nil {
			return fmt.Errorf("twap of %s: %w", m.Symbol, err)
		}
		if !ok {
			if err := k.Twaps.Remove(ctx, m.Id); err != nil {
				return err
			}
			continue
		}
		if err := k.Twaps.Set(ctx, m.Id, types.PricePoint{Price: twap, Height: height}); err != nil {
			return err
		}
	}
	return nil
}

// recentHistory reads, newest first and at most twap_window+1 entries, the
// ring buffer of market id, and returns the points oldest first. Reading is
// bounded by the params, never by how long the chain has run.
func (k Keeper) recentHistory(ctx context.Context, id uint32, params types.Params) ([]types.PricePoint, error) {
	head, err := k.HistoryHead.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	size := params.HistorySize
	want := params.HistoryReads()
	points := make([]types.PricePoint, 0, want)
	slot := head
	for i := uint64(0); i < want; i++ {
		slot = (slot + size - 1) % size
		p, err := k.History.Get(ctx, collections.Join(id, slot))
		if errors.Is(err, collections.ErrNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(points) > 0 && p.Height >= points[len(points)-1].Height {
			break // wrapped into entries older than the buffer's current run
		}
		points = append(points, p)
	}
	slices.Reverse(points)
	return points, nil
}

// writePrice stores a new price and appends it to the market's history.
func (k Keeper) writePrice(ctx context.Context, id uint32, p types.Price, params types.Params) error {
	if err := k.Prices.Set(ctx, id, p); err != nil {
		return err
	}
	// A snapshot taken before this write would no longer match the history.
	if err := k.Twaps.Remove(ctx, id); err != nil {
		return err
	}
	head, err := k.HistoryHead.Get(ctx, id)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	head %= params.HistorySize // the size may have shrunk since the last write
	if err := k.History.Set(ctx, collections.Join(id, head), types.PricePoint{Price: p.Price, Height: p.Height}); err != nil {
		return err
	}
	return k.HistoryHead.Set(ctx, id, (head+1)%params.HistorySize)
}

// AllPrices returns every stored price with its market, ordered by market id.
func (k Keeper) AllPrices(ctx context.Context) ([]types.Price, error) {
	var out []types.Price
	err := k.Prices.Walk(ctx, nil, func(_ uint32, p types.Price) (bool, error) {
		out = append(out, p)
		return false, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading prices: %w", err)
	}
	return out, nil
}
