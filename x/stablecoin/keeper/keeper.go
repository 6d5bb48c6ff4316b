// Package keeper holds BSD's state: collateral types with their rate
// accumulators, vaults and the ratio index that finds unsafe ones, the
// PSM, and the ledger that keeps BSD supply exactly accounted for.
package keeper

import (
	"context"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// StableDenom is BSD's base denom.
const StableDenom = types.StableDenom

// Keeper is the stablecoin state.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	authority    string
	bank         types.BankKeeper
	oracle       types.OracleKeeper

	Schema        collections.Schema
	Params        collections.Item[types.Params]
	Types         collections.Map[string, types.CollateralType]
	TypeStates    collections.Map[string, types.TypeState]
	Vaults        collections.Map[uint64, types.Vault]
	VaultsByOwner collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// Index orders each type's vaults with debt by collateral/art.
	Index         collections.KeySet[collections.Triple[string, []byte, uint64]]
	Auctions      collections.Map[uint64, types.Auction]
	PSM           collections.Item[types.PSMParams]
	Ledger        collections.Item[types.Ledger]
	NextVaultID   collections.Sequence
	NextAuctionID collections.Sequence
}

// NewKeeper builds the keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, addressCodec address.Codec,
	bank types.BankKeeper, oracle types.OracleKeeper, authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("stablecoin: invalid authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, authority: authority, bank: bank, oracle: oracle,
		Params:     collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Types:      collections.NewMap(sb, types.TypesKey, "types", collections.StringKey, codec.CollValue[types.CollateralType](cdc)),
		TypeStates: collections.NewMap(sb, types.TypeStatesKey, "type_states", collections.StringKey, codec.CollValue[types.TypeState](cdc)),
		Vaults:     collections.NewMap(sb, types.VaultsKey, "vaults", collections.Uint64Key, codec.CollValue[types.Vault](cdc)),
		VaultsByOwner: collections.NewKeySet(sb, types.VaultsByOwnerKey, "vaults_by_owner",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		Index: collections.NewKeySet(sb, types.VaultIndexKey, "vault_index",
			collections.TripleKeyCodec(collections.StringKey, collections.BytesKey, collections.Uint64Key)),
		Auctions:      collections.NewMap(sb, types.AuctionsKey, "auctions", collections.Uint64Key, codec.CollValue[types.Auction](cdc)),
		PSM:           collections.NewItem(sb, types.PSMKey, "psm", codec.CollValue[types.PSMParams](cdc)),
		Ledger:        collections.NewItem(sb, types.LedgerKey, "ledger", codec.CollValue[types.Ledger](cdc)),
		NextVaultID:   collections.NewSequence(sb, types.NextVaultIDKey, "next_vault_id"),
		NextAuctionID: collections.NewSequence(sb, types.NextAuctionIDKey, "next_auction_id"),
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

// addr renders an account address with the chain's codec (what vaults and
// events store), whatever the process-global bech32 config says.
func (k Keeper) addr(a sdk.AccAddress) string {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return a.String()
	}
	return s
}
