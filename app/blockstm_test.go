package app_test

import (
	"bytes"
	"maps"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/config"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracleabci "github.com/ballast-chain/ballast/x/oracle/abci"
)

// Block-STM against the sequential executor (issue 9, item 5): the same
// blocks of signed lending, bank and flash-loan transactions, some failing
// on purpose, run through one app of each kind.

const (
	// stmTxGas is the most a transaction may ask for (the test chain's
	// block gas limit): the tests are about executors, not gas limits.
	stmTxGas     = 100_000_000
	stmBlockTime = 5 * time.Second
)

var (
	stmFee = sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, stmTxGas/400)) // the 0.0025ubal floor

	// Every account holds these and opens the same positions in the setup
	// block (as ballast-loadgen's accounts do): 100 ATOM of collateral
	// ($1,000 at $10), 1,000 USDC supplied, 100 USDC borrowed. A 1 USDC
	// step then succeeds for thousands of blocks.
	stmFunds = sdk.NewCoins(
		sdk.NewInt64Coin(app.BondDenom, 100_000_000),
		sdk.NewInt64Coin(localnet.DenomATOM, 200_000_000),
		sdk.NewInt64Coin(localnet.DenomUSDC, 10_000_000_000),
	)
	stmCollateral = sdk.NewInt64Coin(localnet.DenomATOM, 100_000_000)
	stmSupply     = sdk.NewInt64Coin(localnet.DenomUSDC, 1_000_000_000)
	stmBorrow     = sdk.NewInt64Coin(localnet.DenomUSDC, 100_000_000)
	stmStep       = sdk.NewInt64Coin(localnet.DenomUSDC, 1_000_000)
	stmATOMStep   = sdk.NewInt64Coin(localnet.DenomATOM, 1_000_000)
	stmFlash      = sdk.NewInt64Coin(localnet.DenomUSDC, 100_000_000)
	stmTooMuch    = sdk.NewInt64Coin(localnet.DenomUSDC, 10_000_000_000) // 10,000 USDC: over any account's borrow limit
)

var stmPrices = map[string]string{"ATOM": "10", "USDC": "1", "ETH": "3000", "BTC": "100000", "BAL": "1"}

// stmGenesis is the local network's markets with fresh prices.
func stmGenesis(cdc codec.JSONCodec, gs app.GenesisState) {
	if err := localnet.ApplyGenesisDefaults(cdc, gs, localnet.GenesisOptions{VotingPeriod: 20 * time.Second}); err != nil {
		panic(err)
	}
	apptesting.FreshGenesisPrices(cdc, gs, func(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(stmPrices[s]) })
}

// stmChain is a sequential app after InitChain and block 1, with the
// database it commits to (so that other apps can start from a copy).
type stmChain struct {
	seq  *app.BallastApp
	db   dbm.DB
	accs []apptesting.Account
	sign *stmSigner
	now  time.Time
}

func newSTMChain(tb testing.TB, n int) *stmChain {
	tb.Helper()
	db := dbm.NewMemDB()
	seq, accs := apptesting.SetupWithGenesis(tb, n, stmFunds, stmGenesis, apptesting.WithDB(db))
	c := &stmChain{seq: seq, db: db, accs: accs, now: apptesting.LastBlockTime(seq)}
	c.sign = newSTMSigner(tb, seq, accs)
	return c
}

// executorApp opens a copy of db's committed state as an app running executor.
func executorApp(tb testing.TB, db dbm.DB, executor string, opts ...apptesting.Option) *app.BallastApp {
	tb.Helper()
	opts = append([]apptesting.Option{apptesting.WithAppOption(server.FlagBlockExecutor, executor)}, opts...)
	return apptesting.NewApp(tb, copyDB(tb, db), opts...)
}

func copyDB(tb testing.TB, src dbm.DB) dbm.DB {
	tb.Helper()
	dst := dbm.NewMemDB()
	it, err := src.Iterator(nil, nil)
	require.NoError(tb, err)
	defer func() { _ = it.Close() }()
	for ; it.Valid(); it.Next() {
		require.NoError(tb, dst.Set(bytes.Clone(it.Key()), bytes.Clone(it.Value())))
	}
	require.NoError(tb, it.Error())
	return dst
}

// finalize runs and commits one block at height with txs.
func finalize(tb testing.TB, a *app.BallastApp, height int64, now time.Time, txs [][]byte) *abci.ResponseFinalizeBlock {
	tb.Helper()
	res, err := a.FinalizeBlock(&abci.RequestFinalizeBlock{Height: height, Time: now, Txs: txs})
	require.NoError(tb, err)
	_, err = a.Commit()
	require.NoError(tb, err)
	return res
}

