// Package simulation holds the lending module's simulation genesis and
// message factories (simsx). Simulation accounts hold only the bond denom,
// so the simulated market lends ubal against ubal.
package simulation

import (
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/ballast-chain/ballast/x/lending/types"
)

func d(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// SimMarket is the market simulations trade in.
func SimMarket() types.Market {
	return types.Market{
		Denom: sdk.DefaultBondDenom, OracleSymbol: "BAL", Decimals: 6,
		Ltv: d("0.5"), LiquidationThreshold: d("0.6"), LiquidationBonus: d("0.05"),
		LiquidationProtocolFee: d("0.1"), ReserveFactor: d("0.1"),
		BaseRate: d("0.01"), Slope1: d("0.05"), Slope2: d("1"), OptimalUtilization: d("0.8"),
		SupplyCap: sdkmath.ZeroInt(), BorrowCap: sdkmath.ZeroInt(),
		BorrowEnabled: true, CollateralEnabled: true, FlashloanEnabled: true,
	}
}

// RandomizedGenState writes the lending genesis with the simulation market.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	gs.Markets = []types.Market{SimMarket()}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
