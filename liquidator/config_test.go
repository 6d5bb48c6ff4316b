package liquidator_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/liquidator"
)

func TestDefaultConfigIsValid(t *testing.T) {
	cfg, err := liquidator.ParseConfig([]byte(liquidator.DefaultConfigTOML))
	require.NoError(t, err)
	require.Equal(t, []string{"liquidator"}, cfg.Signers)
	require.Equal(t, "1000000000000", cfg.MaxRepayInts()["uusdc"].String())
}

// Each bad value names its key; nothing falls back to a default.
func TestConfigRejectsBadValues(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{`grpc_address = "127.0.0.1:9090"`, `grpc_address = "localhost"`, "grpc_address"},
		{`rpc_address = "http://127.0.0.1:26657"`, `rpc_address = "127.0.0.1:26657"`, "rpc_address"},
		{`chain_id = "ballast-local-1"`, `chain_id = " "`, "chain_id"},
		{`keyring_backend = "test"`, `keyring_backend = "os"`, "keyring_backend"},
		{`signers = ["liquidator"]`, `signers = []`, "signers"},
		{`signers = ["liquidator"]`, `signers = ["a", "a"]`, "listed twice"},
		{`gas_prices = "0.0025ubal"`, `gas_prices = "cheap"`, "gas_prices"},
		{`gas_adjustment = 1.5`, `gas_adjustment = 0.5`, "gas_adjustment"},
		{`timeout_blocks = 5`, `timeout_blocks = 0`, "timeout_blocks"},
		{`health_margin = 0.001`, `health_margin = 0.5`, "health_margin"},
		{`min_profit_usd = "0.01"`, `min_profit_usd = "-1"`, "min_profit_usd"},
		{`take_min_discount = "0.05"`, `take_min_discount = "1"`, "take_min_discount"},
		{`uusdc = "1000000000000"`, `uusdc = "lots"`, "max_repay.uusdc"},
		{`max_per_block = 2000`, `max_per_block = 0`, "max_per_block"},
		{`max_per_block = 2000`, `max_per_block = 10001`, "max_per_block"},
		{`batch_size = 50`, `batch_size = 101`, "batch_size"},
		{`log_level = "info"`, `log_level = "loud"`, "log_level"},
		{`poll_interval = "500ms"`, `poll_interval = "soon"`, "line"},
		{`page_size = 100`, `page_size = 1000`, "page_size"},
		{`dry_run = false`, "dry_run = false\ndry_runn = true", "unknown keys"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			bad := strings.Replace(liquidator.DefaultConfigTOML, tc.from, tc.to, 1)
			require.NotEqual(t, liquidator.DefaultConfigTOML, bad, "the test edits the default")
			_, err := liquidator.ParseConfig([]byte(bad))
			require.ErrorContains(t, err, tc.want)
		})
	}
}
