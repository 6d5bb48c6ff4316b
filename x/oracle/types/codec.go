package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages for amino JSON signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	cdc.RegisterConcrete(&MsgUpdateParams{}, "ballast/x/oracle/MsgUpdateParams", nil)
	cdc.RegisterConcrete(&MsgSetMarket{}, "ballast/x/oracle/MsgSetMarket", nil)
	cdc.RegisterConcrete(&Params{}, "ballast/x/oracle/Params", nil)
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil), &MsgUpdateParams{}, &MsgSetMarket{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