// stmSigner signs for the accounts, keeping their sequences: resync reads
// them from a committed state, each signed transaction takes the next one.
type stmSigner struct {
	app  *app.BallastApp
	nums map[string]uint64
	seqs map[string]uint64
	rng  *rand.Rand
}

func newSTMSigner(tb testing.TB, a *app.BallastApp, accs []apptesting.Account) *stmSigner {
	tb.Helper()
	s := &stmSigner{app: a, nums: map[string]uint64{}, seqs: map[string]uint64{}, rng: rand.New(rand.NewSource(1))}
	ctx := apptesting.Context(a)
	for _, acc := range accs {
		account := a.AccountKeeper.GetAccount(ctx, acc.Address)
		require.NotNil(tb, account)
		s.nums[string(acc.Address)] = account.GetAccountNumber()
	}
	s.resync(tb, a, accs)
	return s
}

func (s *stmSigner) resync(tb testing.TB, a *app.BallastApp, accs []apptesting.Account) {
	tb.Helper()
	ctx := a.NewContextLegacy(true, cmtproto.Header{Height: a.LastBlockHeight(), ChainID: apptesting.ChainID})
	for _, acc := range accs {
		s.seqs[string(acc.Address)] = a.AccountKeeper.GetAccount(ctx, acc.Address).GetSequence()
	}
}

// tx signs msgs as acc with the given fee, gas and chain-id.
func (s *stmSigner) tx(tb testing.TB, acc apptesting.Account, fee sdk.Coins, gas uint64, chainID string, msgs ...sdk.Msg) []byte {
	tb.Helper()
	key := string(acc.Address)
	signed, err := simtestutil.GenSignedMockTx(s.rng, s.app.TxConfig(), msgs, fee, gas, chainID,
		[]uint64{s.nums[key]}, []uint64{s.seqs[key]}, acc.PrivKey)
	require.NoError(tb, err)
	s.seqs[key]++
	bz, err := s.app.TxConfig().TxEncoder()(signed)
	require.NoError(tb, err)
	return bz
}

// setupBlock opens every account's positions.
func (c *stmChain) setupBlock(tb testing.TB) ([][]byte, []string) {
	tb.Helper()
	var txs [][]byte
	var kinds []string
	for _, a := range c.accs {
		addr := a.Address.String()
		txs = append(txs, c.sign.tx(tb, a, stmFee, stmTxGas, apptesting.ChainID,
			&lendingtypes.MsgSupply{Supplier: addr, Amount: stmCollateral},
			&lendingtypes.MsgSetCollateral{Owner: addr, Denom: stmCollateral.Denom, Enabled: true},
			&lendingtypes.MsgSupply{Supplier: addr, Amount: stmSupply},
			&lendingtypes.MsgBorrow{Borrower: addr, Amount: stmBorrow},
		))
		kinds = append(kinds, "setup")
	}
	return txs, kinds
}

// stmFailing are the transaction kinds that must fail.
var stmFailing = map[string]bool{
	"borrow over limit": true, "withdraw too much": true, "send too much": true,
	"atomic revert": true, "out of gas": true, "bad signature": true, "undecodable": true,
	"oracle tx": true,
}

// mixBlock is a block of n transactions from distinct accounts (then, with
// extra > 0, that many second transactions from accounts already in the
// block, at the end): the lending mix of ballast-loadgen (supply, withdraw,
// borrow, repay 1 USDC) with ATOM supplies, bank sends between the
// accounts and flash loans, and a failRate share of transactions that must
// fail (each kind for a different reason).
func (c *stmChain) mixBlock(tb testing.TB, rng *rand.Rand, n, extra int, failRate float64, fee sdk.Coins) ([][]byte, []string) {
	tb.Helper()
	require.LessOrEqual(tb, n, len(c.accs))
	perm := rng.Perm(len(c.accs))[:n]
	for range extra {
		perm = append(perm, perm[rng.Intn(n)])
	}
	txs := make([][]byte, 0, len(perm))
	kinds := make([]string, 0, len(perm))
	for _, i := range perm {
		a := c.accs[i]
		peer := c.accs[rng.Intn(len(c.accs))]
		kind, msgs := c.mixTx(tb, rng, a, peer, failRate)
		var bz []byte
		switch kind {
		case "undecodable":
			bz = []byte("not a transaction")
		case "bad signature":
			bz = c.sign.tx(tb, a, fee, stmTxGas, "another-chain", msgs...)
			c.sign.seqs[string(a.Address)]-- // refused before its sequence counts
		case "out of gas":
			bz = c.sign.tx(tb, a, fee, 90_000, apptesting.ChainID, msgs...)
		default:
			bz = c.sign.tx(tb, a, fee, stmTxGas, apptesting.ChainID, msgs...)
		}
		txs = append(txs, bz)
		kinds = append(kinds, kind)
	}
	return txs, kinds
}

