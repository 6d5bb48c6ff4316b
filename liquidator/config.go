package liquidator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/internal/tomlconf"
)

// Duration is a time.Duration written as "500ms" in TOML.
type Duration = tomlconf.Duration

// Config is the liquidator's TOML configuration (DefaultConfigTOML).
type Config struct {
	GRPCAddress string `toml:"grpc_address"`
	RPCAddress  string `toml:"rpc_address"`
	ChainID     string `toml:"chain_id"`

	KeyringBackend string   `toml:"keyring_backend"`
	KeyringDir     string   `toml:"keyring_dir"`
	Signers        []string `toml:"signers"`

	GasPrices     string  `toml:"gas_prices"`
	GasAdjustment float64 `toml:"gas_adjustment"`
	TimeoutBlocks uint64  `toml:"timeout_blocks"`

	DryRun           bool              `toml:"dry_run"`
	HealthMargin     float64           `toml:"health_margin"`
	MinProfitUSD     string            `toml:"min_profit_usd"`
	MaxRepay         map[string]string `toml:"max_repay"`
	FlashLoans       bool              `toml:"flash_loans"`
	Vaults           bool              `toml:"vaults"`
	TakeAuctions     bool              `toml:"take_auctions"`
	TakeMinDiscount  string            `toml:"take_min_discount"`
	MaxPerBlock      int               `toml:"max_per_block"`
	BatchSize        int               `toml:"batch_size"`
	RetryAfterBlocks int64             `toml:"retry_after_blocks"`

	HTTPAddress  string   `toml:"http_address"`
	LogLevel     string   `toml:"log_level"`
	LogFormat    string   `toml:"log_format"`
	PollInterval Duration `toml:"poll_interval"`
	CallTimeout  Duration `toml:"call_timeout"`
	BackoffMax   Duration `toml:"backoff_max"`
	PageSize     uint64   `toml:"page_size"`
}

// DefaultConfigTOML is the configuration `ballast-liquidator init` writes:
// a local network's first node and its `liquidator` key.
const DefaultConfigTOML = `# ballast-liquidator configuration. Every key is required; unknown keys are errors.

# The node: gRPC for queries and transactions, CometBFT RPC for new blocks
# (websocket at /websocket; polling when it is down).
grpc_address = "127.0.0.1:9090"
rpc_address = "http://127.0.0.1:26657"
chain_id = "ballast-local-1"

# Keys: keyring_dir holds keyring-test/ or keyring-file/ (a node or CLI home).
# Several signers submit in parallel, each with its own sequence.
keyring_backend = "test"
keyring_dir = ".localnet"
signers = ["liquidator"]

# Transactions: gas is simulated, then multiplied by gas_adjustment.
gas_prices = "0.0025ubal"
gas_adjustment = 1.5
timeout_blocks = 5

# Strategy.
dry_run = false              # find and log liquidations, send nothing
health_margin = 0.001        # screen accounts below health 1 + margin (the exact check decides)
min_profit_usd = "0.01"      # skip liquidations worth less than this after fees
flash_loans = false          # no debt asset at hand: borrow it in a flash loan, repay through a vault + the PSM (README)
vaults = true                # start auctions of unsafe vaults
take_auctions = true         # buy auctioned collateral with BSD inventory
take_min_discount = "0.05"   # ... when the auction price is this far below the oracle price
max_per_block = 2000         # liquidations submitted per block at most (a crash makes hundreds due at once)
batch_size = 50              # messages per transaction (a batch the node refuses, or that fails in a block, is retried one by one)
retry_after_blocks = 3       # leave a target alone this long after a failed attempt

# Operations: /metrics (Prometheus) and /health on http_address.
http_address = "127.0.0.1:9464"
log_level = "info"           # debug, info, warn, error
log_format = "text"          # text or json
poll_interval = "500ms"      # new-block polling when the websocket is down
call_timeout = "5s"
backoff_max = "30s"          # reconnect backoff doubles up to this
page_size = 100              # initial-sync page size (the node serves at most 100)

# Inventory: the most each liquidation repays, per debt denom (base units).
# (A TOML table: keep it last.)
[max_repay]
uusdc = "1000000000000"
uatom = "100000000000"
`

// LoadConfig reads and validates a TOML file; unknown keys are errors.
func LoadConfig(path string) (Config, error) { return tomlconf.Load[Config](path) }

// ParseConfig decodes and validates TOML.
func ParseConfig(bz []byte) (Config, error) { return tomlconf.Parse[Config](bz) }

