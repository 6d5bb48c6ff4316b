package app

import (
	"maps"

	"github.com/spf13/cast"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/server"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"
	mintkeeper "github.com/cosmos/cosmos-sdk/x/mint/keeper"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransferkeeper "github.com/cosmos/ibc-go/v11/modules/apps/transfer/keeper"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	transferv2 "github.com/cosmos/ibc-go/v11/modules/apps/transfer/v2"
	porttypes "github.com/cosmos/ibc-go/v11/modules/core/05-port/types"
	ibcapi "github.com/cosmos/ibc-go/v11/modules/core/api"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"
	ibckeeper "github.com/cosmos/ibc-go/v11/modules/core/keeper"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"

	flashloankeeper "github.com/ballast-chain/ballast/x/flashloan/keeper"
	flashloantypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingkeeper "github.com/ballast-chain/ballast/x/lending/keeper"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oraclekeeper "github.com/ballast-chain/ballast/x/oracle/keeper"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stablecoinkeeper "github.com/ballast-chain/ballast/x/stablecoin/keeper"
	stablecointypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Keepers holds every keeper of the app. Keepers that other keepers hold by
// reference (staking, upgrade, IBC) are pointers so late wiring (hooks,
// routers) is seen by all of them.
type Keepers struct {
	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	MintKeeper            mintkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             *govkeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	ConsensusParamsKeeper consensuskeeper.Keeper
	IBCKeeper             *ibckeeper.Keeper
	TransferKeeper        *ibctransferkeeper.Keeper

	OracleKeeper     oraclekeeper.Keeper
	LendingKeeper    lendingkeeper.Keeper
	StablecoinKeeper stablecoinkeeper.Keeper
	FlashloanKeeper  flashloankeeper.Keeper

	// TMLightClientModule is the 07-tendermint light client, kept for the module manager.
	TMLightClientModule ibctm.LightClientModule
}

// storeKeys lists every persistent store of the app. Adding a module means
// adding its key here and, for a running chain, a store upgrade.
func storeKeys() []string {
	return []string{
		authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey,
		minttypes.StoreKey, distrtypes.StoreKey, slashingtypes.StoreKey,
		govtypes.StoreKey, upgradetypes.StoreKey, evidencetypes.StoreKey,
		feegrant.StoreKey, authzkeeper.StoreKey, consensustypes.StoreKey,
		ibcexported.StoreKey, ibctransfertypes.StoreKey,
		oracletypes.StoreKey, lendingtypes.StoreKey, stablecointypes.StoreKey,
		flashloantypes.StoreKey,
	}
}

// transientStoreKeys lists the stores reset every block.
func transientStoreKeys() []string {
	return []string{flashloantypes.TransientStoreKey}
}

// moduleAccountPermissions is who may mint, burn or stake.
var moduleAccountPermissions = map[string][]string{
	authtypes.FeeCollectorName:     nil,
	distrtypes.ModuleName:          nil,
	minttypes.ModuleName:           {authtypes.Minter},
	stakingtypes.BondedPoolName:    {authtypes.Burner, authtypes.Staking},
	stakingtypes.NotBondedPoolName: {authtypes.Burner, authtypes.Staking},
	govtypes.ModuleName:            {authtypes.Burner},
	ibctransfertypes.ModuleName:    {authtypes.Minter, authtypes.Burner},
	lendingtypes.ModuleName:        nil,
	// The stablecoin mints BSD against vaults and the PSM and burns it on repayment.
	stablecointypes.ModuleName: {authtypes.Minter, authtypes.Burner},
}

// ModuleAccountPermissions returns a copy of the module account permissions.
func ModuleAccountPermissions() map[string][]string {
	return maps.Clone(moduleAccountPermissions)
}

// BlockedAddresses are the module accounts that may not receive coins through
// bank sends. Every module account is blocked: a module's balances are its
// own bookkeeping, and coins pushed into them from outside must not count.
// The gov account is the exception, because deposits arrive there.
func BlockedAddresses() map[string]bool {
	blocked := make(map[string]bool, len(moduleAccountPermissions))
	for name := range moduleAccountPermissions {
		blocked[authtypes.NewModuleAddress(name).String()] = true
	}
	delete(blocked, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	return blocked
}

func newKeepers(app *BallastApp, appOpts servertypes.AppOptions, logger log.Logger) Keepers {
	var (
		k         Keepers
		cdc       = app.appCodec
		keys      = app.keys
		authority = authtypes.NewModuleAddress(govtypes.ModuleName).String()
		accCodec  = address.NewBech32Codec(AccountAddressPrefix)
		valCodec  = address.NewBech32Codec(Bech32PrefixValAddr)
		consCodec = address.NewBech32Codec(Bech32PrefixConsAddr)
	)

	k.ConsensusParamsKeeper = consensuskeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[consensustypes.StoreKey]), authority, runtime.EventService{})
	app.SetParamStore(k.ConsensusParamsKeeper.ParamsStore)

	k.AccountKeeper = authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]),
		authtypes.ProtoBaseAccount, moduleAccountPermissions, accCodec, AccountAddressPrefix, authority)

	// The object store is set here, before any keeper or module copies the
	// bank keeper (it is a value): a copy made earlier would not have it.
	k.BankKeeper = bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]),
		k.AccountKeeper, BlockedAddresses(), authority, logger).
		WithObjStoreKey(app.okeys[banktypes.ObjectStoreKey])

	k.StakingKeeper = stakingkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[stakingtypes.StoreKey]),
		k.AccountKeeper, k.BankKeeper, authority, valCodec, consCodec)

	k.MintKeeper = mintkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[minttypes.StoreKey]),
		k.StakingKeeper, k.AccountKeeper, k.BankKeeper, authtypes.FeeCollectorName, authority)

	k.DistrKeeper = distrkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[distrtypes.StoreKey]),
		k.AccountKeeper, k.BankKeeper, k.StakingKeeper, authtypes.FeeCollectorName, authority)

	k.SlashingKeeper = slashingkeeper.NewKeeper(cdc, app.legacyAmino, runtime.NewKVStoreService(keys[slashingtypes.StoreKey]),
		k.StakingKeeper, authority)

	k.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(k.DistrKeeper.Hooks(), k.SlashingKeeper.Hooks()))

	k.FeeGrantKeeper = feegrantkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[feegrant.StoreKey]), k.AccountKeeper)

	k.AuthzKeeper = authzkeeper.NewKeeper(runtime.NewKVStoreService(keys[authzkeeper.StoreKey]), cdc, app.MsgServiceRouter(), k.AccountKeeper)

	skipUpgradeHeights := map[int64]bool{}
	for _, h := range cast.ToIntSlice(appOpts.Get(server.FlagUnsafeSkipUpgrades)) {
		skipUpgradeHeights[int64(h)] = true
	}
	homePath := cast.ToString(appOpts.Get(flags.FlagHome))
	k.UpgradeKeeper = upgradekeeper.NewKeeper(skipUpgradeHeights, runtime.NewKVStoreService(keys[upgradetypes.StoreKey]),
		cdc, homePath, app.BaseApp, authority)

	k.GovKeeper = govkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[govtypes.StoreKey]),
		k.AccountKeeper, k.BankKeeper, k.DistrKeeper, app.MsgServiceRouter(), govtypes.DefaultConfig(), authority,
		govkeeper.NewDefaultCalculateVoteResultsAndVotingPower(k.StakingKeeper))

	// Legacy (v1beta1) content: text proposals only. Without a router,
	// MsgExecLegacyContent would dereference nil.
	k.GovKeeper.SetLegacyRouter(govv1beta1.NewRouter().AddRoute(govtypes.RouterKey, govv1beta1.ProposalHandler))

	k.EvidenceKeeper = *evidencekeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[evidencetypes.StoreKey]),
		k.StakingKeeper, k.SlashingKeeper, accCodec, runtime.ProvideCometInfoService())

	k.OracleKeeper = oraclekeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[oracletypes.StoreKey]), accCodec,
		k.StakingKeeper, k.SlashingKeeper, authority)

	k.LendingKeeper = lendingkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[lendingtypes.StoreKey]), accCodec,
		k.BankKeeper, k.OracleKeeper, authority)

	k.StablecoinKeeper = stablecoinkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[stablecointypes.StoreKey]), accCodec,
		k.BankKeeper, k.OracleKeeper, authority)

	// Flash loans run their inner messages through the app's router, as
	// top-level messages, with the borrower as the only signer.
	k.FlashloanKeeper = flashloankeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[flashloantypes.StoreKey]),
		runtime.NewTransientStoreService(app.tkeys[flashloantypes.TransientStoreKey]), accCodec, app.MsgServiceRouter(),
		k.LendingKeeper, k.StablecoinKeeper, k.BankKeeper, authority)

	k.IBCKeeper = ibckeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[ibcexported.StoreKey]), k.UpgradeKeeper, authority)

	k.TransferKeeper = ibctransferkeeper.NewKeeper(cdc, accCodec, runtime.NewKVStoreService(keys[ibctransfertypes.StoreKey]),
		k.IBCKeeper.ChannelKeeper, app.MsgServiceRouter(), k.AccountKeeper, k.BankKeeper, authority)

	// IBC classic (v1) routes the transfer port to the transfer app; IBC v2
	// routes the same port to the v2 transfer app.
	ibcRouter := porttypes.NewRouter()
	ibcRouter.AddRoute(ibctransfertypes.ModuleName, transfer.NewIBCModule(k.TransferKeeper))
	k.IBCKeeper.SetRouter(ibcRouter)

	ibcRouterV2 := ibcapi.NewRouter()
	ibcRouterV2.AddRoute(ibctransfertypes.PortID, transferv2.NewIBCModule(k.TransferKeeper))
	k.IBCKeeper.SetRouterV2(ibcRouterV2)

	k.TMLightClientModule = ibctm.NewLightClientModule(cdc, k.IBCKeeper.ClientKeeper.GetStoreProvider())
	k.IBCKeeper.ClientKeeper.AddRoute(ibctm.ModuleName, &k.TMLightClientModule)

	return k
}
