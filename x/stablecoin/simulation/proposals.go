package simulation

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// RegisterProposals adds the governance message factories.
func RegisterProposals(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("msg_stablecoin_update_params", 10), MsgUpdateParamsFactory())
	reg.Add(weights.Get("msg_stablecoin_set_collateral_type", 20), MsgSetCollateralTypeFactory())
	reg.Add(weights.Get("msg_stablecoin_set_psm", 10), MsgSetPSMFactory())
}

func gov(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) string {
	return testData.ModuleAccountAddress(reporter, "gov")
}

// permille is a random decimal in [lo, hi] thousandths.
func permille(r *simsx.XRand, lo, hi int) sdkmath.LegacyDec {
	return sdkmath.LegacyNewDecWithPrec(int64(r.IntInRange(lo, hi+1)), 3)
}

// MsgUpdateParamsFactory proposes a new fallback rate and global ceiling;
// the fee cap stays at or above the simulated type's fee.
func MsgUpdateParamsFactory() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		r := testData.Rand()
		p := types.DefaultParams()
		p.FallbackLiquidationsPerBlock = r.Uint32InRange(0, 101)
		p.GlobalDebtCeiling = sdkmath.NewInt(int64(r.IntInRange(1, 1000))).Mul(sdkmath.NewInt(1_000_000_000_000))
		return nil, &types.MsgUpdateParams{Authority: gov(testData, reporter), Params: p}
	}
}

// MsgSetCollateralTypeFactory re-tunes the simulated type's risk
// parameters. Raising the liquidation ratio is the governance path to
// liquidations at a constant price.
func MsgSetCollateralTypeFactory() simsx.SimMsgFactoryFn[*types.MsgSetCollateralType] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetCollateralType) {
		r := testData.Rand()
		ct := SimType()
		ct.LiquidationRatio = permille(r, 1100, 2500)
		ct.LiquidationPenalty = permille(r, 0, 200)
		ct.StartMultiplier = permille(r, 1000, 1500)
		ct.Cut = permille(r, 900, 999)
		ct.StepSeconds = r.Uint64InRange(1, 600)
		ct.ResetAfterSeconds = r.Uint64InRange(600, 86400)
		ct.Chip = permille(r, 0, 10)
		return nil, &types.MsgSetCollateralType{Authority: gov(testData, reporter), CollateralType: ct}
	}
}

// MsgSetPSMFactory re-tunes the simulated PSM's fees and ceiling.
func MsgSetPSMFactory() simsx.SimMsgFactoryFn[*types.MsgSetPSM] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetPSM) {
		r := testData.Rand()
		p := SimPSM()
		p.FeeIn, p.FeeOut = permille(r, 0, 50), permille(r, 0, 50)
		p.Ceiling = sdkmath.NewInt(int64(r.IntInRange(0, 1000))).Mul(sdkmath.NewInt(1_000_000_000_000))
		return nil, &types.MsgSetPSM{Authority: gov(testData, reporter), Psm: p}
	}
}
