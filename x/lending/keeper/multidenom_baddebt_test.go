package keeper_test

import (
	"errors"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"

	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/x/lending/types"
)

// milliETH is n thousandths of an ETH in aeth (18 decimals).
func milliETH(n int64) sdkmath.Int { return sdkmath.NewIntWithDecimal(n, 15) }

// mint creates c out of thin air for addr (a test's faucet: the shared
// fixture funds no ETH).
func (f *fixture) mint(addr sdk.AccAddress, c sdk.Coin) {
	f.t.Helper()
	require.NoError(f.t, f.app.BankKeeper.MintCoins(f.ctx, minttypes.ModuleName, sdk.NewCoins(c)))
	require.NoError(f.t, f.app.BankKeeper.SendCoinsFromModuleToAccount(f.ctx, minttypes.ModuleName, addr, sdk.NewCoins(c)))
}

// scaledBorrow is addr's scaled debt in denom (zero when none is recorded).
func (f *fixture) scaledBorrow(addr sdk.AccAddress, denom string) sdkmath.Int {
	f.t.Helper()
	v, err := f.k.Borrows.Get(f.ctx, collections.Join(addr, denom))
	if errors.Is(err, collections.ErrNotFound) {
		return sdkmath.ZeroInt()
	}
	require.NoError(f.t, err)
	return v
}

func (f *fixture) scaledSupply(addr sdk.AccAddress, denom string) sdkmath.Int {
	f.t.Helper()
	v, err := f.k.Supplies.Get(f.ctx, collections.Join(addr, denom))
	if errors.Is(err, collections.ErrNotFound) {
		return sdkmath.ZeroInt()
	}
	require.NoError(f.t, err)
	return v
}

// twoDebtBorrower: the supplier lends 10,000 USDC and 4 ETH; the borrower
// puts up 1,000 ATOM ($10,000) and borrows 3,000 USDC and 1 ETH ($6,000,
// under the $6,500 limit); a year passes, so both markets hold reserves
// in their own denom.
func twoDebtBorrower(t *testing.T) (f *fixture, supplier, borrower, liquidator sdk.AccAddress) {
	t.Helper()
	f = setup(t)
	supplier, borrower, liquidator = f.users[0], f.users[1], f.users[2]
	eth := localnet.DenomETH
	f.mint(supplier, sdk.NewCoin(eth, milliETH(4000)))
	f.mint(liquidator, sdk.NewCoin(eth, milliETH(2000)))
	require.NoError(t, f.k.Supply(f.ctx, supplier, coin("10000000000uusdc")))
	require.NoError(t, f.k.Supply(f.ctx, supplier, sdk.NewCoin(eth, milliETH(4000))))
	require.NoError(t, f.k.Supply(f.ctx, borrower, coin("1000000000uatom")))
	require.NoError(t, f.k.SetCollateral(f.ctx, borrower, "uatom", true))
	require.NoError(t, f.k.Borrow(f.ctx, borrower, coin("3000000000uusdc")))
	require.NoError(t, f.k.Borrow(f.ctx, borrower, sdk.NewCoin(eth, milliETH(1000))))
	f.advance(100, 365*24*time.Hour)
	f.setPrices(map[string]string{"ATOM": "10", "USDC": "1", "ETH": "3000", "BTC": "100000", "BAL": "1"})
	for _, denom := range []string{"uusdc", eth} {
		v, err := f.k.MarketView(f.ctx, denom)
		require.NoError(t, err)
		require.True(t, v.State.Reserves.IsPositive(), "a year of interest builds %s reserves", denom)
	}
	require.NoError(t, f.invariants())
	return f, supplier, borrower, liquidator
}

// writeOffBook is what one market must book when a bankrupt borrower's
// debt in it is written off, computed from the market before the final
// liquidation.
type writeOffBook struct {
	denom          string
	before         types.MarketState // accrued, just before the liquidation
	owed           sdkmath.Int       // the borrower's scaled debt
	debt           sdkmath.Int       // what that scaled debt is owed
	supplierScaled sdkmath.Int
	bad, cover     sdkmath.Int
	socialized     sdkmath.Int
	newIndex       sdkmath.LegacyDec
}

