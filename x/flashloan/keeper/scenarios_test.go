package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Worked scenario 1 (README): a capital-free liquidation. Bob borrows 6,000
// USDC against 1,000 ATOM; ATOM falls from $10 to $7.50. The liquidator
// holds no USDC and no BSD. In one transaction it flash-borrows 3,000 USDC,
// liquidates half of Bob's debt for ATOM, opens a vault with that ATOM (and
// some of its own: BSD is overcollateralized), mints just enough BSD to
// swap back through the PSM, and repays the loan with its fee. Its gain,
// valued at the oracle price, is the liquidation bonus less the flash-loan
// and PSM fees.
func TestCapitalFreeLiquidation(t *testing.T) {
	e := setup(t)
	e.ok(e.bob, &lendingtypes.MsgSupply{Supplier: e.bob.Address.String(), Amount: whole(1_000, atom)},
		&lendingtypes.MsgSetCollateral{Owner: e.bob.Address.String(), Denom: atom, Enabled: true},
		&lendingtypes.MsgBorrow{Borrower: e.bob.Address.String(), Amount: whole(6_000, usdc)})
	e.ok(e.liq, &banktypes.MsgSend{
		FromAddress: e.liq.Address.String(), ToAddress: e.alice.Address.String(),
		Amount: sdk.NewCoins(sdk.NewCoin(usdc, e.balance(e.liq, usdc))),
	})
	e.setPrice("ATOM", "7.5")

	ctx := e.ctx()
	params, err := e.app.FlashloanKeeper.Params.Get(ctx)
	require.NoError(t, err)
	psm, err := e.app.StablecoinKeeper.PSM.Get(ctx)
	require.NoError(t, err)
	usdcBefore, err := e.app.LendingKeeper.MarketStates.Get(ctx, usdc)
	require.NoError(t, err)
	loan := whole(3_000, usdc)
	owed := loan.Amount.Add(params.Fee(loan.Amount))
	mint := owed.ToLegacyDec().Quo(d("0.999")).TruncateInt()
	for psm.SwapOut(mint).LT(owed) {
		mint = mint.AddRaw(1)
	}
	liq := e.liq.Address.String()
	vaultCollateral := whole(720, atom) // ≈427 seized + 293 of its own
	atomBefore := e.balance(e.liq, atom)

	res := e.ok(e.liq, e.flash(e.liq, sdk.NewCoins(loan),
		&lendingtypes.MsgLiquidate{Liquidator: liq, Borrower: e.bob.Address.String(), DebtDenom: usdc, CollateralDenom: atom, MaxRepay: loan.Amount},
		&stabletypes.MsgOpenVault{Owner: liq, Type: "atom-a", Collateral: vaultCollateral, Mint: mint},
		&stabletypes.MsgPSMSwapOut{Sender: liq, Amount: mint},
	))
	require.Contains(t, eventTypes(res), "ballast.flashloan.v1.EventFlashLoan")
	require.Contains(t, eventTypes(res), "ballast.lending.v1.EventLiquidate", "inner events are kept")
	e.invariants()

	// What the liquidator gained, at the oracle price ($7.50 = 7.5 uusdc per uatom).
	price := d("7.5")
	vaults, err := e.app.StablecoinKeeper.Vaults.Get(e.ctx(), 1)
	require.NoError(t, err)
	rate, err := e.app.StablecoinKeeper.TypeStates.Get(e.ctx(), "atom-a")
	require.NoError(t, err)
	debt := stabletypes.DebtOf(vaults.Art, rate.Rate)
	atomNow := e.balance(e.liq, atom).Add(vaults.Collateral)
	gain := price.MulInt(atomNow.Sub(atomBefore)).Sub(debt.ToLegacyDec()).
		Add(e.balance(e.liq, usdc).ToLegacyDec()).Add(e.balance(e.liq, bsd).ToLegacyDec())

	repaid := loan.Amount.ToLegacyDec()
	bonus := repaid.Mul(d("0.075")).Mul(d("0.9")) // bonus less the 10% protocol share
	fees := params.Fee(loan.Amount).Add(mint.Sub(psm.SwapOut(mint))).ToLegacyDec()
	require.InDelta(t, bonus.Sub(fees).MustFloat64(), gain.MustFloat64(), 8, "gain %s, bonus %s, fees %s", gain, bonus, fees)
	require.True(t, e.balance(e.liq, usdc).IsZero() || e.balance(e.liq, usdc).LT(sdkmath.NewInt(2)), "no USDC was needed or made beyond rounding")

	// The fee is income of the USDC market: 10% to reserves, the rest to suppliers.
	usdcAfter, err := e.app.LendingKeeper.MarketStates.Get(e.ctx(), usdc)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(150_000), usdcAfter.Reserves.Sub(usdcBefore.Reserves), "10% of the 1.5 USDC fee")
	require.True(t, usdcAfter.LiquidityIndex.GT(usdcBefore.LiquidityIndex), "suppliers earned the rest")
}

