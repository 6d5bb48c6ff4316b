// Package keeper holds the oracle's state: markets, prices with their
// history, and per-validator report counters.
package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// Keeper is the oracle's state and the only way to change it.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService storetypes.KVStoreService
	authority    string
	addressCodec address.Codec

	stakingKeeper  types.StakingKeeper
	slashingKeeper types.SlashingKeeper

	Schema         collections.Schema
	Params         collections.Item[types.Params]
	Markets        collections.Map[uint32, types.Market]
	MarketBySymbol collections.Map[string, uint32]
	NextMarketID   collections.Sequence
	Prices         collections.Map[uint32, types.Price]
	History        collections.Map[collections.Pair[uint32, uint32], types.PricePoint]
	HistoryHead    collections.Map[uint32, uint32]
	// Twaps holds each market's TWAP as of the current block, so the health
	// checks of a block's transactions read one entry instead of the window.
	Twaps collections.Map[uint32, types.PricePoint]
	// Performance is keyed by consensus address: that is how the commit names validators.
	Performance collections.Map[[]byte, types.ValidatorPerformance]
}

// NewKeeper builds the keeper. authority is the address allowed to change
// params and markets (the gov module account).
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService storetypes.KVStoreService,
	addressCodec address.Codec,
	stakingKeeper types.StakingKeeper,
	slashingKeeper types.SlashingKeeper,
	authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("oracle: invalid authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:            cdc,
		storeService:   storeService,
		authority:      authority,
		addressCodec:   addressCodec,
		stakingKeeper:  stakingKeeper,
		slashingKeeper: slashingKeeper,
		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Markets:        collections.NewMap(sb, types.MarketsKey, "markets", collections.Uint32Key, codec.CollValue[types.Market](cdc)),
		MarketBySymbol: collections.NewMap(sb, types.MarketBySymbolKey, "market_by_symbol", collections.StringKey, collections.Uint32Value),
		NextMarketID:   collections.NewSequence(sb, types.NextMarketIDKey, "next_market_id"),
		Prices:         collections.NewMap(sb, types.PricesKey, "prices", collections.Uint32Key, codec.CollValue[types.Price](cdc)),
		History: collections.NewMap(sb, types.HistoryKey, "history",
			collections.PairKeyCodec(collections.Uint32Key, collections.Uint32Key), codec.CollValue[types.PricePoint](cdc)),
		HistoryHead: collections.NewMap(sb, types.HistoryHeadKey, "history_head", collections.Uint32Key, collections.Uint32Value),
		Twaps:       collections.NewMap(sb, types.TwapKey, "twaps", collections.Uint32Key, codec.CollValue[types.PricePoint](cdc)),
		Performance: collections.NewMap(sb, types.PerformanceKey, "performance", collections.BytesKey, codec.CollValue[types.ValidatorPerformance](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority is the address allowed to change params and markets.
func (k Keeper) Authority() string { return k.authority }

// Logger is the module logger.
func (k Keeper) Logger(ctx context.Context) log.Logger {
	return sdk.UnwrapSDKContext(ctx).Logger().With("module", "x/"+types.ModuleName)
}
