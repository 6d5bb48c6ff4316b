package app

import (
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/spf13/cast"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	oracleabci "github.com/ballast-chain/ballast/x/oracle/abci"
)

// app.toml keys of the [oracle] section.
const (
	FlagOracleFeederAddress = "oracle.feeder_address"
	FlagOracleFeederTimeout = "oracle.feeder_timeout"

	// DefaultOracleFeederTimeout bounds ExtendVote's wait for the feeder.
	DefaultOracleFeederTimeout = 250 * time.Millisecond
)

// OracleAppConfig is the [oracle] section of app.toml.
type OracleAppConfig struct {
	// FeederAddress is host:port of this validator's ballast-pricefeeder;
	// empty means the node sends empty vote extensions.
	FeederAddress string `mapstructure:"feeder_address"`
	// FeederTimeout bounds each price request in ExtendVote.
	FeederTimeout time.Duration `mapstructure:"feeder_timeout"`
}

// OracleAppConfigTemplate is appended to app.toml's template.
const OracleAppConfigTemplate = `
###############################################################################
###                           Oracle (validators)                           ###
###############################################################################

[oracle]
# host:port of this validator's ballast-pricefeeder (gRPC). Empty: no prices
# are reported (the validator's oracle miss counter grows).
feeder_address = "{{ .Oracle.FeederAddress }}"
# How long ExtendVote waits for the feeder before sending an empty extension.
feeder_timeout = "{{ .Oracle.FeederTimeout }}"
`

// setOracleABCI installs the vote-extension, proposal and pre-block handlers.
func (app *BallastApp) setOracleABCI(appOpts servertypes.AppOptions, logger log.Logger) {
	timeout := DefaultOracleFeederTimeout
	if v := appOpts.Get(FlagOracleFeederTimeout); v != nil {
		if d, err := cast.ToDurationE(v); err == nil && d > 0 {
			timeout = d
		} else {
			logger.Error("invalid oracle.feeder_timeout; using the default", "value", v, "default", timeout)
		}
	}
	var source oracleabci.PriceSource
	if addr := cast.ToString(appOpts.Get(FlagOracleFeederAddress)); addr != "" {
		client, err := oracleabci.NewFeederClient(addr)
		if err != nil {
			logger.Error("price feeder client; sending empty vote extensions", "err", err)
		} else {
			source = client
		}
	}

	ve := oracleabci.NewVoteExtensionHandler(app.OracleKeeper, source, timeout)
	app.SetExtendVoteHandler(ve.ExtendVote())
	app.SetVerifyVoteExtensionHandler(ve.VerifyVoteExtension())

	defaults := baseapp.NewDefaultProposalHandler(app.Mempool(), app)
	proposals := oracleabci.NewProposalHandler(app.OracleKeeper, app.StakingKeeper,
		defaults.PrepareProposalHandler(), defaults.ProcessProposalHandler())
	app.SetPrepareProposal(proposals.PrepareProposal())
	app.SetProcessProposal(proposals.ProcessProposal())

	app.oraclePreBlock = oracleabci.PreBlocker(app.OracleKeeper)
}

// runOraclePreBlock is a no-op until setOracleABCI ran (tests that build
// the app without handlers).
func (app *BallastApp) runOraclePreBlock(ctx sdk.Context, req *abci.RequestFinalizeBlock) {
	if app.oraclePreBlock != nil {
		app.oraclePreBlock(ctx, req)
	}
}
