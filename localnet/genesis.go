package localnet

import (
	"fmt"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/ballast-chain/ballast/app"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stablecointypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// GenesisOptions are the knobs a local network turns away from mainnet defaults.
type GenesisOptions struct {
	// VotingPeriod of governance proposals; short so upgrade drills finish.
	VotingPeriod time.Duration
}

// Validate rejects options a chain could not start with.
func (o GenesisOptions) Validate() error {
	if o.VotingPeriod < 2*time.Second {
		return fmt.Errorf("voting period %s is too short (minimum 2s)", o.VotingPeriod)
	}
	return nil
}

// ApplyGenesisDefaults writes the local-network defaults into genState:
// bank metadata for every test asset and a short governance voting period
// (the expedited period is half of it, as gov requires it to be shorter).
func ApplyGenesisDefaults(cdc codec.JSONCodec, genState app.GenesisState, opts GenesisOptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}

	var bankGen banktypes.GenesisState
	if err := cdc.UnmarshalJSON(genState[banktypes.ModuleName], &bankGen); err != nil {
		return fmt.Errorf("bank genesis: %w", err)
	}
	bankGen.DenomMetadata = AssetMetadata()
	bz, err := cdc.MarshalJSON(&bankGen)
	if err != nil {
		return err
	}
	genState[banktypes.ModuleName] = bz

	var govGen govv1.GenesisState
	if err := cdc.UnmarshalJSON(genState["gov"], &govGen); err != nil {
		return fmt.Errorf("gov genesis: %w", err)
	}
	voting := opts.VotingPeriod
	expedited := voting / 2
	govGen.Params.VotingPeriod = &voting
	govGen.Params.ExpeditedVotingPeriod = &expedited
	govGen.Params.MinDeposit = sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(10_000_000)))
	govGen.Params.ExpeditedMinDeposit = sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(50_000_000)))
	bz, err = cdc.MarshalJSON(&govGen)
	if err != nil {
		return err
	}
	genState["gov"] = bz

	oracleGen := oracletypes.DefaultGenesis()
	oracleGen.Markets = oracletypes.DefaultMarkets()
	// A local network is a playground: stopping a feeder must not cost stake.
	oracleGen.Params.SlashFraction = sdkmath.LegacyZeroDec()
	if bz, err = cdc.MarshalJSON(oracleGen); err != nil {
		return err
	}
	genState[oracletypes.ModuleName] = bz

	lendingGen := lendingtypes.DefaultGenesis()
	lendingGen.Markets = LendingMarkets()
	if bz, err = cdc.MarshalJSON(lendingGen); err != nil {
		return err
	}
	genState[lendingtypes.ModuleName] = bz

	if bz, err = cdc.MarshalJSON(StablecoinGenesis()); err != nil {
		return err
	}
	genState[stablecointypes.ModuleName] = bz
	return nil
}

// ConsensusParams are a local network's consensus parameters: the CometBFT
// defaults with vote extensions (the oracle) on from height 1.
func ConsensusParams() *cmttypes.ConsensusParams {
	cp := cmttypes.DefaultConsensusParams()
	cp.ABCI.VoteExtensionsEnableHeight = 1
	return cp
}
