package keeper

import (
	"context"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// PrepaidGas is the gas msg is charged before its work (ATTACKS 27,
// types/gas.go), or 0 for a message that is not charged so. It reads the
// message's shape: the account's positions (O(positions) key reads) and
// the oracle's price gas (its params).
func (k Keeper) PrepaidGas(ctx context.Context, msg sdk.Msg) (uint64, error) {
	var account, denom string
	var cost func(types.Shape) uint64
	switch msg := msg.(type) {
	case *types.MsgBorrow:
		account, denom, cost = msg.Borrower, msg.Amount.Denom, types.Shape.BorrowGas
	case *types.MsgWithdraw:
		account, cost = msg.Supplier, types.Shape.WithdrawGas
	case *types.MsgSetCollateral:
		if msg.Enabled {
			return 0, nil // one write, no health evaluation
		}
		account, cost = msg.Owner, types.Shape.DisableCollateralGas
	case *types.MsgLiquidate:
		account, cost = msg.Borrower, types.Shape.LiquidateGas
	default:
		return 0, nil
	}
	s, err := k.shape(ctx, account, denom)
	if err != nil {
		return 0, err
	}
	return cost(s), nil
}

// shape reads account's shape; a denom it has no position in yet counts
// as one more position (a borrow opens it).
func (k Keeper) shape(ctx context.Context, account, denom string) (types.Shape, error) {
	addr, err := k.account(account)
	if err != nil {
		return types.Shape{}, err
	}
	denoms, err := k.accountDenoms(ctx, addr)
	if err != nil {
		return types.Shape{}, err
	}
	if denom != "" && !slices.Contains(denoms, denom) {
		denoms = append(denoms, denom)
	}
	spot, conservative, err := k.oracle.PriceGas(ctx)
	if err != nil {
		return types.Shape{}, err
	}
	return types.Shape{Positions: uint64(len(denoms)), SpotPriceGas: spot, ConservativePriceGas: conservative}, nil
}
