package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the lending module's name, store key and module account.
	ModuleName = "lending"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
)

// Store prefixes. Never renumber: they are the on-disk layout.
var (
	ParamsKey       = collections.NewPrefix(1) // Params
	MarketsKey      = collections.NewPrefix(2) // denom → Market
	MarketStatesKey = collections.NewPrefix(3) // denom → MarketState
	SuppliesKey     = collections.NewPrefix(4) // (account, denom) → scaled supply
	BorrowsKey      = collections.NewPrefix(5) // (account, denom) → scaled debt
	CollateralKey   = collections.NewPrefix(6) // (account, denom) set: enabled as collateral
	BorrowersKey    = collections.NewPrefix(7) // account set: accounts with any debt (for keepers)
)
