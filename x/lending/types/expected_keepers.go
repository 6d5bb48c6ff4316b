package types

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// BankKeeper moves the coins users supply, borrow and repay.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error
}

// OracleKeeper prices markets. Both prices fail with
// oracletypes.ErrStalePrice when a price is stale; PriceGas bounds the store
// gas of one of each, for the gas charged before work (types/gas.go).
type OracleKeeper interface {
	GetPrice(ctx context.Context, symbol string) (oracletypes.Price, error)
	ConservativePrices(ctx context.Context, symbol string) (collateral, debt sdkmath.LegacyDec, err error)
	PriceGas(ctx context.Context) (spot, conservative uint64, err error)
}
