package pricefeeder

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var simStart = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

var simMarkets = map[string]SimulatedMarket{
	"ATOM": {Base: 10, Volatility: 0.05},
	"BTC":  {Base: 100_000, Volatility: 0.04},
	"USDC": {Base: 1, Volatility: 0.0005},
}

func newSim(t *testing.T, seed uint64, noise float64, noiseSeed uint64, now Clock) *Simulated {
	t.Helper()
	s, err := NewSimulated(seed, time.Second, noise, noiseSeed, simMarkets, now)
	require.NoError(t, err)
	return s
}

// Two validators' feeders share the seed but not the noise seed: the walk
// itself must be identical on both, or their votes would disagree.
func TestSimulatedSameSeedSameWalk(t *testing.T) {
	a := newSim(t, 42, 0.0005, 1, time.Now)
	b := newSim(t, 42, 0.0005, 2, time.Now)
	for i := range 200 {
		at := simStart.Add(time.Duration(i) * 17 * time.Minute)
		for sym := range simMarkets {
			require.Equal(t, a.PriceAt(sym, at), b.PriceAt(sym, at), "%s at %s", sym, at)
		}
	}
}

func TestSimulatedDifferentSeedsDiffer(t *testing.T) {
	a := newSim(t, 42, 0, 1, time.Now)
	b := newSim(t, 43, 0, 1, time.Now)
	for i := range 50 {
		at := simStart.Add(time.Duration(i) * time.Hour)
		for sym := range simMarkets {
			require.NotEqual(t, a.PriceAt(sym, at), b.PriceAt(sym, at), "%s at %s", sym, at)
		}
	}
}

// Markets are hashed by symbol: two markets with the same parameters must
// not move in lockstep.
func TestSimulatedMarketsWalkIndependently(t *testing.T) {
	s, err := NewSimulated(42, time.Second, 0, 1, map[string]SimulatedMarket{
		"AAA": {Base: 1, Volatility: 0.05}, "BBB": {Base: 1, Volatility: 0.05},
	}, time.Now)
	require.NoError(t, err)
	differ := 0
	for i := range 50 {
		at := simStart.Add(time.Duration(i) * time.Hour)
		if s.PriceAt("AAA", at) != s.PriceAt("BBB", at) {
			differ++
		}
	}
	require.Equal(t, 50, differ)
}

func TestSimulatedQuotesStayWithinNoiseOfTheWalk(t *testing.T) {
	const noise = 0.001
	clk := &fakeClock{t: simStart}
	s := newSim(t, 42, noise, 7, clk.now)
	var maxDev float64
	for i := range 500 {
		clk.t = simStart.Add(time.Duration(i) * 1300 * time.Millisecond)
		qs, err := s.Quotes(context.Background(), []string{"ATOM", "BTC", "USDC"})
		require.NoError(t, err)
		require.Len(t, qs, 3)
		for _, q := range qs {
			require.True(t, q.Time.Equal(clk.t), "quote stamped %s, want the clock's %s", q.Time, clk.t)
			got, err := q.Price.Float64()
			require.NoError(t, err)
			dev := math.Abs(got/s.PriceAt(q.Symbol, clk.t) - 1)
			// 1e-12 covers the float → decimal rendering.
			require.LessOrEqual(t, dev, noise+1e-12, "%s at %s", q.Symbol, clk.t)
			maxDev = max(maxDev, dev)
		}
	}
	// The noise is really applied (and spans most of its range).
	require.Greater(t, maxDev, noise/2)
}

func TestSimulatedZeroNoiseQuotesTheWalk(t *testing.T) {
	clk := &fakeClock{t: simStart.Add(123456789 * time.Millisecond)}
	s := newSim(t, 42, 0, 7, clk.now)
	qs, err := s.Quotes(context.Background(), []string{"ATOM"})
	require.NoError(t, err)
	require.Len(t, qs, 1)
	got, err := qs[0].Price.Float64()
	require.NoError(t, err)
	require.InEpsilon(t, s.PriceAt("ATOM", clk.t), got, 1e-12)
}

// The walk is a function of time, so a feeder polling twice in a second must
// see a small move, not a jump: with volatility 0.05 a second's move is well
// under 1%, and a sub-step move is smaller still.
func TestSimulatedPriceAtIsContinuous(t *testing.T) {
	s := newSim(t, 42, 0, 1, time.Now)
	const span = 3 * time.Hour
	const dt = 250 * time.Millisecond
	var maxPerSecond, maxPerStep float64
	prev := s.PriceAt("ATOM", simStart)
	window := []float64{prev} // the last second of samples
	lo, hi := prev, prev
	for at := simStart.Add(dt); at.Before(simStart.Add(span)); at = at.Add(dt) {
		p := s.PriceAt("ATOM", at)
		maxPerStep = max(maxPerStep, math.Abs(p/prev-1))
		window = append(window, p)
		if len(window) > int(time.Second/dt)+1 {
			window = window[1:]
		}
		maxPerSecond = max(maxPerSecond, math.Abs(p/window[0]-1))
		lo, hi = min(lo, p), max(hi, p)
		prev = p
	}
	t.Logf("largest move: %.3g%% per second, %.3g%% per %s; range %.3g%%", 100*maxPerSecond, 100*maxPerStep, dt, 100*(hi/lo-1))
	require.Less(t, maxPerSecond, 0.01, "largest move in one second")
	require.Less(t, maxPerStep, maxPerSecond+1e-15, "a quarter second moves no more than a second")
	// And it is a walk, not a constant: over hours it moves visibly.
	require.Greater(t, hi/lo-1, 0.001, "range over %s", span)
}

