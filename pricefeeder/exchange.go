package pricefeeder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	sdkmath "cosmossdk.io/math"
)

// maxExchangeBody caps what we read from an exchange. Ticker payloads are a
// few KiB; anything near this is a broken or hostile endpoint, and reading it
// all would let it exhaust the sidecar's memory.
const maxExchangeBody = 1 << 20

// defaultExchangeTimeout is short because a stale price is worse than a
// missing one: the aggregator can do without one provider for a round.
const defaultExchangeTimeout = 5 * time.Second

// statusSnippetLen keeps error messages readable when an exchange answers
// with an HTML error page.
const statusSnippetLen = 256

const exchangeUserAgent = "ballast-pricefeeder"

// ExchangeConfig configures one exchange REST provider.
type ExchangeConfig struct {
	// BaseURL is scheme://host with no query; API paths are appended to it.
	BaseURL string
	// Timeout bounds each HTTP request, body included.
	Timeout time.Duration
	// Pairs maps a market symbol ("ATOM") to the exchange's pair name
	// ("ATOMUSDT"). Symbols without a pair are skipped, not errors, so one
	// feeder config can ask every provider for every market.
	Pairs map[string]string
}

// ExchangeNames lists the exchanges NewExchangeProvider knows.
func ExchangeNames() []string {
	return []string{"binance", "coinbase", "kraken", "okx"}
}

// DefaultExchangeConfig returns the public endpoint and pairs for a known
// exchange. Each call builds a fresh map so callers may edit it freely.
//
// USDT-quoted pairs stand in for USD because they are the deepest books on
// Binance and OKX. A USDT depeg moves those quotes together, which an outlier
// filter cannot see, so run them alongside the USD-quoted Coinbase and Kraken.
func DefaultExchangeConfig(name string) (ExchangeConfig, bool) {
	cfg := ExchangeConfig{Timeout: defaultExchangeTimeout}
	switch name {
	case "binance":
		cfg.BaseURL = "https://api.binance.com"
		cfg.Pairs = map[string]string{"ATOM": "ATOMUSDT", "ETH": "ETHUSDT", "BTC": "BTCUSDT", "USDC": "USDCUSDT"}
	case "coinbase":
		// No USDC pair: Coinbase has no USDC-USD book (it treats them as
		// one asset), and USDT-USDC would price the wrong thing.
		cfg.BaseURL = "https://api.exchange.coinbase.com"
		cfg.Pairs = map[string]string{"ATOM": "ATOM-USD", "ETH": "ETH-USD", "BTC": "BTC-USD"}
	case "kraken":
		cfg.BaseURL = "https://api.kraken.com"
		cfg.Pairs = map[string]string{"ATOM": "ATOMUSD", "ETH": "XETHZUSD", "BTC": "XXBTZUSD", "USDC": "USDCUSD"}
	case "okx":
		cfg.BaseURL = "https://www.okx.com"
		cfg.Pairs = map[string]string{"ATOM": "ATOM-USDT", "ETH": "ETH-USDT", "BTC": "BTC-USDT", "USDC": "USDC-USDT"}
	default:
		return ExchangeConfig{}, false
	}
	return cfg, true
}

// NewExchangeProvider returns the REST provider for the named exchange.
// A nil clock means time.Now.
func NewExchangeProvider(name string, cfg ExchangeConfig, now Clock) (Provider, error) {
	if !slices.Contains(ExchangeNames(), name) {
		return nil, fmt.Errorf("unknown exchange %q (known: %s)", name, strings.Join(ExchangeNames(), ", "))
	}
	c, err := newExchangeClient(name, cfg, now)
	if err != nil {
		return nil, err
	}
	switch name {
	case "binance":
		return &binanceProvider{c: c}, nil
	case "coinbase":
		return &coinbaseProvider{c: c}, nil
	case "kraken":
		return &krakenProvider{c: c}, nil
	default:
		return &okxProvider{c: c}, nil
	}
}

