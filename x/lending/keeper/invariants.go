package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// ModuleBalance is what the bank says the lending module account holds.
type ModuleBalance func(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin

// CheckInvariants verifies the books of every market. It walks every
// position, so it is for tests and simulations, never for a blocker:
//
//   - Σ accounts' scaled supply = total scaled supply; same for borrows;
//   - no negative cash, reserves, deficit or scaled amount; indices positive;
//   - what suppliers are owed plus reserves ≤ cash + what borrowers owe
//     (+1 unit of rounding per account): the protocol never promises more
//     than it has or is owed;
//   - the module account holds at least the cash every market accounts for
//     (donations may add more, never less).
func (k Keeper) CheckInvariants(ctx context.Context, balance ModuleBalance) error {
	supplies, borrows := map[string]sdkmath.Int{}, map[string]sdkmath.Int{}
	accounts := map[string]int64{}
	add := func(m map[string]sdkmath.Int, denom string, v sdkmath.Int) {
		if cur, ok := m[denom]; ok {
			m[denom] = cur.Add(v)
		} else {
			m[denom] = v
		}
	}
	for _, walk := range []struct {
		m   collections.Map[collections.Pair[sdk.AccAddress, string], sdkmath.Int]
		sum map[string]sdkmath.Int
	}{{k.Supplies, supplies}, {k.Borrows, borrows}} {
		err := walk.m.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], v sdkmath.Int) (bool, error) {
			if !v.IsPositive() {
				return true, fmt.Errorf("non-positive scaled amount %s for %s/%s", v, key.K1(), key.K2())
			}
			add(walk.sum, key.K2(), v)
			accounts[key.K2()]++
			return false, nil
		})
		if err != nil {
			return err
		}
	}
	module := authtypes.NewModuleAddress(types.ModuleName)
	return k.MarketStates.Walk(ctx, nil, func(denom string, st types.MarketState) (bool, error) {
		zero := sdkmath.ZeroInt()
		if s := supplies[denom]; (s.IsNil() && !st.TotalScaledSupply.IsZero()) || (!s.IsNil() && !s.Equal(st.TotalScaledSupply)) {
			return true, fmt.Errorf("%s: Σ scaled supply %v ≠ total %s", denom, s, st.TotalScaledSupply)
		}
		if b := borrows[denom]; (b.IsNil() && !st.TotalScaledBorrows.IsZero()) || (!b.IsNil() && !b.Equal(st.TotalScaledBorrows)) {
			return true, fmt.Errorf("%s: Σ scaled borrows %v ≠ total %s", denom, b, st.TotalScaledBorrows)
		}
		if st.Cash.LT(zero) || st.Reserves.LT(zero) || st.Deficit.LT(zero) || !st.LiquidityIndex.IsPositive() || !st.BorrowIndex.IsPositive() {
			return true, fmt.Errorf("%s: negative books or non-positive index: %v", denom, st)
		}
		supply, owed := st.Totals()
		slack := sdkmath.NewInt(accounts[denom] + 1)
		if supply.Add(st.Reserves).GT(st.Cash.Add(owed).Add(slack)) {
			return true, fmt.Errorf("%s: suppliers %s + reserves %s exceed cash %s + borrows %s", denom, supply, st.Reserves, st.Cash, owed)
		}
		if held := balance(ctx, module, denom).Amount; held.LT(st.Cash) {
			return true, fmt.Errorf("%s: module holds %s, books say %s", denom, held, st.Cash)
		}
		return false, nil
	})
}