// A year at hourly samples: the price never reaches zero or infinity and
// always renders as a decimal, even at the highest volatility allowed.
func TestSimulatedPricesStayPositiveOverAYear(t *testing.T) {
	clk := &fakeClock{t: simStart}
	s, err := NewSimulated(7, time.Second, 0.05, 3, map[string]SimulatedMarket{
		"WILD": {Base: 0.01, Volatility: 1},
		"ATOM": {Base: 10, Volatility: 0.05},
	}, clk.now)
	require.NoError(t, err)
	for h := range 365 * 24 {
		clk.t = simStart.Add(time.Duration(h) * time.Hour)
		for _, sym := range []string{"WILD", "ATOM"} {
			p := s.PriceAt(sym, clk.t)
			require.False(t, math.IsNaN(p) || math.IsInf(p, 0), "%s at %s: %v", sym, clk.t, p)
			require.Greater(t, p, 0.0, "%s at %s", sym, clk.t)
		}
		qs, err := s.Quotes(context.Background(), []string{"WILD", "ATOM"})
		require.NoError(t, err, "at %s", clk.t)
		require.Len(t, qs, 2)
		for _, q := range qs {
			require.True(t, q.Price.IsPositive(), "%s at %s: %s", q.Symbol, clk.t, q.Price)
		}
	}
}

func TestSimulatedSkipsUnknownSymbols(t *testing.T) {
	s := newSim(t, 42, 0.0005, 1, func() time.Time { return simStart })
	qs, err := s.Quotes(context.Background(), []string{"NOPE", "ATOM", "", "atom"})
	require.NoError(t, err)
	require.Len(t, qs, 1)
	require.Equal(t, "ATOM", qs[0].Symbol)

	qs, err = s.Quotes(context.Background(), nil)
	require.NoError(t, err)
	require.Empty(t, qs)
	require.Equal(t, "simulated", s.Name())
}

func TestNewSimulatedRejectsBadInputs(t *testing.T) {
	good := SimulatedMarket{Base: 10, Volatility: 0.05}
	one := func(m SimulatedMarket) map[string]SimulatedMarket { return map[string]SimulatedMarket{"ATOM": m} }
	cases := []struct {
		name    string
		step    time.Duration
		noise   float64
		markets map[string]SimulatedMarket
		wantErr string // "" means accepted
	}{
		{"valid", time.Second, 0.0005, one(good), ""},
		{"noise bounds are inclusive", time.Nanosecond, 0.05, one(SimulatedMarket{Base: 1e-6, Volatility: 1}), ""},
		{"zero noise and volatility", time.Second, 0, one(SimulatedMarket{Base: 1, Volatility: 0}), ""},
		{"no markets", time.Second, 0, nil, ""},
		{"zero step", 0, 0.0005, one(good), "step"},
		{"negative step", -time.Second, 0.0005, one(good), "step"},
		{"negative noise", time.Second, -0.0001, one(good), "noise"},
		{"noise above 5%", time.Second, 0.0501, one(good), "noise"},
		{"NaN noise", time.Second, math.NaN(), one(good), "noise"},
		{"infinite noise", time.Second, math.Inf(1), one(good), "noise"},
		{"zero base", time.Second, 0, one(SimulatedMarket{Base: 0, Volatility: 0.05}), "ATOM base"},
		{"negative base", time.Second, 0, one(SimulatedMarket{Base: -1, Volatility: 0.05}), "ATOM base"},
		{"NaN base", time.Second, 0, one(SimulatedMarket{Base: math.NaN(), Volatility: 0.05}), "ATOM base"},
		{"infinite base", time.Second, 0, one(SimulatedMarket{Base: math.Inf(1), Volatility: 0.05}), "ATOM base"},
		{"negative volatility", time.Second, 0, one(SimulatedMarket{Base: 1, Volatility: -0.01}), "ATOM volatility"},
		{"volatility above 1", time.Second, 0, one(SimulatedMarket{Base: 1, Volatility: 1.01}), "ATOM volatility"},
		{"NaN volatility", time.Second, 0, one(SimulatedMarket{Base: 1, Volatility: math.NaN()}), "ATOM volatility"},
		{"infinite volatility", time.Second, 0, one(SimulatedMarket{Base: 1, Volatility: math.Inf(1)}), "ATOM volatility"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewSimulated(1, tc.step, tc.noise, 1, tc.markets, time.Now)
			if tc.wantErr == "" {
				require.NoError(t, err)
				require.NotNil(t, s)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
			require.Nil(t, s)
		})
	}
}
