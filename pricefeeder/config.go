package pricefeeder

import (
	"fmt"
	"slices"
	"time"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/internal/tomlconf"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// Duration is a time.Duration written as "500ms" in TOML.
type Duration = tomlconf.Duration

// Config is the feeder's TOML configuration (see DefaultConfigTOML).
type Config struct {
	GRPCAddress string `toml:"grpc_address"`
	HTTPAddress string `toml:"http_address"`
	LogFormat   string `toml:"log_format"`
	LogLevel    string `toml:"log_level"`

	Markets      []string `toml:"markets"`
	PollInterval Duration `toml:"poll_interval"`
	CallTimeout  Duration `toml:"call_timeout"`
	MaxPriceAge  Duration `toml:"max_price_age"`
	MinProviders int      `toml:"min_providers"`
	MaxQuoteAge  Duration `toml:"max_quote_age"`
	MaxDeviation string   `toml:"max_deviation"`

	Simulated SimulatedConfig           `toml:"simulated"`
	Scenario  ScenarioConfig            `toml:"scenario"`
	Exchanges map[string]ExchangeSource `toml:"exchanges"`
}

// SimulatedConfig configures the simulated provider.
type SimulatedConfig struct {
	Enabled   bool                        `toml:"enabled"`
	Seed      uint64                      `toml:"seed"`
	NoiseSeed uint64                      `toml:"noise_seed"`
	Step      Duration                    `toml:"step"`
	Noise     float64                     `toml:"noise"`
	Markets   map[string]SimulatedMarketT `toml:"markets"`
}

// SimulatedMarketT is one simulated market in TOML.
type SimulatedMarketT struct {
	Base       float64 `toml:"base"`
	Volatility float64 `toml:"volatility"`
}

// ScenarioConfig starts a scenario replay at start-up when File is set.
type ScenarioConfig struct {
	File  string  `toml:"file"`
	Speed float64 `toml:"speed"`
}

// ExchangeSource configures one exchange REST provider.
type ExchangeSource struct {
	Enabled bool              `toml:"enabled"`
	BaseURL string            `toml:"base_url"`
	Timeout Duration          `toml:"timeout"`
	Pairs   map[string]string `toml:"pairs"`
}

// LoadConfig reads and validates a TOML file; unknown keys are errors.
func LoadConfig(path string) (Config, error) { return tomlconf.Load[Config](path) }

// ParseConfig decodes and validates TOML.
func ParseConfig(bz []byte) (Config, error) { return tomlconf.Parse[Config](bz) }

// Validate checks every field and names the one that is wrong.
func (c Config) Validate() error {
	if err := tomlconf.CheckHostPort("grpc_address", c.GRPCAddress); err != nil {
		return err
	}
	if err := tomlconf.CheckHostPort("http_address", c.HTTPAddress); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log_format %q: want text or json", c.LogFormat)
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
		return fmt.Errorf("log_level %q: want debug, info, warn or error", c.LogLevel)
	}
	if len(c.Markets) == 0 {
		return fmt.Errorf("markets: list at least one market")
	}
	for _, m := range c.Markets {
		if err := oracletypes.ValidateSymbol(m); err != nil {
			return fmt.Errorf("markets: %w", err)
		}
	}
	for name, d := range map[string]Duration{"poll_interval": c.PollInterval, "call_timeout": c.CallTimeout, "max_price_age": c.MaxPriceAge, "max_quote_age": c.MaxQuoteAge} {
		if d.Duration <= 0 || d.Duration > time.Hour {
			return fmt.Errorf("%s %s: want a duration in (0, 1h]", name, d)
		}
	}
	if c.MaxPriceAge.Duration < c.PollInterval.Duration {
		return fmt.Errorf("max_price_age %s is shorter than poll_interval %s: every price would be stale", c.MaxPriceAge, c.PollInterval)
	}
	if c.MinProviders < 1 {
		return fmt.Errorf("min_providers %d: want at least 1", c.MinProviders)
	}
	dev, err := sdkmath.LegacyNewDecFromStr(c.MaxDeviation)
	if err != nil || !dev.IsPositive() || dev.GT(sdkmath.LegacyOneDec()) {
		return fmt.Errorf("max_deviation %q: want a decimal in (0, 1]", c.MaxDeviation)
	}
	marketProviders := 0
	if c.Simulated.Enabled {
		marketProviders++
		if _, err := c.simulated(time.Now); err != nil {
			return fmt.Errorf("simulated: %w", err)
		}
		for _, m := range c.Markets {
			if _, ok := c.Simulated.Markets[m]; !ok {
				return fmt.Errorf("simulated: market %s has no [simulated.markets.%s] entry", m, m)
			}
		}
	}
	for name, ex := range c.Exchanges {
		if !ex.Enabled {
			continue
		}
		marketProviders++
		if _, err := NewExchangeProvider(name, ex.exchangeConfig(name), time.Now); err != nil {
			return fmt.Errorf("exchanges.%s: %w", name, err)
		}
	}
	if c.Scenario.File != "" {
		if _, err := LoadScenario(c.Scenario.File, c.ScenarioSpeed(), time.Now); err != nil {
			return err
		}
	}
	switch {
	case marketProviders == 0 && c.Scenario.File == "":
		return fmt.Errorf("no price source: enable simulated or an exchange, or set scenario.file")
	case marketProviders > 0 && c.MinProviders > marketProviders:
		return fmt.Errorf("min_providers %d exceeds the %d enabled providers", c.MinProviders, marketProviders)
	}
	return nil
}

// ScenarioSpeed is the replay speed (1 when unset).
func (c Config) ScenarioSpeed() float64 {
	if c.Scenario.Speed == 0 {
		return 1
	}
	return c.Scenario.Speed
}

func (c Config) simulated(now Clock) (*Simulated, error) {
	markets := make(map[string]SimulatedMarket, len(c.Simulated.Markets))
	for sym, m := range c.Simulated.Markets {
		markets[sym] = SimulatedMarket(m)
	}
	return NewSimulated(c.Simulated.Seed, c.Simulated.Step.Duration, c.Simulated.Noise, c.Simulated.NoiseSeed, markets, now)
}

// exchangeConfig overlays what the TOML sets on the exchange's defaults, so
// `enabled = true` alone is a working configuration.
func (e ExchangeSource) exchangeConfig(name string) ExchangeConfig {
	cfg, _ := DefaultExchangeConfig(name)
	if e.BaseURL != "" {
		cfg.BaseURL = e.BaseURL
	}
	if e.Timeout.Duration != 0 {
		cfg.Timeout = e.Timeout.Duration
	}
	if len(e.Pairs) > 0 {
		cfg.Pairs = e.Pairs
	}
	return cfg
}

// Providers builds the market providers the config enables, in a fixed order.
func (c Config) Providers(now Clock) ([]Provider, error) {
	var out []Provider
	if c.Simulated.Enabled {
		s, err := c.simulated(now)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	names := make([]string, 0, len(c.Exchanges))
	for name := range c.Exchanges {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ex := c.Exchanges[name]
		if !ex.Enabled {
			continue
		}
		p, err := NewExchangeProvider(name, ex.exchangeConfig(name), now)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Rules are the aggregation rules of the config.
func (c Config) Rules() AggregateRules {
	return AggregateRules{
		MinProviders: c.MinProviders,
		MaxQuoteAge:  c.MaxQuoteAge.Duration,
		MaxDeviation: sdkmath.LegacyMustNewDecFromStr(c.MaxDeviation),
	}
}
