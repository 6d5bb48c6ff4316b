package pricefeeder

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// lockedClock is a settable clock safe to read from the feeder's provider
// goroutines and HTTP handlers while the test moves it.
type lockedClock struct {
	mu sync.Mutex
	t  time.Time
}

func newLockedClock() *lockedClock {
	return &lockedClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *lockedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *lockedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeProvider answers with fixed prices stamped by its clock, or fails.
type fakeProvider struct {
	name   string
	prices map[string]string
	now    Clock
	err    error // returned with no quotes
	block  bool  // wait for ctx to end, then fail with its error

	mu       sync.Mutex
	calls    int
	deadline bool // the last call's ctx had a deadline
}

func (p *fakeProvider) Name() string { return p.name }

func (p *fakeProvider) Quotes(ctx context.Context, symbols []string) ([]Quote, error) {
	p.mu.Lock()
	p.calls++
	_, p.deadline = ctx.Deadline()
	p.mu.Unlock()
	if p.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if p.err != nil {
		return nil, p.err
	}
	var out []Quote
	for _, s := range symbols {
		if v, ok := p.prices[s]; ok {
			out = append(out, Quote{Symbol: s, Price: dec(v), Time: p.now()})
		}
	}
	return out, nil
}

var feederMarkets = []string{"ATOM", "ETH", "BTC"}

const feederMaxAge = 5 * time.Second

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newTestFeeder(clk *lockedClock, minProviders int, reg prometheus.Registerer, providers ...Provider) *Feeder {
	var metrics *Metrics
	if reg != nil {
		metrics = NewMetrics(reg)
	}
	return NewFeeder(FeederOptions{
		Markets:     feederMarkets,
		Providers:   providers,
		Rules:       AggregateRules{MinProviders: minProviders, MaxQuoteAge: 10 * time.Second, MaxDeviation: dec("0.05")},
		Interval:    time.Second,
		CallTimeout: 50 * time.Millisecond,
		MaxAge:      feederMaxAge,
		Now:         clk.Now,
		Logger:      discardLogger(),
		Metrics:     metrics,
	})
}

// threeProviders price ATOM at 10/12/11 (median 11) and ETH at 3000/3010
// (median 3005); BTC is only on one.
func threeProviders(clk *lockedClock) []Provider {
	return []Provider{
		&fakeProvider{name: "a", now: clk.Now, prices: map[string]string{"ATOM": "10", "ETH": "3000", "BTC": "100000"}},
		&fakeProvider{name: "b", now: clk.Now, prices: map[string]string{"ATOM": "10.4", "ETH": "3010"}},
		&fakeProvider{name: "c", now: clk.Now, prices: map[string]string{"ATOM": "10.2"}},
	}
}

// pricesOf maps the feeder's served prices by symbol, as plain strings.
func pricesOf(f *Feeder, symbols ...string) map[string]string {
	out := map[string]string{}
	for _, a := range f.Prices(symbols) {
		out[a.Symbol] = strings.TrimRight(strings.TrimRight(a.Price.String(), "0"), ".")
	}
	return out
}

func TestFeederPollAggregatesProviders(t *testing.T) {
	clk := newLockedClock()
	f := newTestFeeder(clk, 2, nil, threeProviders(clk)...)
	require.Empty(t, f.Prices(nil), "nothing before the first poll")

	f.Poll(context.Background())

	all := f.Prices(nil)
	require.Len(t, all, 2)
	// In market order, each with what backs it.
	require.Equal(t, "ATOM", all[0].Symbol)
	require.True(t, dec("10.2").Equal(all[0].Price), "ATOM %s", all[0].Price)
	require.Equal(t, 3, all[0].Providers)
	require.Equal(t, clk.Now(), all[0].Time)
	require.Equal(t, "ETH", all[1].Symbol)
	require.True(t, dec("3005").Equal(all[1].Price), "ETH %s", all[1].Price)
	require.Equal(t, 2, all[1].Providers)

	require.Equal(t, map[string]string{"ETH": "3005"}, pricesOf(f, "ETH"))
	require.Equal(t, map[string]string{"ETH": "3005", "ATOM": "10.2"}, pricesOf(f, "ETH", "ATOM", "BTC", "NOPE"))

	st := f.Status()
	require.Equal(t, []string{"ATOM", "ETH"}, st.Priced)
	require.Contains(t, st.Skipped["BTC"], "1 fresh quotes, need 2")
	require.True(t, st.Healthy)
	require.Equal(t, clk.Now(), st.LastPoll)
}

func TestFeederManualPriceOverridesProviders(t *testing.T) {
	clk := newLockedClock()
	f := newTestFeeder(clk, 2, nil, threeProviders(clk)...)

	require.NoError(t, f.Manual().Set("ATOM", dec("4.2")))
	// BTC falls short of two providers, but a manual price needs none.
	require.NoError(t, f.Manual().Set("BTC", dec("90000")))
	clk.Advance(time.Minute) // a manual price does not go stale
	f.Poll(context.Background())
	require.Equal(t, map[string]string{"ATOM": "4.2", "ETH": "3005", "BTC": "90000"}, pricesOf(f))
	atom := f.Prices([]string{"ATOM"})[0]
	require.Equal(t, 1, atom.Providers)
	require.Equal(t, clk.Now(), atom.Time)

	st := f.Status()
	require.Equal(t, map[string]string{"ATOM": "4.200000000000000000", "BTC": "90000.000000000000000000"}, st.Manual)
	require.NotContains(t, st.Skipped, "BTC", "an overridden market is not skipped")

	require.True(t, f.Manual().Clear("ATOM"))
	require.True(t, f.Manual().Clear("BTC"))
	f.Poll(context.Background())
	require.Equal(t, map[string]string{"ATOM": "10.2", "ETH": "3005"}, pricesOf(f))
	require.Empty(t, f.Status().Manual)
}

func TestFeederScenarioOverridesProvidersAndManualOverridesScenario(t *testing.T) {
	clk := newLockedClock()
	f := newTestFeeder(clk, 1, nil, threeProviders(clk)...)
	sc, err := ParseScenario(strings.NewReader("offset_seconds,market,price_usd\n0,ATOM,7\n60,ATOM,8\n"), 1, clk.Now)
	require.NoError(t, err)
	f.SetScenario(sc)
	require.Same(t, sc, f.ActiveScenario())

	clk.Advance(30 * time.Second)
	f.Poll(context.Background())
	// The scenario covers ATOM only; ETH and BTC still come from the providers.
	require.Equal(t, map[string]string{"ATOM": "7.5", "ETH": "3005", "BTC": "100000"}, pricesOf(f))

	require.NoError(t, f.Manual().Set("ATOM", dec("4.2")))
	f.Poll(context.Background())
	require.Equal(t, "4.2", pricesOf(f)["ATOM"], "manual beats scenario")

	require.True(t, f.Manual().Clear("ATOM"))
	f.Poll(context.Background())
	require.Equal(t, "7.5", pricesOf(f)["ATOM"], "back to the scenario")

	f.SetScenario(nil)
	require.Nil(t, f.ActiveScenario())
	f.Poll(context.Background())
	require.Equal(t, "10.2", pricesOf(f)["ATOM"], "back to the providers")
}

func TestFeederScenarioPathInStatus(t *testing.T) {
	clk := newLockedClock()
	f := newTestFeeder(clk, 1, nil, threeProviders(clk)...)
	path := writeFile(t, "path.csv", validScenarioCSV)
	sc, err := LoadScenario(path, 1, clk.Now)
	require.NoError(t, err)
	f.SetScenario(sc)
	f.Poll(context.Background())
	require.Equal(t, path, f.Status().Scenario)
	f.SetScenario(nil)
	require.Empty(t, f.Status().Scenario)
}

// The node must never be served a price the feeder stopped refreshing.
func TestFeederServesNothingOnceThePollIsStale(t *testing.T) {
	clk := newLockedClock()
	f := newTestFeeder(clk, 1, nil, threeProviders(clk)...)
	f.Poll(context.Background())
	require.Len(t, f.Prices(nil), 3)

	clk.Advance(feederMaxAge)
	require.Len(t, f.Prices(nil), 3, "exactly MaxAge old is still served")
	require.True(t, f.Status().Healthy)

	clk.Advance(time.Nanosecond)
	require.Empty(t, f.Prices(nil))
	require.Empty(t, f.Prices([]string{"ATOM"}))
	st := f.Status()
	require.False(t, st.Healthy)
	require.Equal(t, []string{"ATOM", "BTC", "ETH"}, st.Priced, "the snapshot is still reported, just not served")

	f.Poll(context.Background())
	require.Len(t, f.Prices(nil), 3)
}

func TestFeederFailingProvidersDoNotBlockOthers(t *testing.T) {
	clk := newLockedClock()
	good := &fakeProvider{name: "good", now: clk.Now, prices: map[string]string{"ATOM": "10", "ETH": "3000"}}
	failing := &fakeProvider{name: "failing", now: clk.Now, err: errors.New("exchange down")}
	stuck := &fakeProvider{name: "stuck", now: clk.Now, block: true}
	reg := prometheus.NewRegistry()
	f := newTestFeeder(clk, 1, reg, stuck, failing, good)

	start := time.Now()
	f.Poll(context.Background())
	// Bounded by the 50ms call timeout, not by the stuck provider.
	require.Less(t, time.Since(start), 2*time.Second)

	require.Equal(t, map[string]string{"ATOM": "10", "ETH": "3000"}, pricesOf(f))
	require.Equal(t, 1, f.Prices([]string{"ATOM"})[0].Providers)
	for _, p := range []*fakeProvider{good, failing, stuck} {
		require.Equal(t, 1, p.calls, p.name)
		require.True(t, p.deadline, "%s was called without the call timeout", p.name)
	}
	require.True(t, f.Status().Healthy)
	requireMetric(t, reg, 1, "pricefeeder_provider_errors_total", "provider", "failing")
	requireMetric(t, reg, 1, "pricefeeder_provider_errors_total", "provider", "stuck")
	requireMetric(t, reg, 2, "pricefeeder_quotes_total", "provider", "good")
	_, found := metricValue(t, reg, "pricefeeder_provider_errors_total", "provider", "good")
	require.False(t, found, "the good provider has no errors")
}

// A market no provider quoted at all must show up as skipped, like one with
// too few quotes: operators alert on pricefeeder_market_skipped.
func TestFeederReportsUnquotedMarketsAsSkipped(t *testing.T) {
	clk := newLockedClock()
	reg := prometheus.NewRegistry()
	p := &fakeProvider{name: "a", now: clk.Now, prices: map[string]string{"ATOM": "10", "ETH": "3000", "BTC": "100000"}}
	f := newTestFeeder(clk, 1, reg, p)
	f.Poll(context.Background())
	requireMetric(t, reg, 0, "pricefeeder_market_skipped", "market", "BTC")

	delete(p.prices, "BTC") // e.g. the only exchange listing BTC went down
	clk.Advance(time.Second)
	f.Poll(context.Background())
	st := f.Status()
	require.Equal(t, []string{"ATOM", "ETH"}, st.Priced)
	require.Contains(t, st.Skipped, "BTC")
	requireMetric(t, reg, 1, "pricefeeder_market_skipped", "market", "BTC")
}

func TestFeederStatusHealthy(t *testing.T) {
	cases := []struct {
		name      string
		providers func(clk *lockedClock) []Provider
		poll      bool
		after     time.Duration // clock advance after the poll
		manual    bool          // set a manual ATOM price before polling
		healthy   bool
	}{
		{"before the first poll", threeProviders, false, 0, false, false},
		{"right after a poll with prices", threeProviders, true, 0, false, true},
		{"a poll MaxAge old", threeProviders, true, feederMaxAge, false, true},
		{"a poll older than MaxAge", threeProviders, true, feederMaxAge + time.Millisecond, false, false},
		{"a recent poll that priced nothing", func(clk *lockedClock) []Provider {
			return []Provider{&fakeProvider{name: "down", now: clk.Now, err: errors.New("down")}}
		}, true, 0, false, false},
		{"no providers but a manual price", func(*lockedClock) []Provider { return nil }, true, 0, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newLockedClock()
			f := newTestFeeder(clk, 1, nil, tc.providers(clk)...)
			if tc.manual {
				require.NoError(t, f.Manual().Set("ATOM", dec("1")))
			}
			if tc.poll {
				f.Poll(context.Background())
			}
			clk.Advance(tc.after)
			require.Equal(t, tc.healthy, f.Status().Healthy)
		})
	}
}

