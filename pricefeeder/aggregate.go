package pricefeeder

import (
	"fmt"
	"slices"
	"time"

	sdkmath "cosmossdk.io/math"
)

// AggregateRules decide how quotes from several providers become one price.
type AggregateRules struct {
	// MinProviders is how many fresh, non-outlying quotes a market needs.
	MinProviders int
	// MaxQuoteAge drops quotes older than this.
	MaxQuoteAge time.Duration
	// MaxDeviation drops quotes further than this fraction from the median
	// of the fresh quotes (e.g. 0.05 = 5%).
	MaxDeviation sdkmath.LegacyDec
}

// Aggregated is a market's price with what backs it.
type Aggregated struct {
	Symbol    string
	Price     sdkmath.LegacyDec
	Time      time.Time // newest quote used
	Providers int
}

// Aggregate takes, per market, the median of the fresh quotes after
// dropping outliers, when at least MinProviders quotes remain. Markets that
// fall short are reported in skipped with the reason.
func Aggregate(quotes []Quote, now time.Time, rules AggregateRules) (prices map[string]Aggregated, skipped map[string]string) {
	bySymbol := make(map[string][]Quote)
	for _, q := range quotes {
		bySymbol[q.Symbol] = append(bySymbol[q.Symbol], q)
	}
	prices = make(map[string]Aggregated, len(bySymbol))
	skipped = make(map[string]string)
	for symbol, qs := range bySymbol {
		fresh := qs[:0:0]
		for _, q := range qs {
			if !q.Price.IsNil() && q.Price.IsPositive() && now.Sub(q.Time) <= rules.MaxQuoteAge {
				fresh = append(fresh, q)
			}
		}
		if len(fresh) < rules.MinProviders || len(fresh) == 0 {
			skipped[symbol] = fmt.Sprintf("%d fresh quotes, need %d", len(fresh), max(rules.MinProviders, 1))
			continue
		}
		mid := median(fresh)
		kept := fresh[:0:0]
		for _, q := range fresh {
			dev := q.Price.Sub(mid).Abs().Quo(mid)
			if rules.MaxDeviation.IsNil() || dev.LTE(rules.MaxDeviation) {
				kept = append(kept, q)
			}
		}
		if len(kept) < rules.MinProviders || len(kept) == 0 {
			skipped[symbol] = fmt.Sprintf("%d quotes within %s of the median, need %d", len(kept), rules.MaxDeviation, max(rules.MinProviders, 1))
			continue
		}
		newest := kept[0].Time
		for _, q := range kept[1:] {
			if q.Time.After(newest) {
				newest = q.Time
			}
		}
		prices[symbol] = Aggregated{Symbol: symbol, Price: median(kept), Time: newest, Providers: len(kept)}
	}
	return prices, skipped
}

// median of the quotes' prices; the mean of the middle two for an even count.
func median(qs []Quote) sdkmath.LegacyDec {
	ps := make([]sdkmath.LegacyDec, len(qs))
	for i, q := range qs {
		ps[i] = q.Price
	}
	slices.SortFunc(ps, func(a, b sdkmath.LegacyDec) int { return a.BigInt().Cmp(b.BigInt()) })
	n := len(ps)
	if n%2 == 1 {
		return ps[n/2]
	}
	return ps[n/2-1].Add(ps[n/2]).QuoInt64(2)
}
