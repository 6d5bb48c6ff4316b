package liquidator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"
)

// FuzzBlockData feeds the liquidator's reading of a block arbitrary
// CometBFT RPC results, decoded as the RPC client decodes them: the
// block_results and block answers, then the events the engine acts on.
// Whatever decodes must not panic; events come only from the block and its
// successful transactions, and each code is keyed by a transaction's hash.
func FuzzBlockData(f *testing.F) {
	txs := cmttypes.Txs{cmttypes.Tx("tx-ok"), cmttypes.Tx("tx-failed")}
	results := coretypes.ResultBlockResults{
		Height: 7,
		TxsResults: []*abci.ExecTxResult{
			{Code: 0, Events: []abci.Event{{Type: "ballast.lending.v1.EventBorrow", Attributes: []abci.EventAttribute{{Key: "account", Value: `"ballast1bob"`}}}}},
			{Code: 5, Events: []abci.Event{{Type: "ballast.lending.v1.EventSupply", Attributes: []abci.EventAttribute{{Key: "account", Value: `"ballast1eve"`}}}}},
		},
		FinalizeBlockEvents: []abci.Event{{Type: "ballast.stablecoin.v1.EventAuctionStarted", Attributes: []abci.EventAttribute{{Key: "vault_id", Value: `"12"`}}}},
	}
	block := coretypes.ResultBlock{Block: &cmttypes.Block{
		Header: cmttypes.Header{ChainID: "ballast-test-1", Height: 7, Time: time.Date(2026, 1, 1, 0, 0, 7, 0, time.UTC)},
		Data:   cmttypes.Data{Txs: txs},
	}}
	resBz, err := cmtjson.Marshal(results)
	require.NoError(f, err)
	blkBz, err := cmtjson.Marshal(block)
	require.NoError(f, err)

	var res coretypes.ResultBlockResults
	var blk coretypes.ResultBlock
	require.NoError(f, cmtjson.Unmarshal(resBz, &res))
	require.NoError(f, cmtjson.Unmarshal(blkBz, &blk))
	d, err := blockData(&res, &blk)
	require.NoError(f, err)
	require.Equal(f, []string{"ballast1bob"}, TouchedBy(d.Events).Accounts, "the seed takes the valid path")
	require.Equal(f, map[string]uint32{fmt.Sprintf("%X", txs[0].Hash()): 0, fmt.Sprintf("%X", txs[1].Hash()): 5}, d.Codes)

	f.Add(resBz, blkBz)
	// What a node answers for a block it does not hold; the liquidator
	// panicked on it (nil block) before blockData checked.
	f.Add(resBz, []byte(`{"block_id":{"hash":"","parts":{"total":0,"hash":""}},"block":null}`))
	f.Add([]byte(`{"height":"1","txs_results":[null]}`), blkBz)
	f.Add([]byte(`{"height":"1","txs_results":null,"finalize_block_events":[{"type":"ballast.lending.v1.EventMarketSet"}]}`), []byte(`{}`))
	f.Add([]byte(`{}`), []byte(`{}`))
	f.Add([]byte(`null`), []byte(`null`))

	f.Fuzz(func(t *testing.T, resBz, blkBz []byte) {
		var res coretypes.ResultBlockResults
		var blk coretypes.ResultBlock
		if cmtjson.Unmarshal(resBz, &res) != nil || cmtjson.Unmarshal(blkBz, &blk) != nil {
			return
		}
		d, err := blockData(&res, &blk)
		if err != nil {
			require.True(t, blk.Block == nil || slices.Contains(res.TxsResults, nil), "unexpected error %v", err)
			return
		}
		want := len(res.FinalizeBlockEvents)
		for _, tx := range res.TxsResults {
			if tx.Code == 0 {
				want += len(tx.Events)
			}
		}
		require.Len(t, d.Events, want)
		require.LessOrEqual(t, len(d.Codes), min(len(res.TxsResults), len(blk.Block.Txs)))
		require.Equal(t, blk.Block.Time, d.Time)
		TouchedBy(d.Events)
	})
}

// TestCometBlocksBoundsResponses: a node answering with more than the bound
// makes the call fail with errRPCResponseTooLarge instead of being read into
// memory, whether or not it announces the length; an answer within the
// bound is read as before.
func TestCometBlocksBoundsResponses(t *testing.T) {
	status := func(height string) string {
		return `{"jsonrpc":"2.0","id":%s,"result":{"node_info":{},"sync_info":{"latest_block_height":"` + height + `"},"validator_info":{}}}`
	}
	const limit = 4 << 10
	for _, tc := range []struct {
		name    string
		pad     int  // bytes of JSON whitespace after the answer
		chunked bool // no Content-Length: the body must be cut while read
		wantErr bool
	}{
		{"within the bound", 100, false, false},
		{"announced over the bound", limit, false, true},
		{"streamed over the bound", limit, true, true},
		{"streamed without end", 64 * limit, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var req struct {
					ID int `json:"id"`
				}
				require.NoError(t, json.NewDecoder(r.Body).Decode(&req))
				body := fmt.Sprintf(status("42"), fmt.Sprint(req.ID)) + strings.Repeat(" ", tc.pad)
				if !tc.chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				}
				_, _ = w.Write([]byte(body))
				if tc.chunked {
					w.(http.Flusher).Flush()
				}
			}))
			defer srv.Close()

			blocks, err := newCometBlocks(srv.URL, time.Second, limit)
			require.NoError(t, err)
			h, err := blocks.Latest(context.Background())
			if tc.wantErr {
				require.ErrorIs(t, err, errRPCResponseTooLarge)
				return
			}
			require.NoError(t, err)
			require.Equal(t, int64(42), h)
		})
	}
}
