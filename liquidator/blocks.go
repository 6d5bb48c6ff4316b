package liquidator

import (
	"context"
	"fmt"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// Blocks is where new blocks come from.
type Blocks interface {
	// Latest is the latest committed height.
	Latest(ctx context.Context) (int64, error)
	// Block returns a block's events (its successful transactions' and
	// its own), its time, and the result code of each transaction by hash.
	Block(ctx context.Context, height int64) (BlockData, error)
}

// BlockData is what the engine reads of a block.
type BlockData struct {
	Events []abci.Event
	Time   time.Time
	Codes  map[string]uint32 // tx hash (upper-case hex) → result code
}

// CometBlocks reads blocks from a node's CometBFT RPC.
type CometBlocks struct{ Client *rpchttp.HTTP }

// NewCometBlocks connects to a CometBFT RPC address (http://host:port);
// every request is bounded by callTimeout (whole seconds, at least one).
func NewCometBlocks(addr string, callTimeout time.Duration) (*CometBlocks, error) {
	c, err := rpchttp.NewWithTimeout(addr, "/websocket", uint(max(1, int(callTimeout.Seconds()))))
	if err != nil {
		return nil, fmt.Errorf("rpc %s: %w", addr, err)
	}
	return &CometBlocks{Client: c}, nil
}

// Latest asks the node's status.
func (b *CometBlocks) Latest(ctx context.Context) (int64, error) {
	st, err := b.Client.Status(ctx)
	if err != nil {
		return 0, err
	}
	return st.SyncInfo.LatestBlockHeight, nil
}

// Block reads a block (for its time and transaction hashes) and its results.
func (b *CometBlocks) Block(ctx context.Context, height int64) (BlockData, error) {
	res, err := b.Client.BlockResults(ctx, &height)
	if err != nil {
		return BlockData{}, fmt.Errorf("block results %d: %w", height, err)
	}
	blk, err := b.Client.Block(ctx, &height)
	if err != nil {
		return BlockData{}, fmt.Errorf("block %d: %w", height, err)
	}
	d := BlockData{Events: append([]abci.Event(nil), res.FinalizeBlockEvents...), Time: blk.Block.Time, Codes: map[string]uint32{}}
	for i, tx := range res.TxsResults {
		if tx.Code == 0 {
			d.Events = append(d.Events, tx.Events...)
		}
		if i < len(blk.Block.Txs) {
			d.Codes[fmt.Sprintf("%X", blk.Block.Txs[i].Hash())] = tx.Code
		}
	}
	return d, nil
}
