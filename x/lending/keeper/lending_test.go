package keeper_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

func TestSupplyBorrowRepayWithdrawRoundTrip(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "1000000000uusdc") // $10k ATOM, $1k USDC debt
	before := f.balance(b, "uusdc")

	f.advance(100, 30*24*time.Hour)
	f.setPrices(map[string]string{"ATOM": "10", "USDC": "1"})
	repaid, err := f.k.Repay(f.ctx, b, b, coin("0uusdc"), true)
	require.NoError(t, err)
	require.True(t, repaid.Amount.GT(sdkmath.NewInt(1_000_000_000)), "a month of interest was charged: %s", repaid)
	require.Equal(t, before.Sub(repaid.Amount), f.balance(b, "uusdc"))
	has, err := f.k.Borrowers.Has(f.ctx, b)
	require.NoError(t, err)
	require.False(t, has, "no debt, not in the keeper index")

	out, err := f.k.Withdraw(f.ctx, b, coin("0uatom"), true)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_000_000_000), out.Amount, "no ATOM borrowed: no interest earned or lost")

	// The supplier earned the interest minus the reserve factor.
	st := f.state("uusdc")
	require.True(t, st.Reserves.IsPositive())
	supplied, _ := st.Totals()
	require.True(t, supplied.GT(sdkmath.NewInt(500_000_000_000)))
}

// ATTACKS 1: coins pushed into the module account change nothing.
func TestDonationsDoNotMoveTheExchangeRate(t *testing.T) {
	f := setup(t)
	a, b := f.users[0], f.users[1]
	require.NoError(t, f.k.Supply(f.ctx, a, coin("1uatom")))
	idx := f.state("uatom").LiquidityIndex

	// Bank refuses sends to module accounts; force coins in as a donation would.
	module := authtypes.NewModuleAddress(types.ModuleName)
	require.NoError(t, f.app.BankKeeper.SendCoins(f.ctx, a, module, sdk.NewCoins(coin("1000000000uatom"))))

	require.NoError(t, f.k.Supply(f.ctx, b, coin("1000000uatom")))
	out, err := f.k.Withdraw(f.ctx, b, coin("0uatom"), true)
	require.NoError(t, err)
	require.True(t, out.Amount.GTE(sdkmath.NewInt(999_999)), "B gets back ≥ 10^6 − 1, got %s", out.Amount)
	require.Equal(t, idx, f.state("uatom").LiquidityIndex, "the exchange rate did not move")
	aOut, err := f.k.Withdraw(f.ctx, a, coin("0uatom"), true)
	require.NoError(t, err)
	require.True(t, aOut.Amount.LTE(sdkmath.OneInt()), "A gains nothing from the donation")
}

// ATTACKS 2: round trips never grow a balance; a 1-unit borrow records ≥ 1 unit of debt.
func TestRoundTripsNeverGrowBalances(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "100000000uusdc")
	f.advance(10, time.Hour) // indices above 1 with many decimals
	f.setPrices(map[string]string{"ATOM": "10", "USDC": "1"})
	start := f.balance(b, "uusdc")
	rng := rand.New(rand.NewPCG(1, 2)) // reproducible test amounts
	for i := 0; i < 2000; i++ {
		x := int64(1)
		if i%2 == 1 {
			x = 1 + rng.Int64N(1_000_000)
		}
		err := f.k.Supply(f.ctx, b, sdk.NewCoin("uusdc", sdkmath.NewInt(x)))
		if err != nil {
			// At an index above 1 a single unit buys no share: refused, not rounded away.
			require.ErrorIs(t, err, types.ErrInvalidAmount)
			continue
		}
		_, err = f.k.Withdraw(f.ctx, b, coin("0uusdc"), true)
		require.NoError(t, err)
		require.True(t, f.balance(b, "uusdc").LTE(start), "round trip %d grew the balance", i)
	}

	debtBefore := f.debt(b, "uusdc")
	require.NoError(t, f.k.Borrow(f.ctx, b, coin("1uusdc")))
	require.True(t, f.debt(b, "uusdc").Sub(debtBefore).GTE(sdkmath.OneInt()), "a 1-unit borrow records at least 1 unit")
}

