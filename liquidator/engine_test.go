package liquidator

import (
	"errors"
	"fmt"
	"testing"

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