// exchangeClient is what the four providers share: config, clock and HTTP.
type exchangeClient struct {
	name    string
	base    string
	timeout time.Duration
	pairs   map[string]string
	now     Clock
	http    *http.Client
}

func newExchangeClient(name string, cfg ExchangeConfig, now Clock) (*exchangeClient, error) {
	if err := validateExchangeConfig(cfg); err != nil {
		return nil, fmt.Errorf("%s: invalid config: %w", name, err)
	}
	if now == nil {
		now = time.Now
	}
	return &exchangeClient{
		name:    name,
		base:    strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/"),
		timeout: cfg.Timeout,
		// Copied so a caller editing its config cannot race our reads.
		pairs: maps.Clone(cfg.Pairs),
		now:   now,
		http:  &http.Client{},
	}, nil
}

func validateExchangeConfig(cfg ExchangeConfig) error {
	base := strings.TrimSpace(cfg.BaseURL)
	if base == "" {
		return errors.New("base url is empty")
	}
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("base url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("base url %q: scheme must be http or https", base)
	}
	if u.Host == "" {
		return fmt.Errorf("base url %q: no host", base)
	}
	// Paths and queries are appended to the base, so one there already
	// would produce a wrong URL rather than an error.
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base url %q: must not have a query or fragment", base)
	}
	if cfg.Timeout <= 0 {
		return fmt.Errorf("timeout must be positive, got %s", cfg.Timeout)
	}
	if len(cfg.Pairs) == 0 {
		return errors.New("no pairs configured")
	}
	for _, symbol := range slices.Sorted(maps.Keys(cfg.Pairs)) {
		pair := cfg.Pairs[symbol]
		if strings.TrimSpace(symbol) == "" {
			return fmt.Errorf("empty symbol for pair %q", pair)
		}
		if strings.TrimSpace(pair) == "" {
			return fmt.Errorf("empty pair name for %s", symbol)
		}
		// Pairs go into comma-separated lists and URL paths verbatim.
		if strings.ContainsAny(pair, ", \t\r\n/?#") {
			return fmt.Errorf("pair %q for %s has a separator or space in it", pair, symbol)
		}
	}
	return nil
}

// pairsFor returns the distinct pairs behind the requested symbols, in
// request order, and which symbols each prices: two markets may share a pair.
func (c *exchangeClient) pairsFor(symbols []string) ([]string, map[string][]string) {
	var pairs []string
	bySymbol := make(map[string][]string)
	seen := make(map[string]bool)
	for _, s := range symbols {
		pair, ok := c.pairs[s]
		if !ok || seen[s] {
			continue
		}
		seen[s] = true
		if _, known := bySymbol[pair]; !known {
			pairs = append(pairs, pair)
		}
		bySymbol[pair] = append(bySymbol[pair], s)
	}
	return pairs, bySymbol
}

// quoteTime prefers the exchange's time so the aggregator can see a stale
// ticker for what it is, but never a future one: a fast exchange clock must
// not make a quote look fresher than it is.
func (c *exchangeClient) quoteTime(exchange time.Time) time.Time {
	now := c.now()
	if exchange.IsZero() || exchange.After(now) {
		return now
	}
	return exchange
}

func quotesFor(symbols []string, price sdkmath.LegacyDec, t time.Time) []Quote {
	qs := make([]Quote, 0, len(symbols))
	for _, s := range symbols {
		qs = append(qs, Quote{Symbol: s, Price: price, Time: t})
	}
	return qs
}

