// Package flashloan lends market cash and flash-minted BSD for the length
// of one transaction (see README.md).
package flashloan

import (
	"context"
	"encoding/json"

	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"
	"github.com/spf13/cobra"

	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/ballast-chain/ballast/internal/modgenesis"
	"github.com/ballast-chain/ballast/internal/simutil"
	"github.com/ballast-chain/ballast/x/flashloan/client/cli"
	"github.com/ballast-chain/ballast/x/flashloan/keeper"
	"github.com/ballast-chain/ballast/x/flashloan/simulation"
	"github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

// ConsensusVersion is the flash-loan state version; a migration bumps it.
const ConsensusVersion = 1

var (
	_ module.HasName             = AppModule{}
	_ module.HasGenesis          = AppModule{}
	_ module.HasServices         = AppModule{}
	_ module.HasConsensusVersion = AppModule{}
	_ appmodule.AppModule        = AppModule{}

	_ module.AppModuleSimulation   = AppModule{}
	_ simsx.HasWeightedOperationsX = AppModule{}
	_ simsx.HasProposalMsgsX       = AppModule{}
)

// AppModule is the flash-loan module. It has no blockers: a loan begins
// and ends inside its transaction.
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

// GetTxCmd is `ballastd tx flashloan` with the custom execute command.
func (AppModule) GetTxCmd() *cobra.Command { return cli.TxCmd() }

// RegisterServices registers the msg and query servers.
func (am AppModule) RegisterServices(cfg module.Configurator) {
	types.RegisterMsgServer(cfg.MsgServer(), keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(cfg.QueryServer(), keeper.NewQueryServerImpl(am.keeper))
}

// DefaultGenesis is the default genesis.
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

// GenerateGenesisState uses the defaults: the simulated loans exercise the fee.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(types.DefaultGenesis())
}

// RegisterStoreDecoder decodes the store through the collections schema.
func (am AppModule) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[types.StoreKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(am.keeper.Schema)
}

// WeightedOperations is superseded by WeightedOperationsX.
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation { return nil }

// WeightedOperationsX registers the flash-loan factory.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	// The lending market's caps and pauses (guardian, governance) may refuse
	// the inner supply, and earlier transactions in the block may have spent
	// what the borrower meant to repay with.
	reg.Add(weights.Get("msg_flashloan", 30), simutil.Tolerate(simulation.MsgFlashLoanFactory(am.keeper),
		types.ErrNotRepaid, lendingtypes.ErrSupplyCap, lendingtypes.ErrMarketPaused, lendingtypes.ErrMarketFrozen, lendingtypes.ErrFlashLoanDisabled))
}

// ProposalMsgsX registers the governance factory.
func (AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("msg_flashloan_update_params", 10), simulation.MsgUpdateParamsFactory())
}
