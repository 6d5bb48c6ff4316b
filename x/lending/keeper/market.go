package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// market returns denom's market or ErrUnknownMarket.
func (k Keeper) market(ctx context.Context, denom string) (types.Market, error) {
	m, err := k.Markets.Get(ctx, denom)
	if errors.Is(err, collections.ErrNotFound) {
		return m, types.ErrUnknownMarket.Wrapf("%q", denom)
	}
	return m, err
}

// newMarketState is a fresh market's accounting at block time.
func newMarketState(denom string, now sdk.Context) types.MarketState {
	return types.MarketState{
		Denom: denom, TotalScaledSupply: sdkmath.ZeroInt(), TotalScaledBorrows: sdkmath.ZeroInt(),
		LiquidityIndex: sdkmath.LegacyOneDec(), BorrowIndex: sdkmath.LegacyOneDec(), LastAccrual: now.BlockTime(),
		Cash: sdkmath.ZeroInt(), Reserves: sdkmath.ZeroInt(), Deficit: sdkmath.ZeroInt(),
	}
}

// accrued returns denom's market and state with interest accrued to the
// block time, without writing: views and health checks see current debt.
func (k Keeper) accrued(ctx context.Context, denom string) (types.Market, types.MarketState, error) {
	m, err := k.market(ctx, denom)
	if err != nil {
		return m, types.MarketState{}, err
	}
	st, err := k.MarketStates.Get(ctx, denom)
	if err != nil {
		return m, st, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return m, st, err
	}
	return m, types.Accrue(st, m, params.MaxBorrowRate, sdk.UnwrapSDKContext(ctx).BlockTime()), nil
}

// touch accrues denom's market and writes the result: every action on a
// market starts here, so it always acts on accrued interest. O(1).
func (k Keeper) touch(ctx context.Context, denom string) (types.Market, types.MarketState, error) {
	m, st, err := k.accrued(ctx, denom)
	if err != nil {
		return m, st, err
	}
	return m, st, k.MarketStates.Set(ctx, denom, st)
}

// SetMarket adds or replaces a market (governance). A new market starts
// with unit indices; an existing one keeps its accounting, accrued to now
// under its old rates first.
func (k Keeper) SetMarket(ctx context.Context, m types.Market) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := m.ValidateAgainst(params); err != nil {
		return err
	}
	has, err := k.MarketStates.Has(ctx, m.Denom)
	if err != nil {
		return err
	}
	if has {
		if _, _, err := k.touch(ctx, m.Denom); err != nil {
			return err
		}
	} else if err := k.MarketStates.Set(ctx, m.Denom, newMarketState(m.Denom, sdk.UnwrapSDKContext(ctx))); err != nil {
		return err
	}
	return k.Markets.Set(ctx, m.Denom, m)
}
