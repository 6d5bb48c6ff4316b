package pricefeeder

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"
)

// Feeder polls its providers on an interval and keeps the latest aggregated
// price per market, which its gRPC server hands to the node at once (the
// node's ExtendVote waits only a few hundred milliseconds).
//
// Precedence per market: a manual price, else the active scenario's price,
// else the median of the market providers (simulated and exchanges).
type Feeder struct {
	markets     []string
	providers   []Provider
	manual      *Manual
	rules       AggregateRules
	interval    time.Duration
	callTimeout time.Duration
	maxAge      time.Duration // a snapshot older than this is not served
	now         Clock
	log         *slog.Logger
	metrics     *Metrics

	mu       sync.RWMutex
	scenario *Scenario
	snapshot map[string]Aggregated
	skipped  map[string]string
	lastPoll time.Time
}

// FeederOptions configure a Feeder.
type FeederOptions struct {
	Markets     []string
	Providers   []Provider
	Rules       AggregateRules
	Interval    time.Duration
	CallTimeout time.Duration
	MaxAge      time.Duration
	Now         Clock
	Logger      *slog.Logger
	Metrics     *Metrics
}

// NewFeeder builds a feeder; Run starts polling.
func NewFeeder(o FeederOptions) *Feeder {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Feeder{
		markets: o.Markets, providers: o.Providers, manual: NewManual(o.Now), rules: o.Rules,
		interval: o.Interval, callTimeout: o.CallTimeout, maxAge: o.MaxAge, now: o.Now,
		log: o.Logger, metrics: o.Metrics, snapshot: map[string]Aggregated{}, skipped: map[string]string{},
	}
}

// Manual is the operator override provider.
func (f *Feeder) Manual() *Manual { return f.manual }

// SetScenario makes s override the market providers (nil stops it).
func (f *Feeder) SetScenario(s *Scenario) {
	f.mu.Lock()
	f.scenario = s
	f.mu.Unlock()
}

// ActiveScenario is the running scenario, if any.
func (f *Feeder) ActiveScenario() *Scenario {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.scenario
}

// Run polls until ctx ends.
func (f *Feeder) Run(ctx context.Context) {
	f.Poll(ctx)
	t := time.NewTicker(f.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.Poll(ctx)
		}
	}
}

// Poll asks every provider at once (each bounded by the call timeout),
// aggregates, applies the overrides and publishes the snapshot.
func (f *Feeder) Poll(ctx context.Context) {
	start := f.now()
	quotes := make([][]Quote, len(f.providers))
	var wg sync.WaitGroup
	for i, p := range f.providers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, f.callTimeout)
			defer cancel()
			qs, err := p.Quotes(cctx, f.markets)
			f.metrics.observeProvider(p.Name(), len(qs), err)
			if err != nil {
				f.log.Warn("provider failed", "provider", p.Name(), "err", err)
			}
			quotes[i] = qs
		}()
	}
	wg.Wait()

	now := f.now()
	prices, skipped := Aggregate(slices.Concat(quotes...), now, f.rules)
	if sc := f.ActiveScenario(); sc != nil {
		f.override(prices, skipped, sc, ctx)
	}
	f.override(prices, skipped, f.manual, ctx)
	// Aggregate only sees markets that got quotes; one that got none
	// has no usable price either and must be reported as such.
	for _, m := range f.markets {
		if _, ok := prices[m]; !ok {
			if _, ok := skipped[m]; !ok {
				skipped[m] = "no quotes"
			}
		}
	}

	f.mu.Lock()
	f.snapshot, f.skipped, f.lastPoll = prices, skipped, now
	f.mu.Unlock()
	f.metrics.observePoll(now.Sub(start), prices, skipped)
}

func (f *Feeder) override(prices map[string]Aggregated, skipped map[string]string, p Provider, ctx context.Context) {
	qs, err := p.Quotes(ctx, f.markets)
	if err != nil {
		f.log.Warn("override provider failed", "provider", p.Name(), "err", err)
		return
	}
	for _, q := range qs {
		prices[q.Symbol] = Aggregated{Symbol: q.Symbol, Price: q.Price, Time: q.Time, Providers: 1}
		delete(skipped, q.Symbol)
	}
}

// Prices returns the fresh snapshot prices of symbols (all markets when empty).
func (f *Feeder) Prices(symbols []string) []Aggregated {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if len(symbols) == 0 {
		symbols = f.markets
	}
	now := f.now()
	out := make([]Aggregated, 0, len(symbols))
	for _, s := range symbols {
		a, ok := f.snapshot[s]
		if ok && now.Sub(f.lastPoll) <= f.maxAge {
			out = append(out, a)
		}
	}
	return out
}

// Status is the feeder's state for the health and admin endpoints.
type Status struct {
	LastPoll time.Time         `json:"last_poll"`
	Priced   []string          `json:"priced"`
	Skipped  map[string]string `json:"skipped,omitempty"`
	Manual   map[string]string `json:"manual,omitempty"`
	Scenario string            `json:"scenario,omitempty"`
	Healthy  bool              `json:"healthy"`
}

// Status reports health: the last poll is recent and at least one market is priced.
func (f *Feeder) Status() Status {
	f.mu.RLock()
	defer f.mu.RUnlock()
	st := Status{LastPoll: f.lastPoll, Skipped: maps.Clone(f.skipped)}
	for s := range f.snapshot {
		st.Priced = append(st.Priced, s)
	}
	slices.Sort(st.Priced)
	if manual := f.manual.Snapshot(); len(manual) > 0 {
		st.Manual = make(map[string]string, len(manual))
		for _, q := range manual {
			st.Manual[q.Symbol] = q.Price.String()
		}
	}
	if f.scenario != nil {
		st.Scenario = f.scenario.Path()
	}
	st.Healthy = !f.lastPoll.IsZero() && f.now().Sub(f.lastPoll) <= f.maxAge && len(st.Priced) > 0
	return st
}
