package app

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/spf13/cast"

	"github.com/cosmos/cosmos-sdk/baseapp/blockexec"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// Block execution: sequential (the default) or Block-STM, the SDK's
// optimistic parallel executor, chosen per node by app.toml's
// block-executor (or --block-executor), with block-stm-workers (0 = one per
// core) and block-stm-pre-estimate. Either executor must produce the same
// state, tx results and app hash (TestBlockSTMMatchesSequential), so the
// choice is node-local, not consensus.

// objectStoreKeys lists the object stores: per-block, uncommitted stores of
// Go values, not part of the app hash. The bank's (wired as the SDK's
// Block-STM guide shows) lets a module account's incoming coins accumulate
// per transaction, to be credited in the bank's EndBlock, instead of every
// transaction rewriting one balance (a Block-STM conflict). In SDK v0.54.4
// only the bank's *Virtual methods use it and nothing calls them: the fee
// decorator still credits fee_collector directly, so this is only the hook
// a virtual fee deduction would need. It is mounted and given to the bank
// keeper whatever the executor, so both executors run the same code.
func objectStoreKeys() []string {
	return []string{banktypes.ObjectStoreKey}
}

// setTxRunner installs the executor app.toml asks for. An unknown name is a
// start-up panic: a typo must not silently run sequentially.
func (app *BallastApp) setTxRunner(appOpts servertypes.AppOptions) {
	var opts []blockexec.Option
	switch executor := cast.ToString(appOpts.Get(server.FlagBlockExecutor)); executor {
	case "", config.BlockExecutorSequential:
	case config.BlockExecutorBlockSTM:
		decode := app.txConfig.TxDecoder()
		opts = append(opts, blockexec.WithRunnerWrap(func(stm sdk.TxRunner) sdk.TxRunner {
			return decodeFirst{TxRunner: stm, decode: decode}
		}))
	default:
		panic(fmt.Errorf("app.toml block-executor = %q: want %q or %q",
			executor, config.BlockExecutorSequential, config.BlockExecutorBlockSTM))
	}
	// blockexec.Apply is the SDK's wiring of the same three settings: it
	// leaves the sequential runner alone, and for block-stm disables the
	// block gas meter (already off by default in v0.54; the parallel runner
	// refuses to run with it) and installs the STM runner.
	blockexec.Apply(app.BaseApp, appOpts, app.blockSTMStores(), app.txConfig.TxDecoder(), feeDenom, opts...)
}

// decodeFirst makes the STM runner answer a transaction that does not
// decode exactly as the sequential runner does. The sequential runner
// decodes first and reports ErrTxDecode with no gas; the SDK's STM runner
// (v0.54.4) hands the raw bytes to RunTx, whose error keeps the gas its
// context had already consumed and the decoder's message. Gas used is part
// of CometBFT's LastResultsHash, so the two executors would disagree on
// every block carrying the oracle's injected vote-extension transaction
// (not an SDK transaction): a node running block-stm would fork from one
// running sequential. Decoding here also spares RunTx from doing it.
type decodeFirst struct {
	sdk.TxRunner
	decode sdk.TxDecoder
}

func (r decodeFirst) Run(ctx context.Context, ms storetypes.MultiStore, txs [][]byte, deliverTx sdk.DeliverTxFunc) ([]*abci.ExecTxResult, error) {
	return r.TxRunner.Run(ctx, ms, txs, func(tx []byte, memTx sdk.Tx, ms storetypes.MultiStore, i int, cache map[string]any) *abci.ExecTxResult {
		if memTx == nil {
			var err error
			if memTx, err = r.decode(tx); err != nil {
				// What txnrunner.DefaultRunner answers.
				return sdkerrors.ResponseExecTxResultWithEvents(sdkerrors.ErrTxDecode, 0, 0, nil, false)
			}
		}
		return deliverTx(tx, memTx, ms, i, cache)
	})
}

// Unwrap lets BaseApp see the parallel runner inside (it refuses to enable
// the block gas meter under one).
func (r decodeFirst) Unwrap() sdk.TxRunner { return r.TxRunner }

// blockSTMStores is every store a transaction can touch. Block-STM keeps a
// multi-version copy of each listed store. A store missing from the list is
// not an error: internal/blockstm looks its index up in a map, a missing key
// reads as 0, and its writes land in the first listed store's versions
// ("acc" once sorted), where they replace that transaction's writes to the
// real store. So the flash-loan guard's transient store is listed too,
// although the SDK's examples list only KV and object stores: without it, a
// flash loan's sequence increment was lost and the app hash diverged
// (found by TestBlockSTMMatchesSequential).
func (app *BallastApp) blockSTMStores() []storetypes.StoreKey {
	stores := make([]storetypes.StoreKey, 0, len(app.keys)+len(app.okeys)+len(app.tkeys))
	for _, k := range app.keys {
		stores = append(stores, k)
	}
	for _, k := range app.okeys {
		stores = append(stores, k)
	}
	for _, k := range app.tkeys {
		stores = append(stores, k)
	}
	return stores // blockexec.Apply sorts them by name
}

// feeDenom is the denom fees are paid in. Block-STM's pre-estimate (when
// enabled) uses it to mark each fee payer's balance as about to be written.
func feeDenom(storetypes.MultiStore) string { return BondDenom }
