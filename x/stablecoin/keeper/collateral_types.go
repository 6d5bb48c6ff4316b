package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func (k Keeper) collateralType(ctx context.Context, name string) (types.CollateralType, error) {
	ct, err := k.Types.Get(ctx, name)
	if errors.Is(err, collections.ErrNotFound) {
		return ct, types.ErrUnknownType.Wrapf("%q", name)
	}
	return ct, err
}

// accrued is a type with its state accrued to the block time and the fee
// that accrual owes the surplus; nothing is written.
func (k Keeper) accrued(ctx context.Context, name string) (types.CollateralType, types.TypeState, sdkmath.Int, error) {
	ct, err := k.collateralType(ctx, name)
	if err != nil {
		return ct, types.TypeState{}, sdkmath.ZeroInt(), err
	}
	st, err := k.TypeStates.Get(ctx, name)
	if err != nil {
		return ct, st, sdkmath.ZeroInt(), err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return ct, st, sdkmath.ZeroInt(), err
	}
	st, fee := types.Accrue(st, ct.StabilityFee, params.MaxFeePerSecond, sdk.UnwrapSDKContext(ctx).BlockTime())
	return ct, st, fee, nil
}

// touch accrues the type's stability fee to the block time, books the fee
// as surplus, and writes the state. Every action on a type starts here.
func (k Keeper) touch(ctx context.Context, name string) (types.CollateralType, types.TypeState, error) {
	ct, st, fee, err := k.accrued(ctx, name)
	if err != nil {
		return ct, st, err
	}
	if err := k.toSurplus(ctx, fee); err != nil {
		return ct, st, err
	}
	return ct, st, k.TypeStates.Set(ctx, name, st)
}

// SetCollateralType adds or changes a type (governance). An existing type
// accrues under its old fee first, and keeps its denom and decimals: its
// vaults and auctions hold that collateral, and the index keys were
// computed with those decimals.
func (k Keeper) SetCollateralType(ctx context.Context, ct types.CollateralType) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := ct.Validate(params); err != nil {
		return err
	}
	psm, err := k.PSM.Get(ctx)
	switch {
	case err == nil:
		if err := ct.SeparateFrom(psm); err != nil {
			return err
		}
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	has, err := k.TypeStates.Has(ctx, ct.Name)
	if err != nil {
		return err
	}
	if has {
		old, _, err := k.touch(ctx, ct.Name)
		if err != nil {
			return err
		}
		if old.Denom != ct.Denom || old.Decimals != ct.Decimals {
			return types.ErrInvalidType.Wrapf("%s: denom and decimals of an existing type are fixed (%s, %d)", ct.Name, old.Denom, old.Decimals)
		}
	} else if err := k.TypeStates.Set(ctx, ct.Name, types.TypeState{
		Name: ct.Name, Rate: sdkmath.LegacyOneDec(), LastAccrual: sdk.UnwrapSDKContext(ctx).BlockTime(),
		TotalArt: sdkmath.ZeroInt(), InAuction: sdkmath.ZeroInt(),
	}); err != nil {
		return err
	}
	return k.Types.Set(ctx, ct.Name, ct)
}

// totalDebt is Σ types' debt, for the global ceiling (bounded by the number of types).
func (k Keeper) totalDebt(ctx context.Context) (sdkmath.Int, error) {
	total := sdkmath.ZeroInt()
	err := k.TypeStates.Walk(ctx, nil, func(_ string, st types.TypeState) (bool, error) {
		total = total.Add(types.DebtOf(st.TotalArt, st.Rate))
		return false, nil
	})
	return total, err
}
