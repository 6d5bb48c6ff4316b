package keeper

import (
	"context"

	"github.com/ballast-chain/ballast/internal/authority"
	"github.com/ballast-chain/ballast/x/flashloan/types"
)

type msgServer struct{ Keeper }

// NewMsgServerImpl returns the Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

func (m msgServer) FlashLoan(ctx context.Context, msg *types.MsgFlashLoan) (*types.MsgFlashLoanResponse, error) {
	borrower, err := m.addressCodec.StringToBytes(msg.Borrower)
	if err != nil {
		return nil, types.ErrInvalidLoan.Wrapf("borrower %q: %v", msg.Borrower, err)
	}
	msgs, err := msg.InnerMsgs()
	if err != nil {
		return nil, types.ErrInvalidLoan.Wrapf("inner messages: %v", err)
	}
	fees, results, err := m.Keeper.FlashLoan(ctx, borrower, msg.Assets, msgs)
	if err != nil {
		return nil, err
	}
	return &types.MsgFlashLoanResponse{Fees: fees, Results: results}, nil
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := authority.Check(ctx, m.addressCodec, m.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, m.Params.Set(ctx, msg.Params)
}