// fetchEach queries per-pair endpoints in parallel, so one slow pair costs one
// timeout rather than one per pair, and keeps whatever succeeded.
func (c *exchangeClient) fetchEach(
	ctx context.Context,
	pairs []string,
	bySymbol map[string][]string,
	fetch func(ctx context.Context, pair string) (sdkmath.LegacyDec, time.Time, error),
) ([]Quote, error) {
	type result struct {
		price sdkmath.LegacyDec
		time  time.Time
		err   error
	}
	results := make([]result, len(pairs))
	var wg sync.WaitGroup
	for i, pair := range pairs {
		wg.Go(func() {
			p, t, err := fetch(ctx, pair)
			results[i] = result{price: p, time: t, err: err}
		})
	}
	wg.Wait()

	var quotes []Quote
	var errs []error
	for i, pair := range pairs {
		r := results[i]
		if r.err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pair, r.err))
			continue
		}
		quotes = append(quotes, quotesFor(bySymbol[pair], r.price, c.quoteTime(r.time))...)
	}
	return c.finish(quotes, errs)
}

// finish applies the partial-failure rule: any quote beats an error, since
// the aggregator copes with missing markets but not with a whole provider
// going dark because one pair was delisted.
func (c *exchangeClient) finish(quotes []Quote, errs []error) ([]Quote, error) {
	if len(quotes) > 0 || len(errs) == 0 {
		return quotes, nil
	}
	return nil, fmt.Errorf("%s: %w", c.name, joinedErrors(errs))
}

// joinedErrors is errors.Join on one line, which log lines need.
type joinedErrors []error

func (e joinedErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e joinedErrors) Unwrap() []error { return e }

// exchangeStatusError is a non-200 answer; the code tells rate limiting (429)
// from outages (5xx) when reading logs.
type exchangeStatusError struct {
	Path    string
	Code    int
	Snippet string
}

func (e *exchangeStatusError) Error() string {
	return fmt.Sprintf("http %d from %s: %s", e.Code, e.Path, e.Snippet)
}

// getJSON fetches base+path and decodes the JSON body into out.
func (c *exchangeClient) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	// Some exchanges (Coinbase) reject requests without a User-Agent.
	req.Header.Set("User-Agent", exchangeUserAgent)

	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", path, err)
	}
	defer func() { _ = resp.Body.Close() }()

	// One byte over the limit tells "too big" from "exactly at the limit".
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxExchangeBody+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &exchangeStatusError{Path: path, Code: resp.StatusCode, Snippet: bodySnippet(body)}
	}
	if len(body) > maxExchangeBody {
		return fmt.Errorf("read %s: response body exceeds %d bytes", path, maxExchangeBody)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

func bodySnippet(body []byte) string {
	if len(body) > statusSnippetLen {
		body = body[:statusSnippetLen]
	}
	s := strings.ToValidUTF8(string(body), string(utf8.RuneError))
	return strings.Join(strings.Fields(s), " ")
}

// errBadPrice marks a price the exchange sent that we will not use.
var errBadPrice = errors.New("bad price")

// parseExchangePrice parses a plain decimal string ("4.20100000") into a
// positive LegacyDec. It is stricter than LegacyNewDecFromStr, which takes a
// leading "+", because anything unusual from an exchange means a changed
// API, and a wrong price on chain is worse than none.
func parseExchangePrice(s string) (sdkmath.LegacyDec, error) {
	if !isPlainDecimal(s) {
		return sdkmath.LegacyDec{}, fmt.Errorf("%w: %q is not a plain decimal", errBadPrice, s)
	}
	// Trailing zeros carry no value but would push some exchanges' long
	// fixed-width prices past LegacyDec's 18 decimal places.
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	d, err := sdkmath.LegacyNewDecFromStr(s)
	if err != nil {
		return sdkmath.LegacyDec{}, fmt.Errorf("%w: %q: %w", errBadPrice, s, err)
	}
	if !d.IsPositive() {
		return sdkmath.LegacyDec{}, fmt.Errorf("%w: %q is not positive", errBadPrice, s)
	}
	return d, nil
}

// isPlainDecimal accepts an optional leading "-" (rejected later as not
// positive, with a clearer message), digits, and at most one "." with digits
// on both sides.
func isPlainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") {
		return false
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}
