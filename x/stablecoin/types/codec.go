package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages for amino JSON signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	for name, msg := range map[string]sdk.Msg{
		"MsgOpenVault": &MsgOpenVault{}, "MsgDeposit": &MsgDeposit{}, "MsgWithdraw": &MsgWithdraw{},
		"MsgMint": &MsgMint{}, "MsgRepay": &MsgRepay{}, "MsgCloseVault": &MsgCloseVault{},
		"MsgLiquidate": &MsgLiquidate{}, "MsgTake": &MsgTake{}, "MsgRedo": &MsgRedo{},
		"MsgPSMSwapIn": &MsgPSMSwapIn{}, "MsgPSMSwapOut": &MsgPSMSwapOut{}, "MsgUpdateParams": &MsgUpdateParams{},
		"MsgSetCollateralType": &MsgSetCollateralType{}, "MsgSetPSM": &MsgSetPSM{},
	} {
		cdc.RegisterConcrete(msg, "ballast/x/stablecoin/"+name, nil)
	}
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgOpenVault{}, &MsgDeposit{}, &MsgWithdraw{}, &MsgMint{}, &MsgRepay{}, &MsgCloseVault{},
		&MsgLiquidate{}, &MsgTake{}, &MsgRedo{}, &MsgPSMSwapIn{}, &MsgPSMSwapOut{},
		&MsgUpdateParams{}, &MsgSetCollateralType{}, &MsgSetPSM{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
