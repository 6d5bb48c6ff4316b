// Package keeper holds the money market's state: markets with their
// accounting, and every account's scaled supply, scaled debt and collateral
// flags. One file per concern: market.go (accrual), positions.go,
// health.go, supply.go, borrow.go, liquidate.go, baddebt.go.
package keeper

import (
	"context"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// Keeper is the lending state and the only way to change it.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	authority    string

	bank   types.BankKeeper
	oracle types.OracleKeeper

	Schema       collections.Schema
	Params       collections.Item[types.Params]
	Markets      collections.Map[string, types.Market]
	MarketStates collections.Map[string, types.MarketState]
	// Supplies and Borrows hold scaled amounts per (account, denom).
	Supplies   collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int]
	Borrows    collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int]
	Collateral collections.KeySet[collections.Pair[sdk.AccAddress, string]]
	// Borrowers are the accounts with any debt: what keepers page through.
	Borrowers collections.KeySet[sdk.AccAddress]
}

// NewKeeper builds the keeper; authority may change params and markets.
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService storetypes.KVStoreService,
	addressCodec address.Codec,
	bank types.BankKeeper,
	oracle types.OracleKeeper,
	authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("lending: invalid authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	pairKey := collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, authority: authority, bank: bank, oracle: oracle,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Markets:      collections.NewMap(sb, types.MarketsKey, "markets", collections.StringKey, codec.CollValue[types.Market](cdc)),
		MarketStates: collections.NewMap(sb, types.MarketStatesKey, "market_states", collections.StringKey, codec.CollValue[types.MarketState](cdc)),
		Supplies:     collections.NewMap(sb, types.SuppliesKey, "supplies", pairKey, sdk.IntValue),
		Borrows:      collections.NewMap(sb, types.BorrowsKey, "borrows", pairKey, sdk.IntValue),
		Collateral:   collections.NewKeySet(sb, types.CollateralKey, "collateral", pairKey),
		Borrowers:    collections.NewKeySet(sb, types.BorrowersKey, "borrowers", sdk.AccAddressKey),
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

func (k Keeper) emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}

// collectionsNoValue is a KeySet's value type.
type collectionsNoValue = collections.NoValue
