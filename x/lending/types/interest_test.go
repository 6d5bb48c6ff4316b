package types

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

const year = SecondsPerYear * time.Second

// testMarket is a valid market with an Aave-like rate model.
func testMarket() Market {
	return Market{
		Denom: "uatom", OracleSymbol: "ATOM", Decimals: 6,
		Ltv: dec("0.75"), LiquidationThreshold: dec("0.8"), LiquidationBonus: dec("0.05"),
		LiquidationProtocolFee: dec("0.1"), ReserveFactor: dec("0.1"),
		BaseRate: dec("0.02"), Slope1: dec("0.04"), Slope2: dec("0.75"), OptimalUtilization: dec("0.8"),
		SupplyCap: i64(0), BorrowCap: i64(0),
		BorrowEnabled: true, CollateralEnabled: true,
	}
}

// testState: 1000 supplied, 500 borrowed, 500 cash, fresh indices.
func testState() MarketState {
	return MarketState{
		Denom:             "uatom",
		TotalScaledSupply: i64(1_000_000_000), TotalScaledBorrows: i64(500_000_000),
		LiquidityIndex: dec("1"), BorrowIndex: dec("1"),
		LastAccrual: t0,
		Cash:        i64(500_000_000), Reserves: i64(0), Deficit: i64(0),
	}
}

func TestBorrowRateKinkedModel(t *testing.T) {
	m := testMarket() // base 0.02, slope1 0.04, slope2 0.75, kink at 0.8
	maxRate := dec("10")
	cases := []struct {
		name    string
		u       string
		maxRate sdkmath.LegacyDec
		want    string
	}{
		{"zero utilization pays the base rate", "0", maxRate, "0.02"},
		{"half way to the kink adds half of slope1", "0.4", maxRate, "0.04"},
		{"at the kink base plus slope1", "0.8", maxRate, "0.06"},
		{"half way past the kink adds half of slope2", "0.9", maxRate, "0.435"},
		{"full utilization base plus both slopes", "1", maxRate, "0.81"},
		{"capped by the max rate at full utilization", "1", dec("0.5"), "0.5"},
		{"capped by the max rate at the kink", "0.8", dec("0.05"), "0.05"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := m.BorrowRate(dec(tc.u), tc.maxRate)
			require.True(t, dec(tc.want).Equal(got), "got %s want %s", got, tc.want)
		})
	}
}

func TestSupplyRateIsBorrowRateTimesUtilizationLessReserveFactor(t *testing.T) {
	m := testMarket()
	// 0.06 × 0.8 × (1 − 0.1)
	require.True(t, dec("0.0432").Equal(m.SupplyRate(dec("0.8"), dec("10"))))
	require.True(t, m.SupplyRate(dec("0"), dec("10")).IsZero())
}

func TestBorrowRateProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMarket(t)
		maxRate := genDec(t, "max_rate", 1, 100_000, 4)
		u1 := genDec(t, "u1", 0, 1_000_000, 6)
		u2 := genDec(t, "u2", 0, 1_000_000, 6)
		if u1.GT(u2) {
			u1, u2 = u2, u1
		}
		r1, r2 := m.BorrowRate(u1, maxRate), m.BorrowRate(u2, maxRate)
		require.True(t, r1.LTE(r2), "rate falls with utilization: %s at %s, %s at %s", r1, u1, r2, u2)
		require.True(t, r2.LTE(maxRate), "rate above the cap")
		require.False(t, r1.IsNegative())
		require.True(t, r1.GTE(sdkmath.LegacyMinDec(m.BaseRate, maxRate)), "rate below the base rate")
	})
}

func TestUtilization(t *testing.T) {
	cases := []struct {
		name               string
		available, borrows int64
		want               string
	}{
		{"nothing at all", 0, 0, "0"},
		{"no borrows", 1000, 0, "0"},
		{"everything borrowed", 0, 1000, "1"},
		{"half borrowed", 500, 500, "0.5"},
		{"a quarter borrowed", 300, 100, "0.25"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Utilization(i64(tc.available), i64(tc.borrows))
			require.True(t, dec(tc.want).Equal(got), "got %s", got)
		})
	}
}

func TestUtilizationProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genAmount(t, "available"), genAmount(t, "borrows")
		u := Utilization(a, b)
		require.False(t, u.IsNegative())
		require.True(t, u.LTE(sdkmath.LegacyOneDec()))
		if b.IsZero() {
			require.True(t, u.IsZero())
		}
	})
}

func TestAvailableIsCashLessReservesNeverNegative(t *testing.T) {
	s := testState()
	s.Reserves = i64(100)
	require.Equal(t, "499999900", s.Available().String())
	s.Cash = i64(50)
	require.True(t, s.Available().IsZero())
}

func TestAccrueNoOps(t *testing.T) {
	m, maxRate := testMarket(), dec("10")
	cases := []struct {
		name string
		now  time.Time
	}{
		{"zero elapsed time", t0},
		{"clock went backwards", t0.Add(-time.Hour)},
		{"clock went backwards by less than a second", t0.Add(-500 * time.Millisecond)},
		{"less than a second elapsed", t0.Add(999 * time.Millisecond)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testState()
			require.Equal(t, s, Accrue(s, m, maxRate, tc.now))
		})
	}
}

func TestAccrueKeepsSubSecondRemainders(t *testing.T) {
	m, maxRate := testMarket(), dec("10")
	s := testState()
	half := Accrue(s, m, maxRate, t0.Add(500*time.Millisecond))
	require.Equal(t, s, half, "half a second must not move anything")
	twice := Accrue(half, m, maxRate, t0.Add(time.Second))
	once := Accrue(s, m, maxRate, t0.Add(time.Second))
	require.Equal(t, once, twice)
	require.Equal(t, t0.Add(time.Second), twice.LastAccrual)
	require.True(t, twice.BorrowIndex.GT(s.BorrowIndex))

	// 1.5 s then 1.5 s is the same as 1 s then 2 s.
	a := Accrue(Accrue(s, m, maxRate, t0.Add(1500*time.Millisecond)), m, maxRate, t0.Add(3*time.Second))
	b := Accrue(Accrue(s, m, maxRate, t0.Add(time.Second)), m, maxRate, t0.Add(3*time.Second))
	require.Equal(t, b, a)
	require.Equal(t, t0.Add(3*time.Second), a.LastAccrual)
}

func TestAccrueTimeJumps(t *testing.T) {
	// A hot market: fully utilized, rates far above the cap.
	m := testMarket()
	m.BaseRate, m.Slope1, m.Slope2 = dec("1"), dec("2"), dec("7")
	maxRate := dec("10")
	s := testState()
	s.TotalScaledSupply, s.Cash = i64(500_000_000), i64(0) // all of it lent out
	cases := []struct {
		name string
		dt   time.Duration
	}{
		{"one second", time.Second},
		{"seven days", 7 * 24 * time.Hour},
		{"ten years", 10 * year},
		{"two hundred years", 200 * year},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := t0.Add(tc.dt)
			var got MarketState
			require.NotPanics(t, func() { got = Accrue(s, m, maxRate, now) })
			require.Equal(t, now, got.LastAccrual)
			require.True(t, got.BorrowIndex.GT(s.BorrowIndex), "borrow index did not grow")
			require.True(t, got.LiquidityIndex.GT(s.LiquidityIndex), "liquidity index did not grow")
			// The rate cap bounds simple growth over one interval: ≤ 1 + max × years (+ rounding).
			growth := maxRate.MulInt64(int64(tc.dt / time.Second)).QuoInt64(SecondsPerYear)
			bound := sdkmath.LegacyOneDec().Add(growth).Add(dec("0.000000000000001"))
			require.True(t, got.BorrowIndex.LTE(bound), "borrow index %s above %s", got.BorrowIndex, bound)
			requireSolvent(t, got)
		})
	}
	t.Run("beyond time.Duration's range", func(t *testing.T) {
		now := t0.AddDate(1000, 0, 0)
		var got MarketState
		require.NotPanics(t, func() { got = Accrue(s, m, maxRate, now) })
		require.True(t, got.BorrowIndex.GTE(s.BorrowIndex))
		require.True(t, got.LiquidityIndex.GTE(s.LiquidityIndex))
		require.True(t, got.LastAccrual.After(s.LastAccrual))
		require.False(t, got.LastAccrual.After(now))
	})
}

