package keeper

import (
	"context"
	"fmt"

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
//     holds exactly the vaults with debt.
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
	arts := map[string]sdkmath.Int{}
	indexed := 0
	if err := k.Vaults.Walk(ctx, nil, func(_ uint64, v types.Vault) (bool, error) {
		if a, ok := arts[v.Type]; ok {
			arts[v.Type] = a.Add(v.Art)
		} else {
			arts[v.Type] = v.Art
		}
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
		sum, ok := arts[name]
		if !ok {
			sum = sdkmath.ZeroInt()
		}
		if !sum.Equal(st.TotalArt) {
			return true, fmt.Errorf("%s: Σ vault art %s ≠ total_art %s", name, sum, st.TotalArt)
		}
		return false, nil
	})
}
