package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/internal/authority"
	"github.com/ballast-chain/ballast/internal/prepaid"
	"github.com/ballast-chain/ballast/x/lending/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the lending message server.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

func (k Keeper) account(s string) (sdk.AccAddress, error) {
	bz, err := k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, types.ErrInvalidAddress.Wrapf("%q: %v", s, err)
	}
	return bz, nil
}

func (m msgServer) Supply(ctx context.Context, msg *types.MsgSupply) (*types.MsgSupplyResponse, error) {
	addr, err := m.account(msg.Supplier)
	if err != nil {
		return nil, err
	}
	if err := msg.ValidateAmount(); err != nil {
		return nil, err
	}
	return &types.MsgSupplyResponse{}, m.Keeper.Supply(ctx, addr, msg.Amount)
}

func (m msgServer) Withdraw(ctx context.Context, msg *types.MsgWithdraw) (*types.MsgWithdrawResponse, error) {
	addr, err := m.account(msg.Supplier)
	if err != nil {
		return nil, err
	}
	if err := msg.ValidateAmount(); err != nil {
		return nil, err
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "lending withdraw", func(ctx context.Context) (*types.MsgWithdrawResponse, error) {
		out, err := m.Keeper.Withdraw(ctx, addr, msg.Amount, msg.All)
		if err != nil {
			return nil, err
		}
		return &types.MsgWithdrawResponse{Withdrawn: out}, nil
	})
}

func (m msgServer) SetCollateral(ctx context.Context, msg *types.MsgSetCollateral) (*types.MsgSetCollateralResponse, error) {
	addr, err := m.account(msg.Owner)
	if err != nil {
		return nil, err
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "lending set collateral", func(ctx context.Context) (*types.MsgSetCollateralResponse, error) {
		return &types.MsgSetCollateralResponse{}, m.Keeper.SetCollateral(ctx, addr, msg.Denom, msg.Enabled)
	})
}

func (m msgServer) Borrow(ctx context.Context, msg *types.MsgBorrow) (*types.MsgBorrowResponse, error) {
	addr, err := m.account(msg.Borrower)
	if err != nil {
		return nil, err
	}
	if err := msg.ValidateAmount(); err != nil {
		return nil, err
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "lending borrow", func(ctx context.Context) (*types.MsgBorrowResponse, error) {
		return &types.MsgBorrowResponse{}, m.Keeper.Borrow(ctx, addr, msg.Amount)
	})
}

func (m msgServer) Repay(ctx context.Context, msg *types.MsgRepay) (*types.MsgRepayResponse, error) {
	payer, err := m.account(msg.Payer)
	if err != nil {
		return nil, err
	}
	borrower := payer
	if msg.Borrower != "" {
		if borrower, err = m.account(msg.Borrower); err != nil {
			return nil, err
		}
	}
	if err := msg.ValidateAmount(); err != nil {
		return nil, err
	}
	repaid, err := m.Keeper.Repay(ctx, payer, borrower, msg.Amount, msg.All)
	if err != nil {
		return nil, err
	}
	return &types.MsgRepayResponse{Repaid: repaid}, nil
}

func (m msgServer) Liquidate(ctx context.Context, msg *types.MsgLiquidate) (*types.MsgLiquidateResponse, error) {
	liquidator, err := m.account(msg.Liquidator)
	if err != nil {
		return nil, err
	}
	borrower, err := m.account(msg.Borrower)
	if err != nil {
		return nil, err
	}
	if msg.MaxRepay.IsNil() || !msg.MaxRepay.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("max_repay must be positive")
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "lending liquidate", func(ctx context.Context) (*types.MsgLiquidateResponse, error) {
		res, err := m.Keeper.Liquidate(ctx, liquidator, borrower, msg.DebtDenom, msg.CollateralDenom, msg.MaxRepay)
		if err != nil {
			return nil, err
		}
		return &types.MsgLiquidateResponse{Repaid: res.Repaid, Seized: res.Seized, SeizedAsSupply: res.SeizedAsSupply, BadDebt: res.BadDebt}, nil
	})
}

func (m msgServer) checkAuthority(ctx context.Context, got string) error {
	return authority.Check(ctx, m.addressCodec, m.authority, got, types.ErrInvalidAuthority)
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	// Every market must still fit the new params.
	if err := m.Markets.Walk(ctx, nil, func(_ string, market types.Market) (bool, error) {
		return false, market.ValidateAgainst(msg.Params)
	}); err != nil {
		return nil, err
	}
	if msg.Params.Guardian != "" {
		if _, err := m.account(msg.Params.Guardian); err != nil {
			return nil, err
		}
	}
	return &types.MsgUpdateParamsResponse{}, m.Params.Set(ctx, msg.Params)
}

func (m msgServer) SetMarket(ctx context.Context, msg *types.MsgSetMarket) (*types.MsgSetMarketResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := m.Keeper.SetMarket(ctx, msg.Market); err != nil {
		return nil, err
	}
	return &types.MsgSetMarketResponse{}, m.emit(ctx, &types.EventMarketSet{Denom: msg.Market.Denom, By: msg.Authority})
}

// GuardianAct lets the guardian (or governance) make a market safer, and only safer.
func (m msgServer) GuardianAct(ctx context.Context, msg *types.MsgGuardianAct) (*types.MsgGuardianActResponse, error) {
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if msg.Authority != params.Guardian || params.Guardian == "" {
		if err := m.checkAuthority(ctx, msg.Authority); err != nil {
			return nil, types.ErrInvalidAuthority.Wrap("only the guardian or governance")
		}
	}
	market, err := m.market(ctx, msg.Denom)
	if err != nil {
		return nil, err
	}
	safer, err := market.ApplyGuardian(msg.Action, msg.Cap)
	if err != nil {
		return nil, err
	}
	if err := m.Markets.Set(ctx, msg.Denom, safer); err != nil {
		return nil, err
	}
	return &types.MsgGuardianActResponse{}, m.emit(ctx, &types.EventMarketSet{Denom: msg.Denom, By: msg.Authority})
}
