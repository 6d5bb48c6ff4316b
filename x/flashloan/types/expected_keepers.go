package types

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// LendingKeeper lends market cash for the length of a flash loan.
type LendingKeeper interface {
	// FlashLend sends coin out of its market's available cash.
	FlashLend(ctx context.Context, to sdk.AccAddress, coin sdk.Coin) error
	// FlashRepay takes coin + fee back; income (the fee before rounding up)
	// goes to suppliers and reserves, the rest of the fee to reserves.
	FlashRepay(ctx context.Context, from sdk.AccAddress, coin sdk.Coin, fee, income sdkmath.Int) error
	// FlashAvailable is whether denom's market lends flash and its available cash.
	FlashAvailable(ctx context.Context, denom string) (enabled bool, available sdkmath.Int, err error)
	// FlashDenoms lists the market denoms in order.
	FlashDenoms(ctx context.Context) ([]string, error)
}

// StablecoinKeeper flash-mints BSD.
type StablecoinKeeper interface {
	FlashMint(ctx context.Context, to sdk.AccAddress, amount sdkmath.Int) error
	// FlashBurn takes amount + fee back, burns amount and books fee as surplus.
	FlashBurn(ctx context.Context, from sdk.AccAddress, amount, fee sdkmath.Int) error
}

// BankKeeper reads what the borrower holds to explain a shortfall.
type BankKeeper interface {
	SpendableCoin(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
}
