package loadgen

import (
	"context"
	"crypto/sha256"
	"fmt"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// TxSigner signs transactions offline: no keyring, no node. The account
// number and sequence come from the Account, so a run pre-signs a whole
// stream of transactions per account before it sends the first.
type TxSigner struct {
	TxConfig client.TxConfig
	ChainID  string
	// GasPrice is the fee per unit of gas (the node's minimum-gas-prices).
	GasPrice sdk.DecCoin
}

// Signed is a transaction ready to broadcast.
type Signed struct {
	Bytes []byte
	Hash  [32]byte
}

// Fee is gas × the gas price, rounded up.
func (s TxSigner) Fee(gas uint64) sdk.Coins {
	amt := s.GasPrice.Amount.MulInt(sdkmath.NewIntFromUint64(gas)).Ceil().TruncateInt()
	return sdk.NewCoins(sdk.NewCoin(s.GasPrice.Denom, amt))
}

// Sign builds and signs msgs as acc at sequence seq with a gas limit.
func (s TxSigner) Sign(ctx context.Context, acc *Account, seq, gas uint64, msgs ...sdk.Msg) (Signed, error) {
	b := s.TxConfig.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		return Signed{}, err
	}
	b.SetGasLimit(gas)
	b.SetFeeAmount(s.Fee(gas))
	mode := signing.SignMode_SIGN_MODE_DIRECT
	// The signer's info goes in first: direct mode signs over it.
	empty := signing.SignatureV2{PubKey: acc.Priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: seq}
	if err := b.SetSignatures(empty); err != nil {
		return Signed{}, err
	}
	data := authsigning.SignerData{
		Address: acc.Addr, ChainID: s.ChainID, AccountNumber: acc.AccNum, Sequence: seq,
		PubKey: acc.Priv.PubKey(),
	}
	sig, err := clienttx.SignWithPrivKey(ctx, mode, data, b, acc.Priv, s.TxConfig, seq)
	if err != nil {
		return Signed{}, fmt.Errorf("sign: %w", err)
	}
	if err := b.SetSignatures(sig); err != nil {
		return Signed{}, err
	}
	bz, err := s.TxConfig.TxEncoder()(b.GetTx())
	if err != nil {
		return Signed{}, err
	}
	return Signed{Bytes: bz, Hash: sha256.Sum256(bz)}, nil
}
