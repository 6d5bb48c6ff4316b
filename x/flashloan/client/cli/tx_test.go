package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/testutil/apptesting"
	"github.com/ballast-chain/ballast/x/flashloan/client/cli"
)

// ReadMsgs accepts the three shapes the README documents and names the
// problem with anything else.
func TestReadMsgs(t *testing.T) {
	a := apptesting.NewApp(t, dbm.NewMemDB())
	clientCtx := client.Context{}.WithCodec(a.AppCodec()).WithTxConfig(a.TxConfig()).WithInterfaceRegistry(a.InterfaceRegistry())
	send := &banktypes.MsgSend{FromAddress: sdk.AccAddress("bob_________________").String(), ToAddress: sdk.AccAddress("alice_______________").String(), Amount: sdk.NewCoins(sdk.NewInt64Coin("uusdc", 5))}
	one, err := clientCtx.Codec.MarshalInterfaceJSON(send)
	require.NoError(t, err)
	builder := a.TxConfig().NewTxBuilder()
	require.NoError(t, builder.SetMsgs(send, send))
	txJSON, err := a.TxConfig().TxJSONEncoder()(builder.GetTx())
	require.NoError(t, err)

	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		n             int
		err           string
	}{
		{"a transaction from --generate-only", string(txJSON), 2, ""},
		{"an object with messages", `{"messages": [` + string(one) + `]}`, 1, ""},
		{"a list", `[` + string(one) + `,` + string(one) + `]`, 2, ""},
		{"an empty list", `[]`, 0, "no messages"},
		{"not JSON", `hello`, 0, "not JSON"},
		{"a truncated list", `[{"@type": "/cosmos.bank.v1beta1.MsgSend"`, 0, "not JSON"},
		{"an unknown message type", `[{"@type": "/nope.MsgNothing"}]`, 0, "message 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "msgs.json")
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			msgs, err := cli.ReadMsgs(clientCtx, path)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Len(t, msgs, tc.n)
			require.Equal(t, send.String(), msgs[0].(*banktypes.MsgSend).String())
		})
	}
}
