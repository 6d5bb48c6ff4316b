package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// Flash loans (x/flashloan) borrow a market's available cash for the
// length of one transaction. The market accrues first, so the lent-out
// cash never changes the utilization an accrual sees: later touches in the
// same block find no time elapsed.

// FlashLend sends coin out of its market's available cash.
func (k Keeper) FlashLend(ctx context.Context, to sdk.AccAddress, coin sdk.Coin) error {
	if !coin.Amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("flash loan must be positive")
	}
	m, st, err := k.touch(ctx, coin.Denom)
	if err != nil {
		return err
	}
	if err := m.CanFlashLend(); err != nil {
		return err
	}
	if coin.Amount.GT(st.Available()) {
		return types.ErrInsufficientLiquidity.Wrapf("%s%s available for flash loans", st.Available(), coin.Denom)
	}
	st.Cash = st.Cash.Sub(coin.Amount)
	if err := k.MarketStates.Set(ctx, coin.Denom, st); err != nil {
		return err
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(coin))
}

// FlashRepay takes coin + fee back from the borrower. income (≤ fee, the
// fee before rounding up) is shared by suppliers and reserves like
// interest; the rest of the fee goes to reserves. See FlashIncome for why.
func (k Keeper) FlashRepay(ctx context.Context, from sdk.AccAddress, coin sdk.Coin, fee, income sdkmath.Int) error {
	m, st, err := k.touch(ctx, coin.Denom)
	if err != nil {
		return err
	}
	owed := coin.Amount.Add(fee)
	if err := k.bank.SendCoinsFromAccountToModule(ctx, from, types.ModuleName, sdk.NewCoins(sdk.NewCoin(coin.Denom, owed))); err != nil {
		return err
	}
	st.Cash = st.Cash.Add(owed)
	return k.MarketStates.Set(ctx, coin.Denom, st.FlashIncome(m, fee, income))
}

// FlashAvailable reports whether denom's market lends for flash loans now
// and how much.
func (k Keeper) FlashAvailable(ctx context.Context, denom string) (bool, sdkmath.Int, error) {
	m, st, err := k.accrued(ctx, denom)
	if err != nil {
		return false, sdkmath.ZeroInt(), err
	}
	return m.CanFlashLend() == nil, st.Available(), nil
}

// FlashDenoms lists the market denoms in order (bounded by governance).
func (k Keeper) FlashDenoms(ctx context.Context) ([]string, error) {
	var out []string
	err := k.Markets.Walk(ctx, nil, func(denom string, _ types.Market) (bool, error) {
		out = append(out, denom)
		return false, nil
	})
	return out, err
}
