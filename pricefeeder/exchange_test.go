package pricefeeder

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

// exchangeTestNow is after every timestamp in the fixtures, so exchange
// times are kept as given rather than clamped.
var exchangeTestNow = time.Date(2023, 11, 14, 22, 14, 0, 0, time.UTC)

func exchangeTestClock() time.Time { return exchangeTestNow }

// fixture is one canned answer: a file under testdata, or a literal body.
type fixture struct {
	status int // 0 means 200
	file   string
	body   string
	// block holds the response until the client gives up, for timeouts.
	block bool
}

// fixtureServer answers requests from routes keyed by path plus unescaped
// query, e.g. `/api/v3/ticker/price?symbols=["ATOMUSDT"]`, so each case
// pins the exact request the provider must make. "*" matches anything.
// An unrouted request fails the test.
func fixtureServer(t *testing.T, routes map[string]fixture) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path
		if r.URL.RawQuery != "" {
			q, err := url.QueryUnescape(r.URL.RawQuery)
			if err != nil {
				q = r.URL.RawQuery
			}
			key += "?" + q
		}
		f, ok := routes[key]
		if !ok {
			f, ok = routes["*"]
		}
		if !ok {
			mu.Lock()
			t.Errorf("unexpected request %s", key)
			mu.Unlock()
			http.NotFound(w, r)
			return
		}
		if f.block {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		body := []byte(f.body)
		if f.file != "" {
			var err error
			body, err = os.ReadFile(filepath.Join("testdata", f.file))
			if err != nil {
				mu.Lock()
				t.Errorf("read fixture: %v", err)
				mu.Unlock()
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		if f.status != 0 {
			w.WriteHeader(f.status)
		}
		_, _ = w.Write(body)
	}))
	// Cleanups run last-in first-out: unblock handlers, then close, since
	// Close waits for handlers to return.
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv
}

func newTestExchange(t *testing.T, name, baseURL string, pairs map[string]string, timeout time.Duration) Provider {
	t.Helper()
	cfg, ok := DefaultExchangeConfig(name)
	require.True(t, ok)
	cfg.BaseURL = baseURL
	if pairs != nil {
		cfg.Pairs = pairs
	}
	if timeout > 0 {
		cfg.Timeout = timeout
	}
	p, err := NewExchangeProvider(name, cfg, exchangeTestClock)
	require.NoError(t, err)
	require.Equal(t, name, p.Name())
	return p
}

type wantQuote struct {
	symbol string
	price  string
	time   time.Time
}

// exchangeCase is one provider scenario; every exchange's tests use it.
type exchangeCase struct {
	name    string
	pairs   map[string]string // nil keeps the exchange defaults
	symbols []string
	routes  map[string]fixture
	want    []wantQuote
	wantErr string // substring; empty means success
}

func runExchangeCases(t *testing.T, exchange string, cases []exchangeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := fixtureServer(t, tc.routes)
			p := newTestExchange(t, exchange, srv.URL, tc.pairs, 0)
			got, err := p.Quotes(context.Background(), tc.symbols)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.Empty(t, got)
				return
			}
			require.NoError(t, err)
			requireQuotes(t, tc.want, got)
		})
	}
}

func requireQuotes(t *testing.T, want []wantQuote, got []Quote) {
	t.Helper()
	require.Len(t, got, len(want), "quotes: %v", got)
	for i, w := range want {
		g := got[i]
		require.Equal(t, w.symbol, g.Symbol, "quote %d", i)
		require.Equal(t, sdkmath.LegacyMustNewDecFromStr(w.price).String(), g.Price.String(), "%s price", w.symbol)
		require.True(t, w.time.Equal(g.Time), "%s time: want %s, got %s", w.symbol, w.time, g.Time)
	}
}

