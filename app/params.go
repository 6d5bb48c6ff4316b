package app

import (
	"os"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Chain facts shared by the app, the CLI, the localnet script and the tests.
const (
	// Name is the application name reported over ABCI.
	Name = "ballast"

	// AccountAddressPrefix is the bech32 prefix of account addresses; validator
	// and consensus prefixes derive from it the usual way.
	AccountAddressPrefix = "ballast"

	// BondDenom is the staking and fee denom (BAL, 6 decimals).
	BondDenom = "ubal"

	// StableDenom is the Ballast Stable Dollar (BSD, 6 decimals).
	StableDenom = "ubsd"

	// DefaultMinGasPrices is written into app.toml by `init`. It is a node-local
	// CheckTx floor, so validators can raise it; 0.0025ubal makes a 200k-gas
	// transaction cost 500ubal (0.0005 BAL): cheap for users, costly for spam.
	DefaultMinGasPrices = "0.0025" + BondDenom

	// LocalChainID is the chain-id of `make localnet`.
	LocalChainID = "ballast-local-1"
)

var (
	Bech32PrefixValAddr  = AccountAddressPrefix + sdk.PrefixValidator + sdk.PrefixOperator
	Bech32PrefixValPub   = Bech32PrefixValAddr + sdk.PrefixPublic
	Bech32PrefixConsAddr = AccountAddressPrefix + sdk.PrefixValidator + sdk.PrefixConsensus
	Bech32PrefixConsPub  = Bech32PrefixConsAddr + sdk.PrefixPublic
	Bech32PrefixAccPub   = AccountAddressPrefix + sdk.PrefixPublic
)

func init() {
	nameConfigScope()
	SetAddressConfig()
	// The SDK modules (staking, mint, gov, crisis-free defaults) take their
	// default denom from this package variable when building default genesis
	// and params; pointing it at ubal once makes every default genesis ours.
	sdk.DefaultBondDenom = BondDenom
}

// ConfigScope names the SDK's global config for every Ballast binary and
// test. Unnamed, the SDK keys its config by host, executable and pid, and
// works that key out again on every GetConfig, that is on every address it
// decodes or checks: a readlink and a read of the hostname each time, which
// a pprof of a node under load put at 4-7% of its CPU. A process has one
// config; naming its scope once makes GetConfig a map lookup.
const ConfigScope = "ballast"

// nameConfigScope sets COSMOS_SDK_CONFIG_SCOPE, unless the operator did,
// before anything asks for the config (this package's init is the first to).
func nameConfigScope() {
	if os.Getenv(sdk.EnvConfigScope) == "" {
		_ = os.Setenv(sdk.EnvConfigScope, ConfigScope)
	}
}

// SetAddressConfig installs the ballast bech32 prefixes in the SDK's global
// config. It is idempotent and runs from init so that every binary and test
// that imports the app agrees on address encoding before anything is decoded.
func SetAddressConfig() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == AccountAddressPrefix {
		return
	}
	cfg.SetBech32PrefixForAccount(AccountAddressPrefix, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
}