func (f *fixture) debt(addr sdk.AccAddress, denom string) sdkmath.Int {
	v, err := f.k.AccountView(f.ctx, addr)
	require.NoError(f.t, err)
	for _, p := range v.Positions {
		if p.Denom == denom {
			return p.Debt
		}
	}
	return sdkmath.ZeroInt()
}

// ATTACKS 4: nobody borrows coins the market does not account for.
func TestBorrowingIsBoundedByAccountedCash(t *testing.T) {
	f := setup(t)
	a, b := f.users[0], f.users[1]
	require.NoError(t, f.k.Supply(f.ctx, a, coin("100000000uusdc")))
	require.NoError(t, f.k.Supply(f.ctx, b, coin("100000000000uatom")))
	require.NoError(t, f.k.SetCollateral(f.ctx, b, "uatom", true))
	module := authtypes.NewModuleAddress(types.ModuleName)
	require.NoError(t, f.app.BankKeeper.SendCoins(f.ctx, a, module, sdk.NewCoins(coin("500000000uusdc"))))

	err := f.k.Borrow(f.ctx, b, coin("100000001uusdc"))
	require.ErrorIs(t, err, types.ErrInsufficientLiquidity, "donated coins are not lendable")
	require.NoError(t, f.k.Borrow(f.ctx, b, coin("100000000uusdc")))
	st := f.state("uusdc")
	_, borrows := st.Totals()
	require.True(t, types.Utilization(st.Available(), borrows).LTE(sdkmath.LegacyOneDec()))
}

// ATTACKS 9: stale prices stop risk-increasing actions, not supply and repay.
func TestStalePricesBlockRiskButNotSupplyOrRepay(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "100000000uusdc")
	f.advance(11, time.Minute) // past max_age_blocks, no new prices

	require.ErrorIs(t, f.k.Borrow(f.ctx, b, coin("1000000uusdc")), oracletypes.ErrStalePrice)
	_, err := f.k.Withdraw(f.ctx, b, coin("1000uatom"), false)
	require.ErrorIs(t, err, oracletypes.ErrStalePrice)
	require.ErrorIs(t, f.k.SetCollateral(f.ctx, b, "uatom", false), oracletypes.ErrStalePrice)
	_, err = f.k.Liquidate(f.ctx, f.users[2], b, "uusdc", "uatom", sdkmath.NewInt(1000))
	require.ErrorIs(t, err, oracletypes.ErrStalePrice)

	require.NoError(t, f.k.Supply(f.ctx, f.users[2], coin("1000uusdc")))
	_, err = f.k.Repay(f.ctx, b, b, coin("1000uusdc"), false)
	require.NoError(t, err)
}

// ATTACKS 14: health factor exactly 1 is not liquidatable; just below is.
func TestLiquidationBoundary(t *testing.T) {
	f := setup(t)
	// 1000 ATOM at $10 = $10,000 collateral, threshold 75% = $7,500; borrow $6,000 (ltv 65% allows $6,500).
	b := f.borrower("1000000000uatom", "6000000000uusdc")
	liq := f.users[2]
	// HF = 1000 × p × 0.75 / 6000 = 1 at p = 8.
	f.setPrices(map[string]string{"ATOM": "8", "USDC": "1"})
	_, err := f.k.Liquidate(f.ctx, liq, b, "uusdc", "uatom", sdkmath.NewInt(1_000_000_000))
	require.ErrorIs(t, err, types.ErrHealthy)

	f.setPrices(map[string]string{"ATOM": "7.99", "USDC": "1"})
	hfBefore := f.hf(b)
	res, err := f.k.Liquidate(f.ctx, liq, b, "uusdc", "uatom", sdkmath.NewInt(100_000_000_000))
	require.NoError(t, err)
	// Close factor 50% of $6,000 = $3,000.
	require.Equal(t, sdkmath.NewInt(3_000_000_000), res.Repaid.Amount)
	require.True(t, f.hf(b).GT(hfBefore), "a partial liquidation leaves the account healthier")

	_, err = f.k.Liquidate(f.ctx, b, b, "uusdc", "uatom", sdkmath.NewInt(1))
	require.ErrorIs(t, err, types.ErrSelfLiquidation)
}