func TestBinanceQuotes(t *testing.T) {
	const path = "/api/v3/ticker/price?symbols="
	runExchangeCases(t, "binance", []exchangeCase{
		{
			name:    "all default markets priced at fetch time",
			symbols: []string{"ATOM", "ETH", "BTC", "USDC"},
			routes:  map[string]fixture{path + `["ATOMUSDT","ETHUSDT","BTCUSDT","USDCUSDT"]`: {file: "binance/ticker_price.json"}},
			want: []wantQuote{
				{"ATOM", "4.201", exchangeTestNow},
				{"ETH", "2045.67", exchangeTestNow},
				{"BTC", "37012.34", exchangeTestNow},
				{"USDC", "1.0001", exchangeTestNow},
			},
		},
		{
			name:    "unknown and repeated symbols skipped and unrequested tickers ignored",
			symbols: []string{"DOGE", "ETH", "ETH"},
			routes:  map[string]fixture{path + `["ETHUSDT"]`: {file: "binance/ticker_price.json"}},
			want:    []wantQuote{{"ETH", "2045.67", exchangeTestNow}},
		},
		{
			name:    "only unknown symbols makes no request",
			symbols: []string{"DOGE"},
			routes:  map[string]fixture{},
		},
		{
			name:    "zero negative and exponent prices rejected others kept",
			symbols: []string{"ATOM", "ETH", "BTC", "USDC"},
			routes:  map[string]fixture{"*": {file: "binance/bad_prices.json"}},
			want:    []wantQuote{{"USDC", "1.0001", exchangeTestNow}},
		},
		{
			name:    "all prices bad is an error",
			symbols: []string{"ATOM", "ETH", "BTC"},
			routes:  map[string]fixture{"*": {file: "binance/bad_prices.json"}},
			wantErr: "ATOMUSDT: bad price",
		},
		{
			name:    "pair missing from response loses only that quote",
			symbols: []string{"ATOM", "ETH"},
			routes:  map[string]fixture{"*": {file: "binance/partial.json"}},
			want:    []wantQuote{{"ATOM", "4.201", exchangeTestNow}},
		},
		{
			name:    "invalid symbol answer is an error with the body",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"*": {status: http.StatusBadRequest, file: "binance/invalid_symbol.json"}},
			wantErr: `http 400 from /api/v3/ticker/price: {"code":-1121,"msg":"Invalid symbol."}`,
		},
		{
			name:    "two markets sharing a pair both quoted",
			pairs:   map[string]string{"USDT": "USDCUSDT", "USDC": "USDCUSDT"},
			symbols: []string{"USDC", "USDT"},
			routes:  map[string]fixture{path + `["USDCUSDT"]`: {file: "binance/ticker_price.json"}},
			want:    []wantQuote{{"USDC", "1.0001", exchangeTestNow}, {"USDT", "1.0001", exchangeTestNow}},
		},
	})
}

