package app_test

import (
	"math/rand"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	"github.com/ballast-chain/ballast/x/flashloan"
	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracleabci "github.com/ballast-chain/ballast/x/oracle/abci"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// FuzzTxDecode feeds the app's transaction decoder (the one baseapp runs on
// every CheckTx and block transaction) arbitrary bytes. It must never panic;
// what decodes goes through the stateless steps before the ante handler's
// state reads (baseapp's message checks, the tx's ValidateBasic with its
// signers, the flash-loan authz guard), and re-encodes to bytes that decode
// to the same transaction.
func FuzzTxDecode(f *testing.F) {
	ballast := apptesting.NewApp(f, dbm.NewMemDB()) // once: only its codec is used
	txConfig := ballast.TxConfig()
	decode, encode := txConfig.TxDecoder(), txConfig.TxEncoder()

	key := secp256k1.GenPrivKeyFromSecret([]byte("fuzz"))
	alice := sdk.AccAddress(key.PubKey().Address())
	bob := sdk.AccAddress([]byte("bob_________________"))
	usdc := sdk.NewInt64Coin("uusdc", 1_000_000)
	signed := func(msgs ...sdk.Msg) []byte {
		fee := sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 2_500))
		tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(1)), txConfig, msgs, fee, 1_000_000, apptesting.ChainID,
			[]uint64{7}, []uint64{3}, key)
		require.NoError(f, err)
		bz, err := encode(tx)
		require.NoError(f, err)
		return bz
	}
	loan, err := flashtypes.NewMsgFlashLoan(alice.String(), sdk.NewCoins(usdc), []sdk.Msg{
		&lendingtypes.MsgRepay{Payer: alice.String(), Borrower: bob.String(), Amount: usdc},
		&stabletypes.MsgPSMSwapIn{Sender: alice.String(), Amount: usdc},
	})
	require.NoError(f, err)
	foreign, err := flashtypes.NewMsgFlashLoan(bob.String(), sdk.NewCoins(usdc), []sdk.Msg{&lendingtypes.MsgBorrow{Borrower: bob.String(), Amount: usdc}})
	require.NoError(f, err)
	exec := authz.NewMsgExec(alice, []sdk.Msg{foreign})

	// Valid transactions: each passes ValidateBasic with alice as its signer.
	for _, msg := range []sdk.Msg{
		&lendingtypes.MsgSupply{Supplier: alice.String(), Amount: usdc},
		&stabletypes.MsgOpenVault{Owner: alice.String(), Type: "atom-a", Collateral: sdk.NewInt64Coin("uatom", 1_000_000), Mint: usdc.Amount},
		loan,
		banktypes.NewMsgSend(alice, bob, sdk.NewCoins(usdc)),
	} {
		bz := signed(msg)
		tx, err := decode(bz)
		require.NoError(f, err)
		require.NoError(f, tx.(authsigning.Tx).ValidateBasic())
		f.Add(bz)
	}
	f.Add(signed(&exec)) // a delegated flash loan: the authz guard refuses it
	f.Add(signed())      // no messages
	oracleTx, err := oracleabci.EncodeOracleTx(abci.ExtendedCommitInfo{Round: 1})
	require.NoError(f, err)
	f.Add(oracleTx)
	f.Add([]byte{})
	f.Add([]byte{0x0a, 0x00, 0x12, 0x00}) // empty body and auth info
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})

	f.Fuzz(func(t *testing.T, bz []byte) {
		tx, err := decode(bz)
		if err != nil {
			return
		}
		// The injected oracle tx starts with a zero byte, which no
		// transaction can: block tx 0 is never routed to a message handler.
		require.False(t, oracleabci.IsOracleTx(bz), "the injected oracle tx decodes as a user tx")

		enc, err := encode(tx)
		require.NoError(t, err)
		again, err := decode(enc)
		require.NoError(t, err, "re-encoding does not decode")
		reenc, err := encode(again)
		require.NoError(t, err)
		require.Equal(t, enc, reenc, "re-encoding is not stable")

		msgs := tx.GetMsgs()
		require.Len(t, again.GetMsgs(), len(msgs))
		for _, msg := range msgs {
			if v, ok := msg.(sdk.HasValidateBasic); ok {
				_ = v.ValidateBasic()
			}
			if loan, ok := msg.(*flashtypes.MsgFlashLoan); ok {
				_, _ = loan.InnerMsgs()
			}
		}
		_, _ = flashloan.NoDelegatedLoansDecorator{}.AnteHandle(sdk.Context{}, tx, false,
			func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil })

		sigTx, ok := tx.(authsigning.Tx)
		require.True(t, ok, "decoded %T is not a signing tx", tx)
		if err := sigTx.ValidateBasic(); err != nil {
			return
		}
		// What the ante handler reads once ValidateBasic has passed.
		_, _ = sigTx.GetSigners()
		_, _ = sigTx.GetPubKeys()
		_, _ = sigTx.GetSignaturesV2()
		_, _ = sigTx.GetGas(), sigTx.GetFee()
		_, _ = sigTx.FeePayer(), sigTx.FeeGranter()
		_, _ = sigTx.GetMemo(), sigTx.GetTimeoutHeight()
	})
}