func TestAccrueWithoutBorrowsOnlyMovesTheClock(t *testing.T) {
	m, maxRate := testMarket(), dec("10")
	s := testState()
	s.TotalScaledBorrows = i64(0)
	s.LiquidityIndex, s.BorrowIndex = dec("1.234567890123456789"), dec("1.5")
	got := Accrue(s, m, maxRate, t0.Add(10*year))
	require.Equal(t, t0.Add(10*year), got.LastAccrual)
	got.LastAccrual = s.LastAccrual
	require.Equal(t, s, got)
}

func TestAccrueSplitsInterestBetweenReservesAndSuppliers(t *testing.T) {
	m, maxRate := testMarket(), dec("10")
	m.BaseRate = dec("0") // utilization 0.5 → 0.04 × 0.5 / 0.8 = 0.025 a year
	s := testState()
	got := Accrue(s, m, maxRate, t0.Add(year))
	require.True(t, dec("1.025").Equal(got.BorrowIndex), "borrow index %s", got.BorrowIndex)
	// Interest 12.5: 10% (1.25) to reserves, 11.25 to the 1000 supplied.
	require.Equal(t, "1250000", got.Reserves.String())
	require.True(t, dec("1.01125").Equal(got.LiquidityIndex), "liquidity index %s", got.LiquidityIndex)
	supply, borrows := got.Totals()
	require.Equal(t, "1011250000", supply.String())
	require.Equal(t, "512500000", borrows.String())
	require.Equal(t, s.Cash, got.Cash, "accrual moves no cash")
}

func TestAccrueReserveShareRoundsDown(t *testing.T) {
	m, maxRate := testMarket(), dec("10")
	m.BaseRate, m.Slope1, m.Slope2 = dec("0"), dec("0.04"), dec("0.66") // 0.7 a year at full utilization
	m.ReserveFactor = dec("0.15")
	s := MarketState{
		TotalScaledSupply: i64(1010), TotalScaledBorrows: i64(1010),
		LiquidityIndex: dec("1"), BorrowIndex: dec("1"), LastAccrual: t0,
		Cash: i64(0), Reserves: i64(0), Deficit: i64(0),
	}
	got := Accrue(s, m, maxRate, t0.Add(year))
	_, borrows := got.Totals()
	require.Equal(t, "1717", borrows.String()) // interest 707
	require.Equal(t, "106", got.Reserves.String(), "0.15 × 707 = 106.05 rounds down")
	supply, _ := got.Totals()
	// Suppliers get the other 601, less at most one unit of rounding.
	require.True(t, supply.GTE(i64(1010+601-1)) && supply.LTE(i64(1010+601)), "supply %s", supply)
	requireSolvent(t, got)
}

func TestAccrueWithoutSupplyGivesInterestToReserves(t *testing.T) {
	m, maxRate := testMarket(), dec("10")
	s := testState()
	s.TotalScaledSupply = i64(0)
	s.Cash = i64(0)
	got := Accrue(s, m, maxRate, t0.Add(year))
	// Fully utilized: 0.02 + 0.04 + 0.75 = 0.81 a year on 500.
	_, borrows := got.Totals()
	require.Equal(t, "905000000", borrows.String())
	require.Equal(t, "405000000", got.Reserves.String())
	require.True(t, s.LiquidityIndex.Equal(got.LiquidityIndex))
}

// A supplier position worth a fraction of a unit more than the rounded-down
// total must not make the liquidity index grow by more than the interest.
func TestAccrueNeverPromisesSuppliersMoreThanTheInterest(t *testing.T) {
	m := testMarket()
	m.BaseRate, m.Slope1, m.Slope2, m.OptimalUtilization = dec("1"), dec("1"), dec("8"), dec("0.5")
	m.ReserveFactor = dec("0.1")
	s := MarketState{
		// 1 scaled unit at 1.9 is worth 1 (rounded down) but 1.9 exactly.
		TotalScaledSupply: i64(1), LiquidityIndex: dec("1.9"),
		TotalScaledBorrows: i64(1), BorrowIndex: dec("1"),
		LastAccrual: t0, Cash: i64(1), Reserves: i64(0), Deficit: i64(0),
	}
	requireSolvent(t, s)
	// Utilization 0.5 → rate 2 a year; ten years: the debt grows from 1 to 21.
	got := Accrue(s, m, dec("10"), t0.Add(10*year))
	supply, borrows := got.Totals()
	require.Equal(t, "21", borrows.String())
	require.Equal(t, "2", got.Reserves.String())
	// Interest 20: 2 to reserves, 18 to suppliers; they had 1.9, so at most 19.9.
	require.True(t, supply.LTE(i64(19)), "suppliers are owed %s", supply)
	requireSolvent(t, got)
}