func TestCoinbaseQuotes(t *testing.T) {
	atomTime := time.Date(2023, 11, 14, 22, 13, 19, 873457000, time.UTC)
	ethTime := time.Date(2023, 11, 14, 22, 13, 18, 2000000, time.UTC)
	btcTime := time.Date(2023, 11, 14, 22, 13, 10, 0, time.UTC)
	runExchangeCases(t, "coinbase", []exchangeCase{
		{
			name:    "all default markets at exchange time",
			symbols: []string{"ATOM", "ETH", "BTC"},
			routes: map[string]fixture{
				"/products/ATOM-USD/ticker": {file: "coinbase/ATOM-USD.json"},
				"/products/ETH-USD/ticker":  {file: "coinbase/ETH-USD.json"},
				"/products/BTC-USD/ticker":  {file: "coinbase/BTC-USD.json"},
			},
			want: []wantQuote{
				{"ATOM", "4.201", atomTime},
				{"ETH", "2045.67", ethTime},
				{"BTC", "37012.34", btcTime},
			},
		},
		{
			name:    "usdc and unknown symbols skipped",
			symbols: []string{"USDC", "ATOM", "DOGE"},
			routes:  map[string]fixture{"/products/ATOM-USD/ticker": {file: "coinbase/ATOM-USD.json"}},
			want:    []wantQuote{{"ATOM", "4.201", atomTime}},
		},
		{
			name:    "one pair not found keeps the others",
			symbols: []string{"ATOM", "ETH"},
			routes: map[string]fixture{
				"/products/ATOM-USD/ticker": {status: http.StatusNotFound, file: "coinbase/not_found.json"},
				"/products/ETH-USD/ticker":  {file: "coinbase/ETH-USD.json"},
			},
			want: []wantQuote{{"ETH", "2045.67", ethTime}},
		},
		{
			name:    "zero price rejected others kept",
			symbols: []string{"ATOM", "BTC"},
			routes: map[string]fixture{
				"/products/ATOM-USD/ticker": {file: "coinbase/zero_price.json"},
				"/products/BTC-USD/ticker":  {file: "coinbase/BTC-USD.json"},
			},
			want: []wantQuote{{"BTC", "37012.34", btcTime}},
		},
		{
			name:    "every pair failing is an error naming each",
			symbols: []string{"ATOM", "ETH"},
			routes: map[string]fixture{
				"/products/ATOM-USD/ticker": {file: "coinbase/zero_price.json"},
				"/products/ETH-USD/ticker":  {status: http.StatusNotFound, file: "coinbase/not_found.json"},
			},
			wantErr: `coinbase: ATOM-USD: bad price: "0" is not positive; ETH-USD: http 404 from /products/ETH-USD/ticker: {"message":"NotFound"}`,
		},
		{
			name:    "unparsable exchange time falls back to the clock",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"/products/ATOM-USD/ticker": {file: "coinbase/bad_time.json"}},
			want:    []wantQuote{{"ATOM", "4.201", exchangeTestNow}},
		},
		{
			name:    "future exchange time clamped to the clock",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"/products/ATOM-USD/ticker": {file: "coinbase/future_time.json"}},
			want:    []wantQuote{{"ATOM", "4.201", exchangeTestNow}},
		},
	})
}

func TestKrakenQuotes(t *testing.T) {
	const path = "/0/public/Ticker?pair="
	runExchangeCases(t, "kraken", []exchangeCase{
		{
			name:    "all default markets from last trade at fetch time",
			symbols: []string{"ATOM", "ETH", "BTC", "USDC"},
			routes:  map[string]fixture{path + "ATOMUSD,XETHZUSD,XXBTZUSD,USDCUSD": {file: "kraken/ticker.json"}},
			want: []wantQuote{
				{"ATOM", "4.201", exchangeTestNow},
				{"ETH", "2045.67", exchangeTestNow},
				{"BTC", "37012.3", exchangeTestNow},
				{"USDC", "1", exchangeTestNow},
			},
		},
		{
			name:    "unknown symbols skipped",
			symbols: []string{"DOGE", "BTC"},
			routes:  map[string]fixture{path + "XXBTZUSD": {file: "kraken/ticker.json"}},
			want:    []wantQuote{{"BTC", "37012.3", exchangeTestNow}},
		},
		{
			name:    "error array is an error",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"*": {file: "kraken/unknown_pair.json"}},
			wantErr: "kraken: api error: EQuery:Unknown asset pair",
		},
		{
			name:    "result keyed by another name is not matched",
			pairs:   map[string]string{"ATOM": "ATOMUSD", "ETH": "ETHUSD"},
			symbols: []string{"ATOM", "ETH"},
			routes:  map[string]fixture{path + "ATOMUSD,ETHUSD": {file: "kraken/altname_keys.json"}},
			want:    []wantQuote{{"ATOM", "4.201", exchangeTestNow}},
		},
		{
			name:    "only an altname-keyed pair is an error",
			pairs:   map[string]string{"ETH": "ETHUSD"},
			symbols: []string{"ETH"},
			routes:  map[string]fixture{"*": {file: "kraken/altname_keys.json"}},
			wantErr: "ETHUSD: missing from response",
		},
		{
			name:    "zero negative and missing last trade rejected others kept",
			symbols: []string{"ATOM", "ETH", "BTC", "USDC"},
			routes:  map[string]fixture{"*": {file: "kraken/bad_prices.json"}},
			want:    []wantQuote{{"USDC", "1", exchangeTestNow}},
		},
		{
			name:    "all prices bad is an error",
			symbols: []string{"ATOM", "ETH", "BTC"},
			routes:  map[string]fixture{"*": {file: "kraken/bad_prices.json"}},
			wantErr: "XXBTZUSD: no last trade price",
		},
	})
}

