package pricefeeder

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/internal/tomlconf"
)

// FuzzParseConfig feeds the config parser arbitrary TOML. It must never
// panic, and a config it accepts must build what the feeder builds from it
// (rules, providers) without error. A scenario file the input names is
// swapped for a valid one made here: reading files is not decoding, and the
// fuzzer must not open whatever path it invents.
func FuzzParseConfig(f *testing.F) {
	def, err := DefaultConfigTOML(DefaultsOptions{GRPCAddress: "127.0.0.1:7171", HTTPAddress: "127.0.0.1:7172", NoiseSeed: 9})
	require.NoError(f, err)
	scenario := filepath.Join(f.TempDir(), "path.csv")
	require.NoError(f, os.WriteFile(scenario, []byte("offset_seconds,market,price_usd\n0,ATOM,10\n60,ATOM,6.5\n"), 0o600))

	_, err = ParseConfig(def)
	require.NoError(f, err, "the seed takes the valid path")
	f.Add(def)
	minimal := "grpc_address = \"127.0.0.1:1\"\nhttp_address = \"[::1]:2\"\nlog_format = \"json\"\nlog_level = \"debug\"\n" +
		"markets = [\"ATOM\"]\npoll_interval = \"1s\"\ncall_timeout = \"1s\"\nmax_price_age = \"1s\"\nmax_quote_age = \"1h\"\n" +
		"min_providers = 1\nmax_deviation = \"1\"\n[simulated]\nenabled = true\nstep = \"1ns\"\n[simulated.markets.ATOM]\nbase = 1e-30\n"
	_, err = ParseConfig([]byte(minimal))
	require.NoError(f, err, "the short seed takes the valid path")
	f.Add([]byte(minimal))
	exchanges := strings.ReplaceAll(string(def), "enabled = false", "enabled = true")
	exchanges = strings.Replace(exchanges, "min_providers = 1", "min_providers = 3", 1)
	f.Add([]byte(exchanges))
	f.Add([]byte(strings.Replace(string(def), `file = ""`, `file = "x.csv"`, 1)))
	f.Add([]byte(strings.Replace(string(def), `step = "1s"`, `step = "-1s"`, 1)))
	f.Add([]byte(strings.Replace(string(def), "noise = 0.0005", "noise = nan", 1)))
	f.Add([]byte("markets = [\"ATOM\"]\n[simulated.markets.ATOM]\nbase = inf\n"))
	f.Add([]byte("unknown = 1"))
	f.Add([]byte("[[[\n"))
	f.Add([]byte{})

	now := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	f.Fuzz(func(t *testing.T, bz []byte) {
		var cfg Config
		if err := tomlconf.DecodeStrict(bz, &cfg); err != nil {
			_, perr := ParseConfig(bz)
			require.Error(t, perr)
			return
		}
		if cfg.Scenario.File != "" {
			cfg.Scenario.File = scenario
		} else {
			// Nothing to swap: the public entry point must agree.
			_, perr := ParseConfig(bz)
			require.Equal(t, cfg.Validate() == nil, perr == nil)
		}
		if err := cfg.Validate(); err != nil {
			return
		}
		rules := cfg.Rules()
		require.GreaterOrEqual(t, rules.MinProviders, 1)
		require.True(t, rules.MaxDeviation.IsPositive())
		providers, err := cfg.Providers(now)
		require.NoError(t, err, "a valid config must build its providers")
		for _, p := range providers {
			if sim, ok := p.(*Simulated); ok { // the others would go to the network
				quotes, _ := sim.Quotes(context.Background(), cfg.Markets)
				for _, q := range quotes {
					require.True(t, q.Price.IsPositive())
				}
			}
		}
		if cfg.Scenario.File != "" {
			_, err := LoadScenario(cfg.Scenario.File, cfg.ScenarioSpeed(), now)
			require.NoError(t, err)
		}
	})
}