func (f *fixture) hf(addr sdk.AccAddress) sdkmath.LegacyDec {
	v, err := f.k.AccountView(f.ctx, addr)
	require.NoError(f.t, err)
	return sdkmath.LegacyMustNewDecFromStr(v.HealthFactor)
}

// ATTACKS 15: a 95% crash in one block: everything is seized, the rest of the
// debt is written off, reserves cover what they can, suppliers take an
// evented haircut, and the books still balance.
func TestBadDebtIsWrittenOffCoveredAndSocialized(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "6000000000uusdc")
	f.setPrices(map[string]string{"ATOM": "0.5", "USDC": "1"})
	before := f.state("uusdc")

	res, err := f.k.Liquidate(f.ctx, f.users[2], b, "uusdc", "uatom", sdkmath.NewInt(100_000_000_000))
	require.NoError(t, err)
	require.False(t, res.BadDebt.IsZero(), "the rest of the debt is bad")
	require.True(t, f.debt(b, "uusdc").IsZero())
	has, err := f.k.Borrowers.Has(f.ctx, b)
	require.NoError(t, err)
	require.False(t, has)

	after := f.state("uusdc")
	require.True(t, after.LiquidityIndex.LT(before.LiquidityIndex), "suppliers took the loss")
	require.True(t, after.Deficit.IsZero(), "nothing stays unbacked")
	// Suppliers' claims never exceed what the market holds and is owed.
	supply, borrows := after.Totals()
	require.True(t, supply.Add(after.Reserves).LTE(after.Cash.Add(borrows).AddRaw(1)),
		"claims %s + reserves %s ≤ cash %s + borrows %s", supply, after.Reserves, after.Cash, borrows)
}

// ATTACKS 15 with reserves: a write-off is paid from the market's reserves
// first, and only the rest is socialized by an index haircut; the events
// say how much each took.
func TestBadDebtIsCoveredByReservesFirst(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "6000000000uusdc")
	f.advance(100, 365*24*time.Hour) // a year of interest builds reserves
	f.setPrices(map[string]string{"ATOM": "0.5", "USDC": "1"})
	view, err := f.k.MarketView(f.ctx, "uusdc")
	require.NoError(t, err)
	reserves := view.State.Reserves
	require.True(t, reserves.IsPositive(), "the interest's reserve share")

	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	res, err := f.k.Liquidate(f.ctx, f.users[2], b, "uusdc", "uatom", sdkmath.NewInt(100_000_000_000))
	require.NoError(t, err)
	bad := res.BadDebt.AmountOf("uusdc")
	require.True(t, bad.GT(reserves), "more bad debt (%s) than reserves (%s)", bad, reserves)
	require.True(t, f.state("uusdc").Reserves.IsZero(), "the reserves went first")

	var covered, socialized string
	haircut := false
	for _, ev := range f.ctx.EventManager().Events() {
		switch ev.Type {
		case "ballast.lending.v1.EventBadDebt":
			for _, a := range ev.Attributes {
				switch a.Key {
				case "covered_by_reserves":
					covered = strings.Trim(a.Value, `"`)
				case "socialized":
					socialized = strings.Trim(a.Value, `"`)
				}
			}
		case "ballast.lending.v1.EventIndexHaircut":
			haircut = true
		}
	}
	require.Equal(t, reserves.String(), covered)
	require.Equal(t, bad.Sub(reserves).String(), socialized, "the rest, socialized")
	require.True(t, haircut, "the haircut is announced")
}

