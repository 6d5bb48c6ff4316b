package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// Supply deposits coins. It needs no price, so it works with a stale oracle.
func (k Keeper) Supply(ctx context.Context, addr sdk.AccAddress, coin sdk.Coin) error {
	if !coin.Amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("supply must be positive")
	}
	m, st, err := k.touch(ctx, coin.Denom)
	if err != nil {
		return err
	}
	if err := m.CanSupply(); err != nil {
		return err
	}
	shares := types.SupplyShares(coin.Amount, st.LiquidityIndex)
	if !shares.IsPositive() {
		return types.ErrInvalidAmount.Wrapf("%s buys no share at index %s", coin, st.LiquidityIndex)
	}
	st.TotalScaledSupply = st.TotalScaledSupply.Add(shares)
	if supply, _ := st.Totals(); !m.WithinSupplyCap(supply) {
		return types.ErrSupplyCap.Wrapf("%s would bring supply to %s, cap %s", coin, supply, m.SupplyCap)
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, addr, types.ModuleName, sdk.NewCoins(coin)); err != nil {
		return err
	}
	st.Cash = st.Cash.Add(coin.Amount)
	mine, err := scaled(ctx, k.Supplies, addr, coin.Denom)
	if err != nil {
		return err
	}
	if err := setScaled(ctx, k.Supplies, addr, coin.Denom, mine.Add(shares)); err != nil {
		return err
	}
	if err := k.MarketStates.Set(ctx, coin.Denom, st); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventSupply{Account: addr.String(), Amount: coin})
}

// Withdraw takes supplied coins back: coin.Amount, or everything when all.
// Collateral that backs debt can only go as far as the borrow limit allows.
func (k Keeper) Withdraw(ctx context.Context, addr sdk.AccAddress, coin sdk.Coin, all bool) (sdk.Coin, error) {
	m, st, err := k.touch(ctx, coin.Denom)
	if err != nil {
		return coin, err
	}
	if m.Paused {
		return coin, types.ErrMarketPaused.Wrap(m.Denom)
	}
	mine, err := scaled(ctx, k.Supplies, addr, coin.Denom)
	if err != nil {
		return coin, err
	}
	amount, burn := coin.Amount, mine
	if all {
		amount = types.ScaledToSupply(mine, st.LiquidityIndex)
	} else {
		if !amount.IsPositive() {
			return coin, types.ErrInvalidAmount.Wrap("withdrawal must be positive")
		}
		burn = types.WithdrawShares(amount, st.LiquidityIndex)
	}
	if !amount.IsPositive() || burn.GT(mine) {
		return coin, types.ErrInsufficientSupply.Wrapf("%s%s requested, %s%s supplied", amount, coin.Denom, types.ScaledToSupply(mine, st.LiquidityIndex), coin.Denom)
	}
	if amount.GT(st.Available()) {
		return coin, types.ErrInsufficientLiquidity.Wrapf("%s%s available", st.Available(), coin.Denom)
	}
	st.TotalScaledSupply = st.TotalScaledSupply.Sub(burn)
	st.Cash = st.Cash.Sub(amount)
	if err := setScaled(ctx, k.Supplies, addr, coin.Denom, mine.Sub(burn)); err != nil {
		return coin, err
	}
	if err := k.MarketStates.Set(ctx, coin.Denom, st); err != nil {
		return coin, err
	}
	if err := k.requireWithinBorrowLimit(ctx, addr); err != nil {
		return coin, err
	}
	out := sdk.NewCoin(coin.Denom, amount)
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(out)); err != nil {
		return coin, err
	}
	return out, k.emit(ctx, &types.EventWithdraw{Account: addr.String(), Amount: out})
}

// SetCollateral enables or disables a supplied denom as collateral.
// Disabling is a risk-increasing action: the borrow limit must still hold.
func (k Keeper) SetCollateral(ctx context.Context, addr sdk.AccAddress, denom string, enabled bool) error {
	m, err := k.market(ctx, denom)
	if err != nil {
		return err
	}
	if m.Paused {
		return types.ErrMarketPaused.Wrap(denom)
	}
	if enabled {
		if !m.CollateralEnabled {
			return types.ErrCollateralDisabled.Wrap(denom)
		}
		if err := k.Collateral.Set(ctx, pos(addr, denom)); err != nil {
			return err
		}
	} else {
		if err := k.Collateral.Remove(ctx, pos(addr, denom)); err != nil {
			return err
		}
		if err := k.requireWithinBorrowLimit(ctx, addr); err != nil {
			return err
		}
	}
	return k.emit(ctx, &types.EventCollateralSet{Account: addr.String(), Denom: denom, Enabled: enabled})
}
