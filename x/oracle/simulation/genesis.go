// Package simulation generates the oracle's random genesis for app
// simulations. Simulations run without vote extensions, so genesis prices
// must not go stale: max_age_blocks is set beyond any simulation length.
package simulation

import (
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// simPrices are the USD prices of the default markets in simulations.
var simPrices = map[string]string{"ATOM": "10", "ETH": "3000", "BTC": "100000", "USDC": "1", "BAL": "1"}

// RandomizedGenState writes the oracle genesis: the default markets with
// a price each, randomized within ±50%.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	gs.Params.MaxAgeBlocks = 1 << 40
	gs.Markets = types.DefaultMarkets()
	for _, m := range gs.Markets {
		base := sdkmath.LegacyMustNewDecFromStr(simPrices[m.Symbol])
		factor := sdkmath.LegacyNewDecWithPrec(int64(50+simState.Rand.Intn(101)), 2) // 0.50..1.50
		gs.Prices = append(gs.Prices, types.Price{
			Symbol: m.Symbol, Price: base.Mul(factor), Height: 0, Time: simState.GenTimestamp,
			PowerShare: sdkmath.LegacyOneDec(),
		})
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