// expectWriteOff computes each debt market's write-off as baddebt.go
// documents it (reserves first, the rest a pro-rata haircut of the
// market's own index); repaid of repaidDenom is what the liquidation pays
// before the write-off.
func (f *fixture) expectWriteOff(borrower, supplier sdk.AccAddress, repaidDenom string, repaid sdkmath.Int, denoms ...string) map[string]*writeOffBook {
	f.t.Helper()
	books := map[string]*writeOffBook{}
	for _, denom := range denoms {
		v, err := f.k.MarketView(f.ctx, denom)
		require.NoError(f.t, err)
		st := v.State
		require.True(f.t, st.Deficit.IsZero(), "%s starts without a deficit", denom)
		b := &writeOffBook{denom: denom, before: st, owed: f.scaledBorrow(borrower, denom), supplierScaled: f.scaledSupply(supplier, denom)}
		b.debt = types.ScaledToDebt(b.owed, st.BorrowIndex)
		require.True(f.t, b.debt.IsPositive(), "the borrower owes %s", denom)
		left := b.owed
		if denom == repaidDenom {
			require.True(f.t, repaid.LT(b.debt), "the liquidation leaves %s debt", denom)
			left = b.owed.Sub(sdkmath.MinInt(types.RepayShares(repaid, st.BorrowIndex), b.owed))
		}
		b.bad = types.ScaledToDebt(left, st.BorrowIndex)
		b.cover = sdkmath.MinInt(st.Reserves, b.bad)
		b.socialized = sdkmath.ZeroInt()
		b.newIndex = st.LiquidityIndex
		supply := types.ScaledToSupply(st.TotalScaledSupply, st.LiquidityIndex)
		if rest := b.bad.Sub(b.cover); rest.IsPositive() {
			require.True(f.t, supply.GT(rest), "%s suppliers can absorb the rest", denom)
			b.socialized = rest
			b.newIndex = st.LiquidityIndex.MulInt(supply.Sub(rest)).QuoTruncate(sdkmath.LegacyNewDecFromInt(supply))
		}
		books[denom] = b
	}
	return books
}

// typedEvents decodes the typed events of the context's event manager.
func (f *fixture) typedEvents() (bad []*types.EventBadDebt, haircuts []*types.EventIndexHaircut, liqs []*types.EventLiquidate) {
	f.t.Helper()
	for _, ev := range f.ctx.EventManager().Events() {
		msg, err := sdk.ParseTypedEvent(abci.Event(ev))
		if err != nil {
			continue // an untyped event (bank's coin_spent, …)
		}
		switch e := msg.(type) {
		case *types.EventBadDebt:
			bad = append(bad, e)
		case *types.EventIndexHaircut:
			haircuts = append(haircuts, e)
		case *types.EventLiquidate:
			liqs = append(liqs, e)
		}
	}
	return bad, haircuts, liqs
}

// allStates are the stored states of every market.
func (f *fixture) allStates() map[string]types.MarketState {
	f.t.Helper()
	out := map[string]types.MarketState{}
	require.NoError(f.t, f.k.MarketStates.Walk(f.ctx, nil, func(denom string, st types.MarketState) (bool, error) {
		out[denom] = st
		return false, nil
	}))
	return out
}

