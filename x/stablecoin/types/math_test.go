package types_test

import (
	"bytes"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

func TestRPow(t *testing.T) {
	require.Equal(t, sdkmath.LegacyOneDec(), types.RPow(dec("1.5"), 0))
	require.Equal(t, dec("1.5"), types.RPow(dec("1.5"), 1))
	require.Equal(t, dec("3.375"), types.RPow(dec("1.5"), 3))
	require.Equal(t, dec("0.970299"), types.RPowDown(dec("0.99"), 3))
	// A 5%-a-year per-second fee compounds to ≈ 1.05 over 365 days.
	year := types.RPow(dec("1.000000001547125957"), 365*24*3600)
	require.True(t, year.GT(dec("1.0499")) && year.LT(dec("1.0501")), year.String())
}

// RPow rounds up, RPowDown down: they bracket the exact power.
func TestRPowBracketsTheExactPower(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := sdkmath.LegacyNewDecWithPrec(rapid.Int64Range(1e17, 2e18).Draw(t, "x"), 18)
		n := rapid.Uint64Range(0, 64).Draw(t, "n")
		exact := new(big.Rat).SetInt(big.NewInt(1))
		xr := new(big.Rat).SetFrac(x.BigInt(), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
		for i := uint64(0); i < n; i++ {
			exact.Mul(exact, xr)
		}
		toRat := func(d sdkmath.LegacyDec) *big.Rat {
			return new(big.Rat).SetFrac(d.BigInt(), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
		}
		require.True(t, toRat(types.RPow(x, n)).Cmp(exact) >= 0)
		require.True(t, toRat(types.RPowDown(x, n)).Cmp(exact) <= 0)
	})
}

func TestAccrue(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := types.TypeState{Rate: sdkmath.LegacyOneDec(), LastAccrual: t0, TotalArt: sdkmath.NewInt(1_000_000_000), InAuction: sdkmath.ZeroInt()}
	fee, maxFee := dec("1.000000001547125957"), dec("1.000000012")

	same, minted := types.Accrue(s, fee, maxFee, t0)
	require.Equal(t, s, same, "dt = 0 is a no-op")
	require.True(t, minted.IsZero())
	back, _ := types.Accrue(s, fee, maxFee, t0.Add(-time.Hour))
	require.Equal(t, s, back, "time going back changes nothing")

	year, minted := types.Accrue(s, fee, maxFee, t0.Add(365*24*time.Hour))
	require.True(t, year.Rate.GT(dec("1.0499")) && year.Rate.LT(dec("1.0501")), year.Rate.String())
	require.Equal(t, types.DebtOf(s.TotalArt, year.Rate).Sub(types.DebtOf(s.TotalArt, s.Rate)), minted, "the fee is exactly the new debt")

	// Half seconds are not lost: two half-second steps equal one second.
	a, _ := types.Accrue(s, fee, maxFee, t0.Add(500*time.Millisecond))
	a, _ = types.Accrue(a, fee, maxFee, t0.Add(time.Second))
	b, _ := types.Accrue(s, fee, maxFee, t0.Add(time.Second))
	require.Equal(t, b.Rate, a.Rate)

	// The fee is capped, and centuries do not overflow.
	capped, _ := types.Accrue(s, dec("2"), maxFee, t0.Add(time.Second))
	require.Equal(t, sdkmath.LegacyOneDec().MulRoundUp(maxFee), capped.Rate)
	far, _ := types.Accrue(s, maxFee, maxFee, t0.Add(250*365*24*time.Hour))
	require.True(t, far.Rate.GT(s.Rate))
}

// ATTACKS 19: with no price change, the fee alone makes a vault unsafe.
func TestFeesAlonePushAVaultUnder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	collateral, art := sdkmath.NewInt(1_000_000_000), sdkmath.NewInt(6_600_000_000) // 1000 ATOM, 6,600 BSD at rate 1
	price, lr := dec("10"), dec("1.5")
	require.True(t, types.IsSafe(collateral, art, sdkmath.LegacyOneDec(), price, lr, 6), "10,000 ≥ 9,900")
	s := types.TypeState{Rate: sdkmath.LegacyOneDec(), LastAccrual: t0, TotalArt: art, InAuction: sdkmath.ZeroInt()}
	s, _ = types.Accrue(s, dec("1.000000001547125957"), dec("1.000000012"), t0.Add(365*24*time.Hour))
	require.False(t, types.IsSafe(collateral, art, s.Rate, price, lr, 6), "a year at 5% makes it 10,395 > 10,000")
}

