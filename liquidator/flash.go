package liquidator

import (
	"fmt"
	"slices"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Flash mode (flash_loans = true) liquidates without holding the debt
// asset. One transaction flash-borrows the repayment, liquidates, opens a
// vault with the seized collateral (topped up from the signer's own: BSD
// is overcollateralized, so the seized amount alone never backs enough),
// mints the BSD whose PSM swap-out repays the loan and its fee, swaps, and
// the flash loan takes its due (x/flashloan README, worked example 2). It
// needs debt in the PSM's stable denom and a vault type for the
// collateral; the liquidator keeps the vault (its bonus, as equity).

// flashMargin: the vault is filled to 1% above its liquidation ratio at
// 99% of the spot price, and the seized amount is counted at 99%.
var flashMargin = sdkmath.LegacyNewDecWithPrec(99, 2)

// FlashRoute builds the flash-loan transaction for a planned liquidation
// whose repayment is bounded by bound, given the signer's own balance of
// the collateral denom.
func FlashRoute(data MarketData, signer string, plan Plan, bound, ownCollateral sdkmath.Int) (*flashtypes.MsgFlashLoan, error) {
	psm := data.PSM
	if psm == nil || psm.Denom != plan.DebtDenom {
		return nil, fmt.Errorf("flash mode needs debt in the PSM's stable denom, not %s", plan.DebtDenom)
	}
	var names []string
	for name, t := range data.Types {
		if t.CollateralType.Denom == plan.CollateralDenom {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no vault type for %s", plan.CollateralDenom)
	}
	slices.Sort(names)
	ct := data.Types[names[0]].CollateralType
	p, ok := data.Prices[ct.OracleSymbol]
	if !ok || p.Stale || !p.Price.Price.IsPositive() {
		return nil, fmt.Errorf("no fresh price for %s", ct.OracleSymbol)
	}
	owed := bound.Add(data.Flash.Fee(bound))
	// The least BSD whose swap-out pays what the loan owes.
	mint := owed.ToLegacyDec().Quo(sdkmath.LegacyOneDec().Sub(psm.FeeOut)).Ceil().TruncateInt()
	for range 8 {
		if psm.SwapOut(mint).GTE(owed) {
			break
		}
		mint = mint.AddRaw(1)
	}
	if mint.LT(ct.DebtFloor) {
		return nil, fmt.Errorf("the vault would mint %subsd, below the %s floor %s", mint, ct.Name, ct.DebtFloor)
	}
	price := p.Price.Price.Mul(flashMargin)
	need := stabletypes.DebtValue(mint).Mul(ct.LiquidationRatio).Quo(flashMargin)
	collateral := lendingtypes.AmountUp(need, price, ct.Decimals)
	seized := plan.Seize.ToLegacyDec().Mul(flashMargin).TruncateInt()
	own := sdkmath.MaxInt(collateral.Sub(seized), sdkmath.ZeroInt())
	if own.GT(ownCollateral) {
		return nil, fmt.Errorf("flash mode needs %s%s of the signer's own collateral, it holds %s", own, ct.Denom, ownCollateral)
	}
	inner := []sdk.Msg{
		&lendingtypes.MsgLiquidate{Liquidator: signer, Borrower: plan.Borrower, DebtDenom: plan.DebtDenom, CollateralDenom: plan.CollateralDenom, MaxRepay: bound},
		&stabletypes.MsgOpenVault{Owner: signer, Type: ct.Name, Collateral: sdk.NewCoin(ct.Denom, collateral), Mint: mint},
		&stabletypes.MsgPSMSwapOut{Sender: signer, Amount: mint},
	}
	return flashtypes.NewMsgFlashLoan(signer, sdk.NewCoins(sdk.NewCoin(plan.DebtDenom, bound)), inner)
}
