package types_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// wireMsg is a message with its generated protobuf codec.
type wireMsg interface {
	proto.Message
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// msgTarget is one message type under fuzzing: a valid seed, and the
// stateless checks the msg server runs before it touches state.
type msgTarget struct {
	seed      wireMsg
	seedCheck func() error
	check     func(t *testing.T, bz []byte)
}

// targetOf decodes bz as a P; whatever decodes must pass through validate
// without panicking, re-encode to the same message, and stay valid after
// re-encoding if it was valid.
func targetOf[T any, P interface {
	*T
	wireMsg
}](seed P, validate func(P) error) msgTarget {
	return msgTarget{seed: seed, seedCheck: func() error { return validate(seed) }, check: func(t *testing.T, bz []byte) {
		msg := P(new(T))
		if err := msg.Unmarshal(bz); err != nil {
			return
		}
		valid := validate(msg) == nil

		// Decode again for the round trip, away from what validate saw.
		first := P(new(T))
		require.NoError(t, first.Unmarshal(bz))
		enc, err := first.Marshal()
		require.NoError(t, err)
		again := P(new(T))
		require.NoError(t, again.Unmarshal(enc), "re-encoding does not decode")
		reenc, err := again.Marshal()
		require.NoError(t, err)
		require.Equal(t, enc, reenc, "re-encoding is not stable")
		zeroAbsentAmounts(reflect.ValueOf(first))
		require.Equal(t, first, again)
		if valid {
			require.NoError(t, validate(again), "valid before re-encoding, invalid after")
		}
	}}
}

// zeroAbsentAmounts sets every absent (nil) Int and LegacyDec reachable from
// v to zero, which is how the encoder writes them: the one change a round
// trip may make.
func zeroAbsentAmounts(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			zeroAbsentAmounts(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			zeroAbsentAmounts(v.Index(i))
		}
	case reflect.Struct:
		switch x := v.Addr().Interface().(type) {
		case *sdkmath.Int:
			if x.IsNil() {
				_ = x.Unmarshal([]byte("0"))
			}
		case *sdkmath.LegacyDec:
			if x.IsNil() {
				_ = x.Unmarshal([]byte("0"))
			}
		default:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					zeroAbsentAmounts(v.Field(i))
				}
			}
		}
	}
}

// FuzzFlashloanMsgs feeds every x/flashloan message type arbitrary bytes:
// the first byte picks the type, the rest is its wire encoding. A flash
// loan's inner messages are unpacked as transaction decoding does and put
// through the keeper's checks that need no state: assets, count, nesting,
// signers.
func FuzzFlashloanMsgs(f *testing.F) {
	ac := address.NewBech32Codec("ballast")
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles:     proto.HybridResolver,
		SigningOptions: signing.Options{AddressCodec: ac, ValidatorAddressCodec: address.NewBech32Codec("ballastvaloper")},
	})
	require.NoError(f, err)
	types.RegisterInterfaces(registry)
	lendingtypes.RegisterInterfaces(registry)
	stabletypes.RegisterInterfaces(registry)
	banktypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)

	account := func(s string) ([]byte, error) { return ac.StringToBytes(s) }
	aliceBz, bobBz := bytes.Repeat([]byte{1}, 20), bytes.Repeat([]byte{2}, 32)
	alice, err := ac.BytesToString(aliceBz)
	require.NoError(f, err)
	bob, err := ac.BytesToString(bobBz)
	require.NoError(f, err)
	gov, err := ac.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(f, err)
	params := types.DefaultParams()
	usdc := sdk.NewInt64Coin("uusdc", 1_000_000)

	loan := func(borrower string, assets sdk.Coins, msgs ...sdk.Msg) *types.MsgFlashLoan {
		m, err := types.NewMsgFlashLoan(borrower, assets, msgs)
		require.NoError(f, err)
		return m
	}
	valid := loan(alice, sdk.NewCoins(usdc),
		&lendingtypes.MsgRepay{Payer: alice, Borrower: bob, Amount: usdc},
		&lendingtypes.MsgLiquidate{Liquidator: alice, Borrower: bob, DebtDenom: "uusdc", CollateralDenom: "uatom", MaxRepay: usdc.Amount},
		&stabletypes.MsgPSMSwapIn{Sender: alice, Amount: usdc},
	)

	targets := []msgTarget{
		targetOf(valid, func(m *types.MsgFlashLoan) error {
			borrower, err := account(m.Borrower)
			if err != nil {
				return err
			}
			if err := m.UnpackInterfaces(registry); err != nil {
				return err
			}
			msgs, err := m.InnerMsgs()
			if err != nil {
				return err
			}
			if err := m.Assets.Validate(); err != nil || m.Assets.Empty() {
				return types.ErrInvalidLoan
			}
			if len(msgs) == 0 || len(msgs) > int(params.MaxMsgs) {
				return types.ErrTooManyMsgs
			}
			for _, msg := range msgs {
				if _, ok := msg.(*types.MsgFlashLoan); ok {
					return types.ErrNested
				}
				signers, _, err := cdc.GetMsgV1Signers(msg)
				if err != nil {
					return err
				}
				if len(signers) == 0 {
					return types.ErrForeignSigner
				}
				for _, s := range signers {
					if !bytes.Equal(s, borrower) {
						return types.ErrForeignSigner
					}
				}
				if v, ok := msg.(sdk.HasValidateBasic); ok {
					if err := v.ValidateBasic(); err != nil {
						return err
					}
				}
			}
			return nil
		}),
		targetOf(&types.MsgUpdateParams{Authority: gov, Params: params}, func(m *types.MsgUpdateParams) error {
			_, err := account(m.Authority)
			return firstErr(err, m.Params.Validate())
		}),
	}

	for i, tg := range targets {
		require.NoError(f, tg.seedCheck(), "seed %d must take the valid path", i)
		bz, err := tg.seed.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
		f.Add(append([]byte{byte(i)}, bz[:len(bz)/2]...)) // truncated
	}
	for _, m := range []*types.MsgFlashLoan{
		loan(alice, sdk.NewCoins(usdc), valid),                                                    // nested
		loan(alice, sdk.NewCoins(usdc), loan(alice, sdk.NewCoins(usdc), valid)),                   // nested twice
		loan(alice, sdk.NewCoins(usdc), banktypes.NewMsgSend(bobBz, aliceBz, sdk.NewCoins(usdc))), // foreign signer
		loan(alice, nil, &stabletypes.MsgPSMSwapIn{Sender: alice, Amount: usdc}),                  // no assets
		{Borrower: alice, Assets: sdk.Coins{usdc, usdc}, Msgs: []*codectypes.Any{{TypeUrl: "/ballast.lending.v1.MsgSupply", Value: []byte{0xff}}}},
		{Borrower: alice, Assets: sdk.NewCoins(usdc), Msgs: []*codectypes.Any{{TypeUrl: "/no.such.Msg"}}},
	} {
		bz, err := m.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{0}, bz...))
	}
	f.Add([]byte{})
	f.Add([]byte{0})
	f.Add([]byte{1, 0x12, 0x00})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})

	f.Fuzz(func(t *testing.T, bz []byte) {
		if len(bz) == 0 {
			return
		}
		targets[int(bz[0])%len(targets)].check(t, bz[1:])
	})
}

// firstErr is the first non-nil of errs. Go evaluates every argument, so
// it only joins checks that are safe to run whatever the others found.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