// requireSolvent: what the market owes suppliers plus its reserves is
// covered by its cash plus what borrowers owe.
func requireSolvent(t require.TestingT, s MarketState) {
	supply, borrows := s.Totals()
	owed := supply.Add(s.Reserves)
	backing := s.Cash.Add(borrows)
	require.True(t, owed.LTE(backing), "owes %s (supply %s + reserves %s) but holds %s (cash %s + debt %s)",
		owed, supply, s.Reserves, backing, s.Cash, borrows)
}

// genMarket draws a valid market (DESIGN §4 bounds).
func genMarket(t *rapid.T) Market {
	m := testMarket()
	m.Decimals = rapid.SampledFrom([]uint32{0, 6, 8, 18}).Draw(t, "decimals")
	m.LiquidationThreshold = genDec(t, "lt", 1, 9_500, 4)
	m.Ltv = m.LiquidationThreshold.Mul(genDec(t, "ltv_share", 0, 10_000, 4))
	// bonus < 1/lt − 1
	maxBonus := sdkmath.LegacyOneDec().Quo(m.LiquidationThreshold).Sub(sdkmath.LegacyOneDec())
	maxBonus = sdkmath.LegacyMinDec(maxBonus, dec("0.5"))
	m.LiquidationBonus = maxBonus.Mul(genDec(t, "bonus_share", 0, 9_999, 4))
	m.LiquidationProtocolFee = genDec(t, "fee", 0, 10_000, 4)
	m.ReserveFactor = genDec(t, "reserve_factor", 0, 9_999, 4)
	m.BaseRate = genDec(t, "base", 0, 10_000, 4)
	m.Slope1 = genDec(t, "slope1", 0, 20_000, 4)
	m.Slope2 = m.Slope1.Add(genDec(t, "slope2_extra", 0, 100_000, 4))
	m.OptimalUtilization = genDec(t, "optimal", 1, 9_999, 4)
	return m
}

// genState draws a market state that is solvent to begin with.
func genState(t *rapid.T) MarketState {
	s := MarketState{
		Denom:              "uatom",
		TotalScaledSupply:  genSmallOrLarge(t, "scaled_supply"),
		TotalScaledBorrows: genSmallOrLarge(t, "scaled_borrows"),
		LiquidityIndex:     genIndex(t, "liquidity_index", rapid.SampledFrom([]int64{1, 2, 100}).Draw(t, "li_max")),
		BorrowIndex:        genIndex(t, "borrow_index", rapid.SampledFrom([]int64{1, 2, 100}).Draw(t, "bi_max")),
		LastAccrual:        t0,
		Reserves:           genSmallOrLarge(t, "reserves"),
		Deficit:            i64(0),
	}
	supply, borrows := s.Totals()
	// The tightest cash that keeps the market solvent, plus some slack.
	cash := supply.Add(s.Reserves).Sub(borrows)
	if cash.IsNegative() {
		cash = i64(0)
	}
	s.Cash = cash.Add(genSmallOrLarge(t, "slack"))
	return s
}

func genSmallOrLarge(t *rapid.T, label string) sdkmath.Int {
	if rapid.Bool().Draw(t, label+"_small") {
		return i64(rapid.Int64Range(0, 100).Draw(t, label))
	}
	return genAmount(t, label)
}