func (c *stmChain) mixTx(tb testing.TB, rng *rand.Rand, a, peer apptesting.Account, failRate float64) (string, []sdk.Msg) {
	tb.Helper()
	addr := a.Address.String()
	if rng.Float64() < failRate {
		switch rng.Intn(7) {
		case 0:
			return "borrow over limit", []sdk.Msg{&lendingtypes.MsgBorrow{Borrower: addr, Amount: stmTooMuch}}
		case 1:
			return "withdraw too much", []sdk.Msg{&lendingtypes.MsgWithdraw{Supplier: addr, Amount: sdk.NewInt64Coin(localnet.DenomUSDC, 1_000_000_000_000)}}
		case 2:
			return "send too much", []sdk.Msg{banktypes.NewMsgSend(a.Address, peer.Address, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1_000_000_000_000)))}
		case 3: // the supply is rolled back with the failed borrow
			return "atomic revert", []sdk.Msg{
				&lendingtypes.MsgSupply{Supplier: addr, Amount: stmStep},
				&lendingtypes.MsgBorrow{Borrower: addr, Amount: stmTooMuch},
			}
		case 4:
			return "out of gas", []sdk.Msg{&lendingtypes.MsgBorrow{Borrower: addr, Amount: stmStep}}
		case 5:
			return "bad signature", []sdk.Msg{&lendingtypes.MsgSupply{Supplier: addr, Amount: stmStep}}
		default:
			return "undecodable", nil
		}
	}
	switch r := rng.Intn(100); {
	case r < 25:
		return "supply", []sdk.Msg{&lendingtypes.MsgSupply{Supplier: addr, Amount: stmStep}}
	case r < 35:
		return "withdraw", []sdk.Msg{&lendingtypes.MsgWithdraw{Supplier: addr, Amount: stmStep}}
	case r < 55:
		return "borrow", []sdk.Msg{&lendingtypes.MsgBorrow{Borrower: addr, Amount: stmStep}}
	case r < 72:
		return "repay", []sdk.Msg{&lendingtypes.MsgRepay{Payer: addr, Amount: stmStep}}
	case r < 77:
		return "supply atom", []sdk.Msg{&lendingtypes.MsgSupply{Supplier: addr, Amount: stmATOMStep}}
	case r < 97:
		return "send", []sdk.Msg{banktypes.NewMsgSend(a.Address, peer.Address, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1_000)))}
	default: // the transient flash-loan guard is written inside
		inner := make([]*codectypes.Any, 2)
		for i, m := range []sdk.Msg{
			&lendingtypes.MsgSupply{Supplier: addr, Amount: stmFlash},
			&lendingtypes.MsgWithdraw{Supplier: addr, Amount: stmFlash},
		} {
			packed, err := codectypes.NewAnyWithValue(m)
			require.NoError(tb, err)
			inner[i] = packed
		}
		return "flash loan", []sdk.Msg{&flashtypes.MsgFlashLoan{Borrower: addr, Assets: sdk.NewCoins(stmFlash), Msgs: inner}}
	}
}

// requireSameBlock compares two executions of a block: app hash, block
// events and every transaction's result (code, gas, log, events).
func requireSameBlock(tb testing.TB, kinds []string, want, got *abci.ResponseFinalizeBlock, height int64) {
	tb.Helper()
	require.Len(tb, got.TxResults, len(want.TxResults))
	for i := range want.TxResults {
		w, g := want.TxResults[i], got.TxResults[i]
		require.Equal(tb, w, g, "height %d tx %d (%s): sequential code %d gas %d %q, block-stm code %d gas %d %q",
			height, i, kinds[i], w.Code, w.GasUsed, w.Log, g.Code, g.GasUsed, g.Log)
	}
	require.Equal(tb, want.Events, got.Events, "height %d: block events", height)
	require.Equal(tb, want.ValidatorUpdates, got.ValidatorUpdates, "height %d", height)
	require.Equal(tb, want.AppHash, got.AppHash, "height %d: app hash", height)
}

