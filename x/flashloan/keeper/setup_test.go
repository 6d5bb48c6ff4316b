package keeper_test

import (
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

const (
	usdc = localnet.DenomUSDC
	atom = localnet.DenomATOM
	eth  = localnet.DenomETH
	bsd  = stabletypes.StableDenom
	bal  = app.BondDenom
)

func d(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

func coin(amount int64, denom string) sdk.Coin { return sdk.NewInt64Coin(denom, amount) }

// whole returns n whole units of a 6-decimal denom.
func whole(n int64, denom string) sdk.Coin { return coin(n*1_000_000, denom) }

// env is a real in-process chain with the local network's markets, vault
// types and PSM, prices in genesis, and four funded users.
type env struct {
	t                      *testing.T
	app                    *app.BallastApp
	alice, bob, carol, liq apptesting.Account
}

var genesisPrices = map[string]string{"ATOM": "10", "ETH": "3000", "BTC": "100000", "USDC": "1", "BAL": "1"}

func setup(t *testing.T) *env {
	t.Helper()
	funds := sdk.NewCoins(whole(2_000_000, usdc), whole(100_000, atom), whole(1_000_000, bal),
		sdk.NewCoin(eth, sdkmath.NewIntWithDecimal(100, 18)))
	a, accs := apptesting.SetupWithGenesis(t, 4, funds, func(cdc codec.JSONCodec, gs app.GenesisState) {
		require.NoError(t, localnet.ApplyGenesisDefaults(cdc, gs, localnet.GenesisOptions{VotingPeriod: 20 * time.Second}))
		apptesting.FreshGenesisPrices(cdc, gs, func(s string) sdkmath.LegacyDec { return d(genesisPrices[s]) })
	})
	e := &env{t: t, app: a, alice: accs[0], bob: accs[1], carol: accs[2], liq: accs[3]}
	// Lenders and the PSM reserve.
	e.ok(e.alice, &lendingtypes.MsgSupply{Supplier: e.alice.Address.String(), Amount: whole(1_000_000, usdc)},
		&lendingtypes.MsgSupply{Supplier: e.alice.Address.String(), Amount: whole(10_000, atom)},
		&lendingtypes.MsgSupply{Supplier: e.alice.Address.String(), Amount: whole(100_000, bal)},
		&stabletypes.MsgPSMSwapIn{Sender: e.alice.Address.String(), Amount: whole(100_000, usdc)})
	return e
}

func (e *env) deliver(from apptesting.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	e.t.Helper()
	return apptesting.Deliver(e.t, e.app, from, msgs...)
}

func (e *env) ok(from apptesting.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	e.t.Helper()
	return apptesting.DeliverOK(e.t, e.app, from, msgs...)
}

func (e *env) ctx() sdk.Context { return apptesting.Context(e.app) }

func (e *env) balance(acc apptesting.Account, denom string) sdkmath.Int {
	return e.app.BankKeeper.GetBalance(e.ctx(), acc.Address, denom).Amount
}

// setPrice stands in for the validators' vote extensions.
func (e *env) setPrice(symbol, price string) {
	apptesting.Mutate(e.app, func(ctx sdk.Context) {
		m, err := e.app.OracleKeeper.MarketBySymbolName(ctx, symbol)
		require.NoError(e.t, err)
		require.NoError(e.t, e.app.OracleKeeper.Prices.Set(ctx, m.Id, oracletypes.Price{
			Symbol: symbol, Price: d(price), Height: ctx.BlockHeight(), Time: ctx.BlockTime(), PowerShare: sdkmath.LegacyOneDec(),
		}))
	})
}

func (e *env) flash(borrower apptesting.Account, assets sdk.Coins, msgs ...sdk.Msg) *flashtypes.MsgFlashLoan {
	e.t.Helper()
	msg, err := flashtypes.NewMsgFlashLoan(borrower.Address.String(), assets, msgs)
	require.NoError(e.t, err)
	return msg
}

// snapshot is everything a reverted flash loan must leave as it was.
type snapshot struct {
	balances map[string]sdk.Coins
	lending  []lendingtypes.MarketState
	ledger   stabletypes.Ledger
	supply   sdk.Coins
}

func (e *env) snapshot() snapshot {
	ctx := e.ctx()
	s := snapshot{balances: map[string]sdk.Coins{}}
	for _, acc := range []apptesting.Account{e.alice, e.bob, e.carol, e.liq} {
		s.balances[acc.Address.String()] = e.app.BankKeeper.GetAllBalances(ctx, acc.Address)
	}
	require.NoError(e.t, e.app.LendingKeeper.MarketStates.Walk(ctx, nil, func(_ string, st lendingtypes.MarketState) (bool, error) {
		s.lending = append(s.lending, st)
		return false, nil
	}))
	var err error
	s.ledger, err = e.app.StablecoinKeeper.Ledger.Get(ctx)
	require.NoError(e.t, err)
	for _, denom := range []string{usdc, atom, bsd} { // ubal inflates every block
		s.supply = s.supply.Add(e.app.BankKeeper.GetSupply(ctx, denom))
	}
	return s
}

// eventTypes lists a transaction result's event types.
func eventTypes(res *abci.ExecTxResult) string {
	var names []string
	for _, ev := range res.Events {
		names = append(names, ev.Type)
	}
	return strings.Join(names, " ")
}

// invariants checks the lending and BSD books on the committed state.
func (e *env) invariants() {
	e.t.Helper()
	ctx := e.ctx()
	require.NoError(e.t, e.app.LendingKeeper.CheckInvariants(ctx, e.app.BankKeeper.GetBalance))
	require.NoError(e.t, e.app.StablecoinKeeper.CheckInvariants(ctx))
}
