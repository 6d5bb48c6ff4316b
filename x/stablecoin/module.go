// Package stablecoin is BSD: vaults of collateral that mint it, Dutch
// auctions that liquidate them, and a peg stability module (see README.md).
package stablecoin

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
	"github.com/ballast-chain/ballast/x/stablecoin/keeper"
	"github.com/ballast-chain/ballast/x/stablecoin/simulation"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// ConsensusVersion is the stablecoin state version; a migration bumps it.
const ConsensusVersion = 1

var (
	_ module.HasName             = AppModule{}
	_ module.HasGenesis          = AppModule{}
	_ module.HasServices         = AppModule{}
	_ module.HasConsensusVersion = AppModule{}
	_ appmodule.AppModule        = AppModule{}
	_ appmodule.HasEndBlocker    = AppModule{}
)

// AppModule is the stablecoin module. Its EndBlocker is the bounded
// fallback liquidator; keepers do the rest with messages.
type AppModule struct{ keeper keeper.Keeper }

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

// EndBlock runs the fallback liquidator; it never fails the block.
func (am AppModule) EndBlock(ctx context.Context) error { return am.keeper.EndBlocker(ctx) }

// DefaultGenesis is the default genesis (no collateral types, no PSM).
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

var (
	_ module.AppModuleSimulation   = AppModule{}
	_ simsx.HasWeightedOperationsX = AppModule{}
	_ simsx.HasProposalMsgsX       = AppModule{}
)

// GenerateGenesisState creates the stablecoin genesis for simulations.
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

// WeightedOperations is superseded by WeightedOperationsX.
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation { return nil }

// WeightedOperationsX registers the vault message factories.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.Register(weights, reg, am.keeper)
}