// bankrupt runs the scenario's end: ATOM has crashed so that the
// borrower's collateral is worth less than its debt; a first, partial
// liquidation of firstDenom leaves collateral (nothing is written off), a
// second one of lastDenom takes all the collateral, and the rest of BOTH
// debts is written off, each in its own market. It checks every booking
// exactly and returns the books.
func (f *fixture) bankrupt(supplier, borrower, liq sdk.AccAddress, firstDenom string, firstMax sdkmath.Int, lastDenom string) map[string]*writeOffBook {
	t := f.t
	eth := localnet.DenomETH
	debtDenoms := []string{"uusdc", eth}

	// Bankrupt: collateral value < debt value.
	f.setPrices(map[string]string{"ATOM": "2", "USDC": "1", "ETH": "3000", "BTC": "100000", "BAL": "1"})
	view, err := f.k.AccountView(f.ctx, borrower)
	require.NoError(t, err)
	colValue, debtValue := sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()
	for _, p := range view.Positions {
		colValue, debtValue = colValue.Add(p.SuppliedValue), debtValue.Add(p.DebtValue)
	}
	require.True(t, colValue.LT(debtValue), "bankrupt: collateral $%s < debt $%s", colValue, debtValue)

	// 1. A partial liquidation: collateral is left, so nothing is bad yet.
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	res, err := f.k.Liquidate(f.ctx, liq, borrower, firstDenom, "uatom", firstMax)
	require.NoError(t, err)
	require.Equal(t, firstMax, res.Repaid.Amount, "the first liquidation is partial")
	require.True(t, res.BadDebt.IsZero(), "collateral is left: nothing written off yet")
	bad, haircuts, _ := f.typedEvents()
	require.Empty(t, bad)
	require.Empty(t, haircuts)
	require.True(t, f.scaledSupply(borrower, "uatom").IsPositive())
	require.NoError(t, f.invariants())

	// 2. The liquidation that takes the last of the collateral.
	debtBefore := map[string]sdkmath.Int{}
	for _, denom := range debtDenoms {
		debtBefore[denom] = f.debt(borrower, denom)
	}
	// What the liquidation will repay: all the collateral's worth, less the bonus.
	probe, _ := f.ctx.CacheContext()
	probeRes, err := f.k.Liquidate(probe, liq, borrower, lastDenom, "uatom", sdkmath.NewInt(1_000_000_000_000_000_000))
	require.NoError(t, err)
	books := f.expectWriteOff(borrower, supplier, lastDenom, probeRes.Repaid.Amount, debtDenoms...)
	statesBefore := f.allStates()
	atomBefore, err := f.k.MarketView(f.ctx, "uatom")
	require.NoError(t, err)
	cashBefore := map[string]sdkmath.Int{}
	for _, denom := range debtDenoms {
		cashBefore[denom] = books[denom].before.Cash
	}

	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	res, err = f.k.Liquidate(f.ctx, liq, borrower, lastDenom, "uatom", sdkmath.NewInt(1_000_000_000_000_000_000))
	require.NoError(t, err)
	require.Equal(t, probeRes.Repaid, res.Repaid)
	require.True(t, f.scaledSupply(borrower, "uatom").IsZero(), "the collateral is gone")

	// The written-off coins: one per debt denom, each its own exact amount.
	require.Equal(t, sdk.NewCoins(sdk.NewCoin("uusdc", books["uusdc"].bad), sdk.NewCoin(eth, books[eth].bad)).String(), res.BadDebt.String())
	require.Len(t, res.BadDebt, 2, "no denom dropped")
	for _, denom := range debtDenoms {
		want := debtBefore[denom]
		if denom == lastDenom {
			want = want.Sub(res.Repaid.Amount)
			// The remainder of the repaid denom, to the unit rounding of scaled debt.
			require.True(t, books[denom].bad.Sub(want).Abs().LTE(sdkmath.OneInt()), "%s: bad %s vs debt − repaid %s", denom, books[denom].bad, want)
		} else {
			require.Equal(t, want, books[denom].bad, "%s: the whole debt is bad", denom)
		}
	}

	// Events: one EventBadDebt per denom, with its own amount, cover and haircut.
	bad, haircuts, liqs := f.typedEvents()
	require.Len(t, liqs, 1)
	require.Len(t, bad, 2, "one bad-debt event per debt denom")
	seen := map[string]bool{}
	for _, e := range bad {
		b, ok := books[e.Amount.Denom]
		require.True(t, ok, "bad debt in an unexpected denom %s", e.Amount)
		require.False(t, seen[e.Amount.Denom], "%s written off twice", e.Amount.Denom)
		seen[e.Amount.Denom] = true
		require.Equal(t, borrower.String(), e.Account)
		require.Equal(t, b.bad.String(), e.Amount.Amount.String(), "%s amount", b.denom)
		require.Equal(t, b.cover.String(), e.CoveredByReserves.String(), "%s covered by reserves", b.denom)
		require.Equal(t, b.socialized.String(), e.Socialized.String(), "%s socialized", b.denom)
		require.Equal(t, e.Amount.Amount, e.CoveredByReserves.Add(e.Socialized), "%s: cover + haircut = bad debt", b.denom)
	}
	wantHaircuts := 0
	for _, b := range books {
		if b.socialized.IsPositive() {
			wantHaircuts++
		}
	}
	require.Len(t, haircuts, wantHaircuts, "a haircut event for each market that socialized a loss, none for the others")
	for _, h := range haircuts {
		b, ok := books[h.Denom]
		require.True(t, ok, "haircut of an unexpected market %s", h.Denom)
		require.True(t, b.socialized.IsPositive(), "%s needed no haircut", h.Denom)
		require.Equal(t, b.socialized.String(), h.Loss.String())
		require.Equal(t, b.before.LiquidityIndex.String(), h.OldIndex.String())
		require.Equal(t, b.newIndex.String(), h.NewIndex.String())
	}

	// Each market's books, in its own denom.
	after := f.allStates()
	for _, denom := range debtDenoms {
		b, st := books[denom], after[denom]
		require.Equal(t, b.before.Reserves.Sub(b.cover).String(), st.Reserves.String(), "%s reserves", denom)
		require.True(t, st.Deficit.IsZero(), "%s: nothing left unbacked", denom)
		require.Equal(t, b.newIndex.String(), st.LiquidityIndex.String(), "%s liquidity index", denom)
		require.Equal(t, b.before.BorrowIndex.String(), st.BorrowIndex.String(), "%s borrow index", denom)
		require.Equal(t, b.before.TotalScaledBorrows.Sub(b.owed).String(), st.TotalScaledBorrows.String(), "%s: the borrower's debt left the books", denom)
		require.True(t, f.scaledBorrow(borrower, denom).IsZero(), "%s debt cleared", denom)
		wantCash := cashBefore[denom]
		if denom == lastDenom {
			wantCash = wantCash.Add(res.Repaid.Amount)
		}
		require.Equal(t, wantCash.String(), st.Cash.String(), "%s cash", denom)
		// The supplier's claim fell by what was socialized in this denom
		// (rounded in the market's favour by at most a few units).
		claimBefore := types.ScaledToSupply(b.supplierScaled, b.before.LiquidityIndex)
		claimAfter := types.ScaledToSupply(f.scaledSupply(supplier, denom), st.LiquidityIndex)
		loss := claimBefore.Sub(claimAfter)
		require.True(t, loss.GTE(b.socialized) && loss.LTE(b.socialized.AddRaw(10)),
			"%s: the supplier lost %s for %s socialized", denom, loss, b.socialized)
	}
	// The collateral market and the others took no loss.
	atomAfter := after["uatom"]
	require.True(t, atomAfter.Deficit.IsZero())
	require.Equal(t, atomBefore.State.LiquidityIndex.String(), atomAfter.LiquidityIndex.String(), "no haircut on the collateral market")
	require.Equal(t, atomBefore.State.Reserves.Add(liqs[0].ProtocolFee.Amount).String(), atomAfter.Reserves.String(), "ATOM reserves only gain the protocol fee")
	for denom, st := range after {
		if denom == "uatom" || denom == "uusdc" || denom == eth {
			continue
		}
		require.Equal(t, statesBefore[denom], st, "%s is untouched", denom)
	}
	has, err := f.k.Borrowers.Has(f.ctx, borrower)
	require.NoError(t, err)
	require.False(t, has, "no debt left in any denom")
	require.NoError(t, f.invariants())
	return books
}