func genDuration(t *rapid.T, label string) time.Duration {
	switch rapid.IntRange(0, 3).Draw(t, label+"_kind") {
	case 0:
		return time.Duration(rapid.Int64Range(-int64(time.Hour), int64(10*time.Second)).Draw(t, label))
	case 1:
		return time.Duration(rapid.Int64Range(0, int64(30*24*time.Hour)).Draw(t, label))
	case 2:
		return time.Duration(rapid.Int64Range(0, int64(10*year)).Draw(t, label))
	default:
		return time.Duration(rapid.Int64Range(0, int64(200*year)).Draw(t, label))
	}
}

// Property (ATTACKS 3, 6): over any sequence of accruals the indices never
// fall, the clock never runs ahead, and the market never owes suppliers
// plus reserves more than its cash plus its debt.
func TestAccrueProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMarket(t)
		maxRate := genDec(t, "max_rate", 1, 100_000, 4)
		s := genState(t)
		requireSolvent(t, s)
		now := s.LastAccrual
		steps := rapid.IntRange(1, 5).Draw(t, "steps")
		for i := 0; i < steps; i++ {
			now = now.Add(genDuration(t, "dt"))
			before := s
			s = Accrue(s, m, maxRate, now)
			require.True(t, s.BorrowIndex.GTE(before.BorrowIndex), "borrow index fell")
			require.True(t, s.LiquidityIndex.GTE(before.LiquidityIndex), "liquidity index fell")
			require.True(t, s.Reserves.GTE(before.Reserves), "reserves fell")
			require.Equal(t, before.Cash, s.Cash)
			require.Equal(t, before.TotalScaledSupply, s.TotalScaledSupply)
			require.Equal(t, before.TotalScaledBorrows, s.TotalScaledBorrows)
			require.False(t, s.LastAccrual.Before(before.LastAccrual), "clock went back")
			if now.Before(before.LastAccrual) {
				require.Equal(t, before, s, "accrual into the past changed the state")
			} else {
				require.False(t, s.LastAccrual.After(now), "clock ran ahead")
				require.Less(t, now.Sub(s.LastAccrual), time.Second, "lost whole seconds")
			}
			requireSolvent(t, s)

			// The borrow index grows by the capped rate over the whole
			// seconds elapsed, rounded up by at most rounding.
			_, oldDebt := before.Totals()
			// Gaps beyond MaxAccrualSeconds accrue MaxAccrualSeconds.
			if secs := min(int64(s.LastAccrual.Sub(before.LastAccrual)/time.Second), MaxAccrualSeconds); secs > 0 && before.TotalScaledBorrows.IsPositive() {
				rate := m.BorrowRate(Utilization(before.Available(), oldDebt), maxRate)
				require.True(t, rate.LTE(maxRate))
				growth := ratQuo(ratMul(ratDec(rate), big.NewRat(secs, 1)), big.NewRat(SecondsPerYear, 1))
				exact := ratMul(ratDec(before.BorrowIndex), ratAdd(big.NewRat(1, 1), growth))
				require.True(t, ratDec(s.BorrowIndex).Cmp(exact) >= 0, "borrow index %s below the exact %s", s.BorrowIndex, exact.FloatString(20))
				slack := ratDec(before.BorrowIndex.Add(sdkmath.LegacyNewDec(2)).Mul(sdkmath.LegacySmallestDec()))
				require.True(t, ratDec(s.BorrowIndex).Cmp(ratAdd(exact, slack)) <= 0, "borrow index %s too far above the exact %s", s.BorrowIndex, exact.FloatString(20))
			}

			// The interest the borrowers owe is split exactly: reserves
			// take their rounded-down share, suppliers at most the rest.
			_, newDebt := s.Totals()
			interest := newDebt.Sub(oldDebt)
			require.False(t, interest.IsNegative())
			oldSupply, _ := before.Totals()
			newSupply, _ := s.Totals()
			gain := newSupply.Sub(oldSupply)
			toReserves := s.Reserves.Sub(before.Reserves)
			requireLTE(t, gain.Add(toReserves), interest, "more paid out than accrued")
			if oldSupply.IsPositive() {
				require.True(t, m.ReserveFactor.MulInt(interest).TruncateInt().Equal(toReserves),
					"reserves took %s of %s", toReserves, interest)
			} else {
				require.True(t, interest.Equal(toReserves), "with no supply all interest goes to reserves")
			}
		}
	})
}
