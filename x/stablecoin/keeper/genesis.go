package keeper

import (
	"context"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// InitGenesis writes the state and rebuilds the owner and ratio indexes.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, ct := range gs.CollateralTypes {
		if err := k.SetCollateralType(ctx, ct); err != nil {
			return err
		}
	}
	for _, st := range gs.TypeStates {
		if err := k.TypeStates.Set(ctx, st.Name, st); err != nil {
			return err
		}
	}
	for _, v := range gs.Vaults {
		owner, err := k.addressCodec.StringToBytes(v.Owner)
		if err != nil {
			return err
		}
		if err := k.save(ctx, types.Vault{Art: sdkmath.ZeroInt()}, v); err != nil {
			return err
		}
		if err := k.VaultsByOwner.Set(ctx, collections.Join(sdk.AccAddress(owner), v.Id)); err != nil {
			return err
		}
	}
	for _, a := range gs.Auctions {
		if err := k.Auctions.Set(ctx, a.Id, a); err != nil {
			return err
		}
	}
	if gs.Psm != nil {
		if err := k.PSM.Set(ctx, *gs.Psm); err != nil {
			return err
		}
	}
	if err := k.Ledger.Set(ctx, gs.Ledger); err != nil {
		return err
	}
	if err := k.NextVaultID.Set(ctx, gs.NextVaultId); err != nil {
		return err
	}
	return k.NextAuctionID.Set(ctx, gs.NextAuctionId)
}

// ExportGenesis reads the state back.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.Types.Walk(ctx, nil, func(_ string, ct types.CollateralType) (bool, error) {
		gs.CollateralTypes = append(gs.CollateralTypes, ct)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.TypeStates.Walk(ctx, nil, func(_ string, st types.TypeState) (bool, error) {
		gs.TypeStates = append(gs.TypeStates, st)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Vaults.Walk(ctx, nil, func(_ uint64, v types.Vault) (bool, error) {
		gs.Vaults = append(gs.Vaults, v)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Auctions.Walk(ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
		gs.Auctions = append(gs.Auctions, a)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if p, err := k.PSM.Get(ctx); err == nil {
		gs.Psm = &p
	}
	if gs.Ledger, err = k.ledger(ctx); err != nil {
		return nil, err
	}
	if gs.NextVaultId, err = k.NextVaultID.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextAuctionId, err = k.NextAuctionID.Peek(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
