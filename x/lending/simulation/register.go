package simulation

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/ballast-chain/ballast/internal/simutil"
	"github.com/ballast-chain/ballast/x/lending/keeper"
	"github.com/ballast-chain/ballast/x/lending/types"
)

// Register adds every lending message factory with its default weight.
func Register(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("msg_lending_supply", 100), simutil.Tolerate(MsgSupplyFactory(), sdkerrors.ErrInsufficientFunds))
	reg.Add(weights.Get("msg_lending_set_collateral", 50), MsgSetCollateralFactory(k))
	reg.Add(weights.Get("msg_lending_borrow", 80), simutil.Tolerate(MsgBorrowFactory(k), types.ErrUndercollateralized, types.ErrInsufficientLiquidity))
	reg.Add(weights.Get("msg_lending_repay", 60), simutil.Tolerate(MsgRepayFactory(k), sdkerrors.ErrInsufficientFunds, types.ErrNoDebt))
	reg.Add(weights.Get("msg_lending_withdraw", 40), simutil.Tolerate(MsgWithdrawFactory(k), types.ErrUndercollateralized, types.ErrInsufficientLiquidity, types.ErrInsufficientSupply))
	reg.Add(weights.Get("msg_lending_liquidate", 20), simutil.Tolerate(MsgLiquidateFactory(k), sdkerrors.ErrInsufficientFunds, types.ErrHealthy, types.ErrLeavesDust))
}
