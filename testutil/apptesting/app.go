// Package apptesting builds in-process Ballast apps for keeper, app and IBC
// tests: a real app on an in-memory database with a genesis validator set.
package apptesting

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	"github.com/cosmos/cosmos-sdk/testutil/mock"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// ChainID is the chain-id of in-process test apps.
const ChainID = "ballast-test-1"

// GenesisTime is the time of the first block of in-process test apps.
var GenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Account is a funded genesis account whose key a test can sign with.
type Account struct {
	PrivKey cryptotypes.PrivKey
	Address sdk.AccAddress
}

// Option changes how NewApp and SetupWithGenesis build an app.
type Option func(*options)

type options struct {
	db      dbm.DB                    // SetupWithGenesis only
	appOpts simtestutil.AppOptionsMap // what app.toml and start flags would give
}

// WithAppOption sets an app.toml / start-flag value, under the key the app
// reads it by (e.g. server.FlagBlockExecutor, "block-executor").
func WithAppOption(key string, value any) Option {
	return func(o *options) { o.appOpts[key] = value }
}

// WithDB makes SetupWithGenesis build its app on db instead of a fresh
// in-memory database, so that a test can copy the initialised chain.
func WithDB(db dbm.DB) Option {
	return func(o *options) { o.db = db }
}

func newOptions(opts []Option) options {
	o := options{appOpts: simtestutil.AppOptionsMap{}}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// NewApp builds an app on db without initialising the chain.
func NewApp(tb testing.TB, db dbm.DB, opts ...Option) *app.BallastApp {
	tb.Helper()
	appOpts := newOptions(opts).appOpts
	if _, ok := appOpts[flags.FlagHome]; !ok {
		appOpts[flags.FlagHome] = tb.TempDir()
	}
	a := app.New(log.NewNopLogger(), db, true, appOpts, baseapp.SetChainID(ChainID))
	tb.Cleanup(func() { lastTimes.Delete(a) })
	return a
}

// Setup builds an app with one bonded validator and n accounts funded with
// coins, and runs InitChain and the first block.
func Setup(tb testing.TB, n int, coins sdk.Coins) (*app.BallastApp, []Account) {
	tb.Helper()
	return SetupWithGenesis(tb, n, coins, nil)
}

// SetupWithGenesis is Setup with edit applied to the genesis state (the
// validator set and accounts already in it) before InitChain.
func SetupWithGenesis(tb testing.TB, n int, coins sdk.Coins, edit func(codec.JSONCodec, app.GenesisState), opts ...Option) (*app.BallastApp, []Account) {
	tb.Helper()
	db := newOptions(opts).db
	if db == nil {
		db = dbm.NewMemDB()
	}
	ballast := NewApp(tb, db, opts...)

	pv := mock.NewPV()
	pub, err := pv.GetPubKey()
	require.NoError(tb, err)
	valSet := cmttypes.NewValidatorSet([]*cmttypes.Validator{cmttypes.NewValidator(pub, 1)})

	accounts := make([]Account, n+1)
	genAccs := make([]authtypes.GenesisAccount, n+1)
	balances := make([]banktypes.Balance, n+1)
	for i := range accounts {
		pk := secp256k1.GenPrivKey()
		accounts[i] = Account{PrivKey: pk, Address: sdk.AccAddress(pk.PubKey().Address())}
		genAccs[i] = authtypes.NewBaseAccount(accounts[i].Address, pk.PubKey(), uint64(i), 0)
		bal := coins
		if i == 0 { // the delegator of the genesis validator
			bal = sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(1_000_000_000_000)))
		}
		balances[i] = banktypes.Balance{Address: accounts[i].Address.String(), Coins: bal}
	}

	genState, err := simtestutil.GenesisStateWithValSet(ballast.AppCodec(), ballast.DefaultGenesis(), valSet, genAccs, balances...)
	require.NoError(tb, err)
	if edit != nil {
		edit(ballast.AppCodec(), genState)
	}
	stateBytes, err := json.Marshal(genState)
	require.NoError(tb, err)

	_, err = ballast.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Validators:      []abci.ValidatorUpdate{},
		ConsensusParams: simtestutil.DefaultConsensusParams,
		AppStateBytes:   stateBytes,
		InitialHeight:   1,
	})
	require.NoError(tb, err)
	NextBlock(tb, ballast, time.Second)
	return ballast, accounts[1:]
}

// lastTimes is each app's last block time: the SDK's check state does not
// carry it, so a block "dt after the last one" needs it kept here.
var lastTimes sync.Map // *app.BallastApp -> time.Time

// LastBlockTime is the time of the last block NextBlock made for ballast
// (GenesisTime before the first).
func LastBlockTime(ballast *app.BallastApp) time.Time {
	if t, ok := lastTimes.Load(ballast); ok {
		return t.(time.Time)
	}
	return GenesisTime
}

// NextBlock finalises and commits an empty block dt after the last one.
func NextBlock(tb testing.TB, ballast *app.BallastApp, dt time.Duration, txs ...[]byte) *abci.ResponseFinalizeBlock {
	tb.Helper()
	now := LastBlockTime(ballast).Add(dt)
	res, err := ballast.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: ballast.LastBlockHeight() + 1,
		Time:   now,
		Txs:    txs,
	})
	require.NoError(tb, err)
	_, err = ballast.Commit()
	require.NoError(tb, err)
	lastTimes.Store(ballast, now)
	return res
}

// Context returns a context on the committed state, as queries see it.
func Context(ballast *app.BallastApp) sdk.Context {
	return ballast.NewContextLegacy(true, cmtproto.Header{Height: ballast.LastBlockHeight(), ChainID: ChainID})
}

// BlockContext is Context at the last block's time: what a keeper call
// made between blocks should see (Context itself carries no block time).
func BlockContext(ballast *app.BallastApp) sdk.Context {
	return Context(ballast).WithBlockTime(LastBlockTime(ballast))
}

// FreshGenesisPrices puts a price for every oracle market into the genesis
// state, priced by price(symbol), and makes them never go stale: an
// in-process chain has no validators' vote extensions to refresh them.
func FreshGenesisPrices(cdc codec.JSONCodec, gs app.GenesisState, price func(symbol string) sdkmath.LegacyDec) {
	var og oracletypes.GenesisState
	cdc.MustUnmarshalJSON(gs[oracletypes.ModuleName], &og)
	og.Params.MaxAgeBlocks = 1 << 40
	for _, m := range og.Markets {
		og.Prices = append(og.Prices, oracletypes.Price{
			Symbol: m.Symbol, Price: price(m.Symbol), Time: GenesisTime, PowerShare: sdkmath.LegacyOneDec(),
		})
	}
	gs[oracletypes.ModuleName] = cdc.MustMarshalJSON(&og)
}
