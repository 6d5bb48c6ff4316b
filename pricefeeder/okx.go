package pricefeeder

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	sdkmath "cosmossdk.io/math"
)

// okxProvider reads OKX spot tickers, one request per pair.
type okxProvider struct{ c *exchangeClient }

func (p *okxProvider) Name() string { return p.c.name }

type okxTickerResponse struct {
	Code string      `json:"code"`
	Msg  string      `json:"msg"`
	Data []okxTicker `json:"data"`
}

type okxTicker struct {
	InstID string `json:"instId"`
	Last   string `json:"last"`
	// Ts is milliseconds since the epoch, as a string.
	Ts string `json:"ts"`
}

func (p *okxProvider) Quotes(ctx context.Context, symbols []string) ([]Quote, error) {
	pairs, bySymbol := p.c.pairsFor(symbols)
	if len(pairs) == 0 {
		return nil, nil
	}
	return p.c.fetchEach(ctx, pairs, bySymbol, p.fetch)
}

func (p *okxProvider) fetch(ctx context.Context, pair string) (sdkmath.LegacyDec, time.Time, error) {
	var resp okxTickerResponse
	if err := p.c.getJSON(ctx, "/api/v5/market/ticker", url.Values{"instId": {pair}}, &resp); err != nil {
		return sdkmath.LegacyDec{}, time.Time{}, err
	}
	// OKX reports failures in-band, often with HTTP 200.
	if resp.Code != "0" {
		return sdkmath.LegacyDec{}, time.Time{}, fmt.Errorf("api error code %q: %s", resp.Code, resp.Msg)
	}
	if len(resp.Data) == 0 {
		return sdkmath.LegacyDec{}, time.Time{}, errors.New("no ticker in response")
	}
	t := resp.Data[0]
	// A ticker for another instrument would be a silently wrong price.
	if t.InstID != pair {
		return sdkmath.LegacyDec{}, time.Time{}, fmt.Errorf("response is for %q", t.InstID)
	}
	price, err := parseExchangePrice(t.Last)
	if err != nil {
		return sdkmath.LegacyDec{}, time.Time{}, err
	}
	// A bad ts is not worth losing the price over; the fetch time stands in.
	var at time.Time
	if ms, err := strconv.ParseInt(t.Ts, 10, 64); err == nil && ms > 0 {
		at = time.UnixMilli(ms).UTC()
	}
	return price, at, nil
}
