package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/internal/authority"
	"github.com/ballast-chain/ballast/internal/prepaid"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the stablecoin message server.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

func (k Keeper) account(s string) (sdk.AccAddress, error) {
	bz, err := k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, types.ErrInvalidAmount.Wrapf("invalid address %q: %v", s, err)
	}
	return bz, nil
}

// orZero reads an amount a client may have left empty as zero, so a
// missing field is a clear error downstream and never a nil dereference.
func orZero(i sdkmath.Int) sdkmath.Int {
	if i.IsNil() {
		return sdkmath.ZeroInt()
	}
	return i
}

func (m msgServer) OpenVault(ctx context.Context, msg *types.MsgOpenVault) (*types.MsgOpenVaultResponse, error) {
	owner, err := m.account(msg.Owner)
	if err != nil {
		return nil, err
	}
	if msg.Collateral.Amount.IsNil() {
		return nil, types.ErrInvalidAmount.Wrap("collateral is required")
	}
	mint := orZero(msg.Mint)
	if mint.IsNegative() {
		return nil, types.ErrInvalidAmount.Wrap("mint cannot be negative")
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "stablecoin open vault", func(ctx context.Context) (*types.MsgOpenVaultResponse, error) {
		id, err := m.Keeper.OpenVault(ctx, owner, msg.Type, msg.Collateral, mint)
		if err != nil {
			return nil, err
		}
		return &types.MsgOpenVaultResponse{VaultId: id}, nil
	})
}

func (m msgServer) Deposit(ctx context.Context, msg *types.MsgDeposit) (*types.MsgDepositResponse, error) {
	owner, err := m.account(msg.Owner)
	if err != nil {
		return nil, err
	}
	return &types.MsgDepositResponse{}, m.Keeper.Deposit(ctx, owner, msg.VaultId, orZero(msg.Amount))
}

func (m msgServer) Withdraw(ctx context.Context, msg *types.MsgWithdraw) (*types.MsgWithdrawResponse, error) {
	owner, err := m.account(msg.Owner)
	if err != nil {
		return nil, err
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "stablecoin withdraw", func(ctx context.Context) (*types.MsgWithdrawResponse, error) {
		return &types.MsgWithdrawResponse{}, m.Keeper.Withdraw(ctx, owner, msg.VaultId, orZero(msg.Amount))
	})
}

func (m msgServer) Mint(ctx context.Context, msg *types.MsgMint) (*types.MsgMintResponse, error) {
	owner, err := m.account(msg.Owner)
	if err != nil {
		return nil, err
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "stablecoin mint", func(ctx context.Context) (*types.MsgMintResponse, error) {
		return &types.MsgMintResponse{}, m.Keeper.Mint(ctx, owner, msg.VaultId, orZero(msg.Amount))
	})
}

func (m msgServer) Repay(ctx context.Context, msg *types.MsgRepay) (*types.MsgRepayResponse, error) {
	payer, err := m.account(msg.Payer)
	if err != nil {
		return nil, err
	}
	repaid, err := m.Keeper.Repay(ctx, payer, msg.VaultId, orZero(msg.Amount), msg.All)
	if err != nil {
		return nil, err
	}
	return &types.MsgRepayResponse{Repaid: repaid}, nil
}

func (m msgServer) CloseVault(ctx context.Context, msg *types.MsgCloseVault) (*types.MsgCloseVaultResponse, error) {
	owner, err := m.account(msg.Owner)
	if err != nil {
		return nil, err
	}
	return &types.MsgCloseVaultResponse{}, m.Keeper.CloseVault(ctx, owner, msg.VaultId)
}

func (m msgServer) Liquidate(ctx context.Context, msg *types.MsgLiquidate) (*types.MsgLiquidateResponse, error) {
	kpr, err := m.account(msg.Keeper)
	if err != nil {
		return nil, err
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "stablecoin liquidate", func(ctx context.Context) (*types.MsgLiquidateResponse, error) {
		id, incentive, err := m.Keeper.Liquidate(ctx, kpr, msg.VaultId)
		if err != nil {
			return nil, err
		}
		return &types.MsgLiquidateResponse{AuctionId: id, Incentive: incentive}, nil
	})
}

func (m msgServer) Take(ctx context.Context, msg *types.MsgTake) (*types.MsgTakeResponse, error) {
	buyer, err := m.account(msg.Buyer)
	if err != nil {
		return nil, err
	}
	if msg.MaxPrice.IsNil() || !msg.MaxPrice.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("max price must be positive")
	}
	cost, err := m.PrepaidGas(ctx, msg)
	if err != nil {
		return nil, err
	}
	return prepaid.Run(ctx, cost, "stablecoin take", func(ctx context.Context) (*types.MsgTakeResponse, error) {
		t, err := m.Keeper.Take(ctx, buyer, msg.AuctionId, orZero(msg.Amount), msg.MaxPrice)
		if err != nil {
			return nil, err
		}
		return &types.MsgTakeResponse{Bought: t.Slice, Paid: t.Owe}, nil
	})
}

func (m msgServer) Redo(ctx context.Context, msg *types.MsgRedo) (*types.MsgRedoResponse, error) {
	if _, err := m.account(msg.Keeper); err != nil {
		return nil, err
	}
	return &types.MsgRedoResponse{}, m.Keeper.Redo(ctx, msg.AuctionId)
}

func (m msgServer) PSMSwapIn(ctx context.Context, msg *types.MsgPSMSwapIn) (*types.MsgPSMSwapInResponse, error) {
	sender, err := m.account(msg.Sender)
	if err != nil {
		return nil, err
	}
	if msg.Amount.Amount.IsNil() {
		return nil, types.ErrInvalidAmount.Wrap("amount is required")
	}
	minted, err := m.Keeper.PSMSwapIn(ctx, sender, msg.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgPSMSwapInResponse{Minted: minted}, nil
}

func (m msgServer) PSMSwapOut(ctx context.Context, msg *types.MsgPSMSwapOut) (*types.MsgPSMSwapOutResponse, error) {
	sender, err := m.account(msg.Sender)
	if err != nil {
		return nil, err
	}
	paid, err := m.Keeper.PSMSwapOut(ctx, sender, orZero(msg.Amount))
	if err != nil {
		return nil, err
	}
	return &types.MsgPSMSwapOutResponse{Paid: paid}, nil
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
	// Every type must still fit the new params.
	if err := m.Types.Walk(ctx, nil, func(_ string, ct types.CollateralType) (bool, error) {
		return false, ct.Validate(msg.Params)
	}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, m.Params.Set(ctx, msg.Params)
}

func (m msgServer) SetCollateralType(ctx context.Context, msg *types.MsgSetCollateralType) (*types.MsgSetCollateralTypeResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgSetCollateralTypeResponse{}, m.Keeper.SetCollateralType(ctx, msg.CollateralType)
}

func (m msgServer) SetPSM(ctx context.Context, msg *types.MsgSetPSM) (*types.MsgSetPSMResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgSetPSMResponse{}, m.Keeper.SetPSM(ctx, msg.Psm)
}
