package types

import "cosmossdk.io/errors"

// ModuleName is the stablecoin module's name, store key and module account.
const ModuleName = "stablecoin"

// Error codes start at 2 and never change meaning.
var (
	ErrUnknownType        = errors.Register(ModuleName, 2, "unknown collateral type")
	ErrUnknownVault       = errors.Register(ModuleName, 3, "unknown vault")
	ErrUnknownAuction     = errors.Register(ModuleName, 4, "unknown auction")
	ErrInvalidAmount      = errors.Register(ModuleName, 5, "invalid amount")
	ErrUnsafe             = errors.Register(ModuleName, 6, "vault would be unsafe")
	ErrDebtCeiling        = errors.Register(ModuleName, 7, "debt ceiling reached")
	ErrDebtFloor          = errors.Register(ModuleName, 8, "debt below the floor")
	ErrSafeVault          = errors.Register(ModuleName, 9, "vault is safe")
	ErrAuctionLimit       = errors.Register(ModuleName, 10, "too much debt in auction")
	ErrPriceAboveMax      = errors.Register(ModuleName, 11, "auction price above the buyer's maximum")
	ErrNeedsRedo          = errors.Register(ModuleName, 12, "auction must be redone")
	ErrNoRedoNeeded       = errors.Register(ModuleName, 13, "auction does not need a redo")
	ErrTakeLeavesDust     = errors.Register(ModuleName, 14, "take would leave a dust auction")
	ErrPSMCeiling         = errors.Register(ModuleName, 15, "PSM ceiling reached")
	ErrPSMReserve         = errors.Register(ModuleName, 16, "PSM reserve too small")
	ErrNotOwner           = errors.Register(ModuleName, 17, "not the vault owner")
	ErrInvalidParams      = errors.Register(ModuleName, 18, "invalid params")
	ErrInvalidType        = errors.Register(ModuleName, 19, "invalid collateral type")
	ErrInvalidAuthority   = errors.Register(ModuleName, 20, "invalid authority")
	ErrVaultInAuction     = errors.Register(ModuleName, 21, "vault is in auction")
	ErrInsufficientSupply = errors.Register(ModuleName, 22, "surplus too small")
)