// Validate checks every field and names the one that is wrong.
func (c Config) Validate() error {
	if err := tomlconf.CheckHostPort("grpc_address", c.GRPCAddress); err != nil {
		return err
	}
	if !strings.HasPrefix(c.RPCAddress, "http://") && !strings.HasPrefix(c.RPCAddress, "https://") {
		return fmt.Errorf("rpc_address %q: want http://host:port", c.RPCAddress)
	}
	if err := tomlconf.CheckHostPort("rpc_address", strings.TrimPrefix(strings.TrimPrefix(c.RPCAddress, "http://"), "https://")); err != nil {
		return err
	}
	if err := tomlconf.CheckHostPort("http_address", c.HTTPAddress); err != nil {
		return err
	}
	if strings.TrimSpace(c.ChainID) == "" {
		return fmt.Errorf("chain_id: empty")
	}
	if c.KeyringBackend != "test" && c.KeyringBackend != "file" {
		return fmt.Errorf("keyring_backend %q: want test or file", c.KeyringBackend)
	}
	if c.KeyringDir == "" {
		return fmt.Errorf("keyring_dir: empty")
	}
	if len(c.Signers) == 0 {
		return fmt.Errorf("signers: name at least one key")
	}
	for i, s := range c.Signers {
		if s == "" || slices.Contains(c.Signers[:i], s) {
			return fmt.Errorf("signers: %q is empty or listed twice", s)
		}
	}
	if _, err := sdk.ParseDecCoins(c.GasPrices); err != nil || c.GasPrices == "" {
		return fmt.Errorf("gas_prices %q: want coins such as 0.0025ubal", c.GasPrices)
	}
	if c.GasAdjustment < 1 || c.GasAdjustment > 10 {
		return fmt.Errorf("gas_adjustment %g: want a number in [1, 10]", c.GasAdjustment)
	}
	if c.TimeoutBlocks < 1 || c.TimeoutBlocks > 100 {
		return fmt.Errorf("timeout_blocks %d: want 1-100", c.TimeoutBlocks)
	}
	if c.HealthMargin < 0 || c.HealthMargin > 0.1 {
		return fmt.Errorf("health_margin %g: want a number in [0, 0.1]", c.HealthMargin)
	}
	if v, err := sdkmath.LegacyNewDecFromStr(c.MinProfitUSD); err != nil || v.IsNegative() {
		return fmt.Errorf("min_profit_usd %q: want a decimal ≥ 0", c.MinProfitUSD)
	}
	if v, err := sdkmath.LegacyNewDecFromStr(c.TakeMinDiscount); err != nil || v.IsNegative() || v.GTE(sdkmath.LegacyOneDec()) {
		return fmt.Errorf("take_min_discount %q: want a decimal in [0, 1)", c.TakeMinDiscount)
	}
	if len(c.MaxRepay) == 0 {
		return fmt.Errorf("max_repay: list the inventory per debt denom")
	}
	for denom, amount := range c.MaxRepay {
		if err := sdk.ValidateDenom(denom); err != nil {
			return fmt.Errorf("max_repay.%s: %w", denom, err)
		}
		if v, ok := sdkmath.NewIntFromString(amount); !ok || !v.IsPositive() {
			return fmt.Errorf("max_repay.%s %q: want a positive integer (base units)", denom, amount)
		}
	}
	if c.MaxPerBlock < 1 || c.MaxPerBlock > 10_000 {
		return fmt.Errorf("max_per_block %d: want 1-10000", c.MaxPerBlock)
	}
	if c.BatchSize < 1 || c.BatchSize > 100 {
		return fmt.Errorf("batch_size %d: want 1-100", c.BatchSize)
	}
	if c.RetryAfterBlocks < 1 || c.RetryAfterBlocks > 1000 {
		return fmt.Errorf("retry_after_blocks %d: want 1-1000", c.RetryAfterBlocks)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log_format %q: want text or json", c.LogFormat)
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
		return fmt.Errorf("log_level %q: want debug, info, warn or error", c.LogLevel)
	}
	for _, d := range []struct {
		name string
		v    Duration
	}{{"poll_interval", c.PollInterval}, {"call_timeout", c.CallTimeout}, {"backoff_max", c.BackoffMax}} {
		if d.v.Duration <= 0 || d.v.Duration > time.Hour {
			return fmt.Errorf("%s %s: want a duration in (0, 1h]", d.name, d.v)
		}
	}
	if c.PageSize < 1 || c.PageSize > 100 {
		return fmt.Errorf("page_size %d: want 1-100 (the node's page limit)", c.PageSize)
	}
	return nil
}

// MaxRepayInts is max_repay parsed (Validate has checked it).
func (c Config) MaxRepayInts() map[string]sdkmath.Int {
	out := make(map[string]sdkmath.Int, len(c.MaxRepay))
	for denom, amount := range c.MaxRepay {
		v, _ := sdkmath.NewIntFromString(amount)
		out[denom] = v
	}
	return out
}
