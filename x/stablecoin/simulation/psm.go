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

// The app simulation funds every account with SimStableDenom for the PSM.
func registerPSM(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("msg_stablecoin_psm_swap_in", 20), simutil.Tolerate(MsgPSMSwapInFactory(), types.ErrPSMCeiling, sdkerrors.ErrInsufficientFunds))
	reg.Add(weights.Get("msg_stablecoin_psm_swap_out", 20), simutil.Tolerate(MsgPSMSwapOutFactory(k), types.ErrPSMReserve, sdkerrors.ErrInsufficientFunds))
}

// MsgPSMSwapInFactory swaps part of an account's stable denom for BSD.
func MsgPSMSwapInFactory() simsx.SimMsgFactoryFn[*types.MsgPSMSwapIn] {
	denom := SimPSM().Denom
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPSMSwapIn) {
		from := testData.AnyAccount(reporter, simsx.WithDenomBalance(denom))
		coin := from.LiquidBalance().RandSubsetCoin(reporter, denom)
		if reporter.IsSkipped() || SimPSM().SwapIn(coin.Amount).IsZero() {
			reporter.Skip("nothing to swap in")
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgPSMSwapIn{Sender: from.AddressBech32, Amount: coin}
	}
}

// MsgPSMSwapOutFactory swaps BSD back, up to what the PSM reserve backs.
func MsgPSMSwapOutFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgPSMSwapOut] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPSMSwapOut) {
		l, err := k.Ledger.Get(ctx)
		if err != nil || !l.PsmMinted.IsPositive() {
			reporter.Skip("the PSM reserve is empty")
			return nil, nil
		}
		from := bsdHolder(testData, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		most := sdkmath.MinInt(from.LiquidBalance().AmountOf(keeper.StableDenom), l.PsmMinted)
		amt, err := testData.Rand().PositiveSDKIntInRange(most.QuoRaw(10).AddRaw(1), most.AddRaw(1))
		if err != nil || SimPSM().SwapOut(amt).IsZero() {
			reporter.Skip("nothing to swap out")
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgPSMSwapOut{Sender: from.AddressBech32, Amount: amt}
	}
}
