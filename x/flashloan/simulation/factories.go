// Package simulation holds the flash-loan simsx factories: loans of the
// simulated lending market's cash whose inner messages supply and withdraw
// part of the borrowed coins, and the governance params proposal. (Flash
// mints are covered by the keeper tests: simulated accounts rarely hold
// the BSD for the fee.)
package simulation

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/flashloan/keeper"
	"github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

// MsgFlashLoanFactory borrows up to half the borrower's own balance of a
// market's flash liquidity, supplies half of it to the same market and
// withdraws a quarter inside the loan, and repays the rest and the fee
// from its balance: lending state changes mid-loan, and the books must
// still hold afterwards.
func MsgFlashLoanFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgFlashLoan] {
	q := keeper.NewQueryServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgFlashLoan) {
		res, err := q.Liquidity(ctx, &types.QueryLiquidityRequest{})
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		var lendable []types.FlashLiquidity
		for _, l := range res.Liquidity {
			if l.Enabled && l.Source == "lending" && l.Available.IsPositive() {
				lendable = append(lendable, l)
			}
		}
		if len(lendable) == 0 {
			reporter.Skip("no flash liquidity")
			return nil, nil
		}
		l := lendable[testData.Rand().Intn(len(lendable))]
		from := testData.AnyAccount(reporter, simsx.WithDenomBalance(l.Denom))
		if reporter.IsSkipped() {
			return nil, nil
		}
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		// Amounts up to half its balance leave it able to pay the quarter
		// it leaves supplied, a fee of at most 1%, and the transaction fee.
		most := sdkmath.MinInt(l.Available, from.LiquidBalance().AmountOf(l.Denom).QuoRaw(2))
		if params.FeeBps > 100 || most.LT(sdkmath.NewInt(4)) {
			reporter.Skip("too little to borrow")
			return nil, nil
		}
		amount, err := testData.Rand().PositiveSDKIntInRange(sdkmath.NewInt(4), most.AddRaw(1))
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		msg, err := types.NewMsgFlashLoan(from.AddressBech32, sdk.NewCoins(sdk.NewCoin(l.Denom, amount)), []sdk.Msg{
			&lendingtypes.MsgSupply{Supplier: from.AddressBech32, Amount: sdk.NewCoin(l.Denom, amount.QuoRaw(2))},
			&lendingtypes.MsgWithdraw{Supplier: from.AddressBech32, Amount: sdk.NewCoin(l.Denom, amount.QuoRaw(4))},
		})
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{from}, msg
	}
}

// MsgUpdateParamsFactory proposes a random fee, flash-mint ceiling and
// message limit.
func MsgUpdateParamsFactory() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		r := testData.Rand()
		p := types.Params{
			FeeBps:       r.Uint32InRange(0, 100),
			MaxFlashMint: sdkmath.NewInt(int64(r.IntInRange(0, 1_000_000))).MulRaw(1_000_000),
			MaxMsgs:      r.Uint32InRange(1, types.MaxMsgsLimit+1),
		}
		return nil, &types.MsgUpdateParams{Authority: testData.ModuleAccountAddress(reporter, "gov"), Params: p}
	}
}
