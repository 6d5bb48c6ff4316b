package pricefeeder

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	sdkmath "cosmossdk.io/math"
)

// Manual holds operator-set prices (demos, tests, emergencies). A manual
// price overrides every other provider for its market until cleared.
type Manual struct {
	now Clock

	mu     sync.RWMutex
	prices map[string]Quote
}

var _ Provider = (*Manual)(nil)

// NewManual builds an empty manual provider.
func NewManual(now Clock) *Manual {
	return &Manual{now: now, prices: make(map[string]Quote)}
}

// Name is "manual".
func (*Manual) Name() string { return "manual" }

// Set sets symbol's price from now on.
func (m *Manual) Set(symbol string, price sdkmath.LegacyDec) error {
	if symbol == "" {
		return fmt.Errorf("manual: empty symbol")
	}
	if price.IsNil() || !price.IsPositive() {
		return fmt.Errorf("manual: price of %s must be positive", symbol)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prices[symbol] = Quote{Symbol: symbol, Price: price, Time: m.now()}
	return nil
}

// Clear removes symbol's manual price; it reports whether one was set.
func (m *Manual) Clear(symbol string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.prices[symbol]
	delete(m.prices, symbol)
	return ok
}

// Snapshot lists the manual prices by symbol.
func (m *Manual) Snapshot() []Quote {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Quote, 0, len(m.prices))
	for _, q := range m.prices {
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b Quote) int {
		switch {
		case a.Symbol < b.Symbol:
			return -1
		case a.Symbol > b.Symbol:
			return 1
		}
		return 0
	})
	return out
}

// Quotes returns the manual prices asked for, stamped now: a manual price
// stays fresh until it is cleared.
func (m *Manual) Quotes(_ context.Context, symbols []string) ([]Quote, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	now := m.now()
	out := make([]Quote, 0, len(symbols))
	for _, s := range symbols {
		if q, ok := m.prices[s]; ok {
			q.Time = now
			out = append(out, q)
		}
	}
	return out, nil
}

// ManualSince is when symbol's manual price was set (zero if none).
func (m *Manual) ManualSince(symbol string) time.Time {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.prices[symbol].Time
}
