package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the oracle module's name, store key and route.
	ModuleName = "oracle"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
)

// Store prefixes. Never renumber: they are the on-disk layout.
var (
	// ParamsKey holds Params.
	ParamsKey = collections.NewPrefix(1)
	// MarketsKey maps market id → Market.
	MarketsKey = collections.NewPrefix(2)
	// MarketBySymbolKey maps symbol → market id (unique index).
	MarketBySymbolKey = collections.NewPrefix(3)
	// NextMarketIDKey is the id the next new market gets.
	NextMarketIDKey = collections.NewPrefix(4)
	// PricesKey maps market id → Price.
	PricesKey = collections.NewPrefix(5)
	// HistoryKey maps (market id, slot) → PricePoint: a ring buffer per market.
	HistoryKey = collections.NewPrefix(6)
	// HistoryHeadKey maps market id → the next slot to write.
	HistoryHeadKey = collections.NewPrefix(7)
	// PerformanceKey maps validator operator address → ValidatorPerformance.
	PerformanceKey = collections.NewPrefix(8)
	// TwapKey maps market id → its TWAP as of the block it was taken in
	// (PricePoint.Height), taken once per block by the PreBlocker.
	TwapKey = collections.NewPrefix(9)
)