// ATTACKS 7: after time passes, withdraw and liquidate see accrued interest.
func TestActionsSeeAccruedInterest(t *testing.T) {
	f := setup(t)
	b := f.users[1]
	// 7,000 USDC supplied, 6,400 borrowed: 91% utilization, about 12% a year.
	require.NoError(t, f.k.Supply(f.ctx, f.users[0], coin("7000000000uusdc")))
	require.NoError(t, f.k.Supply(f.ctx, b, coin("1000000000uatom")))
	require.NoError(t, f.k.SetCollateral(f.ctx, b, "uatom", true))
	require.NoError(t, f.k.Borrow(f.ctx, b, coin("6400000000uusdc"))) // just under the $6,500 limit
	f.advance(100, 365*24*time.Hour)
	f.setPrices(map[string]string{"ATOM": "10", "USDC": "1"})
	// A year of interest pushed the debt over the borrow limit: a withdrawal must fail.
	_, err := f.k.Withdraw(f.ctx, b, coin("1uatom"), false)
	require.ErrorIs(t, err, types.ErrUndercollateralized)
	require.True(t, f.debt(b, "uusdc").GT(sdkmath.NewInt(6_400_000_000)))
}

// ATTACKS 7 for liquidation: with no price change, interest alone makes a
// position liquidatable, and the liquidation repays the accrued debt, not
// the debt as last written.
func TestLiquidationSeesAccruedInterest(t *testing.T) {
	f := setup(t)
	b, liq := f.users[1], f.users[2]
	require.NoError(t, f.k.Supply(f.ctx, f.users[0], coin("7000000000uusdc")))
	require.NoError(t, f.k.Supply(f.ctx, b, coin("1000000000uatom")))
	require.NoError(t, f.k.SetCollateral(f.ctx, b, "uatom", true))
	require.NoError(t, f.k.Borrow(f.ctx, b, coin("6400000000uusdc")))
	_, err := f.k.Liquidate(f.ctx, liq, b, "uusdc", "uatom", sdkmath.NewInt(100_000_000_000))
	require.ErrorIs(t, err, types.ErrHealthy, "$6,400 against a $7,500 threshold")

	f.advance(100, 3*365*24*time.Hour) // three years at ~12%: the debt passes $7,500
	f.setPrices(map[string]string{"ATOM": "10", "USDC": "1"})
	accrued := f.debt(b, "uusdc")
	require.True(t, accrued.GT(sdkmath.NewInt(7_500_000_000)), "accrued %s", accrued)
	res, err := f.k.Liquidate(f.ctx, liq, b, "uusdc", "uatom", sdkmath.NewInt(100_000_000_000))
	require.NoError(t, err)
	require.True(t, res.Repaid.Amount.GT(sdkmath.NewInt(6_400_000_000)), "repaid %s includes the interest", res.Repaid)
	require.True(t, res.Repaid.Amount.LTE(accrued))
}

