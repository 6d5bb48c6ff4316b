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
	// its own) and its time.
	Block(ctx context.Context, height int64) ([]abci.Event, time.Time, error)
}

// CometBlocks reads blocks from a node's CometBFT RPC.
type CometBlocks struct{ Client *rpchttp.HTTP }

// NewCometBlocks connects to a CometBFT RPC address (http://host:port).
func NewCometBlocks(addr string) (*CometBlocks, error) {
	c, err := rpchttp.New(addr, "/websocket")
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

// Block reads a block's results and header.
func (b *CometBlocks) Block(ctx context.Context, height int64) ([]abci.Event, time.Time, error) {
	res, err := b.Client.BlockResults(ctx, &height)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("block results %d: %w", height, err)
	}
	events := append([]abci.Event(nil), res.FinalizeBlockEvents...)
	for _, tx := range res.TxsResults {
		if tx.Code == 0 {
			events = append(events, tx.Events...)
		}
	}
	hdr, err := b.Client.Header(ctx, &height)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("header %d: %w", height, err)
	}
	return events, hdr.Header.Time, nil
}
