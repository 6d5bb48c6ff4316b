package simulation

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// Governance messages, executed through simulated proposals.

func gov(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) string {
	return testData.ModuleAccountAddress(reporter, "gov")
}

func pct(testData *simsx.ChainDataSource, lo, hi int) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecWithPrec(int64(testData.Rand().IntInRange(lo, hi)), 2)
}

// MsgUpdateParamsFactory proposes valid params; full_close_health stays
// above what the simulation market needs.
func MsgUpdateParamsFactory() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		p := types.DefaultParams()
		p.CloseFactor = pct(testData, 20, 100)
		p.FullCloseHealth = pct(testData, 80, 100)
		p.MinBorrowValue = sdkmath.LegacyNewDec(int64(testData.Rand().IntInRange(1, 20)))
		return nil, &types.MsgUpdateParams{Authority: gov(testData, reporter), Params: p}
	}
}

// MsgSetMarketFactory proposes new risk parameters for the simulation market.
func MsgSetMarketFactory() simsx.SimMsgFactoryFn[*types.MsgSetMarket] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetMarket) {
		m := SimMarket()
		m.Ltv = pct(testData, 30, 50)
		m.LiquidationThreshold = m.Ltv.Add(pct(testData, 5, 15))
		m.LiquidationBonus = pct(testData, 1, 10)
		return nil, &types.MsgSetMarket{Authority: gov(testData, reporter), Market: m}
	}
}

// MsgGuardianActFactory lowers the simulation market's supply cap from
// uncapped to a very large cap: safer, and it leaves the market usable.
func MsgGuardianActFactory() simsx.SimMsgFactoryFn[*types.MsgGuardianAct] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgGuardianAct) {
		return nil, &types.MsgGuardianAct{
			Authority: gov(testData, reporter), Denom: denom(),
			Action: types.GUARDIAN_ACTION_LOWER_SUPPLY_CAP, Cap: sdkmath.NewIntWithDecimal(1, 30),
		}
	}
}

// RegisterProposals adds the governance message factories.
func RegisterProposals(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("msg_lending_update_params", 20), MsgUpdateParamsFactory())
	reg.Add(weights.Get("msg_lending_set_market", 20), MsgSetMarketFactory())
	reg.Add(weights.Get("msg_lending_guardian_act", 5), MsgGuardianActFactory())
}
