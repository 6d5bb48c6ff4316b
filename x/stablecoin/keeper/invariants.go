package keeper

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// CheckInvariants verifies the books (tests and simulations only: it walks
// every vault):
//
//   - BSD supply = Σ types' debt + Σ auctions' debt + psm_minted + bad_debt, exactly;
//   - the surplus is exactly the BSD the module holds;
//   - each type's total_art is the sum of its vaults' art, and the index
//     holds exactly the vaults with debt;
//   - the module holds exactly the collateral of the vaults and auctions,
//     and a PSM reserve worth at least the BSD minted through it.
func (k Keeper) CheckInvariants(ctx context.Context) error {
	l, err := k.ledger(ctx)
	if err != nil {
		return err
	}
	debt, err := k.totalDebt(ctx)
	if err != nil {
		return err
	}
	inAuction := sdkmath.ZeroInt()
	if err := k.Auctions.Walk(ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
		inAuction = inAuction.Add(a.Debt)
		return false, nil
	}); err != nil {
		return err
	}
	supply := k.bank.GetSupply(ctx, StableDenom).Amount
	if want := debt.Add(inAuction).Add(l.PsmMinted).Add(l.BadDebt); !supply.Equal(want) {
		return fmt.Errorf("BSD supply %s ≠ debt %s + in auction %s + psm %s + bad debt %s", supply, debt, inAuction, l.PsmMinted, l.BadDebt)
	}
	held := k.bank.GetBalance(ctx, authtypes.NewModuleAddress(types.ModuleName), StableDenom).Amount
	if !held.Equal(l.Surplus) {
		return fmt.Errorf("surplus %s ≠ module BSD %s", l.Surplus, held)
	}
	if err := k.checkHoldings(ctx, l); err != nil {
		return err
	}
	arts := map[string]sdkmath.Int{}
	indexed := 0
	if err := k.Vaults.Walk(ctx, nil, func(_ uint64, v types.Vault) (bool, error) {
		arts[v.Type] = orZero(arts[v.Type]).Add(v.Art)
		if v.Art.IsPositive() {
			indexed++
		}
		return false, nil
	}); err != nil {
		return err
	}
	entries := 0
	if err := k.Index.Walk(ctx, nil, func(collections.Triple[string, []byte, uint64]) (bool, error) {
		entries++
		return false, nil
	}); err != nil {
		return err
	}
	if entries != indexed {
		return fmt.Errorf("index holds %d entries for %d vaults with debt", entries, indexed)
	}
	return k.TypeStates.Walk(ctx, nil, func(name string, st types.TypeState) (bool, error) {
		if sum := orZero(arts[name]); !sum.Equal(st.TotalArt) {
			return true, fmt.Errorf("%s: Σ vault art %s ≠ total_art %s", name, sum, st.TotalArt)
		}
		return false, nil
	})
}

// checkHoldings compares the module's balances with the books: each
// collateral denom exactly covers its vaults and auction lots (the module
// account takes no bank sends), the PSM reserve backs psm_minted.
func (k Keeper) checkHoldings(ctx context.Context, l types.Ledger) error {
	owed := map[string]sdkmath.Int{}
	denoms := map[string]string{}
	if err := k.Types.Walk(ctx, nil, func(name string, ct types.CollateralType) (bool, error) {
		denoms[name] = ct.Denom
		owed[ct.Denom] = sdkmath.ZeroInt()
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Vaults.Walk(ctx, nil, func(_ uint64, v types.Vault) (bool, error) {
		owed[denoms[v.Type]] = orZero(owed[denoms[v.Type]]).Add(v.Collateral)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Auctions.Walk(ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
		owed[denoms[a.Type]] = orZero(owed[denoms[a.Type]]).Add(a.Lot)
		return false, nil
	}); err != nil {
		return err
	}
	module := authtypes.NewModuleAddress(types.ModuleName)
	for _, denom := range slices.Sorted(maps.Keys(owed)) {
		if held := k.bank.GetBalance(ctx, module, denom).Amount; !held.Equal(owed[denom]) {
			return fmt.Errorf("module holds %s%s, vaults and auctions %s", held, denom, owed[denom])
		}
	}
	p, err := k.PSM.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if reserve := p.ToBSD(k.bank.GetBalance(ctx, module, p.Denom).Amount); reserve.LT(l.PsmMinted) {
		return fmt.Errorf("PSM reserve worth %subsd backs %subsd minted", reserve, l.PsmMinted)
	}
	return nil
}
