package pricefeeder

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

// bodyTransport answers every request with 200 and the same body, so the
// fuzzers drive the providers' real HTTP path (body limit, JSON decoding,
// parsing) without a network.
type bodyTransport []byte

func (b bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)),
		Request:       req,
	}, nil
}

func clientOf(p Provider) *exchangeClient {
	switch p := p.(type) {
	case *binanceProvider:
		return p.c
	case *coinbaseProvider:
		return p.c
	case *krakenProvider:
		return p.c
	case *okxProvider:
		return p.c
	}
	panic("not an exchange provider")
}

// fuzzExchange fuzzes one exchange's response body. The seeds are the
// exchange's test fixtures; valid must yield a quote for every pair.
// Whatever the body, the provider returns an error or quotes, never both
// nothing and no error, and every quote is for a market asked, once, at a
// positive price, timed no later than now.
func fuzzExchange(f *testing.F, name string, pairs map[string]string, valid string) {
	cfg, ok := DefaultExchangeConfig(name)
	require.True(f, ok)
	cfg.BaseURL = "https://exchange.invalid"
	cfg.Pairs = pairs
	p, err := NewExchangeProvider(name, cfg, exchangeTestClock)
	require.NoError(f, err)
	c := clientOf(p)
	symbols := append(slices.Sorted(maps.Keys(pairs)), "DOGE") // DOGE has no pair: skipped

	files, err := filepath.Glob(filepath.Join("testdata", name, "*.json"))
	require.NoError(f, err)
	require.NotEmpty(f, files)
	for _, file := range files {
		bz, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(bz)
		if filepath.Base(file) == valid {
			c.http = &http.Client{Transport: bodyTransport(bz)}
			quotes, err := p.Quotes(context.Background(), symbols)
			require.NoError(f, err)
			require.Len(f, quotes, len(pairs), "the seed %s takes the valid path", valid)
		}
	}
	f.Add([]byte("null"))
	f.Add([]byte("{}"))
	f.Add([]byte("[]"))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, body []byte) {
		c.http = &http.Client{Transport: bodyTransport(body)}
		quotes, err := p.Quotes(context.Background(), symbols)
		require.Equal(t, err == nil, len(quotes) > 0, "quotes %v, err %v", quotes, err)
		seen := map[string]bool{}
		for _, q := range quotes {
			_, configured := pairs[q.Symbol]
			require.True(t, configured, "quote for %q", q.Symbol)
			require.False(t, seen[q.Symbol], "two quotes for %s", q.Symbol)
			seen[q.Symbol] = true
			require.True(t, q.Price.IsPositive(), "%s price %s", q.Symbol, q.Price)
			require.False(t, q.Time.IsZero())
			require.False(t, q.Time.After(exchangeTestNow), "%s quoted in the future: %s", q.Symbol, q.Time)
		}
	})
}

func FuzzBinanceResponse(f *testing.F) {
	fuzzExchange(f, "binance", map[string]string{"ATOM": "ATOMUSDT", "ETH": "ETHUSDT", "BTC": "BTCUSDT", "USDC": "USDCUSDT"}, "ticker_price.json")
}

func FuzzCoinbaseResponse(f *testing.F) {
	fuzzExchange(f, "coinbase", map[string]string{"ATOM": "ATOM-USD"}, "ATOM-USD.json")
}

func FuzzKrakenResponse(f *testing.F) {
	fuzzExchange(f, "kraken", map[string]string{"ATOM": "ATOMUSD", "ETH": "XETHZUSD", "BTC": "XXBTZUSD", "USDC": "USDCUSD"}, "ticker.json")
}

func FuzzOKXResponse(f *testing.F) {
	fuzzExchange(f, "okx", map[string]string{"ATOM": "ATOM-USDT"}, "ATOM-USDT.json")
}

// FuzzParseExchangePrice: a price string the providers accept is a positive
// decimal that its own rendering parses back to.
func FuzzParseExchangePrice(f *testing.F) {
	for _, s := range []string{"4.20100000", "37012.34", "0.000000000000000001", "1.0000000000000000000000", "0", "-1", "+1", "1e5", ".5", "5.", "", "１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseExchangePrice(s)
		if err != nil {
			require.ErrorIs(t, err, errBadPrice)
			return
		}
		require.True(t, d.IsPositive())
		again, err := parseExchangePrice(d.String())
		require.NoError(t, err)
		require.True(t, d.Equal(again), "%q: %s then %s", s, d, again)
		require.True(t, d.Equal(sdkmath.LegacyMustNewDecFromStr(d.String())))
	})
}
