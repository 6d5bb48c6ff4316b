package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
	"github.com/cosmos/cosmos-sdk/types/tx"
)

// RegisterLegacyAminoCodec registers the messages for amino JSON signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	cdc.RegisterConcrete(&MsgFlashLoan{}, "ballast/x/flashloan/MsgFlashLoan", nil)
	cdc.RegisterConcrete(&MsgUpdateParams{}, "ballast/x/flashloan/MsgUpdateParams", nil)
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil), &MsgFlashLoan{}, &MsgUpdateParams{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}

var _ codectypes.UnpackInterfacesMessage = (*MsgFlashLoan)(nil)

// NewMsgFlashLoan packs the inner messages.
func NewMsgFlashLoan(borrower string, assets sdk.Coins, msgs []sdk.Msg) (*MsgFlashLoan, error) {
	anys, err := tx.SetMsgs(msgs)
	if err != nil {
		return nil, err
	}
	return &MsgFlashLoan{Borrower: borrower, Assets: assets, Msgs: anys}, nil
}

// InnerMsgs unpacks the inner messages (cached by UnpackInterfaces when
// the transaction was decoded).
func (m MsgFlashLoan) InnerMsgs() ([]sdk.Msg, error) { return tx.GetMsgs(m.Msgs, "MsgFlashLoan") }

// UnpackInterfaces resolves the inner messages' Anys when the transaction
// is decoded.
func (m MsgFlashLoan) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	return tx.UnpackInterfaces(unpacker, m.Msgs)
}
