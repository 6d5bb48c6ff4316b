package pricefeeder

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// binanceProvider reads Binance spot last prices. One request covers every
// pair, so a bad pair costs only its own quote.
type binanceProvider struct{ c *exchangeClient }

func (p *binanceProvider) Name() string { return p.c.name }

type binanceTicker struct {
	Symbol string `json:"symbol"`
	Price  string `json:"price"`
}

func (p *binanceProvider) Quotes(ctx context.Context, symbols []string) ([]Quote, error) {
	pairs, bySymbol := p.c.pairsFor(symbols)
	if len(pairs) == 0 {
		return nil, nil
	}
	// Binance wants the list as a JSON array in one query parameter.
	list, err := json.Marshal(pairs)
	if err != nil {
		return nil, fmt.Errorf("%s: encode symbols: %w", p.c.name, err)
	}
	var tickers []binanceTicker
	if err := p.c.getJSON(ctx, "/api/v3/ticker/price", url.Values{"symbols": {string(list)}}, &tickers); err != nil {
		return nil, fmt.Errorf("%s: %w", p.c.name, err)
	}

	// Binance has no per-ticker time; the request just finished, so now is
	// when the price was seen.
	now := p.c.now()
	byPair := make(map[string]string, len(tickers))
	for _, t := range tickers {
		if _, dup := byPair[t.Symbol]; !dup {
			byPair[t.Symbol] = t.Price
		}
	}
	var quotes []Quote
	var errs []error
	for _, pair := range pairs {
		raw, ok := byPair[pair]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: missing from response", pair))
			continue
		}
		price, err := parseExchangePrice(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pair, err))
			continue
		}
		quotes = append(quotes, quotesFor(bySymbol[pair], price, now)...)
	}
	return p.c.finish(quotes, errs)
}
