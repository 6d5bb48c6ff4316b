package loadgen

import (
	"context"
	"os"
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/ballast-chain/ballast/app"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

func TestMixSpreadsOverItsSlots(t *testing.T) {
	accs := NewAccounts(1, 3)
	counts := map[string]int{}
	for _, a := range accs {
		for k := range 20 {
			msgs, err := Workloads["mix"].Msgs(a, accs[0], k)
			require.NoError(t, err)
			require.Len(t, msgs, 1)
			counts[sdk.MsgTypeURL(msgs[0])]++
		}
	}
	require.Equal(t, map[string]int{
		sdk.MsgTypeURL(&lendingtypes.MsgSupply{}):   21,
		sdk.MsgTypeURL(&lendingtypes.MsgWithdraw{}): 9,
		sdk.MsgTypeURL(&lendingtypes.MsgBorrow{}):   15,
		sdk.MsgTypeURL(&lendingtypes.MsgRepay{}):    15,
	}, counts)
}

func TestAccountsDeriveFromTheSeed(t *testing.T) {
	a, b, c := NewAccounts(1, 3), NewAccounts(1, 3), NewAccounts(2, 3)
	for i := range a {
		require.Equal(t, a[i].Addr, b[i].Addr)
		require.NotEqual(t, a[i].Addr, c[i].Addr)
	}
	require.NotEqual(t, a[0].Addr, a[1].Addr)
}

func TestParseWorkloadsNamesTheUnknownOne(t *testing.T) {
	ws, err := ParseWorkloads("bank, mix")
	require.NoError(t, err)
	require.Equal(t, "mix", ws[1].Name)
	_, err = ParseWorkloads("bank,nope")
	require.ErrorContains(t, err, `unknown workload "nope" (have bank, borrow, flash, mix, repay, supply, vault)`)
}

// An offline-signed transaction decodes with the account's sequence, the
// fee gas × price rounded up, and a signature the account's key verifies
// over the direct-mode sign bytes for its account number.
func TestSignedTransactionsVerify(t *testing.T) {
	home := t.TempDir()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(home))
	defer func() { _ = os.RemoveAll(home) }()
	price, err := ParseGasPrice("0.0025ubal")
	require.NoError(t, err)
	s := TxSigner{TxConfig: a.TxConfig(), ChainID: "ballast-test-1", GasPrice: price}
	accs := NewAccounts(7, 2)
	accs[0].AccNum = 42

	msgs, err := Workloads["bank"].Msgs(accs[0], accs[1], 0)
	require.NoError(t, err)
	signed, err := s.Sign(context.Background(), accs[0], 5, 100_001, msgs...)
	require.NoError(t, err)

	decoded, err := a.TxConfig().TxDecoder()(signed.Bytes)
	require.NoError(t, err)
	tx := decoded.(authsigning.Tx)
	require.Equal(t, uint64(100_001), tx.GetGas())
	require.Equal(t, "251ubal", tx.GetFee().String(), "100,001 × 0.0025 = 250.0025, rounded up")
	sigs, err := tx.GetSignaturesV2()
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	require.Equal(t, uint64(5), sigs[0].Sequence)

	data := authsigning.SignerData{Address: accs[0].Addr, ChainID: "ballast-test-1", AccountNumber: 42, Sequence: 5, PubKey: accs[0].Priv.PubKey()}
	bz, err := authsigning.GetSignBytesAdapter(context.Background(), a.TxConfig().SignModeHandler(), signing.SignMode_SIGN_MODE_DIRECT, data, tx)
	require.NoError(t, err)
	sig := sigs[0].Data.(*signing.SingleSignatureData).Signature
	require.True(t, accs[0].Priv.PubKey().VerifySignature(bz, sig))

	data.AccountNumber = 43
	other, err := authsigning.GetSignBytesAdapter(context.Background(), a.TxConfig().SignModeHandler(), signing.SignMode_SIGN_MODE_DIRECT, data, tx)
	require.NoError(t, err)
	require.False(t, accs[0].Priv.PubKey().VerifySignature(other, sig), "bound to the account number")
}
