package types_test

import (
	"bytes"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/ballast-chain/ballast/testutil/fuzzmsg"
	"github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

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

	targets := []fuzzmsg.Target{
		fuzzmsg.Of(valid, func(m *types.MsgFlashLoan) error {
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
		fuzzmsg.Of(&types.MsgUpdateParams{Authority: gov, Params: params}, func(m *types.MsgUpdateParams) error {
			_, err := account(m.Authority)
			return fuzzmsg.FirstErr(err, m.Params.Validate())
		}),
	}

	fuzzmsg.Seed(f, targets)
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

	fuzzmsg.Fuzz(f, targets)
}
