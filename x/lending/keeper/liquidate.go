package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// LiquidationResult is what a liquidation did.
type LiquidationResult struct {
	Repaid         sdk.Coin
	Seized         sdk.Coin // paid to the liquidator as coins
	SeizedAsSupply sdk.Coin // paid as supply in the collateral market (when cash was short)
	BadDebt        sdk.Coins
}

// Liquidate repays up to maxRepay of borrower's debtDenom debt from the
// liquidator and pays the liquidator borrower's collateralDenom collateral
// worth the repayment plus the bonus, less the protocol fee. Amounts follow
// types.ComputeLiquidation at spot prices; any stale price involved fails
// the liquidation. Liquidation also works on paused markets: it only ever
// reduces risk. When the borrower is left with debt and no collateral, the
// rest of its debt is written off (baddebt.go).
func (k Keeper) Liquidate(ctx context.Context, liquidator, borrower sdk.AccAddress, debtDenom, collateralDenom string, maxRepay sdkmath.Int) (LiquidationResult, error) {
	var res LiquidationResult
	if liquidator.Equals(borrower) {
		return res, types.ErrSelfLiquidation
	}
	_, debtState, err := k.touch(ctx, debtDenom)
	if err != nil {
		return res, err
	}
	colMarket, _, err := k.touch(ctx, collateralDenom)
	if err != nil {
		return res, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return res, err
	}
	positions, err := k.positions(ctx, borrower, spotPrices)
	if err != nil {
		return res, err
	}
	var debtPos, colPos types.PricedPosition
	for _, p := range positions {
		if p.Denom == debtDenom {
			debtPos = p
		}
		if p.Denom == collateralDenom {
			colPos = p
		}
	}
	if debtPos.Debt.IsNil() {
		debtPos = types.PricedPosition{Denom: debtDenom, Debt: sdkmath.ZeroInt()}
	}
	if colPos.Supplied.IsNil() {
		colPos = types.PricedPosition{Denom: collateralDenom, Supplied: sdkmath.ZeroInt()}
	}
	liq, err := types.ComputeLiquidation(types.LiquidationInput{
		Health: types.ComputeHealth(positions), Debt: debtPos, Collateral: colPos,
		Bonus: colMarket.LiquidationBonus, FeeRate: colMarket.LiquidationProtocolFee,
		MaxRepay: maxRepay, Params: params,
	})
	if err != nil {
		return res, err
	}

	// The liquidator repays.
	res.Repaid = sdk.NewCoin(debtDenom, liq.Repay)
	if err := k.bank.SendCoinsFromAccountToModule(ctx, liquidator, types.ModuleName, sdk.NewCoins(res.Repaid)); err != nil {
		return res, err
	}
	owed, err := scaled(ctx, k.Borrows, borrower, debtDenom)
	if err != nil {
		return res, err
	}
	burn := owed
	if liq.Repay.LT(debtPos.Debt) {
		burn = sdkmath.MinInt(types.RepayShares(liq.Repay, debtState.BorrowIndex), owed)
	}
	debtState.Cash = debtState.Cash.Add(liq.Repay)
	debtState.TotalScaledBorrows = debtState.TotalScaledBorrows.Sub(burn)
	if err := setScaled(ctx, k.Borrows, borrower, debtDenom, owed.Sub(burn)); err != nil {
		return res, err
	}
	if err := k.MarketStates.Set(ctx, debtDenom, debtState); err != nil {
		return res, err
	}

	// The borrower's collateral goes to the liquidator and the fee to reserves.
	if res.Seized, res.SeizedAsSupply, err = k.seize(ctx, borrower, liquidator, collateralDenom, liq, colPos.Supplied); err != nil {
		return res, err
	}
	if err := k.emit(ctx, &types.EventLiquidate{
		Liquidator: liquidator.String(), Account: borrower.String(), Repaid: res.Repaid,
		Seized: sdk.NewCoin(collateralDenom, liq.Seize), ProtocolFee: sdk.NewCoin(collateralDenom, liq.ProtocolFee),
	}); err != nil {
		return res, err
	}
	if res.BadDebt, err = k.writeOffIfBankrupt(ctx, borrower); err != nil {
		return res, err
	}
	if err := k.refreshBorrower(ctx, borrower); err != nil {
		return res, err
	}
	return res, nil
}

// seize moves liq.Seize of borrower's supply in denom: the fee to reserves,
// the rest to the liquidator as coins while the market has cash, and as
// supply beyond that, so a liquidation never fails for want of liquidity.
func (k Keeper) seize(ctx context.Context, borrower, liquidator sdk.AccAddress, denom string, liq types.Liquidation, supplied sdkmath.Int) (coins, asSupply sdk.Coin, err error) {
	_, st, err := k.touch(ctx, denom)
	if err != nil {
		return coins, asSupply, err
	}
	mine, err := scaled(ctx, k.Supplies, borrower, denom)
	if err != nil {
		return coins, asSupply, err
	}
	burn := mine
	if liq.Seize.LT(supplied) {
		burn = sdkmath.MinInt(types.WithdrawShares(liq.Seize, st.LiquidityIndex), mine)
	}
	if err := setScaled(ctx, k.Supplies, borrower, denom, mine.Sub(burn)); err != nil {
		return coins, asSupply, err
	}
	st.TotalScaledSupply = st.TotalScaledSupply.Sub(burn)
	st.Reserves = st.Reserves.Add(liq.ProtocolFee)

	payout := liq.Seize.Sub(liq.ProtocolFee)
	paid := sdkmath.MinInt(payout, st.Available())
	st.Cash = st.Cash.Sub(paid)
	coins, asSupply = sdk.NewCoin(denom, paid), sdk.NewCoin(denom, payout.Sub(paid))
	if asSupply.IsPositive() {
		shares := types.SupplyShares(asSupply.Amount, st.LiquidityIndex)
		theirs, err := scaled(ctx, k.Supplies, liquidator, denom)
		if err != nil {
			return coins, asSupply, err
		}
		if err := setScaled(ctx, k.Supplies, liquidator, denom, theirs.Add(shares)); err != nil {
			return coins, asSupply, err
		}
		st.TotalScaledSupply = st.TotalScaledSupply.Add(shares)
	}
	if err := k.MarketStates.Set(ctx, denom, st); err != nil {
		return coins, asSupply, err
	}
	if coins.IsPositive() {
		err = k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, liquidator, sdk.NewCoins(coins))
	}
	return coins, asSupply, err
}
