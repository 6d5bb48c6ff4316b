package keeper

import (
	"context"
	"slices"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// InitGenesis writes params, markets, their states (fresh ones for markets
// without) and positions, and rebuilds the borrower index.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	for _, m := range gs.Markets {
		if err := k.Markets.Set(ctx, m.Denom, m); err != nil {
			return err
		}
		if err := k.MarketStates.Set(ctx, m.Denom, newMarketState(m.Denom, sdkCtx)); err != nil {
			return err
		}
	}
	for _, st := range gs.MarketStates {
		if err := k.MarketStates.Set(ctx, st.Denom, st); err != nil {
			return err
		}
	}
	for _, a := range gs.Accounts {
		addr, err := k.account(a.Address)
		if err != nil {
			return err
		}
		for _, p := range a.Positions {
			if err := setScaled(ctx, k.Supplies, addr, p.Denom, p.ScaledSupply); err != nil {
				return err
			}
			if err := setScaled(ctx, k.Borrows, addr, p.Denom, p.ScaledDebt); err != nil {
				return err
			}
			if p.Collateral {
				if err := k.Collateral.Set(ctx, pos(addr, p.Denom)); err != nil {
					return err
				}
			}
		}
		if err := k.refreshBorrower(ctx, addr); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis reads everything back, accounts in address order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.Markets.Walk(ctx, nil, func(_ string, m types.Market) (bool, error) {
		gs.Markets = append(gs.Markets, m)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.MarketStates.Walk(ctx, nil, func(_ string, s types.MarketState) (bool, error) {
		gs.MarketStates = append(gs.MarketStates, s)
		return false, nil
	}); err != nil {
		return nil, err
	}
	byAccount := map[string]map[string]*types.Position{}
	get := func(addr sdk.AccAddress, denom string) *types.Position {
		a := addr.String()
		if byAccount[a] == nil {
			byAccount[a] = map[string]*types.Position{}
		}
		if byAccount[a][denom] == nil {
			byAccount[a][denom] = &types.Position{Denom: denom, ScaledSupply: sdkmath.ZeroInt(), ScaledDebt: sdkmath.ZeroInt()}
		}
		return byAccount[a][denom]
	}
	if err := k.Supplies.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], v sdkmath.Int) (bool, error) {
		get(key.K1(), key.K2()).ScaledSupply = v
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Borrows.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], v sdkmath.Int) (bool, error) {
		get(key.K1(), key.K2()).ScaledDebt = v
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Collateral.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string]) (bool, error) {
		get(key.K1(), key.K2()).Collateral = true
		return false, nil
	}); err != nil {
		return nil, err
	}
	addrs := make([]string, 0, len(byAccount))
	for a := range byAccount {
		addrs = append(addrs, a)
	}
	slices.Sort(addrs)
	for _, a := range addrs {
		denoms := make([]string, 0, len(byAccount[a]))
		for d := range byAccount[a] {
			denoms = append(denoms, d)
		}
		slices.Sort(denoms)
		acct := types.AccountPositions{Address: a}
		for _, d := range denoms {
			acct.Positions = append(acct.Positions, *byAccount[a][d])
		}
		gs.Accounts = append(gs.Accounts, acct)
	}
	return gs, nil
}