func TestBadInputChangesNothing(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "1000000000uusdc")
	other := f.users[2]
	snapshot := func() []any {
		gs, err := f.k.ExportGenesis(f.ctx)
		require.NoError(t, err)
		return []any{gs, f.app.BankKeeper.GetAllBalances(f.ctx, b), f.app.BankKeeper.GetAllBalances(f.ctx, other)}
	}
	before := snapshot()

	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"unknown denom", func() error { return f.k.Supply(f.ctx, b, coin("5uxyz")) }, types.ErrUnknownMarket},
		{"zero supply", func() error { return f.k.Supply(f.ctx, b, sdk.Coin{Denom: "uatom", Amount: sdkmath.ZeroInt()}) }, types.ErrInvalidAmount},
		{"borrow over the limit", func() error { return f.k.Borrow(f.ctx, b, coin("6000000000uusdc")) }, types.ErrUndercollateralized},
		{"borrow dust", func() error { return f.k.Borrow(f.ctx, other, coin("1uusdc")) }, types.ErrDustBorrow},
		{"borrow a collateral-only asset", func() error { return f.k.Borrow(f.ctx, b, coin("1000000ubal")) }, types.ErrBorrowDisabled},
		{"withdraw collateral that backs debt", func() error {
			_, err := f.k.Withdraw(f.ctx, b, coin("900000000uatom"), false)
			return err
		}, types.ErrUndercollateralized},
		{"withdraw more than supplied", func() error {
			_, err := f.k.Withdraw(f.ctx, other, coin("1uatom"), false)
			return err
		}, types.ErrInsufficientSupply},
		{"disable collateral that backs debt", func() error { return f.k.SetCollateral(f.ctx, b, "uatom", false) }, types.ErrUndercollateralized},
		{"liquidate a healthy account", func() error {
			_, err := f.k.Liquidate(f.ctx, other, b, "uusdc", "uatom", sdkmath.NewInt(1000))
			return err
		}, types.ErrHealthy},
		{"repay without debt", func() error {
			_, err := f.k.Repay(f.ctx, other, other, coin("5uusdc"), false)
			return err
		}, types.ErrNoDebt},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cacheCtx, _ := f.ctx.CacheContext() // what a failing tx would discard
			saved := f.ctx
			f.ctx = cacheCtx
			err := tc.run()
			f.ctx = saved
			require.ErrorIs(t, err, tc.want)
		})
	}
	require.Equal(t, before, snapshot())

	// Repaying more than owed takes only the debt.
	owed := f.debt(b, "uusdc")
	bal := f.balance(b, "uusdc")
	repaid, err := f.k.Repay(f.ctx, b, b, coin("999999999999uusdc"), false)
	require.NoError(t, err)
	require.Equal(t, owed, repaid.Amount)
	require.Equal(t, bal.Sub(owed), f.balance(b, "uusdc"))
}

func TestPausedAndFrozenMarkets(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "1000000000uusdc")
	gov := f.k.Authority()
	_, err := f.msgs.GuardianAct(f.ctx, &types.MsgGuardianAct{Authority: gov, Denom: "uusdc", Action: types.GUARDIAN_ACTION_FREEZE})
	require.NoError(t, err)
	require.ErrorIs(t, f.k.Supply(f.ctx, b, coin("1uusdc")), types.ErrMarketFrozen)
	require.ErrorIs(t, f.k.Borrow(f.ctx, b, coin("10000000uusdc")), types.ErrMarketFrozen)
	_, err = f.k.Repay(f.ctx, b, b, coin("1000uusdc"), false)
	require.NoError(t, err, "repay always works")

	_, err = f.msgs.GuardianAct(f.ctx, &types.MsgGuardianAct{Authority: gov, Denom: "uatom", Action: types.GUARDIAN_ACTION_PAUSE})
	require.NoError(t, err)
	_, err = f.k.Withdraw(f.ctx, b, coin("1uatom"), false)
	require.ErrorIs(t, err, types.ErrMarketPaused)

	// The guardian can only make things safer.
	m, err := f.k.Markets.Get(f.ctx, "uusdc")
	require.NoError(t, err)
	m.BorrowCap = sdkmath.NewInt(1000)
	require.NoError(t, f.k.Markets.Set(f.ctx, "uusdc", m))
	_, err = f.msgs.GuardianAct(f.ctx, &types.MsgGuardianAct{Authority: gov, Denom: "uusdc", Action: types.GUARDIAN_ACTION_LOWER_BORROW_CAP, Cap: sdkmath.NewInt(5000)})
	require.ErrorIs(t, err, types.ErrNotSafer)
	_, err = f.msgs.GuardianAct(f.ctx, &types.MsgGuardianAct{Authority: f.users[3].String(), Denom: "uusdc", Action: types.GUARDIAN_ACTION_PAUSE})
	require.ErrorIs(t, err, types.ErrInvalidAuthority)
}
