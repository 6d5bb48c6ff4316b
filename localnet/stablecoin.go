package localnet

import (
	sdkmath "cosmossdk.io/math"

	stablecointypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// perSecond5PctYear is (1.05)^(1/31536000): a 5%/year stability fee.
const perSecond5PctYear = "1.000000001547125957"

// vaultType fills a collateral type with the auction settings every local
// type shares: start 10% above the oracle, 2% cheaper every 6 s, redo after
// 30 min or below 40% of the start, a 10 BSD + 0.1% keeper incentive. The
// clock runs fast on purpose: a developer watching `make demo` sees an
// auction reach a keeper's 5% discount in under a minute, where a
// production chain would step every few minutes.
func vaultType(name, denom, symbol string, decimals uint32, ratio, penalty string, ceilingBSD int64) stablecointypes.CollateralType {
	ubsd := func(n int64) sdkmath.Int { return sdkmath.NewInt(n).MulRaw(1_000_000) }
	return stablecointypes.CollateralType{
		Name: name, Denom: denom, OracleSymbol: symbol, Decimals: decimals,
		LiquidationRatio: dec(ratio), StabilityFee: dec(perSecond5PctYear),
		DebtCeiling: ubsd(ceilingBSD), DebtFloor: ubsd(100),
		LiquidationPenalty: dec(penalty), StartMultiplier: dec("1.1"), StepSeconds: 6, Cut: dec("0.98"),
		ResetAfterSeconds: 1800, ResetBelowFraction: dec("0.4"), Tip: ubsd(10), Chip: dec("0.001"),
		MaxInAuction: ubsd(ceilingBSD / 10),
	}
}

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// StablecoinGenesis is a local network's BSD: ATOM, ETH and BTC vault
// types (the ratios follow the assets' volatility) and a USDC PSM.
func StablecoinGenesis() *stablecointypes.GenesisState {
	gs := stablecointypes.DefaultGenesis()
	gs.CollateralTypes = []stablecointypes.CollateralType{
		vaultType("atom-a", DenomATOM, "ATOM", 6, "1.60", "0.13", 50_000_000),
		vaultType("eth-a", DenomETH, "ETH", 18, "1.45", "0.10", 200_000_000),
		vaultType("btc-a", DenomBTC, "BTC", 8, "1.45", "0.10", 200_000_000),
	}
	psm := stablecointypes.PSMParams{
		Denom: DenomUSDC, Decimals: 6, FeeIn: dec("0.001"), FeeOut: dec("0.001"),
		Ceiling: sdkmath.NewInt(100_000_000).MulRaw(1_000_000),
	}
	gs.Psm = &psm
	return gs
}
