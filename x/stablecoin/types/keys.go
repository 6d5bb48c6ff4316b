package types

import "cosmossdk.io/collections"

// StoreKey is the KV store key.
const StoreKey = ModuleName

// Store prefixes. Never renumber.
var (
	ParamsKey        = collections.NewPrefix(1)  // Params
	TypesKey         = collections.NewPrefix(2)  // name → CollateralType
	TypeStatesKey    = collections.NewPrefix(3)  // name → TypeState
	VaultsKey        = collections.NewPrefix(4)  // id → Vault
	VaultsByOwnerKey = collections.NewPrefix(5)  // (owner, id) set
	VaultIndexKey    = collections.NewPrefix(6)  // (type, ratio key, id) set: the unsafe-vault index
	AuctionsKey      = collections.NewPrefix(7)  // id → Auction
	PSMKey           = collections.NewPrefix(8)  // PSMParams
	LedgerKey        = collections.NewPrefix(9)  // Ledger
	NextVaultIDKey   = collections.NewPrefix(10) // sequence
	NextAuctionIDKey = collections.NewPrefix(11) // sequence
)
