package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Flash mints (x/flashloan) create BSD that lives for one transaction:
// FlashBurn destroys it again before the transaction ends, or the
// transaction fails and the mint never happened. The ledger invariant
// therefore holds between transactions; x/flashloan bounds the amount.

// FlashMint mints amount of BSD to the borrower.
func (k Keeper) FlashMint(ctx context.Context, to sdk.AccAddress, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("flash mint must be positive")
	}
	return k.mintTo(ctx, to, amount)
}

// FlashBurn takes amount + fee from the borrower, burns amount and keeps
// the fee as surplus.
func (k Keeper) FlashBurn(ctx context.Context, from sdk.AccAddress, amount, fee sdkmath.Int) error {
	if err := k.bank.SendCoinsFromAccountToModule(ctx, from, types.ModuleName, bsd(amount.Add(fee))); err != nil {
		return err
	}
	if err := k.bank.BurnCoins(ctx, types.ModuleName, bsd(amount)); err != nil {
		return err
	}
	if !fee.IsPositive() {
		return nil
	}
	return k.bookSurplus(ctx, fee)
}
