package pricefeeder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var testDefaults = DefaultsOptions{GRPCAddress: "127.0.0.1:7171", HTTPAddress: "127.0.0.1:7172", NoiseSeed: 9}

func defaultTOML(t *testing.T) string {
	t.Helper()
	bz, err := DefaultConfigTOML(testDefaults)
	require.NoError(t, err)
	return string(bz)
}

// writeFile writes content to name in a fresh temporary directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

const validScenarioCSV = "offset_seconds,market,price_usd\n0,ATOM,10\n60,ATOM,6.5\n"

func TestDefaultConfigParsesAndValidates(t *testing.T) {
	cfg, err := ParseConfig([]byte(defaultTOML(t)))
	require.NoError(t, err)

	require.Equal(t, testDefaults.GRPCAddress, cfg.GRPCAddress)
	require.Equal(t, testDefaults.HTTPAddress, cfg.HTTPAddress)
	require.Equal(t, uint64(9), cfg.Simulated.NoiseSeed, "the noise seed is per feeder")
	require.Equal(t, []string{"ATOM", "ETH", "BTC", "USDC", "BAL"}, cfg.Markets)
	require.Equal(t, 500*time.Millisecond, cfg.PollInterval.Duration)
	require.Equal(t, 5*time.Second, cfg.MaxPriceAge.Duration)
	require.Equal(t, 1.0, cfg.ScenarioSpeed())

	rules := cfg.Rules()
	require.Equal(t, 1, rules.MinProviders)
	require.Equal(t, 10*time.Second, rules.MaxQuoteAge)
	require.True(t, dec("0.05").Equal(rules.MaxDeviation))

	// Out of the box only the simulated provider runs: no internet needed.
	providers, err := cfg.Providers(time.Now)
	require.NoError(t, err)
	require.Len(t, providers, 1)
	require.Equal(t, "simulated", providers[0].Name())
	for name, ex := range cfg.Exchanges {
		require.False(t, ex.Enabled, "exchange %s enabled by default", name)
	}
}

func TestDefaultConfigWithoutAddressesIsInvalid(t *testing.T) {
	bz, err := DefaultConfigTOML(DefaultsOptions{})
	require.NoError(t, err)
	_, err = ParseConfig(bz)
	require.ErrorContains(t, err, "_address")
}

