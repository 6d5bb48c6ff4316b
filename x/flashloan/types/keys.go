package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key.
	ModuleName = "flashloan"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
	// TransientStoreKey holds the per-transaction loan guard.
	TransientStoreKey = "transient_" + ModuleName
)

// Store prefixes. Never renumber.
var (
	ParamsKey = collections.NewPrefix(1) // Params
	// ActiveKey (transient store) is set while a flash loan runs its inner
	// messages. It lives in the transaction's cached state, so a failed
	// transaction discards it with everything else.
	ActiveKey = collections.NewPrefix(1)
)
