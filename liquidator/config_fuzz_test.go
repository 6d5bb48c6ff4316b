package liquidator_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/liquidator"
)

// FuzzParseConfig feeds the liquidator's config parser arbitrary TOML. It
// must never panic, and a config it accepts must give the engine what it
// reads from it without a second check: positive max_repay amounts, gas
// prices that parse, a call timeout the RPC clients can use.
func FuzzParseConfig(f *testing.F) {
	def := liquidator.DefaultConfigTOML
	_, err := liquidator.ParseConfig([]byte(def))
	require.NoError(f, err, "the seed takes the valid path")
	f.Add([]byte(def))
	f.Add([]byte(strings.Replace(def, `uusdc = "1000000000000"`, `uusdc = "0x10"`, 1)))
	f.Add([]byte(strings.Replace(def, `gas_prices = "0.0025ubal"`, `gas_prices = "0.0025ubal,1.5uusdc"`, 1)))
	f.Add([]byte(strings.Replace(def, `health_margin = 0.001`, `health_margin = nan`, 1)))
	f.Add([]byte(strings.Replace(def, `signers = ["liquidator"]`, `signers = ["a", "b", ""]`, 1)))
	f.Add([]byte("[max_repay]\nuusdc = 1\n"))
	f.Add([]byte("dry_run = true\ndry_run = false\n"))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, bz []byte) {
		cfg, err := liquidator.ParseConfig(bz)
		if err != nil {
			return
		}
		repay := cfg.MaxRepayInts()
		require.Len(t, repay, len(cfg.MaxRepay))
		for denom, amount := range repay {
			require.NoError(t, sdk.ValidateDenom(denom))
			require.True(t, amount.IsPositive(), "max_repay.%s = %s", denom, amount)
		}
		_, err = sdk.ParseDecCoins(cfg.GasPrices)
		require.NoError(t, err)
		require.Positive(t, cfg.CallTimeout.Duration)
		require.NotEmpty(t, cfg.Signers)
	})
}
