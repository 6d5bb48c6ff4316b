package types

import "cosmossdk.io/errors"

// Error codes start at 2 (1 is the SDK's internal error) and never change meaning.
var (
	ErrStalePrice       = errors.Register(ModuleName, 2, "stale price")
	ErrUnknownMarket    = errors.Register(ModuleName, 3, "unknown market")
	ErrUnknownValidator = errors.Register(ModuleName, 4, "unknown validator")
	ErrInvalidRequest   = errors.Register(ModuleName, 5, "invalid request")
	ErrInvalidParams    = errors.Register(ModuleName, 6, "invalid params")
	ErrInvalidMarket    = errors.Register(ModuleName, 7, "invalid market")
	ErrInvalidExtension = errors.Register(ModuleName, 8, "invalid vote extension")
	ErrInvalidAuthority = errors.Register(ModuleName, 9, "invalid authority")
	ErrInvalidOracleTx  = errors.Register(ModuleName, 10, "invalid oracle transaction")
	ErrTooManyMarkets   = errors.Register(ModuleName, 11, "too many markets")
)
