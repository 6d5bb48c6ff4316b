package liquidator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	jsonrpcclient "github.com/cometbft/cometbft/rpc/jsonrpc/client"
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

// maxRPCResponseBytes bounds one CometBFT RPC response. The client reads
// whole bodies into memory; a block is at most the consensus max_bytes (4
// MiB by default), a third more as base64 in JSON, and its results' events
// some multiple of that, so 64 MiB is room to spare for an honest node and a
// ceiling on what a broken or hostile one can make the liquidator allocate.
const maxRPCResponseBytes = 64 << 20

// errRPCResponseTooLarge is a CometBFT RPC response over the bound.
var errRPCResponseTooLarge = errors.New("rpc response too large")

// NewCometBlocks connects to a CometBFT RPC address (http://host:port);
// every request is bounded by callTimeout (whole seconds, at least one) and
// every response by maxRPCResponseBytes.
func NewCometBlocks(addr string, callTimeout time.Duration) (*CometBlocks, error) {
	return newCometBlocks(addr, callTimeout, maxRPCResponseBytes)
}

func newCometBlocks(addr string, callTimeout time.Duration, maxBody int64) (*CometBlocks, error) {
	hc, err := jsonrpcclient.DefaultHTTPClient(addr)
	if err != nil {
		return nil, fmt.Errorf("rpc %s: %w", addr, err)
	}
	hc.Timeout = time.Duration(max(1, int(callTimeout.Seconds()))) * time.Second
	hc.Transport = limitedTransport{next: hc.Transport, max: maxBody}
	c, err := rpchttp.NewWithClient(addr, "/websocket", hc)
	if err != nil {
		return nil, fmt.Errorf("rpc %s: %w", addr, err)
	}
	return &CometBlocks{Client: c}, nil
}

// limitedTransport fails a response whose body is longer than max bytes
// instead of letting the client read it all.
type limitedTransport struct {
	next http.RoundTripper
	max  int64
}

func (t limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.max {
		_ = resp.Body.Close()
		return nil, fmt.Errorf("%w: %d bytes, at most %d", errRPCResponseTooLarge, resp.ContentLength, t.max)
	}
	resp.Body = &limitedBody{body: resp.Body, left: t.max, max: t.max}
	return resp, nil
}

// limitedBody reads at most max bytes and errs on the byte after them.
type limitedBody struct {
	body      io.ReadCloser
	left, max int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, fmt.Errorf("%w: more than %d bytes", errRPCResponseTooLarge, b.max)
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.body.Close() }

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
	d, err := blockData(res, blk)
	if err != nil {
		return BlockData{}, fmt.Errorf("block %d: %w", height, err)
	}
	return d, nil
}

// blockData is what the engine reads of a block's results and the block. A
// node answers a block it no longer (or does not yet) hold with a null
// block: an error to retry, not a block without time or transactions.
func blockData(res *coretypes.ResultBlockResults, blk *coretypes.ResultBlock) (BlockData, error) {
	if blk.Block == nil {
		return BlockData{}, errors.New("the node returned no block")
	}
	d := BlockData{Events: append([]abci.Event(nil), res.FinalizeBlockEvents...), Time: blk.Block.Time, Codes: map[string]uint32{}}
	for i, tx := range res.TxsResults {
		if tx == nil {
			return BlockData{}, fmt.Errorf("the node returned no result for tx %d", i)
		}
		if tx.Code == 0 {
			d.Events = append(d.Events, tx.Events...)
		}
		if i < len(blk.Block.Txs) {
			d.Codes[fmt.Sprintf("%X", blk.Block.Txs[i].Hash())] = tx.Code
		}
	}
	return d, nil
}