func TestSafetyBoundary(t *testing.T) {
	// 1000 ATOM at $15 = $15,000; debt 10,000 BSD; ratio 1.5: exactly safe.
	c, art := sdkmath.NewInt(1_000_000_000), sdkmath.NewInt(10_000_000_000)
	require.True(t, types.IsSafe(c, art, sdkmath.LegacyOneDec(), dec("15"), dec("1.5"), 6))
	require.False(t, types.IsSafe(c, art, sdkmath.LegacyOneDec(), dec("14.999999"), dec("1.5"), 6))
	require.True(t, types.IsSafe(sdkmath.ZeroInt(), sdkmath.ZeroInt(), sdkmath.LegacyOneDec(), dec("1"), dec("1.5"), 6), "no debt, no risk")
}

// The index: key order is ratio order, and every unsafe vault's key lies
// below the threshold key (the exact check then filters the candidates).
func TestRatioKeyOrderAndThreshold(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		decimals := rapid.SampledFrom([]uint32{6, 8, 18}).Draw(t, "decimals")
		gen := func(label string) (sdkmath.Int, sdkmath.Int) {
			c := sdkmath.NewInt(rapid.Int64Range(0, 1<<60).Draw(t, label+"c"))
			// Vaults carry at least 1 BSD of debt (floors are far higher).
			a := sdkmath.NewInt(rapid.Int64Range(1_000_000, 1<<50).Draw(t, label+"a"))
			return c, a
		}
		c1, a1 := gen("1")
		c2, a2 := gen("2")
		k1, k2 := types.RatioKey(c1, a1), types.RatioKey(c2, a2)
		// c1/a1 vs c2/a2 exactly, by cross-multiplication.
		lhs, rhs := c1.Mul(a2), c2.Mul(a1)
		if lhs.LT(rhs) {
			require.True(t, bytes.Compare(k1, k2) <= 0)
		}
		if lhs.GT(rhs) {
			require.True(t, bytes.Compare(k1, k2) >= 0)
		}

		rate := sdkmath.LegacyNewDecWithPrec(rapid.Int64Range(1e18, 3e18).Draw(t, "rate"), 18)
		price := sdkmath.LegacyNewDecWithPrec(rapid.Int64Range(1, 1e12).Draw(t, "price"), 6)
		lr := dec("1.5")
		if !types.IsSafe(c1, a1, rate, price, lr, decimals) {
			require.True(t, bytes.Compare(k1, types.UnsafeBelowKey(rate, price, lr, decimals)) < 0,
				"an unsafe vault must be found below the threshold key")
		}
	})
}

func TestAuctionPriceAndRedo(t *testing.T) {
	ct := types.CollateralType{Cut: dec("0.99"), StepSeconds: 90, ResetAfterSeconds: 7200, ResetBelowFraction: dec("0.4")}
	top := dec("12")
	require.Equal(t, top, ct.AuctionPrice(top, 0))
	require.Equal(t, top, ct.AuctionPrice(top, 89*time.Second), "no step yet")
	require.Equal(t, dec("11.88"), ct.AuctionPrice(top, 90*time.Second))
	require.Equal(t, dec("11.7612"), ct.AuctionPrice(top, 181*time.Second))
	require.False(t, ct.NeedsRedo(top, time.Hour))
	require.True(t, ct.NeedsRedo(top, 7201*time.Second), "past reset_after_seconds")
	// 0.99^92 ≈ 0.397 < 0.4 after 92 steps (8280 s) even with a long reset window.
	long := ct
	long.ResetAfterSeconds = 1 << 30
	require.True(t, long.NeedsRedo(top, 92*90*time.Second), "price below 40% of top")
	require.False(t, long.NeedsRedo(top, 90*90*time.Second))
}

