package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// PrepaidGas is the gas msg is charged before its work (ATTACKS 27,
// types/gas.go), or 0 for a message that is not charged so. It reads only
// the message's shape: the oracle's price gas (its params) and, for a
// mint, the number of collateral types (O(types) reads).
func (k Keeper) PrepaidGas(ctx context.Context, msg sdk.Msg) (uint64, error) {
	switch msg := msg.(type) {
	case *types.MsgTake:
		return types.TakeGas, nil
	case *types.MsgLiquidate:
		spot, _, err := k.oracle.PriceGas(ctx)
		if err != nil {
			return 0, err
		}
		return types.LiquidateGas(spot), nil
	case *types.MsgWithdraw:
		_, conservative, err := k.oracle.PriceGas(ctx)
		if err != nil {
			return 0, err
		}
		return types.WithdrawGas(conservative), nil
	case *types.MsgMint:
		return k.mintGas(ctx, types.MintGas)
	case *types.MsgOpenVault:
		if msg.Mint.IsNil() || !msg.Mint.IsPositive() {
			return 0, nil
		}
		return k.mintGas(ctx, types.OpenVaultGas)
	}
	return 0, nil
}

// mintGas prices a mint's shape: the number of types and the conservative price.
func (k Keeper) mintGas(ctx context.Context, cost func(types, conservativePriceGas uint64) uint64) (uint64, error) {
	var n uint64
	if err := k.TypeStates.Walk(ctx, nil, func(string, types.TypeState) (bool, error) {
		n++
		return false, nil
	}); err != nil {
		return 0, err
	}
	_, conservative, err := k.oracle.PriceGas(ctx)
	if err != nil {
		return 0, err
	}
	return cost(n, conservative), nil
}
