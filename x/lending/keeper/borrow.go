package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// Borrow lends coins against the account's collateral.
func (k Keeper) Borrow(ctx context.Context, addr sdk.AccAddress, coin sdk.Coin) error {
	if !coin.Amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("borrow must be positive")
	}
	m, st, err := k.touch(ctx, coin.Denom)
	if err != nil {
		return err
	}
	if err := m.CanBorrow(); err != nil {
		return err
	}
	if coin.Amount.GT(st.Available()) {
		return types.ErrInsufficientLiquidity.Wrapf("%s%s available", st.Available(), coin.Denom)
	}
	shares := types.BorrowShares(coin.Amount, st.BorrowIndex)
	st.TotalScaledBorrows = st.TotalScaledBorrows.Add(shares)
	if _, borrows := st.Totals(); !m.WithinBorrowCap(borrows) {
		return types.ErrBorrowCap.Wrapf("%s would bring borrows to %s, cap %s", coin, borrows, m.BorrowCap)
	}
	st.Cash = st.Cash.Sub(coin.Amount)
	mine, err := scaled(ctx, k.Borrows, addr, coin.Denom)
	if err != nil {
		return err
	}
	mine = mine.Add(shares)
	if err := setScaled(ctx, k.Borrows, addr, coin.Denom, mine); err != nil {
		return err
	}
	if err := k.MarketStates.Set(ctx, coin.Denom, st); err != nil {
		return err
	}
	if err := k.Borrowers.Set(ctx, addr); err != nil {
		return err
	}
	if err := k.requireMinBorrow(ctx, m, types.ScaledToDebt(mine, st.BorrowIndex)); err != nil {
		return err
	}
	if err := k.requireWithinBorrowLimit(ctx, addr); err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(coin)); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventBorrow{Account: addr.String(), Amount: coin})
}

// requireMinBorrow keeps debt positions above the dust floor, valued at spot.
func (k Keeper) requireMinBorrow(ctx context.Context, m types.Market, debt sdkmath.Int) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if !params.MinBorrowValue.IsPositive() {
		return nil
	}
	p, err := k.oracle.GetPrice(ctx, m.OracleSymbol)
	if err != nil {
		return err
	}
	if v := types.ValueUp(debt, p.Price, m.Decimals); v.LT(params.MinBorrowValue) {
		return types.ErrDustBorrow.Wrapf("debt of %s USD, minimum %s USD", v, params.MinBorrowValue)
	}
	return nil
}

// Repay pays down borrower's debt from payer's coins: coin.Amount (at most
// the debt; only the debt is taken) or all of it. It needs no price and
// works on paused markets and with a stale oracle.
func (k Keeper) Repay(ctx context.Context, payer, borrower sdk.AccAddress, coin sdk.Coin, all bool) (sdk.Coin, error) {
	_, st, err := k.touch(ctx, coin.Denom)
	if err != nil {
		return coin, err
	}
	owed, err := scaled(ctx, k.Borrows, borrower, coin.Denom)
	if err != nil {
		return coin, err
	}
	debt := types.ScaledToDebt(owed, st.BorrowIndex)
	if !debt.IsPositive() {
		return coin, types.ErrNoDebt.Wrapf("%s owes no %s", borrower, coin.Denom)
	}
	amount := debt
	if !all {
		if !coin.Amount.IsPositive() {
			return coin, types.ErrInvalidAmount.Wrap("repayment must be positive")
		}
		amount = sdkmath.MinInt(coin.Amount, debt)
	}
	burn := owed
	if amount.LT(debt) {
		burn = sdkmath.MinInt(types.RepayShares(amount, st.BorrowIndex), owed)
		if !burn.IsPositive() {
			return coin, types.ErrInvalidAmount.Wrapf("%s%s repays no share of debt at index %s", amount, coin.Denom, st.BorrowIndex)
		}
	}
	repaid := sdk.NewCoin(coin.Denom, amount)
	if err := k.bank.SendCoinsFromAccountToModule(ctx, payer, types.ModuleName, sdk.NewCoins(repaid)); err != nil {
		return coin, err
	}
	st.Cash = st.Cash.Add(amount)
	st.TotalScaledBorrows = st.TotalScaledBorrows.Sub(burn)
	if err := setScaled(ctx, k.Borrows, borrower, coin.Denom, owed.Sub(burn)); err != nil {
		return coin, err
	}
	if err := k.MarketStates.Set(ctx, coin.Denom, st); err != nil {
		return coin, err
	}
	if err := k.refreshBorrower(ctx, borrower); err != nil {
		return coin, err
	}
	return repaid, k.emit(ctx, &types.EventRepay{Payer: payer.String(), Account: borrower.String(), Amount: repaid})
}