// ATTACKS 20: a near-zero bid never clears a whole lot early; takes pay the
// current price; partial takes cannot leave dust.
func TestTakeRules(t *testing.T) {
	tab := sdkmath.NewInt(5_000_000_000) // 5,000 BSD
	lot := sdkmath.NewInt(600_000_000)   // 600 ATOM
	dust := sdkmath.NewInt(100_000_000)  // 100 BSD
	price := dec("10")

	// Buying 100 ATOM at $10 costs 1,000 BSD.
	tk, err := types.ComputeTake(tab, lot, sdkmath.NewInt(100_000_000), price, 6, dust)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_000_000_000), tk.Owe)
	require.Equal(t, sdkmath.NewInt(100_000_000), tk.Slice)

	// Asking for everything only buys what the tab needs: 500 ATOM.
	tk, err = types.ComputeTake(tab, lot, lot, price, 6, dust)
	require.NoError(t, err)
	require.Equal(t, tab, tk.Owe)
	require.Equal(t, sdkmath.NewInt(500_000_000), tk.Slice)

	// Leaving 50 BSD in auction (< 100 dust) is refused.
	_, err = types.ComputeTake(tab, lot, sdkmath.NewInt(495_000_000), price, 6, dust)
	require.ErrorIs(t, err, types.ErrTakeLeavesDust)

	// A take of the whole lot at a price that cannot cover the tab is fine (tab shortfall → bad debt).
	tk, err = types.ComputeTake(tab, lot, lot, dec("1"), 6, dust)
	require.NoError(t, err)
	require.Equal(t, lot, tk.Slice)
	require.Equal(t, sdkmath.NewInt(600_000_000), tk.Owe)

	_, err = types.ComputeTake(tab, lot, sdkmath.ZeroInt(), price, 6, dust)
	require.ErrorIs(t, err, types.ErrInvalidAmount)
}

func TestPSMSwaps(t *testing.T) {
	p := types.PSMParams{Denom: "uusdc", Decimals: 6, FeeIn: dec("0.001"), FeeOut: dec("0.002"), Ceiling: sdkmath.NewInt(1e12)}
	require.NoError(t, p.Validate())
	require.Equal(t, sdkmath.NewInt(999_000), p.SwapIn(sdkmath.NewInt(1_000_000)))
	require.Equal(t, sdkmath.NewInt(998_000), p.SwapOut(sdkmath.NewInt(1_000_000)))
	eighteen := p
	eighteen.Decimals = 18
	require.Equal(t, sdkmath.NewInt(999_000), eighteen.SwapIn(sdkmath.NewIntWithDecimal(1, 18)), "1 token of 18 decimals")
	require.Equal(t, sdkmath.NewIntWithDecimal(998, 15), eighteen.SwapOut(sdkmath.NewInt(1_000_000)))
	// Round trips never gain.
	require.True(t, p.SwapOut(p.SwapIn(sdkmath.NewInt(12_345))).LT(sdkmath.NewInt(12_345)))
}

// A type without debt does not compound: after idle time, or from a zero
// genesis clock, the rate stays put and the clock catches up.
func TestAccrueWithoutDebtOnlyMovesTheClock(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, last := range []time.Time{{}, now.Add(-365 * 24 * time.Hour)} {
		st := types.TypeState{Rate: sdkmath.LegacyOneDec(), LastAccrual: last, TotalArt: sdkmath.ZeroInt(), InAuction: sdkmath.ZeroInt()}
		got, fee := types.Accrue(st, dec("1.000000012"), dec("1.000000012"), now)
		require.True(t, fee.IsZero())
		require.Equal(t, sdkmath.LegacyOneDec(), got.Rate)
		require.Equal(t, now, got.LastAccrual)
	}
}
