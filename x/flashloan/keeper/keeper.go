// Package keeper runs flash loans: lend, run the borrower's messages
// through the app's router, take the loan back with its fee, all inside
// one transaction that fails as a whole.
package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/ballast-chain/ballast/x/flashloan/types"
)

// Keeper holds the params and the per-transaction loan guard.
type Keeper struct {
	cdc          codec.Codec
	addressCodec address.Codec
	authority    string
	transient    storetypes.TransientStoreService
	router       baseapp.MessageRouter
	lending      types.LendingKeeper
	stablecoin   types.StablecoinKeeper
	bank         types.BankKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]
}

// NewKeeper builds the keeper. router is the app's message router; inner
// messages go through it exactly as top-level ones do.
func NewKeeper(cdc codec.Codec, storeService storetypes.KVStoreService, transient storetypes.TransientStoreService,
	addressCodec address.Codec, router baseapp.MessageRouter, lending types.LendingKeeper,
	stablecoin types.StablecoinKeeper, bank types.BankKeeper, authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("flashloan: invalid authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, authority: authority, transient: transient, router: router,
		lending: lending, stablecoin: stablecoin, bank: bank,
		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority is the governance address.
func (k Keeper) Authority() string { return k.authority }

// InitGenesis writes the params.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	return k.Params.Set(ctx, gs.Params)
}

// ExportGenesis reads the params.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	p, err := k.Params.Get(ctx)
	return &types.GenesisState{Params: p}, err
}

// The guard lives in the transaction's transient store: set while a loan
// runs its messages, so any flash loan reached from inside (directly,
// through authz MsgExec, or any other dispatcher) finds it set.

func (k Keeper) active(ctx context.Context) (bool, error) {
	return k.transient.OpenTransientStore(ctx).Has(types.ActiveKey)
}

func (k Keeper) setActive(ctx context.Context, on bool) error {
	s := k.transient.OpenTransientStore(ctx)
	if on {
		return s.Set(types.ActiveKey, []byte{1})
	}
	return s.Delete(types.ActiveKey)
}
