package liquidator

import (
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// The node's ways of saying "announced, not servable yet" are retried in
// milliseconds; anything else is a fault that backs off.
func TestNotReadyTellsABlockTheNodeCannotServeYet(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("block results 191: %w", errors.New("error in json rpc client, with http response metadata: (Status: 200 OK, Protocol HTTP/1.1). RPC error -32603 - Internal error: could not find results for height #191")), true},
		{errors.New("rpc error: code = InvalidArgument desc = cannot query with height in the future; please provide a valid height"), true},
		{errors.New("block results 12: Post \"http://127.0.0.1:26657\": dial tcp 127.0.0.1:26657: connect: connection refused"), false},
		{errors.New("accounts a..b: rpc error: code = InvalidArgument desc = address x asked twice"), false},
	} {
		require.Equal(t, tc.want, notReady(tc.err), tc.err.Error())
	}
}

// A batch that fails in a block loses every target's turn with it: each is
// planned again at once and sent alone, so one target that can no longer be
// liquidated does not hold the others back retry_after_blocks. A target that
// failed alone waits as usual.
func TestABatchFailedInABlockIsRetriedOneByOne(t *testing.T) {
	e := &Engine{attempts: map[string]int64{}, alone: map[string]bool{}, pending: map[string]sentTx{}, metrics: NewMetrics(prometheus.NewRegistry()), log: slog.New(slog.DiscardHandler)}
	e.cfg.RetryAfterBlocks = 3
	for _, k := range []string{"vault/1", "vault/2", "vault/3", "account/a"} {
		e.attempts[k] = 10
	}
	e.pending["BATCH"] = sentTx{kinds: []string{"auction", "auction", "auction"}, keys: []string{"vault/1", "vault/2", "vault/3"}, expiry: 60}
	e.pending["ALONE"] = sentTx{kinds: []string{"lending"}, keys: []string{"account/a"}, expiry: 60}
	e.observeResults(map[string]uint32{"BATCH": 9, "ALONE": 15}, 11)

	for _, k := range []string{"vault/1", "vault/2", "vault/3"} {
		require.False(t, e.recent(k, 11), "%s is planned again at once", k)
		require.True(t, e.alone[k], "%s goes alone", k)
	}
	require.True(t, e.recent("account/a", 11), "a target that failed alone waits")
	require.False(t, e.alone["account/a"])
	require.Empty(t, e.pending)

	list := []action{{key: "vault/1"}, {key: "vault/4"}, {key: "vault/5"}, {key: "vault/2"}, {key: "vault/6"}, {key: "vault/7"}}
	var got [][]string
	for _, b := range batches(list, 2, e.alone) {
		var keys []string
		for _, a := range b {
			keys = append(keys, a.key)
		}
		got = append(got, keys)
	}
	require.Equal(t, [][]string{{"vault/1"}, {"vault/4", "vault/5"}, {"vault/2"}, {"vault/6", "vault/7"}}, got)
}