func TestFeederRunPollsOnItsIntervalAndStopsWithItsContext(t *testing.T) {
	clk := newLockedClock()
	p := &fakeProvider{name: "a", now: clk.Now, prices: map[string]string{"ATOM": "10"}}
	f := newTestFeeder(clk, 1, nil, p)
	f.interval = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		f.Run(ctx)
		close(done)
	}()
	calls := func() int {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.calls
	}
	require.Eventually(t, func() bool { return calls() >= 3 }, 2*time.Second, 5*time.Millisecond)
	require.Equal(t, map[string]string{"ATOM": "10"}, pricesOf(f))
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	stopped := calls()
	time.Sleep(50 * time.Millisecond)
	require.Equal(t, stopped, calls(), "polled after Run returned")
}

// metricValue reads the sample of a counter or gauge with label=value
// from reg; found is false when there is none.
func metricValue(t *testing.T, reg *prometheus.Registry, name, label, value string) (v float64, found bool) {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == label && lp.GetValue() == value {
					if m.GetCounter() != nil {
						return m.GetCounter().GetValue(), true
					}
					return m.GetGauge().GetValue(), true
				}
			}
		}
	}
	return 0, false
}

// requireMetric asserts the sample exists and has value want.
func requireMetric(t *testing.T, reg *prometheus.Registry, want float64, name, label, value string) {
	t.Helper()
	got, found := metricValue(t, reg, name, label, value)
	require.True(t, found, "no %s{%s=%q}", name, label, value)
	require.Equal(t, want, got, "%s{%s=%q}", name, label, value)
}
