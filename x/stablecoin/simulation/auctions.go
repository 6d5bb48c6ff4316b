package simulation

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/ballast-chain/ballast/internal/simutil"
	"github.com/ballast-chain/ballast/x/stablecoin/keeper"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Liquidations in simulations come from vaults minted to the limit that
// the stability fee pushes under the liquidation ratio a block later
// (see MsgMintFactory), or from governance raising the ratio. The end
// blocker's fallback starts auctions too, so the factories race it, and a
// vault or auction gone by delivery is an expected refusal.
func registerAuctions(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("msg_stablecoin_liquidate", 30), simutil.Tolerate(MsgLiquidateFactory(k), types.ErrSafeVault, types.ErrVaultInAuction, types.ErrUnknownVault, types.ErrAuctionLimit))
	reg.Add(weights.Get("msg_stablecoin_take", 30), simutil.Tolerate(MsgTakeFactory(k), types.ErrUnknownAuction, types.ErrTakeLeavesDust, sdkerrors.ErrInsufficientFunds))
	reg.Add(weights.Get("msg_stablecoin_redo", 20), simutil.Tolerate(MsgRedoFactory(k), types.ErrUnknownAuction, types.ErrNoRedoNeeded))
}

// MsgLiquidateFactory has any account start the auction of an unsafe vault.
func MsgLiquidateFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgLiquidate] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgLiquidate) {
		unsafe, err := k.UnsafeVaults(ctx, SimType().Name, 10)
		if err != nil || len(unsafe) == 0 {
			reporter.Skip("no unsafe vault")
			return nil, nil
		}
		keeperAcc := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		v := unsafe[testData.Rand().Intn(len(unsafe))]
		return []simsx.SimAccount{keeperAcc}, &types.MsgLiquidate{Keeper: keeperAcc.AddressBech32, VaultId: v.Id}
	}
}

// auctions returns up to 50 auctions as the queries show them (current
// price, whether a redo is due) that match.
func auctions(ctx context.Context, k keeper.Keeper, match func(types.AuctionView) bool) []types.AuctionView {
	var out []types.AuctionView
	_ = k.Auctions.Walk(ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
		view, err := k.AuctionView(ctx, a)
		if err == nil && match(view) {
			out = append(out, view)
		}
		return len(out) >= 50, nil
	})
	return out
}

// MsgTakeFactory buys what a BSD holder can afford of a running
// auction's lot (or a part of that) at its current price.
func MsgTakeFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgTake] {
	ct := SimType()
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgTake) {
		live := auctions(ctx, k, func(v types.AuctionView) bool { return !v.NeedsRedo })
		if len(live) == 0 {
			reporter.Skip("no running auction")
			return nil, nil
		}
		view := live[testData.Rand().Intn(len(live))]
		buyer := bsdHolder(testData, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		a, r := view.Auction, testData.Rand()
		affordable := sdkmath.LegacyNewDecFromInt(buyer.LiquidBalance().AmountOf(keeper.StableDenom)).
			MulInt(sdkmath.NewIntWithDecimal(1, int(ct.Decimals))).QuoInt(sdkmath.NewIntWithDecimal(1, types.StableDecimals)).
			Quo(view.Price).TruncateInt()
		want := sdkmath.MinInt(a.Lot, affordable)
		if r.Intn(2) == 0 {
			want = want.QuoRaw(int64(r.IntInRange(2, 10)))
		}
		if _, err := types.ComputeTake(a.Tab, a.Lot, want, view.Price, ct.Decimals, ct.Tab(ct.DebtFloor)); err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{buyer}, &types.MsgTake{Buyer: buyer.AddressBech32, AuctionId: a.Id, Amount: want, MaxPrice: view.Price}
	}
}

// bsdHolder picks a random account holding BSD. Few do (fees and sends
// scatter it), so it scans from a random start rather than drawing once.
func bsdHolder(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) simsx.SimAccount {
	n := testData.AccountsCount()
	start := testData.Rand().Intn(max(n, 1))
	for i := range n {
		acc := testData.AccountAt(reporter, (start+i)%n)
		if !reporter.IsSkipped() && acc.LiquidBalance().AmountOf(keeper.StableDenom).IsPositive() {
			return acc
		}
	}
	reporter.Skip("no account holds BSD")
	return simsx.SimAccount{}
}

// MsgRedoFactory restarts an auction that ran past its bounds.
func MsgRedoFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRedo] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRedo) {
		due := auctions(ctx, k, func(v types.AuctionView) bool { return v.NeedsRedo })
		if len(due) == 0 {
			reporter.Skip("no auction to redo")
			return nil, nil
		}
		keeperAcc := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		a := due[testData.Rand().Intn(len(due))].Auction
		return []simsx.SimAccount{keeperAcc}, &types.MsgRedo{Keeper: keeperAcc.AddressBech32, AuctionId: a.Id}
	}
}
