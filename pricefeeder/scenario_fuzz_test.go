package pricefeeder

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

// FuzzParseScenario feeds the scenario parser arbitrary CSV, a speed and a
// replay time. It must never panic, and a scenario it accepts must quote
// every market it names, at any time, a price between the lowest and the
// highest of that market's rows (interpolation never leaves the path).
func FuzzParseScenario(f *testing.F) {
	f.Add([]byte("offset_seconds,market,price_usd\n0,ATOM,10\n60,ATOM,6.5\n30,ETH,3000\n"), 1.0, uint32(45))
	f.Add([]byte("offset_seconds,market,price_usd\n0,ATOM,10\n0,ATOM,5\n1e9,ATOM,0.000000000000000001\n"), 1e6, uint32(1))
	f.Add([]byte("offset_seconds,market,price_usd\n10,ATOM,-1\n"), 1.0, uint32(0))
	f.Add([]byte("offset_seconds,market,price_usd\n60,ATOM,1\n30,ATOM,2\n"), 1.0, uint32(0))
	f.Add([]byte("offset_seconds,market,price_usd\n\"0\",\" ATOM \",\"1.5\"\n"), 0.5, uint32(10))
	f.Add([]byte("offset_seconds,market\n"), 1.0, uint32(0))
	f.Add([]byte{}, 0.0, uint32(0))

	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, csv []byte, speed float64, at uint32) {
		now := start
		s, err := ParseScenario(bytes.NewReader(csv), speed, func() time.Time { return now })
		if err != nil {
			return
		}
		markets := s.Markets()
		require.NotEmpty(t, markets)
		now = start.Add(time.Duration(at) * time.Millisecond)
		quotes, err := s.Quotes(context.Background(), append(markets, "NOT-IN-THE-FILE"))
		require.NoError(t, err)
		require.Len(t, quotes, len(markets))
		for _, q := range quotes {
			lo, hi := s.paths[q.Symbol][0].price, s.paths[q.Symbol][0].price
			for _, p := range s.paths[q.Symbol] {
				lo, hi = sdkmath.LegacyMinDec(lo, p.price), sdkmath.LegacyMaxDec(hi, p.price)
			}
			require.True(t, q.Price.GTE(lo) && q.Price.LTE(hi), "%s at %s: %s outside [%s, %s]", q.Symbol, s.Elapsed(), q.Price, lo, hi)
			require.Equal(t, now, q.Time)
		}
	})
}
