package pricefeeder

import (
	"bytes"
	"fmt"
	"text/template"
)

// DefaultsOptions fill in the default config of a local network's feeder.
type DefaultsOptions struct {
	GRPCAddress string
	HTTPAddress string
	NoiseSeed   uint64
}

var defaultTemplate = template.Must(template.New("feeder").Parse(`# ballast-pricefeeder configuration.
# The node's app.toml [oracle] feeder_address must point at grpc_address.

grpc_address = "{{ .GRPCAddress }}"   # the node calls Prices here (loopback only)
http_address = "{{ .HTTPAddress }}"   # /metrics, /healthz and the admin API (loopback only)
log_format = "text"                   # text | json
log_level = "info"                    # debug | info | warn | error

# Markets this feeder prices (symbols as in the chain's oracle markets).
markets = ["ATOM", "ETH", "BTC", "USDC", "BAL"]

poll_interval = "500ms"   # how often providers are asked
call_timeout = "2s"       # bound on one provider call
max_price_age = "5s"      # the node is not served a snapshot older than this
min_providers = 1         # fresh quotes a market needs (across enabled providers)
max_quote_age = "10s"     # quotes older than this are dropped
max_deviation = "0.05"    # quotes further than 5% from the median are dropped

# A seeded random walk that is a function of wall-clock time: every feeder
# with the same seed sees the same market, plus its own small noise.
[simulated]
enabled = true
seed = 42
noise_seed = {{ .NoiseSeed }}   # differs per feeder
step = "1s"
noise = 0.0005

[simulated.markets.ATOM]
base = 10.0
volatility = 0.05
[simulated.markets.ETH]
base = 3000.0
volatility = 0.05
[simulated.markets.BTC]
base = 100000.0
volatility = 0.04
[simulated.markets.USDC]
base = 1.0
volatility = 0.0005
[simulated.markets.BAL]
base = 1.0
volatility = 0.08

# Replay a price path (CSV offset_seconds,market,price_usd) from start-up;
# it overrides the providers above for the markets it covers.
[scenario]
file = ""
speed = 1.0

# Exchange REST tickers (need internet access). Enable and list pairs per market.
[exchanges.binance]
enabled = false
base_url = "https://api.binance.com"
timeout = "2s"
[exchanges.binance.pairs]
ATOM = "ATOMUSDT"
ETH = "ETHUSDT"
BTC = "BTCUSDT"
USDC = "USDCUSDT"

[exchanges.coinbase]
enabled = false
base_url = "https://api.exchange.coinbase.com"
timeout = "2s"
[exchanges.coinbase.pairs]
ATOM = "ATOM-USD"
ETH = "ETH-USD"
BTC = "BTC-USD"

[exchanges.kraken]
enabled = false
base_url = "https://api.kraken.com"
timeout = "2s"
[exchanges.kraken.pairs]
ATOM = "ATOMUSD"
ETH = "XETHZUSD"
BTC = "XXBTZUSD"
USDC = "USDCUSD"

[exchanges.okx]
enabled = false
base_url = "https://www.okx.com"
timeout = "2s"
[exchanges.okx.pairs]
ATOM = "ATOM-USDT"
ETH = "ETH-USDT"
BTC = "BTC-USDT"
USDC = "USDC-USDT"
`))

// DefaultConfigTOML renders the default configuration file.
func DefaultConfigTOML(o DefaultsOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := defaultTemplate.Execute(&buf, o); err != nil {
		return nil, fmt.Errorf("rendering default config: %w", err)
	}
	return buf.Bytes(), nil
}
