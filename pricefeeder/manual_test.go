package pricefeeder

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

func TestManualSetClearSnapshot(t *testing.T) {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	clk := &fakeClock{t: t0}
	m := NewManual(clk.now)
	require.Equal(t, "manual", m.Name())
	require.Empty(t, m.Snapshot())
	require.True(t, m.ManualSince("ATOM").IsZero())

	require.NoError(t, m.Set("ETH", dec("3000")))
	clk.t = t0.Add(time.Second)
	require.NoError(t, m.Set("ATOM", dec("4.2")))

	// Sorted by symbol, each stamped when it was set.
	snap := m.Snapshot()
	require.Len(t, snap, 2)
	require.Equal(t, "ATOM", snap[0].Symbol)
	require.True(t, dec("4.2").Equal(snap[0].Price))
	require.Equal(t, t0.Add(time.Second), snap[0].Time)
	require.Equal(t, "ETH", snap[1].Symbol)
	require.True(t, dec("3000").Equal(snap[1].Price))
	require.Equal(t, t0, snap[1].Time)
	require.Equal(t, t0, m.ManualSince("ETH"))

	// Setting again replaces the price and restarts its time.
	clk.t = t0.Add(2 * time.Second)
	require.NoError(t, m.Set("ETH", dec("2900")))
	snap = m.Snapshot()
	require.Len(t, snap, 2)
	require.True(t, dec("2900").Equal(snap[1].Price))
	require.Equal(t, t0.Add(2*time.Second), m.ManualSince("ETH"))

	require.True(t, m.Clear("ETH"), "ETH was set")
	require.False(t, m.Clear("ETH"), "ETH is already cleared")
	require.False(t, m.Clear("BTC"), "BTC was never set")
	snap = m.Snapshot()
	require.Len(t, snap, 1)
	require.Equal(t, "ATOM", snap[0].Symbol)
	require.True(t, m.ManualSince("ETH").IsZero())
}

func TestManualSetRejectsBadInput(t *testing.T) {
	cases := []struct {
		name    string
		symbol  string
		price   sdkmath.LegacyDec
		wantErr string
	}{
		{"empty symbol", "", dec("1"), "empty symbol"},
		{"zero price", "ATOM", dec("0"), "positive"},
		{"negative price", "ATOM", dec("-4.2"), "positive"},
		{"nil price", "ATOM", sdkmath.LegacyDec{}, "positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := NewManual(time.Now)
			require.NoError(t, m.Set("ATOM", dec("10")))
			require.ErrorContains(t, m.Set(tc.symbol, tc.price), tc.wantErr)
			// A rejected Set leaves the previous price in force.
			snap := m.Snapshot()
			require.Len(t, snap, 1)
			require.True(t, dec("10").Equal(snap[0].Price))
		})
	}
}

// A manual price stays in force until cleared, so Quotes must stamp it with
// the current time, or the aggregator's MaxQuoteAge would drop it.
func TestManualQuotesOnlyAskedSymbolsStampedNow(t *testing.T) {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	clk := &fakeClock{t: t0}
	m := NewManual(clk.now)
	require.NoError(t, m.Set("ATOM", dec("4.2")))
	require.NoError(t, m.Set("ETH", dec("3000")))
	require.NoError(t, m.Set("BTC", dec("100000")))

	clk.t = t0.Add(time.Hour)
	qs, err := m.Quotes(context.Background(), []string{"ETH", "USDC", "ATOM"})
	require.NoError(t, err)
	require.Len(t, qs, 2)
	require.Equal(t, "ETH", qs[0].Symbol)
	require.True(t, dec("3000").Equal(qs[0].Price))
	require.Equal(t, "ATOM", qs[1].Symbol)
	require.True(t, dec("4.2").Equal(qs[1].Price))
	for _, q := range qs {
		require.Equal(t, t0.Add(time.Hour), q.Time, "%s stamped now, not when set", q.Symbol)
	}
	// The stored time is still when it was set.
	require.Equal(t, t0, m.ManualSince("ATOM"))

	qs, err = m.Quotes(context.Background(), nil)
	require.NoError(t, err)
	require.Empty(t, qs)
}
