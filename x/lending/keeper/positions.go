package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

func pos(addr sdk.AccAddress, denom string) collections.Pair[sdk.AccAddress, string] {
	return collections.Join(addr, denom)
}

// scaled reads a scaled amount; missing means zero.
func scaled(ctx context.Context, m collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int], addr sdk.AccAddress, denom string) (sdkmath.Int, error) {
	v, err := m.Get(ctx, pos(addr, denom))
	if errors.Is(err, collections.ErrNotFound) {
		return sdkmath.ZeroInt(), nil
	}
	return v, err
}

// setScaled writes a scaled amount, deleting zero entries so iteration
// over an account visits only real positions.
func setScaled(ctx context.Context, m collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int], addr sdk.AccAddress, denom string, v sdkmath.Int) error {
	if v.IsZero() {
		return m.Remove(ctx, pos(addr, denom))
	}
	return m.Set(ctx, pos(addr, denom), v)
}

// accountDenoms lists, in order, the denoms an account supplies or owes.
func (k Keeper) accountDenoms(ctx context.Context, addr sdk.AccAddress) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	rng := collections.NewPrefixedPairRange[sdk.AccAddress, string](addr)
	for _, m := range []collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int]{k.Supplies, k.Borrows} {
		err := m.Walk(ctx, rng, func(key collections.Pair[sdk.AccAddress, string], _ sdkmath.Int) (bool, error) {
			if d := key.K2(); !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
			return false, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// refreshBorrower keeps the Borrowers index true: an account is in it
// exactly when it owes anything.
func (k Keeper) refreshBorrower(ctx context.Context, addr sdk.AccAddress) error {
	owes := false
	err := k.Borrows.Walk(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, string](addr),
		func(collections.Pair[sdk.AccAddress, string], sdkmath.Int) (bool, error) {
			owes = true
			return true, nil
		})
	if err != nil {
		return err
	}
	if owes {
		return k.Borrowers.Set(ctx, addr)
	}
	return k.Borrowers.Remove(ctx, addr)
}
