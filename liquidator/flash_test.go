package liquidator_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/liquidator"
	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

func flashData() liquidator.MarketData {
	return liquidator.MarketData{
		PSM:   &stabletypes.PSMParams{Denom: "uusdc", Decimals: 6, FeeIn: dec("0.001"), FeeOut: dec("0.001"), Ceiling: sdkmath.NewInt(1e15)},
		Flash: flashtypes.DefaultParams(),
		Types: map[string]stabletypes.TypeView{"atom-a": {CollateralType: stabletypes.CollateralType{
			Name: "atom-a", Denom: "uatom", OracleSymbol: "ATOM", Decimals: 6, LiquidationRatio: dec("1.6"), DebtFloor: sdkmath.NewInt(100_000_000),
		}}},
		Prices: map[string]oracletypes.PriceView{"ATOM": {Price: oracletypes.Price{Symbol: "ATOM", Price: dec("7.5")}}},
	}
}

// The flash route repays the loan and its fee exactly through the PSM and
// keeps the vault above its ratio with a margin; what it cannot do, it
// says.
func TestFlashRoute(t *testing.T) {
	plan := liquidator.Plan{
		Borrower: "bob", DebtDenom: "uusdc", CollateralDenom: "uatom",
		Repay: sdkmath.NewInt(3_000_000_000), Seize: sdkmath.NewInt(427_000_000),
	}
	bound := sdkmath.NewInt(3_000_300_001)
	data := flashData()
	msg, err := liquidator.FlashRoute(data, "liq", plan, bound, sdkmath.NewInt(1_000_000_000))
	require.NoError(t, err)
	inner, err := msg.InnerMsgs()
	require.NoError(t, err)
	require.Len(t, inner, 3)
	liq := inner[0].(*lendingtypes.MsgLiquidate)
	vault := inner[1].(*stabletypes.MsgOpenVault)
	swap := inner[2].(*stabletypes.MsgPSMSwapOut)
	require.Equal(t, bound, liq.MaxRepay)
	require.Equal(t, vault.Mint, swap.Amount)

	owed := bound.Add(data.Flash.Fee(bound))
	require.True(t, data.PSM.SwapOut(swap.Amount).GTE(owed), "the swap repays the loan and its fee")
	require.True(t, data.PSM.SwapOut(swap.Amount.SubRaw(1)).LT(owed), "and mints no more BSD than that")
	require.True(t, stabletypes.IsSafe(vault.Collateral.Amount, vault.Mint, sdkmath.LegacyOneDec(), dec("7.425"), dec("1.6"), 6),
		"the vault is safe at 99% of the price")

	_, err = liquidator.FlashRoute(data, "liq", plan, bound, sdkmath.NewInt(1_000))
	require.ErrorContains(t, err, "of the signer's own collateral")
	plan.DebtDenom = "uatom"
	_, err = liquidator.FlashRoute(data, "liq", plan, bound, sdkmath.NewInt(1_000_000_000))
	require.ErrorContains(t, err, "PSM's stable denom")
}