func TestOKXQuotes(t *testing.T) {
	const path = "/api/v5/market/ticker?instId="
	runExchangeCases(t, "okx", []exchangeCase{
		{
			name:    "all default markets at exchange time",
			symbols: []string{"ATOM", "ETH", "BTC", "USDC"},
			routes: map[string]fixture{
				path + "ATOM-USDT": {file: "okx/ATOM-USDT.json"},
				path + "ETH-USDT":  {file: "okx/ETH-USDT.json"},
				path + "BTC-USDT":  {file: "okx/BTC-USDT.json"},
				path + "USDC-USDT": {file: "okx/USDC-USDT.json"},
			},
			want: []wantQuote{
				{"ATOM", "4.201", time.UnixMilli(1700000000000)},
				{"ETH", "2045.67", time.UnixMilli(1699999999500)},
				{"BTC", "37012.3", time.UnixMilli(1699999998000)},
				{"USDC", "1.0001", time.UnixMilli(1699999990000)},
			},
		},
		{
			name:    "unknown symbols skipped",
			symbols: []string{"DOGE", "ATOM"},
			routes:  map[string]fixture{path + "ATOM-USDT": {file: "okx/ATOM-USDT.json"}},
			want:    []wantQuote{{"ATOM", "4.201", time.UnixMilli(1700000000000)}},
		},
		{
			name:    "nonzero code is an error",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"*": {file: "okx/instrument_not_found.json"}},
			wantErr: `okx: ATOM-USDT: api error code "51001": Instrument ID does not exist`,
		},
		{
			name:    "nonzero code on one pair keeps the others",
			symbols: []string{"ATOM", "USDC"},
			routes: map[string]fixture{
				path + "ATOM-USDT": {file: "okx/ATOM-USDT.json"},
				path + "USDC-USDT": {status: http.StatusBadRequest, file: "okx/instrument_not_found.json"},
			},
			want: []wantQuote{{"ATOM", "4.201", time.UnixMilli(1700000000000)}},
		},
		{
			name:    "empty price rejected others kept",
			symbols: []string{"ATOM", "ETH"},
			routes: map[string]fixture{
				path + "ATOM-USDT": {file: "okx/ATOM-USDT.json"},
				path + "ETH-USDT":  {file: "okx/garbage_price.json"},
			},
			want: []wantQuote{{"ATOM", "4.201", time.UnixMilli(1700000000000)}},
		},
		{
			name:    "ticker for another instrument rejected",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"*": {file: "okx/wrong_instrument.json"}},
			wantErr: `response is for "ATOM-USDC"`,
		},
		{
			name:    "missing ts falls back to the clock",
			symbols: []string{"ATOM"},
			routes:  map[string]fixture{"*": {file: "okx/bad_ts.json"}},
			want:    []wantQuote{{"ATOM", "4.201", exchangeTestNow}},
		},
	})
}

// TestExchangeTransportFailures pins what every provider does when the HTTP
// exchange itself goes wrong, whatever the API shape.
func TestExchangeTransportFailures(t *testing.T) {
	for _, exchange := range ExchangeNames() {
		t.Run(exchange, func(t *testing.T) {
			cases := []struct {
				name    string
				fixture fixture
				wantErr string
			}{
				{"http 500 is an error with a body snippet", fixture{status: http.StatusInternalServerError, body: "<html>\n  upstream   down\n</html>"}, "http 500 from /"},
				{"malformed json is an error", fixture{file: exchange + "/truncated.json"}, "decode /"},
				{"body over the limit is an error", fixture{body: "[" + strings.Repeat(" ", maxExchangeBody) + "]"}, "response body exceeds 1048576 bytes"},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					srv := fixtureServer(t, map[string]fixture{"*": tc.fixture})
					p := newTestExchange(t, exchange, srv.URL, nil, 0)
					got, err := p.Quotes(context.Background(), []string{"ATOM", "ETH"})
					require.ErrorContains(t, err, tc.wantErr)
					require.True(t, strings.HasPrefix(err.Error(), exchange+": "), "error names the exchange: %v", err)
					require.Empty(t, got)
				})
			}
		})
	}
}

