package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/internal/authority"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the oracle's governance message server.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

func (k Keeper) checkAuthority(ctx context.Context, got string) error {
	return authority.Check(ctx, k.addressCodec, k.authority, got, types.ErrInvalidAuthority)
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

func (m msgServer) SetMarket(ctx context.Context, msg *types.MsgSetMarket) (*types.MsgSetMarketResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	market, err := m.Keeper.SetMarket(ctx, msg.Symbol, msg.PriceDecimals, msg.Enabled)
	if err != nil {
		return nil, err
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventMarketSet{
		Id: market.Id, Symbol: market.Symbol, PriceDecimals: market.PriceDecimals, Enabled: market.Enabled,
	}); err != nil {
		return nil, err
	}
	return &types.MsgSetMarketResponse{Id: market.Id}, nil
}
