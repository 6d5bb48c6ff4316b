package types

import "cosmossdk.io/errors"

var (
	ErrInvalidParams    = errors.Register(ModuleName, 2, "invalid params")
	ErrInvalidAuthority = errors.Register(ModuleName, 3, "invalid authority")
	ErrInvalidLoan      = errors.Register(ModuleName, 4, "invalid flash loan")
	ErrNested           = errors.Register(ModuleName, 5, "flash loan inside a flash loan")
	ErrForeignSigner    = errors.Register(ModuleName, 6, "inner message not signed by the borrower alone")
	ErrTooManyMsgs      = errors.Register(ModuleName, 7, "too many inner messages")
	ErrInsufficientLiq  = errors.Register(ModuleName, 8, "not enough flash liquidity")
	ErrNotRepaid        = errors.Register(ModuleName, 9, "flash loan not repaid")
)
