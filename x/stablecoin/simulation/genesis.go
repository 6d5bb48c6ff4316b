// Package simulation holds the stablecoin's simulation genesis and message
// factories (simsx). The simulated vault type takes the bond denom ubal,
// priced by the oracle's BAL market; the PSM swaps SimStableDenom.
package simulation

import (
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func d(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// SimType is the collateral type simulations open vaults of.
func SimType() types.CollateralType {
	return types.CollateralType{
		Name: "bal-a", Denom: sdk.DefaultBondDenom, OracleSymbol: "BAL", Decimals: 6,
		LiquidationRatio: d("1.5"), StabilityFee: d("1.000000001547125957"),
		DebtCeiling: sdkmath.NewInt(1_000_000_000_000_000), DebtFloor: sdkmath.NewInt(10_000_000),
		LiquidationPenalty: d("0.1"), StartMultiplier: d("1.2"), StepSeconds: 90, Cut: d("0.99"),
		ResetAfterSeconds: 14400, ResetBelowFraction: d("0.4"), Tip: sdkmath.NewInt(1_000_000), Chip: d("0.001"),
		MaxInAuction: sdkmath.ZeroInt(),
	}
}

// SimStableDenom is the PSM's stable denom in simulations; the app's
// simulation setup gives every account a balance of it.
const SimStableDenom = "uusdc"

// SimPSM is the simulated PSM.
func SimPSM() types.PSMParams {
	return types.PSMParams{Denom: SimStableDenom, Decimals: 6, FeeIn: d("0.001"), FeeOut: d("0.002"), Ceiling: sdkmath.NewInt(1_000_000_000_000_000)}
}

// RandomizedGenState writes the stablecoin genesis with the simulation type and PSM.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	gs.Params.GlobalDebtCeiling = sdkmath.NewInt(1_000_000_000_000_000)
	gs.CollateralTypes = []types.CollateralType{SimType()}
	psm := SimPSM()
	gs.Psm = &psm
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
