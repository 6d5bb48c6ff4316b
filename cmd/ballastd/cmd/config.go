package cmd

import (
	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/ballast-chain/ballast/app"
)

// initAppConfig is the app.toml a fresh `ballastd init` writes: the network's
// gas-price floor as the node's minimum, and the REST and gRPC servers on.
func initAppConfig() (string, any) {
	cfg := AppConfig{Config: *serverconfig.DefaultConfig()}
	cfg.MinGasPrices = app.DefaultMinGasPrices
	cfg.API.Enable = true
	cfg.GRPC.Enable = true
	cfg.Oracle.FeederTimeout = app.DefaultOracleFeederTimeout
	return serverconfig.DefaultConfigTemplate + app.OracleAppConfigTemplate + app.LendingAppConfigTemplate, cfg
}

// AppConfig is app.toml: the SDK's server config plus Ballast's sections.
type AppConfig struct {
	serverconfig.Config `mapstructure:",squash"`

	Oracle  app.OracleAppConfig  `mapstructure:"oracle"`
	Lending app.LendingAppConfig `mapstructure:"lending"`
}

// initCometBFTConfig is the config.toml a fresh `ballastd init` writes. The
// CometBFT defaults are kept; block time is about 1 s from timeout_commit.
func initCometBFTConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	return cfg
}