// ATTACKS 5 (Kava audit, multi-denom Coins arithmetic) on bad debt: a
// borrower owing USDC and ETH against ATOM is bankrupted by a crash and
// liquidated until its collateral is gone. Both remainders are written
// off, each in its own market: reserves of that denom first, then a
// haircut of that market's index; the amounts in the events are exact per
// denom, no denom is skipped or mixed, and the books still hold.
func TestMultiDenomBadDebtIsWrittenOffInEachDenom(t *testing.T) {
	f, supplier, borrower, liq := twoDebtBorrower(t)
	// ETH first, partially; then USDC takes the rest of the collateral.
	books := f.bankrupt(supplier, borrower, liq, localnet.DenomETH, milliETH(200), "uusdc")
	for denom, b := range books {
		require.True(t, b.cover.IsPositive() && b.socialized.IsPositive(), "%s: reserves cover %s, suppliers %s", denom, b.cover, b.socialized)
	}
}

// ATTACKS 5, mixed outcomes: the borrower repaid almost all its ETH, so
// the ETH market's reserves cover its bad debt in full (no ETH haircut,
// the ETH index is untouched), while the USDC market needs its reserves
// and a haircut. A mix-up of denoms or of the cover between markets shows
// in the per-denom books.
func TestMultiDenomBadDebtReservesCoverOneDenomOnly(t *testing.T) {
	f, supplier, borrower, liq := twoDebtBorrower(t)
	eth := localnet.DenomETH
	// Leave 0.001 ETH of debt, less than the ETH reserves.
	owed := f.debt(borrower, eth)
	f.mint(borrower, sdk.NewCoin(eth, milliETH(100)))
	_, err := f.k.Repay(f.ctx, borrower, borrower, sdk.NewCoin(eth, owed.Sub(milliETH(1))), false)
	require.NoError(t, err)
	left := f.debt(borrower, eth) // 0.001 ETH, plus the repayment's rounding up
	require.True(t, left.Sub(milliETH(1)).LTE(sdkmath.OneInt()) && left.GTE(milliETH(1)), "left %s", left)
	v, err := f.k.MarketView(f.ctx, eth)
	require.NoError(t, err)
	require.True(t, v.State.Reserves.GT(left), "ETH reserves %s cover %s", v.State.Reserves, left)

	books := f.bankrupt(supplier, borrower, liq, "uusdc", sdkmath.NewInt(500_000_000), "uusdc")
	require.Equal(t, left, books[eth].bad)
	require.Equal(t, books[eth].bad, books[eth].cover, "ETH reserves cover the ETH bad debt in full")
	require.True(t, books[eth].socialized.IsZero())
	require.True(t, books["uusdc"].cover.IsPositive() && books["uusdc"].socialized.IsPositive())
}
