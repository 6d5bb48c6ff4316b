package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages for amino JSON signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	cdc.RegisterConcrete(&MsgSupply{}, "ballast/x/lending/MsgSupply", nil)
	cdc.RegisterConcrete(&MsgWithdraw{}, "ballast/x/lending/MsgWithdraw", nil)
	cdc.RegisterConcrete(&MsgSetCollateral{}, "ballast/x/lending/MsgSetCollateral", nil)
	cdc.RegisterConcrete(&MsgBorrow{}, "ballast/x/lending/MsgBorrow", nil)
	cdc.RegisterConcrete(&MsgRepay{}, "ballast/x/lending/MsgRepay", nil)
	cdc.RegisterConcrete(&MsgLiquidate{}, "ballast/x/lending/MsgLiquidate", nil)
	cdc.RegisterConcrete(&MsgUpdateParams{}, "ballast/x/lending/MsgUpdateParams", nil)
	cdc.RegisterConcrete(&MsgSetMarket{}, "ballast/x/lending/MsgSetMarket", nil)
	cdc.RegisterConcrete(&MsgGuardianAct{}, "ballast/x/lending/MsgGuardianAct", nil)
	cdc.RegisterConcrete(&Params{}, "ballast/x/lending/Params", nil)
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgSupply{}, &MsgWithdraw{}, &MsgSetCollateral{}, &MsgBorrow{}, &MsgRepay{},
		&MsgLiquidate{}, &MsgUpdateParams{}, &MsgSetMarket{}, &MsgGuardianAct{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
