package pricefeeder

import (
	"context"
	"net/url"
	"time"

	sdkmath "cosmossdk.io/math"
)

// coinbaseProvider reads Coinbase Exchange tickers, one request per pair
// because the public API has no batch ticker.
type coinbaseProvider struct{ c *exchangeClient }

func (p *coinbaseProvider) Name() string { return p.c.name }

type coinbaseTicker struct {
	Price string `json:"price"`
	// Time is the last trade's time; a quiet book makes it old, which is
	// exactly what the aggregator's freshness check should see.
	Time string `json:"time"`
}

func (p *coinbaseProvider) Quotes(ctx context.Context, symbols []string) ([]Quote, error) {
	pairs, bySymbol := p.c.pairsFor(symbols)
	if len(pairs) == 0 {
		return nil, nil
	}
	return p.c.fetchEach(ctx, pairs, bySymbol, p.fetch)
}

func (p *coinbaseProvider) fetch(ctx context.Context, pair string) (sdkmath.LegacyDec, time.Time, error) {
	var t coinbaseTicker
	if err := p.c.getJSON(ctx, "/products/"+url.PathEscape(pair)+"/ticker", nil, &t); err != nil {
		return sdkmath.LegacyDec{}, time.Time{}, err
	}
	price, err := parseExchangePrice(t.Price)
	if err != nil {
		return sdkmath.LegacyDec{}, time.Time{}, err
	}
	// An unparsable time is not worth losing the price over; the fetch
	// time stands in for it.
	at, err := time.Parse(time.RFC3339Nano, t.Time)
	if err != nil {
		at = time.Time{}
	}
	return price, at, nil
}
