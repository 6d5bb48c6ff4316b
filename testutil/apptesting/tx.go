package apptesting

import (
	"math/rand"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/app"
)

// DeliverGas is the gas limit of transactions Deliver signs.
const DeliverGas = 10_000_000

// Deliver signs msgs as acc (its current account number and sequence),
// puts them in the next block one second after the last, and returns the
// transaction's result: a failed transaction reverts, as on a real chain.
func Deliver(tb testing.TB, ballast *app.BallastApp, acc Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	tb.Helper()
	return DeliverWithGas(tb, ballast, acc, DeliverGas, msgs...)
}

// DeliverOK is Deliver for a transaction that must succeed.
func DeliverOK(tb testing.TB, ballast *app.BallastApp, acc Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	tb.Helper()
	res := Deliver(tb, ballast, acc, msgs...)
	require.Zero(tb, res.Code, res.Log)
	return res
}

// DeliverWithGas is Deliver with a gas limit of gas (the fee stays that of
// DeliverGas, so any limit pays at least the floor price).
func DeliverWithGas(tb testing.TB, ballast *app.BallastApp, acc Account, gas uint64, msgs ...sdk.Msg) *abci.ExecTxResult {
	tb.Helper()
	ctx := Context(ballast)
	account := ballast.AccountKeeper.GetAccount(ctx, acc.Address)
	require.NotNil(tb, account, "account %s", acc.Address)
	fee := sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(DeliverGas/400))) // the 0.0025ubal floor
	// The mock signer's random memo only; signatures are deterministic.
	tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(1)), ballast.TxConfig(), msgs, fee, gas, ChainID, //nolint:gosec // test memo, not a secret
		[]uint64{account.GetAccountNumber()}, []uint64{account.GetSequence()}, acc.PrivKey)
	require.NoError(tb, err)
	bz, err := ballast.TxConfig().TxEncoder()(tx)
	require.NoError(tb, err)
	res := NextBlock(tb, ballast, time.Second, bz)
	require.Len(tb, res.TxResults, 1)
	return res.TxResults[0]
}

// Mutate runs fn on the committed state's working trees: what it writes is
// part of the next block. Tests use it for what a real chain gets from
// outside transactions (a price the validators' vote extensions would set).
func Mutate(ballast *app.BallastApp, fn func(ctx sdk.Context)) {
	header := cmtproto.Header{Height: ballast.LastBlockHeight(), ChainID: ChainID, Time: Context(ballast).BlockTime()}
	fn(sdk.NewContext(ballast.CommitMultiStore(), header, false, ballast.Logger()))
}