func TestExchangeStatusErrorSnippetIsShortAndOneLine(t *testing.T) {
	srv := fixtureServer(t, map[string]fixture{"*": {status: http.StatusBadGateway, body: "<html>\n" + strings.Repeat("x", 10_000) + "\n</html>"}})
	p := newTestExchange(t, "binance", srv.URL, nil, 0)
	_, err := p.Quotes(context.Background(), []string{"ATOM"})
	var se *exchangeStatusError
	require.ErrorAs(t, err, &se)
	require.Equal(t, http.StatusBadGateway, se.Code)
	require.LessOrEqual(t, len(se.Snippet), statusSnippetLen)
	require.NotContains(t, err.Error(), "\n")
}

func TestExchangeBodyAtLimitAccepted(t *testing.T) {
	payload, err := os.ReadFile("testdata/binance/ticker_price.json")
	require.NoError(t, err)
	payload = bytes.TrimSpace(payload)
	padded := string(payload) + strings.Repeat(" ", maxExchangeBody-len(payload))
	require.Len(t, padded, maxExchangeBody)

	srv := fixtureServer(t, map[string]fixture{"*": {body: padded}})
	p := newTestExchange(t, "binance", srv.URL, nil, 0)
	got, err := p.Quotes(context.Background(), []string{"ATOM"})
	require.NoError(t, err)
	requireQuotes(t, []wantQuote{{"ATOM", "4.201", exchangeTestNow}}, got)
}

func TestExchangeTimeoutHonoured(t *testing.T) {
	const timeout = 100 * time.Millisecond
	for _, exchange := range ExchangeNames() {
		t.Run(exchange, func(t *testing.T) {
			t.Run("config timeout", func(t *testing.T) {
				srv := fixtureServer(t, map[string]fixture{"*": {block: true}})
				p := newTestExchange(t, exchange, srv.URL, nil, timeout)
				start := time.Now()
				got, err := p.Quotes(context.Background(), []string{"ATOM", "ETH", "BTC"})
				elapsed := time.Since(start)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.Empty(t, got)
				// Per-pair providers fetch in parallel, so three pairs still
				// cost about one timeout.
				require.Less(t, elapsed, 10*timeout)
			})
			t.Run("caller deadline shorter than config timeout", func(t *testing.T) {
				srv := fixtureServer(t, map[string]fixture{"*": {block: true}})
				p := newTestExchange(t, exchange, srv.URL, nil, time.Minute)
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				defer cancel()
				start := time.Now()
				_, err := p.Quotes(ctx, []string{"ATOM"})
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.Less(t, time.Since(start), 10*timeout)
			})
		})
	}
}

func TestExchangeDefaultConfigs(t *testing.T) {
	for _, name := range ExchangeNames() {
		t.Run(name, func(t *testing.T) {
			cfg, ok := DefaultExchangeConfig(name)
			require.True(t, ok)
			require.True(t, strings.HasPrefix(cfg.BaseURL, "https://"))
			require.Positive(t, cfg.Timeout)
			for _, s := range []string{"ATOM", "ETH", "BTC"} {
				require.NotEmpty(t, cfg.Pairs[s], s)
			}
			p, err := NewExchangeProvider(name, cfg, nil)
			require.NoError(t, err)
			require.Equal(t, name, p.Name())

			// Each call hands out its own map.
			cfg.Pairs["ATOM"] = "MUTATED"
			again, _ := DefaultExchangeConfig(name)
			require.NotEqual(t, "MUTATED", again.Pairs["ATOM"])
		})
	}

	coinbase, _ := DefaultExchangeConfig("coinbase")
	require.NotContains(t, coinbase.Pairs, "USDC", "coinbase has no USDC-USD book")

	_, ok := DefaultExchangeConfig("mtgox")
	require.False(t, ok)
}