// TestBlockSTMMatchesSequential runs the same blocks through a sequential
// app and a Block-STM app started from the same genesis: the setup block,
// then blocks of the lending mix with failing transactions and accounts
// sending two transactions in a block. Every block must give the same
// results and app hash.
func TestBlockSTMMatchesSequential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two chains of 300 accounts")
	}
	const (
		accounts = 300
		blocks   = 8
	)
	c := newSTMChain(t, accounts)
	stm := executorApp(t, c.db, config.BlockExecutorBlockSTM)
	require.Equal(t, c.seq.LastCommitID(), stm.LastCommitID())

	rng := rand.New(rand.NewSource(9))
	outcomes := map[string][2]int{} // kind -> {ok, failed}
	height := c.seq.LastBlockHeight()
	for b := 0; b <= blocks; b++ {
		var txs [][]byte
		var kinds []string
		if b == 0 {
			txs, kinds = c.setupBlock(t)
		} else {
			txs, kinds = c.mixBlock(t, rng, accounts-rng.Intn(50), 15, 0.12, stmFee)
			// A live block starts with the oracle's injected transaction,
			// which is not an SDK transaction (its pre-blocker skips it
			// here: vote extensions are off in this chain).
			oracleTx, err := oracleabci.EncodeOracleTx(abci.ExtendedCommitInfo{})
			require.NoError(t, err)
			txs, kinds = append([][]byte{oracleTx}, txs...), append([]string{"oracle tx"}, kinds...)
		}
		height++
		c.now = c.now.Add(stmBlockTime)
		want := finalize(t, c.seq, height, c.now, txs)
		got := finalize(t, stm, height, c.now, txs)
		requireSameBlock(t, kinds, want, got, height)
		require.Equal(t, c.seq.LastCommitID(), stm.LastCommitID())
		for i, r := range want.TxResults {
			o := outcomes[kinds[i]]
			if r.Code == 0 {
				o[0]++
			} else {
				o[1]++
			}
			outcomes[kinds[i]] = o
		}
		c.sign.resync(t, c.seq, c.accs)
	}

	// The blocks exercised what they meant to: every kind ran, the good
	// ones succeeded and the bad ones failed.
	t.Logf("outcomes (ok, failed): %v", outcomes)
	require.Equal(t, [2]int{accounts, 0}, outcomes["setup"])
	for _, kind := range []string{"supply", "withdraw", "borrow", "repay", "supply atom", "send", "flash loan"} {
		o := outcomes[kind]
		require.Positive(t, o[0], kind)
		require.LessOrEqual(t, o[1], o[0]/20, "%s: %d of %d failed", kind, o[1], o[0]+o[1])
	}
	for kind := range stmFailing {
		o := outcomes[kind]
		require.Positive(t, o[1], kind)
		require.Zero(t, o[0], kind)
	}
}

// TestBlockSTMRejectsUnknownExecutor: a typo in app.toml stops the node.
func TestBlockSTMRejectsUnknownExecutor(t *testing.T) {
	require.PanicsWithError(t, `app.toml block-executor = "blockstm": want "sequential" or "block-stm"`, func() {
		apptesting.NewApp(t, dbm.NewMemDB(), apptesting.WithAppOption(server.FlagBlockExecutor, "blockstm"))
	})
}

// stmBench is the state the benchmark's blocks run on: 1,000 accounts
// with positions, committed, and the blocks.
type stmBench struct {
	db     dbm.DB
	height int64
	now    time.Time
	blocks map[string][][]byte // "mix", "mix no-fee", "sends", "sends no-fee"
	want   map[string][]uint32 // each block's sequential result codes
}

var stmBenchState *stmBench

const stmBenchTxs = 1000

func stmBenchSetup(b *testing.B) *stmBench {
	b.Helper()
	if stmBenchState != nil {
		return stmBenchState
	}
	start := time.Now()
	c := newSTMChain(b, stmBenchTxs)
	setup, _ := c.setupBlock(b)
	height := c.seq.LastBlockHeight() + 1
	c.now = c.now.Add(stmBlockTime)
	res := finalize(b, c.seq, height, c.now, setup)
	for i, r := range res.TxResults {
		require.Zero(b, r.Code, "setup tx %d: %s", i, r.Log)
	}
	c.sign.resync(b, c.seq, c.accs)
	s := &stmBench{db: c.db, height: height + 1, now: c.now.Add(stmBlockTime), blocks: map[string][][]byte{}, want: map[string][]uint32{}}
	// Every block is signed on the same state (the signer's sequences are
	// put back after each), with the same memo source.
	seqs := maps.Clone(c.sign.seqs)
	for _, blk := range []struct {
		name string
		fee  sdk.Coins
	}{{"mix", stmFee}, {"mix no-fee", nil}, {"sends", stmFee}, {"sends no-fee", nil}} {
		c.sign.rng = rand.New(rand.NewSource(1))
		if strings.HasPrefix(blk.name, "mix") {
			// The same accounts and messages in both: 2% failing.
			s.blocks[blk.name], _ = c.mixBlock(b, rand.New(rand.NewSource(5)), stmBenchTxs, 0, 0.02, blk.fee)
		} else {
			s.blocks[blk.name] = c.sendsBlock(b, blk.fee)
		}
		c.sign.seqs = maps.Clone(seqs)
	}
	b.Logf("set up %d accounts in %s", stmBenchTxs, time.Since(start).Round(time.Millisecond))
	stmBenchState = s
	return s
}

