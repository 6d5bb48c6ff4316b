package types

import "cosmossdk.io/errors"

// Error codes start at 2 and never change meaning. Clients match on them.
var (
	ErrUnknownMarket         = errors.Register(ModuleName, 2, "unknown market")
	ErrInvalidAmount         = errors.Register(ModuleName, 3, "invalid amount")
	ErrMarketPaused          = errors.Register(ModuleName, 4, "market paused")
	ErrMarketFrozen          = errors.Register(ModuleName, 5, "market frozen")
	ErrBorrowDisabled        = errors.Register(ModuleName, 6, "borrowing disabled")
	ErrCollateralDisabled    = errors.Register(ModuleName, 7, "collateral disabled for this market")
	ErrSupplyCap             = errors.Register(ModuleName, 8, "supply cap reached")
	ErrBorrowCap             = errors.Register(ModuleName, 9, "borrow cap reached")
	ErrInsufficientLiquidity = errors.Register(ModuleName, 10, "insufficient market liquidity")
	ErrInsufficientSupply    = errors.Register(ModuleName, 11, "withdrawal exceeds supply")
	ErrUndercollateralized   = errors.Register(ModuleName, 12, "borrow limit exceeded")
	ErrDustBorrow            = errors.Register(ModuleName, 13, "debt below the minimum borrow value")
	ErrNoDebt                = errors.Register(ModuleName, 14, "no debt to repay")
	ErrHealthy               = errors.Register(ModuleName, 15, "account is not liquidatable")
	ErrSelfLiquidation       = errors.Register(ModuleName, 16, "self-liquidation")
	ErrLeavesDust            = errors.Register(ModuleName, 17, "liquidation would leave dust; repay the whole debt")
	ErrLiquidationTooSmall   = errors.Register(ModuleName, 18, "liquidation amount rounds to zero")
	ErrNoCollateral          = errors.Register(ModuleName, 19, "no such collateral")
	ErrInvalidParams         = errors.Register(ModuleName, 20, "invalid params")
	ErrInvalidMarket         = errors.Register(ModuleName, 21, "invalid market")
	ErrInvalidAuthority      = errors.Register(ModuleName, 22, "invalid authority")
	ErrNotSafer              = errors.Register(ModuleName, 23, "guardian actions may only make a market safer")
	ErrQueryDisabled         = errors.Register(ModuleName, 24, "query disabled on this node")
	ErrInvalidAddress        = errors.Register(ModuleName, 25, "invalid address")
	ErrFlashLoanDisabled     = errors.Register(ModuleName, 26, "flash loans disabled on this market")
)
