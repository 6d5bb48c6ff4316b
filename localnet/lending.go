package localnet

import (
	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/app"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

func d(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// lendingMarket fills a market with the flags and caps every local market shares.
func lendingMarket(denom, symbol string, decimals uint32, ltv, lt, bonus, reserve, slope1, slope2, optimal string) lendingtypes.Market {
	return lendingtypes.Market{
		Denom: denom, OracleSymbol: symbol, Decimals: decimals,
		Ltv: d(ltv), LiquidationThreshold: d(lt), LiquidationBonus: d(bonus),
		LiquidationProtocolFee: d("0.1"), ReserveFactor: d(reserve),
		BaseRate: d("0"), Slope1: d(slope1), Slope2: d(slope2), OptimalUtilization: d(optimal),
		SupplyCap: sdkmath.ZeroInt(), BorrowCap: sdkmath.ZeroInt(),
		BorrowEnabled: true, CollateralEnabled: true, FlashloanEnabled: true,
	}
}

// LendingMarkets are a local network's money markets, with parameters in
// the range of production money markets (Aave v3 on volatile and stable assets).
func LendingMarkets() []lendingtypes.Market {
	bal := lendingMarket(app.BondDenom, "BAL", 6, "0.40", "0.50", "0.10", "0.20", "0.10", "3.00", "0.45")
	// The staking token is collateral only: borrowed BAL could buy voting power.
	bal.BorrowEnabled, bal.FlashloanEnabled = false, false
	return []lendingtypes.Market{
		lendingMarket(DenomATOM, "ATOM", 6, "0.65", "0.75", "0.075", "0.15", "0.07", "3.00", "0.45"),
		lendingMarket(DenomETH, "ETH", 18, "0.80", "0.825", "0.05", "0.15", "0.033", "0.80", "0.80"),
		lendingMarket(DenomBTC, "BTC", 8, "0.73", "0.78", "0.05", "0.20", "0.04", "3.00", "0.45"),
		lendingMarket(DenomUSDC, "USDC", 6, "0.75", "0.78", "0.045", "0.10", "0.06", "0.60", "0.90"),
		bal,
	}
}