// sendsBlock is the best case for Block-STM: the first half of the
// accounts each send 1 USDC to one of the second half, so no two
// transactions touch the same balance or account (but the fee collector's
// balance, when they pay a fee).
func (c *stmChain) sendsBlock(tb testing.TB, fee sdk.Coins) [][]byte {
	tb.Helper()
	half := len(c.accs) / 2
	txs := make([][]byte, 0, half)
	for i, a := range c.accs[:half] {
		txs = append(txs, c.sign.tx(tb, a, fee, stmTxGas, apptesting.ChainID,
			banktypes.NewMsgSend(a.Address, c.accs[half+i].Address, sdk.NewCoins(stmStep))))
	}
	return txs
}

// BenchmarkBlockSTMLendingMix times FinalizeBlock (execution and the
// working hash, not the commit) of one block, on copies of the same
// committed state, by each executor: sequential/... against block-stm/...
// on the same block; their ns/op ratio is the speed-up on this machine's
// cores (GOMAXPROCS is the -N suffix, and block-stm runs that many workers
// unless the name says otherwise).
//
//   - mix: 1,000 transactions of TestBlockSTMMatchesSequential's mix (2%
//     failing), each from a different account, paying the usual fee;
//   - mix-no-fee: the same without fees (block execution does not require
//     them; each fee otherwise lands in the fee collector's balance, a key
//     every transaction rewrites);
//   - sends, sends-no-fee: 500 bank sends between disjoint accounts (the
//     best case for Block-STM).
func BenchmarkBlockSTMLendingMix(b *testing.B) {
	s := stmBenchSetup(b)
	for _, tc := range []struct {
		name, block, executor string
		opts                  []apptesting.Option
	}{
		{"mix/sequential", "mix", config.BlockExecutorSequential, nil},
		{"mix/block-stm", "mix", config.BlockExecutorBlockSTM, nil},
		{
			"mix/block-stm-pre-estimate", "mix", config.BlockExecutorBlockSTM,
			[]apptesting.Option{apptesting.WithAppOption(server.FlagBlockSTMPreEstimate, true)},
		},
		{
			"mix/block-stm-1-worker", "mix", config.BlockExecutorBlockSTM,
			[]apptesting.Option{apptesting.WithAppOption(server.FlagBlockSTMWorkers, 1)},
		},
		{"mix-no-fee/sequential", "mix no-fee", config.BlockExecutorSequential, nil},
		{"mix-no-fee/block-stm", "mix no-fee", config.BlockExecutorBlockSTM, nil},
		{"sends/sequential", "sends", config.BlockExecutorSequential, nil},
		{"sends/block-stm", "sends", config.BlockExecutorBlockSTM, nil},
		{"sends-no-fee/sequential", "sends no-fee", config.BlockExecutorSequential, nil},
		{"sends-no-fee/block-stm", "sends no-fee", config.BlockExecutorBlockSTM, nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			txs := s.blocks[tc.block]
			req := &abci.RequestFinalizeBlock{Height: s.height, Time: s.now, Txs: txs}
			b.StopTimer()
			for range b.N {
				a := executorApp(b, s.db, tc.executor, tc.opts...)
				runtime.GC()
				b.StartTimer()
				res, err := a.FinalizeBlock(req)
				b.StopTimer()
				require.NoError(b, err)
				codes := make([]uint32, len(res.TxResults))
				ok := 0
				for i, r := range res.TxResults {
					codes[i] = r.Code
					if r.Code == 0 {
						ok++
					}
				}
				require.GreaterOrEqual(b, ok, len(txs)*9/10, "most of the block must succeed")
				if want, ok := s.want[tc.block]; ok {
					require.Equal(b, want, codes, "result codes differ from the sequential run")
				} else if tc.executor == config.BlockExecutorSequential {
					s.want[tc.block] = codes
				}
			}
			b.ReportMetric(float64(len(txs)*b.N)/b.Elapsed().Seconds(), "tx/s")
		})
	}
	b.Logf("GOMAXPROCS=%d NumCPU=%d", runtime.GOMAXPROCS(0), runtime.NumCPU())
}
