package simulation

import (
	"context"
	"fmt"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// MsgUpdateParamsFactory proposes valid params that keep simulation prices fresh.
func MsgUpdateParamsFactory() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		r := testData.Rand()
		p := types.DefaultParams()
		p.MaxAgeBlocks = 1 << 40
		p.MinPowerShare = sdkmath.LegacyNewDecWithPrec(int64(r.IntInRange(51, 100)), 2)
		p.RewardBandBps = r.Uint32InRange(10, 1000)
		p.SlashWindow = r.Uint64InRange(10, 1000)
		p.HistorySize = r.Uint32InRange(1, 100)
		p.TwapWindowBlocks = r.Uint64InRange(1, 60)
		return nil, &types.MsgUpdateParams{Authority: testData.ModuleAccountAddress(reporter, "gov"), Params: p}
	}
}

// MsgSetMarketFactory proposes adding (or changing) a market.
func MsgSetMarketFactory() simsx.SimMsgFactoryFn[*types.MsgSetMarket] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetMarket) {
		r := testData.Rand()
		return nil, &types.MsgSetMarket{
			Authority: testData.ModuleAccountAddress(reporter, "gov"),
			Symbol:    fmt.Sprintf("SIM%d", r.IntInRange(0, 20)), PriceDecimals: r.Uint32InRange(0, types.MaxPriceDecimals),
			Enabled: r.IntInRange(0, 3) > 0,
		}
	}
}

// RegisterProposals adds the governance message factories.
func RegisterProposals(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("msg_oracle_update_params", 20), MsgUpdateParamsFactory())
	reg.Add(weights.Get("msg_oracle_set_market", 20), MsgSetMarketFactory())
}