func TestExchangeProviderKeepsItsOwnPairs(t *testing.T) {
	srv := fixtureServer(t, map[string]fixture{
		`/api/v3/ticker/price?symbols=["ATOMUSDT"]`: {file: "binance/ticker_price.json"},
	})
	cfg, _ := DefaultExchangeConfig("binance")
	cfg.BaseURL = srv.URL
	p, err := NewExchangeProvider("binance", cfg, exchangeTestClock)
	require.NoError(t, err)
	cfg.Pairs["ATOM"] = "BOGUS"
	got, err := p.Quotes(context.Background(), []string{"ATOM"})
	require.NoError(t, err)
	requireQuotes(t, []wantQuote{{"ATOM", "4.201", exchangeTestNow}}, got)
}

func TestNewExchangeProviderRejectsBadConfig(t *testing.T) {
	valid := func() ExchangeConfig {
		return ExchangeConfig{BaseURL: "https://api.example.com/", Timeout: time.Second, Pairs: map[string]string{"ATOM": "ATOMUSDT"}}
	}
	cases := []struct {
		name    string
		exch    string
		edit    func(*ExchangeConfig)
		wantErr string
	}{
		{"unknown exchange", "mtgox", func(*ExchangeConfig) {}, `unknown exchange "mtgox"`},
		{"empty base url", "binance", func(c *ExchangeConfig) { c.BaseURL = "  " }, "base url is empty"},
		{"base url without scheme", "binance", func(c *ExchangeConfig) { c.BaseURL = "api.binance.com" }, "scheme must be http or https"},
		{"base url with query", "binance", func(c *ExchangeConfig) { c.BaseURL = "https://api.binance.com?x=1" }, "must not have a query"},
		{"zero timeout", "kraken", func(c *ExchangeConfig) { c.Timeout = 0 }, "timeout must be positive"},
		{"negative timeout", "kraken", func(c *ExchangeConfig) { c.Timeout = -time.Second }, "timeout must be positive"},
		{"no pairs", "okx", func(c *ExchangeConfig) { c.Pairs = nil }, "no pairs configured"},
		{"empty pair name", "coinbase", func(c *ExchangeConfig) { c.Pairs["ETH"] = "" }, "empty pair name for ETH"},
		{"empty symbol", "coinbase", func(c *ExchangeConfig) { c.Pairs[""] = "ETH-USD" }, "empty symbol"},
		{"pair with comma", "kraken", func(c *ExchangeConfig) { c.Pairs["ETH"] = "XETHZUSD,XXBTZUSD" }, "separator or space"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := valid()
			tc.edit(&cfg)
			p, err := NewExchangeProvider(tc.exch, cfg, exchangeTestClock)
			require.ErrorContains(t, err, tc.wantErr)
			require.Nil(t, p)
		})
	}

	t.Run("valid config accepted for every exchange", func(t *testing.T) {
		for _, name := range ExchangeNames() {
			_, err := NewExchangeProvider(name, valid(), exchangeTestClock)
			require.NoError(t, err, name)
		}
	})
}

func TestExchangePriceParsing(t *testing.T) {
	cases := []struct {
		in   string
		want string // empty means rejected
	}{
		{"4.20100000", "4.201"},
		{"37012", "37012"},
		{"0.00000001", "0.00000001"},
		{"1.000000000000000000000000", "1"}, // more places than LegacyDec holds, all zeros
		{"0", ""},
		{"0.00000000", ""},
		{"-4.201", ""},
		{"-0", ""},
		{"", ""},
		{"abc", ""},
		{"NaN", ""},
		{"+4.2", ""},
		{"3.7e4", ""},
		{" 4.2", ""},
		{"4.", ""},
		{".5", ""},
		{"1.2.3", ""},
		{"0.0000000000000000001", ""}, // below LegacyDec's precision
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseExchangePrice(tc.in)
			if tc.want == "" {
				require.Error(t, err)
				require.True(t, errors.Is(err, errBadPrice), "error wraps errBadPrice: %v", err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, sdkmath.LegacyMustNewDecFromStr(tc.want).String(), got.String())
		})
	}
}
