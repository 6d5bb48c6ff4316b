// Package oracle is the validator-fed price oracle: validators report prices
// in ABCI++ vote extensions, the next block's proposer injects them, and a
// pre-blocker turns them into stake-weighted medians (see README.md).
package oracle

import (
	"context"
	"encoding/json"

	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"

	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/ballast-chain/ballast/internal/modgenesis"
	"github.com/ballast-chain/ballast/x/oracle/keeper"
	"github.com/ballast-chain/ballast/x/oracle/simulation"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

// ConsensusVersion is the oracle's state version; a migration bumps it.
const ConsensusVersion = 1

var (
	_ module.HasName             = AppModule{}
	_ module.HasGenesis          = AppModule{}
	_ module.HasServices         = AppModule{}
	_ module.HasConsensusVersion = AppModule{}
	_ appmodule.AppModule        = AppModule{}
)

// AppModule is the oracle module. Its pre-blocker work is driven by the
// app's ABCI++ handlers (x/oracle/abci), which own the vote-extension flow.
type AppModule struct {
	keeper keeper.Keeper
}

// NewAppModule builds the module.
func NewAppModule(k keeper.Keeper) AppModule { return AppModule{keeper: k} }

// IsAppModule marks this as an app module.
func (AppModule) IsAppModule() {}

// IsOnePerModuleType marks the module as a singleton.
func (AppModule) IsOnePerModuleType() {}

// Name is the module name.
func (AppModule) Name() string { return types.ModuleName }

// ConsensusVersion is the state version.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }

// RegisterLegacyAminoCodec registers amino types.
func (AppModule) RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	types.RegisterLegacyAminoCodec(cdc)
}

// RegisterInterfaces registers the messages.
func (AppModule) RegisterInterfaces(reg codectypes.InterfaceRegistry) { types.RegisterInterfaces(reg) }

// RegisterGRPCGatewayRoutes mounts the REST routes.
func (AppModule) RegisterGRPCGatewayRoutes(clientCtx client.Context, mux *gwruntime.ServeMux) {
	if err := types.RegisterQueryHandlerClient(context.Background(), mux, types.NewQueryClient(clientCtx)); err != nil {
		panic(err)
	}
}

// RegisterServices registers the msg and query servers.
func (am AppModule) RegisterServices(cfg module.Configurator) {
	types.RegisterMsgServer(cfg.MsgServer(), keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(cfg.QueryServer(), keeper.NewQueryServerImpl(am.keeper))
}

// DefaultGenesis is the default genesis (no markets).
func (AppModule) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(types.DefaultGenesis())
}

// ValidateGenesis checks a genesis state.
func (AppModule) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	return modgenesis.Validate[types.GenesisState](cdc, bz, types.ModuleName)
}

// InitGenesis writes the genesis state; a bad genesis cannot start a chain.
func (am AppModule) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	modgenesis.Init[types.GenesisState](ctx, cdc, bz, types.ModuleName, am.keeper.InitGenesis)
}

// ExportGenesis reads the state for export.
func (am AppModule) ExportGenesis(ctx sdk.Context, cdc codec.JSONCodec) json.RawMessage {
	gs, err := am.keeper.ExportGenesis(ctx)
	return modgenesis.Export(cdc, types.ModuleName, gs, err)
}

var _ module.AppModuleSimulation = AppModule{}

// GenerateGenesisState creates the oracle's genesis for simulations.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// RegisterStoreDecoder decodes the store through the collections schema.
func (am AppModule) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[types.StoreKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(am.keeper.Schema)
}

// ProposalMsgsX registers the governance message factories.
func (AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.RegisterProposals(weights, reg)
}

// WeightedOperations are none: prices arrive in vote extensions, and the
// governance messages come as proposals (ProposalMsgsX).
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation { return nil }
