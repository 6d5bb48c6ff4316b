package app

import (
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	"github.com/cosmos/cosmos-sdk/x/mint"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	ibc "github.com/cosmos/ibc-go/v11/modules/core"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"

	"github.com/ballast-chain/ballast/x/flashloan"
	flashloantypes "github.com/ballast-chain/ballast/x/flashloan/types"
	"github.com/ballast-chain/ballast/x/lending"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	"github.com/ballast-chain/ballast/x/oracle"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	"github.com/ballast-chain/ballast/x/stablecoin"
	stablecointypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// newModuleManager builds the module manager from every module of the app.
func (app *BallastApp) newModuleManager() *module.Manager {
	byName := make(map[string]appmodule.AppModule)
	for _, m := range app.appModules() {
		byName[m.(module.HasName).Name()] = m
	}
	return module.NewManagerFromMap(byName)
}

// appModules lists every module of the app, in no particular order; the
// orders that matter are set in setModuleOrder.
func (app *BallastApp) appModules() []appmodule.AppModule {
	cdc := app.appCodec
	k := &app.Keepers
	return []appmodule.AppModule{
		genutil.NewAppModule(k.AccountKeeper, k.StakingKeeper, app, app.txConfig),
		auth.NewAppModule(cdc, k.AccountKeeper, randomBaseAccounts, nil),
		bank.NewAppModule(cdc, k.BankKeeper, k.AccountKeeper, nil),
		staking.NewAppModule(cdc, k.StakingKeeper, k.AccountKeeper, k.BankKeeper, nil),
		slashing.NewAppModule(cdc, k.SlashingKeeper, k.AccountKeeper, k.BankKeeper, k.StakingKeeper, nil, app.interfaceRegistry),
		distr.NewAppModule(cdc, k.DistrKeeper, k.AccountKeeper, k.BankKeeper, k.StakingKeeper, nil),
		mint.NewAppModule(cdc, k.MintKeeper, k.AccountKeeper, nil, nil),
		gov.NewAppModule(cdc, k.GovKeeper, k.AccountKeeper, k.BankKeeper, nil),
		upgrade.NewAppModule(k.UpgradeKeeper, k.AccountKeeper.AddressCodec()),
		evidence.NewAppModule(k.EvidenceKeeper),
		feegrantmodule.NewAppModule(cdc, k.AccountKeeper, k.BankKeeper, k.FeeGrantKeeper, app.interfaceRegistry),
		authzmodule.NewAppModule(cdc, k.AuthzKeeper, k.AccountKeeper, k.BankKeeper, app.interfaceRegistry),
		consensus.NewAppModule(cdc, k.ConsensusParamsKeeper),
		ibc.NewAppModule(k.IBCKeeper),
		transfer.NewAppModule(k.TransferKeeper),
		ibctm.NewAppModule(k.TMLightClientModule),
		oracle.NewAppModule(k.OracleKeeper),
		lending.NewAppModule(k.LendingKeeper, app.lendingTargets),
		stablecoin.NewAppModule(k.StablecoinKeeper),
		flashloan.NewAppModule(k.FlashloanKeeper),
	}
}

// randomBaseAccounts are the simulation's genesis accounts: plain accounts
// only (the SDK's default mixes in vesting accounts, a module Ballast does
// not include).
func randomBaseAccounts(simState *module.SimulationState) authtypes.GenesisAccounts {
	accs := make(authtypes.GenesisAccounts, len(simState.Accounts))
	for i, a := range simState.Accounts {
		accs[i] = authtypes.NewBaseAccountWithAddress(a.Address)
	}
	return accs
}

// newBasicManager derives the basic manager (codecs, default genesis, CLI) from
// the module manager, overriding the two modules whose basics need arguments.
func newBasicManager(mm *module.Manager) module.BasicManager {
	return module.NewBasicManagerFromManager(mm, map[string]module.AppModuleBasic{
		genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
		govtypes.ModuleName:     gov.NewAppModuleBasic([]govclient.ProposalHandler{}),
	})
}

// setModuleOrder fixes the order of blockers and genesis. The rules:
//   - upgrade runs first in PreBlock so a scheduled upgrade halts before anything else;
//   - mint before distribution before slashing in BeginBlock (rewards settle before slashes);
//   - bank first in EndBlock (v0.54: it finalises object-store state for BlockSTM);
//   - genutil after staking and auth in InitGenesis so gentxs see accounts and params.
func (app *BallastApp) setModuleOrder() {
	mm := app.ModuleManager

	mm.SetOrderPreBlockers(
		upgradetypes.ModuleName,
		authtypes.ModuleName,
	)

	mm.SetOrderBeginBlockers(
		minttypes.ModuleName,
		distrtypes.ModuleName,
		slashingtypes.ModuleName,
		evidencetypes.ModuleName,
		stakingtypes.ModuleName,
		ibcexported.ModuleName,
		ibctransfertypes.ModuleName,
		genutiltypes.ModuleName,
		authz.ModuleName,
	)

	mm.SetOrderEndBlockers(
		banktypes.ModuleName,
		govtypes.ModuleName,
		stakingtypes.ModuleName,
		ibcexported.ModuleName,
		ibctransfertypes.ModuleName,
		genutiltypes.ModuleName,
		feegrant.ModuleName,
		// After the block's transactions: keepers had their chance first.
		stablecointypes.ModuleName,
	)

	genesisOrder := []string{
		authtypes.ModuleName,
		banktypes.ModuleName,
		distrtypes.ModuleName,
		stakingtypes.ModuleName,
		slashingtypes.ModuleName,
		govtypes.ModuleName,
		minttypes.ModuleName,
		ibcexported.ModuleName,
		genutiltypes.ModuleName,
		evidencetypes.ModuleName,
		authz.ModuleName,
		feegrant.ModuleName,
		ibctransfertypes.ModuleName,
		upgradetypes.ModuleName,
		consensustypes.ModuleName,
		ibctm.ModuleName,
		oracletypes.ModuleName,
		lendingtypes.ModuleName,
		stablecointypes.ModuleName,
		flashloantypes.ModuleName,
	}
	mm.SetOrderInitGenesis(genesisOrder...)
	mm.SetOrderExportGenesis(genesisOrder...)
}