func TestConfigValidate(t *testing.T) {
	scenario := writeFile(t, "path.csv", validScenarioCSV)
	badScenario := writeFile(t, "bad.csv", "offset_seconds,market,price_usd\n0,ATOM,-1\n")
	missing := filepath.Join(t.TempDir(), "missing.csv")
	noSources := func(c *Config) {
		c.Simulated.Enabled = false
		c.Exchanges = nil
		c.Scenario.File = ""
	}
	dur := func(d time.Duration) Duration { return Duration{Duration: d} }

	cases := []struct {
		name    string
		mutate  func(c *Config)
		wantErr []string // substrings; none means valid
	}{
		{"defaults", func(*Config) {}, nil},

		{"grpc_address without port", func(c *Config) { c.GRPCAddress = "127.0.0.1" }, []string{"grpc_address", `"127.0.0.1"`, "host:port"}},
		{"grpc_address empty", func(c *Config) { c.GRPCAddress = "" }, []string{"grpc_address"}},
		{"http_address without port", func(c *Config) { c.HTTPAddress = "localhost" }, []string{"http_address", `"localhost"`}},
		{"http_address with too many colons", func(c *Config) { c.HTTPAddress = "1:2:3" }, []string{"http_address"}},
		{"ipv6 loopback is an address", func(c *Config) { c.GRPCAddress = "[::1]:7171" }, nil},

		{"log_format unknown", func(c *Config) { c.LogFormat = "yaml" }, []string{"log_format", `"yaml"`}},
		{"log_format json", func(c *Config) { c.LogFormat = "json" }, nil},
		{"log_level unknown", func(c *Config) { c.LogLevel = "trace" }, []string{"log_level", `"trace"`}},
		{"log_level is case sensitive", func(c *Config) { c.LogLevel = "INFO" }, []string{"log_level"}},
		{"log_level debug", func(c *Config) { c.LogLevel = "debug" }, nil},

		{"no markets", func(c *Config) { c.Markets = nil }, []string{"markets", "at least one"}},
		{"lower-case market", func(c *Config) { c.Markets = []string{"ATOM", "eth"} }, []string{"markets", `"eth"`}},
		{"market starting with a digit", func(c *Config) { c.Markets = []string{"1INCH"} }, []string{"markets", `"1INCH"`}},
		{"empty market", func(c *Config) { c.Markets = []string{""} }, []string{"markets"}},

		{"poll_interval zero", func(c *Config) { c.PollInterval = dur(0) }, []string{"poll_interval", "(0, 1h]"}},
		{"poll_interval over an hour", func(c *Config) { c.PollInterval = dur(time.Hour + time.Second) }, []string{"poll_interval", "(0, 1h]"}},
		{"call_timeout zero", func(c *Config) { c.CallTimeout = dur(0) }, []string{"call_timeout"}},
		{"call_timeout negative", func(c *Config) { c.CallTimeout = dur(-time.Second) }, []string{"call_timeout"}},
		{"max_price_age over an hour", func(c *Config) { c.MaxPriceAge = dur(2 * time.Hour) }, []string{"max_price_age", "(0, 1h]"}},
		{"max_price_age of exactly an hour", func(c *Config) { c.MaxPriceAge = dur(time.Hour) }, nil},
		{"max_quote_age zero", func(c *Config) { c.MaxQuoteAge = dur(0) }, []string{"max_quote_age"}},
		{"max_quote_age over an hour", func(c *Config) { c.MaxQuoteAge = dur(61 * time.Minute) }, []string{"max_quote_age"}},
		{
			"max_price_age shorter than poll_interval", func(c *Config) { c.PollInterval = dur(2 * time.Second); c.MaxPriceAge = dur(time.Second) },
			[]string{"max_price_age 1s is shorter than poll_interval 2s"},
		},
		{"max_price_age equal to poll_interval", func(c *Config) { c.PollInterval = dur(time.Second); c.MaxPriceAge = dur(time.Second) }, nil},

		{"min_providers zero", func(c *Config) { c.MinProviders = 0 }, []string{"min_providers 0", "at least 1"}},
		{"min_providers negative", func(c *Config) { c.MinProviders = -1 }, []string{"min_providers -1"}},
		{"min_providers above the enabled providers", func(c *Config) { c.MinProviders = 2 }, []string{"min_providers 2 exceeds the 1 enabled providers"}},
		{"min_providers met by simulated plus an exchange", func(c *Config) {
			c.MinProviders = 2
			c.Exchanges["binance"] = ExchangeSource{Enabled: true} // defaults fill the rest
		}, nil},
		{"min_providers above simulated plus an exchange", func(c *Config) {
			c.MinProviders = 3
			c.Exchanges["binance"] = ExchangeSource{Enabled: true}
		}, []string{"min_providers 3 exceeds the 2 enabled providers"}},
		{"min_providers is not checked against a scenario alone", func(c *Config) {
			noSources(c)
			c.Scenario.File = scenario
			c.MinProviders = 3
		}, nil},

		{"max_deviation zero", func(c *Config) { c.MaxDeviation = "0" }, []string{"max_deviation", `"0"`, "(0, 1]"}},
		{"max_deviation negative", func(c *Config) { c.MaxDeviation = "-0.05" }, []string{"max_deviation"}},
		{"max_deviation above one", func(c *Config) { c.MaxDeviation = "1.01" }, []string{"max_deviation", `"1.01"`}},
		{"max_deviation not a number", func(c *Config) { c.MaxDeviation = "5%" }, []string{"max_deviation", `"5%"`}},
		{"max_deviation empty", func(c *Config) { c.MaxDeviation = "" }, []string{"max_deviation"}},
		{"max_deviation of one", func(c *Config) { c.MaxDeviation = "1" }, nil},

		{"simulated market missing", func(c *Config) { c.Markets = append(c.Markets, "SOL") }, []string{"simulated", "SOL", "[simulated.markets.SOL]"}},
		{"simulated market missing is fine when simulated is off", func(c *Config) {
			c.Markets = append(c.Markets, "SOL")
			c.Simulated.Enabled = false
			c.Exchanges["kraken"] = ExchangeSource{Enabled: true}
		}, nil},
		{"simulated step zero", func(c *Config) { c.Simulated.Step = dur(0) }, []string{"simulated", "step"}},
		{"simulated noise too large", func(c *Config) { c.Simulated.Noise = 0.5 }, []string{"simulated", "noise"}},
		{"simulated base zero", func(c *Config) { c.Simulated.Markets["ETH"] = SimulatedMarketT{Base: 0, Volatility: 0.05} }, []string{"simulated", "ETH base"}},
		{"simulated volatility too large", func(c *Config) { c.Simulated.Markets["BAL"] = SimulatedMarketT{Base: 1, Volatility: 2} }, []string{"simulated", "BAL volatility"}},

		{"unknown exchange enabled", func(c *Config) { c.Exchanges["ftx"] = ExchangeSource{Enabled: true} }, []string{"exchanges.ftx", "unknown exchange"}},
		{"exchange with a bad base_url", func(c *Config) {
			c.Exchanges["okx"] = ExchangeSource{Enabled: true, BaseURL: "ftp://www.okx.com"}
		}, []string{"exchanges.okx", "scheme"}},
		{"disabled exchanges are not checked", func(c *Config) {
			c.Exchanges["ftx"] = ExchangeSource{Enabled: false, BaseURL: "ftp://nowhere"}
		}, nil},

		{"no price source", noSources, []string{"no price source"}},
		{"an exchange alone is a price source", func(c *Config) { noSources(c); c.Exchanges = map[string]ExchangeSource{"coinbase": {Enabled: true}} }, nil},
		{"a scenario alone is a price source", func(c *Config) { noSources(c); c.Scenario.File = scenario }, nil},
		{"scenario file missing", func(c *Config) { c.Scenario.File = missing }, []string{"scenario", missing}},
		{"scenario file malformed", func(c *Config) { c.Scenario.File = badScenario }, []string{"scenario", badScenario, "line 2"}},
		{"scenario speed negative", func(c *Config) { c.Scenario.File = scenario; c.Scenario.Speed = -1 }, []string{"scenario", "speed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Parsed afresh per case: mutations touch the config's maps.
			cfg, err := ParseConfig([]byte(defaultTOML(t)))
			require.NoError(t, err)
			tc.mutate(&cfg)
			err = cfg.Validate()
			if len(tc.wantErr) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, want := range tc.wantErr {
				require.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	def := defaultTOML(t)
	replace := func(old, new string) string {
		t.Helper()
		require.Contains(t, def, old)
		return strings.Replace(def, old, new, 1)
	}
	cases := []struct {
		name    string
		toml    string
		wantErr []string
	}{
		// Strict decoding: a typo must not fall back to a default silently.
		{"unknown top-level key", "pol_interval = \"1s\"\n" + def, []string{"unknown keys", "pol_interval"}},
		{"unknown key in a table", replace("[simulated]\n", "[simulated]\nnoize = 0.1\n"), []string{"unknown keys", "noize"}},
		{"unknown key in an exchange", replace("[exchanges.okx]\n", "[exchanges.okx]\nenable = true\n"), []string{"unknown keys", "enable"}},
		{"syntax error reports line and column", "grpc_address = \"127.0.0.1:1\"\nlog_format = = \"text\"\n", []string{"line 2 column 14"}},
		{"unterminated array reports its line", "markets = [\"ATOM\",\n\"ETH\",\n", []string{"line 3 column"}},
		{"wrong type reports line and column", replace("min_providers = 1 ", "min_providers = \"one\" "), []string{"line 15 column", "MinProviders"}},
		{"bad duration reports line and column", replace(`poll_interval = "500ms"`, `poll_interval = "fast"`), []string{"line 12 column", `"fast"`}},
		// TOML has a nan literal; NaN passes every < and > comparison.
		{"NaN noise", replace("noise = 0.0005", "noise = nan"), []string{"simulated", "noise"}},
		{"NaN volatility", replace("volatility = 0.08", "volatility = nan"), []string{"simulated", "BAL volatility"}},
		{"decoded config is validated", replace(`log_format = "text"`, `log_format = "xml"`), []string{"log_format"}},
		{"empty document", "", []string{"_address"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.toml))
			require.Error(t, err)
			for _, want := range tc.wantErr {
				require.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	t.Run("valid file", func(t *testing.T) {
		cfg, err := LoadConfig(writeFile(t, "feeder.toml", defaultTOML(t)))
		require.NoError(t, err)
		require.Equal(t, testDefaults.GRPCAddress, cfg.GRPCAddress)
	})
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nope.toml")
		_, err := LoadConfig(path)
		require.ErrorContains(t, err, path)
	})
	t.Run("invalid file names the file", func(t *testing.T) {
		path := writeFile(t, "feeder.toml", "typo = 1\n"+defaultTOML(t))
		_, err := LoadConfig(path)
		require.ErrorContains(t, err, path)
		require.ErrorContains(t, err, "typo")
	})
	t.Run("scenario file is loaded at validation", func(t *testing.T) {
		csv := writeFile(t, "path.csv", validScenarioCSV)
		def := defaultTOML(t)
		path := writeFile(t, "feeder.toml", strings.Replace(def, `file = ""`, `file = "`+csv+`"`, 1))
		cfg, err := LoadConfig(path)
		require.NoError(t, err)
		require.Equal(t, csv, cfg.Scenario.File)

		require.NoError(t, os.Remove(csv))
		_, err = LoadConfig(path)
		require.ErrorContains(t, err, csv)
	})
}
