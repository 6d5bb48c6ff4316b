package simulation

import (
	"context"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/keeper"
	"github.com/ballast-chain/ballast/x/lending/types"
)

// The factories build messages that should succeed: amounts come from the
// same queries a user would ask (max borrow, max withdraw, current debt).
// A factory that finds nothing sensible to do skips.

func denom() string { return SimMarket().Denom }

// minBorrow is the smallest borrow the dust floor allows at a $1 price, with margin.
var minBorrow = sdkmath.NewInt(20_000_000)

// minSupply keeps supplies above dust: an amount under the liquidity index
// buys no share and is refused (a 500-block simulation drew 1ubal once the
// index had passed 1).
var minSupply = sdkmath.NewInt(1_000)

// holders returns up to limit accounts found in a keyed collection of
// (account, denom) pairs, in store order.
func holders(ctx context.Context, m collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int], limit int) []sdk.AccAddress {
	var out []sdk.AccAddress
	_ = m.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], _ sdkmath.Int) (bool, error) {
		if key.K2() == denom() {
			out = append(out, key.K1())
		}
		return len(out) >= limit, nil
	})
	return out
}

func pick(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, addrs []sdk.AccAddress) simsx.SimAccount {
	if len(addrs) == 0 {
		reporter.Skip("no candidate account")
		return simsx.SimAccount{}
	}
	return testData.GetAccountbyAccAddr(reporter, addrs[testData.Rand().Intn(len(addrs))])
}

// MsgSupplyFactory supplies part of an account's liquid balance.
func MsgSupplyFactory() simsx.SimMsgFactoryFn[*types.MsgSupply] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSupply) {
		from := testData.AnyAccount(reporter, simsx.WithDenomBalance(denom()))
		coin := from.LiquidBalance().RandSubsetCoin(reporter, denom())
		if reporter.IsSkipped() || coin.Amount.LT(minSupply) {
			reporter.Skip("nothing to supply")
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgSupply{Supplier: from.AddressBech32, Amount: coin}
	}
}

// MsgSetCollateralFactory enables collateral for a supplier (disabling
// would often break the borrow limit).
func MsgSetCollateralFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSetCollateral] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetCollateral) {
		acc := pick(testData, reporter, holders(ctx, k.Supplies, 50))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{acc}, &types.MsgSetCollateral{Owner: acc.AddressBech32, Denom: denom(), Enabled: true}
	}
}

// MsgBorrowFactory borrows up to the account's max borrow.
func MsgBorrowFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgBorrow] {
	q := keeper.NewQueryServerImpl(k, false)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgBorrow) {
		acc := pick(testData, reporter, holders(ctx, k.Supplies, 50))
		if reporter.IsSkipped() {
			return nil, nil
		}
		res, err := q.MaxBorrow(ctx, &types.QueryMaxBorrowRequest{Address: acc.AddressBech32, Denom: denom()})
		if err != nil || res.Amount.LT(minBorrow) {
			reporter.Skip("no borrowing room")
			return nil, nil
		}
		amt, err := testData.Rand().PositiveSDKIntInRange(minBorrow, res.Amount)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{acc}, &types.MsgBorrow{Borrower: acc.AddressBech32, Amount: sdk.NewCoin(denom(), amt)}
	}
}

// MsgRepayFactory repays part or all of a borrower's debt from its own balance.
func MsgRepayFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRepay] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRepay) {
		acc := pick(testData, reporter, holders(ctx, k.Borrows, 50))
		if reporter.IsSkipped() {
			return nil, nil
		}
		view, err := k.AccountView(ctx, acc.Address)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		debt := sdkmath.ZeroInt()
		for _, p := range view.Positions {
			if p.Denom == denom() {
				debt = p.Debt
			}
		}
		balance := acc.LiquidBalance().AmountOf(denom())
		// Keep some balance for fees.
		budget := balance.QuoRaw(2)
		if !debt.IsPositive() || !budget.IsPositive() {
			reporter.Skip("no debt or no funds")
			return nil, nil
		}
		msg := &types.MsgRepay{Payer: acc.AddressBech32, Amount: sdk.NewCoin(denom(), sdkmath.ZeroInt())}
		if budget.GTE(debt) && testData.Rand().Intn(2) == 0 {
			msg.All = true
			return []simsx.SimAccount{acc}, msg
		}
		amt, err := testData.Rand().PositiveSDKIntInRange(sdkmath.OneInt(), sdkmath.MinInt(debt, budget))
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		msg.Amount.Amount = sdkmath.MaxInt(amt, sdkmath.NewInt(2)) // one unit may clear no share
		return []simsx.SimAccount{acc}, msg
	}
}

// MsgWithdrawFactory withdraws up to the account's max withdraw.
func MsgWithdrawFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgWithdraw] {
	q := keeper.NewQueryServerImpl(k, false)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgWithdraw) {
		acc := pick(testData, reporter, holders(ctx, k.Supplies, 50))
		if reporter.IsSkipped() {
			return nil, nil
		}
		res, err := q.MaxWithdraw(ctx, &types.QueryMaxWithdrawRequest{Address: acc.AddressBech32, Denom: denom()})
		if err != nil || res.Amount.LT(sdkmath.NewInt(2)) {
			reporter.Skip("nothing withdrawable")
			return nil, nil
		}
		amt, err := testData.Rand().PositiveSDKIntInRange(sdkmath.OneInt(), res.Amount)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{acc}, &types.MsgWithdraw{Supplier: acc.AddressBech32, Amount: sdk.NewCoin(denom(), amt)}
	}
}

// MsgLiquidateFactory liquidates an unhealthy borrower when there is one
// (interest can push accounts under; prices are static in simulations).
func MsgLiquidateFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgLiquidate] {
	q := keeper.NewQueryServerImpl(k, true)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgLiquidate) {
		res, err := q.LiquidationTargets(ctx, &types.QueryLiquidationTargetsRequest{})
		if err != nil || len(res.Targets) == 0 {
			reporter.Skip("nobody to liquidate")
			return nil, nil
		}
		target := res.Targets[testData.Rand().Intn(len(res.Targets))]
		liq := testData.AnyAccount(reporter, simsx.WithDenomBalance(denom()), simsx.ExcludeAddresses(target.Address))
		if reporter.IsSkipped() {
			return nil, nil
		}
		budget := liq.LiquidBalance().AmountOf(denom()).QuoRaw(2)
		if !budget.IsPositive() {
			reporter.Skip("liquidator has no funds")
			return nil, nil
		}
		return []simsx.SimAccount{liq}, &types.MsgLiquidate{
			Liquidator: liq.AddressBech32, Borrower: target.Address,
			DebtDenom: denom(), CollateralDenom: denom(), MaxRepay: budget,
		}
	}
}
