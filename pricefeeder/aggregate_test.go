package pricefeeder

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

// aggNow is the aggregation instant of every case; quote times are offsets from it.
var aggNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// q is a quote observed age before aggNow; price "" is a nil LegacyDec.
func q(symbol, price string, age time.Duration) Quote {
	var p sdkmath.LegacyDec
	if price != "" {
		p = dec(price)
	}
	return Quote{Symbol: symbol, Price: p, Time: aggNow.Add(-age)}
}

func TestAggregate(t *testing.T) {
	rules := AggregateRules{MinProviders: 1, MaxQuoteAge: 10 * time.Second, MaxDeviation: dec("0.05")}
	type want struct {
		price     string
		providers int
		age       time.Duration // of the newest quote used
	}
	cases := []struct {
		name    string
		rules   AggregateRules
		quotes  []Quote
		prices  map[string]want
		skipped map[string]string // market → substring of the reason
	}{
		{
			name:   "median of an odd count is the middle quote",
			rules:  rules,
			quotes: []Quote{q("ATOM", "10.2", 0), q("ATOM", "10", 0), q("ATOM", "10.1", 0)},
			prices: map[string]want{"ATOM": {"10.1", 3, 0}},
		},
		{
			name:   "median of an even count is the mean of the middle two",
			rules:  rules,
			quotes: []Quote{q("ATOM", "10.3", 0), q("ATOM", "10", 0), q("ATOM", "10.1", 0), q("ATOM", "10.2", 0)},
			prices: map[string]want{"ATOM": {"10.15", 4, 0}},
		},
		{
			// Sorting must compare values, not strings or digits: 100000 > 3 > 0.5.
			name:   "median sorts by value across magnitudes",
			rules:  AggregateRules{MinProviders: 1, MaxQuoteAge: time.Minute},
			quotes: []Quote{q("BTC", "100000", 0), q("BTC", "0.5", 0), q("BTC", "3", 0)},
			prices: map[string]want{"BTC": {"3", 3, 0}},
		},
		{
			name:   "a single quote is its own median",
			rules:  rules,
			quotes: []Quote{q("ETH", "3000", 2*time.Second)},
			prices: map[string]want{"ETH": {"3000", 1, 2 * time.Second}},
		},
		{
			// The stale 50 would drag the median of three down to 10.1.
			name:   "quotes older than MaxQuoteAge are dropped",
			rules:  rules,
			quotes: []Quote{q("ATOM", "10.1", time.Second), q("ATOM", "10.3", 0), q("ATOM", "50", 10*time.Second+time.Nanosecond)},
			prices: map[string]want{"ATOM": {"10.2", 2, 0}},
		},
		{
			name:   "a quote exactly MaxQuoteAge old is still fresh",
			rules:  rules,
			quotes: []Quote{q("ATOM", "10", 10*time.Second)},
			prices: map[string]want{"ATOM": {"10", 1, 10 * time.Second}},
		},
		{
			name:   "zero, negative and nil prices are dropped",
			rules:  rules,
			quotes: []Quote{q("ATOM", "0", 0), q("ATOM", "-10", 0), q("ATOM", "", 0), q("ATOM", "10", 0), q("ATOM", "10.2", 0)},
			prices: map[string]want{"ATOM": {"10.1", 2, 0}},
		},
		{
			// Fresh median 101.5; 150 is 48% away and goes; the final median
			// is over the three that remain, not 101.5.
			name:   "outliers beyond MaxDeviation are dropped before the final median",
			rules:  rules,
			quotes: []Quote{q("ETH", "100", 0), q("ETH", "101", 0), q("ETH", "102", 0), q("ETH", "150", 0)},
			prices: map[string]want{"ETH": {"101", 3, 0}},
		},
		{
			// Median 100; 105 is exactly 5% away and stays, 94.9 is 5.1% away and goes.
			name:   "a quote exactly MaxDeviation away is kept",
			rules:  rules,
			quotes: []Quote{q("ETH", "100", 0), q("ETH", "105", 0), q("ETH", "94.9", 0)},
			prices: map[string]want{"ETH": {"102.5", 2, 0}},
		},
		{
			name:   "a nil MaxDeviation keeps every fresh quote",
			rules:  AggregateRules{MinProviders: 1, MaxQuoteAge: 10 * time.Second},
			quotes: []Quote{q("ETH", "100", 0), q("ETH", "101", 0), q("ETH", "102", 0), q("ETH", "150", 0)},
			prices: map[string]want{"ETH": {"101.5", 4, 0}},
		},
		{
			name:    "fewer fresh quotes than MinProviders skips the market",
			rules:   AggregateRules{MinProviders: 3, MaxQuoteAge: 10 * time.Second, MaxDeviation: dec("0.05")},
			quotes:  []Quote{q("ATOM", "10", 0), q("ATOM", "10.1", 0), q("ATOM", "10.2", time.Minute)},
			skipped: map[string]string{"ATOM": "2 fresh quotes, need 3"},
		},
		{
			// Three fresh quotes pass the first count, but the two outliers
			// leave one, short of two.
			name:    "outliers dropped below MinProviders skip the market",
			rules:   AggregateRules{MinProviders: 2, MaxQuoteAge: 10 * time.Second, MaxDeviation: dec("0.05")},
			quotes:  []Quote{q("ATOM", "10", 0), q("ATOM", "5", 0), q("ATOM", "20", 0)},
			skipped: map[string]string{"ATOM": "1 quotes within 0.050000000000000000 of the median, need 2"},
		},
		{
			// MinProviders 0 must not publish a price out of nothing.
			name:    "a market whose quotes are all unusable is skipped even with MinProviders 0",
			rules:   AggregateRules{MinProviders: 0, MaxQuoteAge: 10 * time.Second, MaxDeviation: dec("0.05")},
			quotes:  []Quote{q("ATOM", "10", time.Hour), q("ATOM", "0", 0)},
			skipped: map[string]string{"ATOM": "0 fresh quotes, need 1"},
		},
		{
			name:   "the newest quote time is reported",
			rules:  rules,
			quotes: []Quote{q("ATOM", "10", 5*time.Second), q("ATOM", "10.1", time.Second), q("ATOM", "10.2", 3*time.Second)},
			prices: map[string]want{"ATOM": {"10.1", 3, time.Second}},
		},
		{
			// The newest quote is an outlier: it backs nothing, so its time is not reported.
			name:   "the newest time is of a quote that was used",
			rules:  rules,
			quotes: []Quote{q("ATOM", "10", 5*time.Second), q("ATOM", "10.1", 4*time.Second), q("ATOM", "10.2", 3*time.Second), q("ATOM", "99", 0)},
			prices: map[string]want{"ATOM": {"10.1", 3, 3 * time.Second}},
		},
		{
			name:  "several markets are aggregated independently",
			rules: AggregateRules{MinProviders: 2, MaxQuoteAge: 10 * time.Second, MaxDeviation: dec("0.05")},
			quotes: []Quote{
				q("ATOM", "10", 0), q("ETH", "3000", time.Second), q("BTC", "100000", 0),
				q("ATOM", "10.2", 0), q("ETH", "3010", 2*time.Second), q("ETH", "3020", 0),
			},
			prices: map[string]want{
				"ATOM": {"10.1", 2, 0},
				"ETH":  {"3010", 3, 0},
			},
			skipped: map[string]string{"BTC": "1 fresh quotes, need 2"},
		},
		{
			name:   "no quotes, no markets",
			rules:  rules,
			quotes: nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prices, skipped := Aggregate(tc.quotes, aggNow, tc.rules)
			require.Len(t, prices, len(tc.prices), "prices %v", prices)
			for sym, w := range tc.prices {
				got, ok := prices[sym]
				require.True(t, ok, "%s not priced (skipped: %q)", sym, skipped[sym])
				require.Equal(t, sym, got.Symbol)
				require.True(t, dec(w.price).Equal(got.Price), "%s price %s, want %s", sym, got.Price, w.price)
				require.Equal(t, w.providers, got.Providers, "%s providers", sym)
				require.True(t, aggNow.Add(-w.age).Equal(got.Time), "%s time %s, want %s", sym, got.Time, aggNow.Add(-w.age))
			}
			require.Len(t, skipped, len(tc.skipped), "skipped %v", skipped)
			for sym, reason := range tc.skipped {
				require.Contains(t, skipped[sym], reason, "%s skip reason", sym)
				_, priced := prices[sym]
				require.False(t, priced, "%s is both skipped and priced", sym)
			}
		})
	}
}

// The aggregator must not reorder or drop the caller's quotes: the feeder
// hands it slices it may log afterwards.
func TestAggregateLeavesItsInputAlone(t *testing.T) {
	in := []Quote{q("ATOM", "12", 0), q("ATOM", "0", 0), q("ATOM", "10", 0), q("ATOM", "11", time.Hour)}
	before := make([]Quote, len(in))
	copy(before, in)
	Aggregate(in, aggNow, AggregateRules{MinProviders: 1, MaxQuoteAge: time.Second, MaxDeviation: dec("0.5")})
	require.Equal(t, before, in)
}
