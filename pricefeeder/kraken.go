package pricefeeder

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// krakenProvider reads Kraken last-trade prices for all pairs in one request.
type krakenProvider struct{ c *exchangeClient }

func (p *krakenProvider) Name() string { return p.c.name }

type krakenTickerResponse struct {
	Error  []string                `json:"error"`
	Result map[string]krakenTicker `json:"result"`
}

type krakenTicker struct {
	// C is the last trade: [price, lot volume].
	C []string `json:"c"`
}

func (p *krakenProvider) Quotes(ctx context.Context, symbols []string) ([]Quote, error) {
	pairs, bySymbol := p.c.pairsFor(symbols)
	if len(pairs) == 0 {
		return nil, nil
	}
	var resp krakenTickerResponse
	q := url.Values{"pair": {strings.Join(pairs, ",")}}
	if err := p.c.getJSON(ctx, "/0/public/Ticker", q, &resp); err != nil {
		return nil, fmt.Errorf("%s: %w", p.c.name, err)
	}
	// Kraken reports failures in-band with HTTP 200.
	if len(resp.Error) > 0 {
		return nil, fmt.Errorf("%s: api error: %s", p.c.name, strings.Join(resp.Error, "; "))
	}

	// Kraken has no ticker time; the price is as of this request.
	now := p.c.now()
	var quotes []Quote
	var errs []error
	for _, pair := range pairs {
		// Kraken may key the result by a different name for the same
		// pair (e.g. XETHZUSD for ETHUSD). Only exact keys count: guessing
		// at aliases could price one market with another's ticker.
		t, ok := resp.Result[pair]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: missing from response (configure the pair as kraken keys it)", pair))
			continue
		}
		if len(t.C) == 0 {
			errs = append(errs, fmt.Errorf("%s: no last trade price", pair))
			continue
		}
		price, err := parseExchangePrice(t.C[0])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pair, err))
			continue
		}
		quotes = append(quotes, quotesFor(bySymbol[pair], price, now)...)
	}
	return p.c.finish(quotes, errs)
}