// Worked scenario 2 (README): a collateral swap. Carol's 1,000 ATOM back a
// 5,000 USDC loan she has spent; she wants ETH as collateral instead. One
// transaction: flash-borrow 5,000 USDC, repay the loan, withdraw the ATOM,
// supply 5 ETH as collateral, borrow the loan plus fee again, repay.
func TestCollateralSwap(t *testing.T) {
	e := setup(t)
	carol := e.carol.Address.String()
	e.ok(e.carol, &lendingtypes.MsgSupply{Supplier: carol, Amount: whole(1_000, atom)},
		&lendingtypes.MsgSetCollateral{Owner: carol, Denom: atom, Enabled: true},
		&lendingtypes.MsgBorrow{Borrower: carol, Amount: whole(5_000, usdc)})
	// She keeps 1 USDC: the seconds of interest since the borrow.
	e.ok(e.carol, &banktypes.MsgSend{
		FromAddress: carol, ToAddress: e.alice.Address.String(),
		Amount: sdk.NewCoins(sdk.NewCoin(usdc, e.balance(e.carol, usdc).Sub(whole(1, usdc).Amount))),
	})
	atomBefore := e.balance(e.carol, atom)

	loan := whole(5_000, usdc)
	fee := sdkmath.NewInt(2_500_000) // 5 bps of 5,000 USDC
	fiveEth := sdk.NewCoin(eth, sdkmath.NewIntWithDecimal(5, 18))
	e.ok(e.carol, e.flash(e.carol, sdk.NewCoins(loan),
		&lendingtypes.MsgRepay{Payer: carol, Amount: loan, All: true},
		&lendingtypes.MsgWithdraw{Supplier: carol, Amount: coin(0, atom), All: true},
		&lendingtypes.MsgSupply{Supplier: carol, Amount: fiveEth},
		&lendingtypes.MsgSetCollateral{Owner: carol, Denom: eth, Enabled: true},
		&lendingtypes.MsgBorrow{Borrower: carol, Amount: sdk.NewCoin(usdc, loan.Amount.Add(fee))},
	))
	e.invariants()

	view, err := e.app.LendingKeeper.AccountView(e.ctx(), e.carol.Address)
	require.NoError(t, err)
	require.Equal(t, atomBefore.Add(whole(1_000, atom).Amount), e.balance(e.carol, atom), "the ATOM is back in her wallet")
	interest := whole(1, usdc).Amount.Sub(e.balance(e.carol, usdc))
	require.True(t, interest.IsPositive() && interest.LT(sdkmath.NewInt(100)), "only the old loan's interest left her wallet: %s", interest)
	var collateral []string
	debt := map[string]sdkmath.Int{}
	for _, p := range view.Positions {
		if p.Collateral && p.Supplied.IsPositive() {
			collateral = append(collateral, p.Denom)
		}
		if p.Debt.IsPositive() {
			debt[p.Denom] = p.Debt
		}
	}
	require.Equal(t, []string{eth}, collateral)
	require.Len(t, debt, 1)
	// The same loan plus the flash fee; scaled debt rounds up against the
	// borrower once the index has moved, by at most one unit.
	diff := debt[usdc].Sub(loan.Amount.Add(fee))
	require.True(t, !diff.IsNegative() && diff.LTE(sdkmath.OneInt()), "debt %s for %s + %s", debt[usdc], loan.Amount, fee)
}
