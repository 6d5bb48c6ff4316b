package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

func (f *fixture) invariants() error {
	return f.k.CheckInvariants(f.ctx, f.app.BankKeeper.GetBalance)
}

// ATTACKS 3: random operations by several accounts, with time passing and
// prices moving; after every step the books hold: Σ user supply ≤ what the
// module can pay out, Σ user debt ≥ recorded borrows (the invariants).
func TestRandomOperationsKeepTheBooks(t *testing.T) {
	f := setup(t)
	base := f.ctx
	succeeded := map[int]int{}
	rapid.Check(t, func(rt *rapid.T) {
		f.ctx, _ = base.CacheContext() // every run starts from the same state
		denoms := []string{"uatom", "uusdc"}
		// Everyone starts with both assets supplied and ATOM as collateral,
		// so borrows, repays and liquidations have something to act on.
		for _, u := range f.users {
			require.NoError(rt, f.k.Supply(f.ctx, u, coin("5000000000uusdc")))
			require.NoError(rt, f.k.Supply(f.ctx, u, coin("500000000uatom")))
			require.NoError(rt, f.k.SetCollateral(f.ctx, u, "uatom", true))
		}
		// About 10^5 operations over the 100 runs.
		steps := rapid.IntRange(500, 1500).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			who := f.users[rapid.IntRange(0, len(f.users)-1).Draw(rt, "who")]
			denom := denoms[rapid.IntRange(0, 1).Draw(rt, "denom")]
			amount := func(lo, hi int64) sdk.Coin {
				return sdk.NewCoin(denom, sdkmath.NewInt(rapid.Int64Range(lo, hi).Draw(rt, "amount")))
			}
			op := rapid.IntRange(0, 7).Draw(rt, "op")
			if op == 7 {
				f.advance(rapid.Int64Range(1, 5).Draw(rt, "blocks"), time.Duration(rapid.Int64Range(1, 30*86400).Draw(rt, "secs"))*time.Second)
				atom := rapid.SampledFrom([]string{"0.5", "2", "6", "10", "14"}).Draw(rt, "atom")
				f.setPrices(map[string]string{"ATOM": atom, "USDC": "1"})
				continue
			}
			// Each operation runs like a transaction: its writes land only if it succeeds.
			outer := f.ctx
			txCtx, write := outer.CacheContext()
			f.ctx = txCtx
			var err error
			switch op {
			case 0, 1:
				err = f.k.Supply(f.ctx, who, amount(1, 3_000_000_000))
			case 2:
				_, err = f.k.Withdraw(f.ctx, who, amount(1, 1_000_000_000), rapid.Bool().Draw(rt, "all"))
			case 3:
				err = f.k.SetCollateral(f.ctx, who, denom, rapid.Bool().Draw(rt, "enabled"))
			case 4:
				err = f.k.Borrow(f.ctx, who, sdk.NewCoin("uusdc", sdkmath.NewInt(rapid.Int64Range(10_000_000, 2_000_000_000).Draw(rt, "borrow"))))
			case 5:
				_, err = f.k.Repay(f.ctx, who, who, sdk.NewCoin("uusdc", sdkmath.NewInt(rapid.Int64Range(1, 2_000_000_000).Draw(rt, "repay"))), rapid.Bool().Draw(rt, "all"))
			case 6:
				victim := f.users[rapid.IntRange(0, len(f.users)-1).Draw(rt, "victim")]
				_, err = f.k.Liquidate(f.ctx, who, victim, "uusdc", "uatom", sdkmath.NewInt(rapid.Int64Range(1_000_000, 10_000_000_000).Draw(rt, "max_repay")))
			}
			f.ctx = outer
			if err == nil {
				write()
				succeeded[op]++
			}
			if err := f.invariants(); err != nil {
				rt.Fatalf("step %d: %v", i, err)
			}
		}
	})
	t.Logf("successful operations by kind (0-1 supply, 2 withdraw, 3 collateral, 4 borrow, 5 repay, 6 liquidate): %v", succeeded)
	for _, op := range []int{0, 2, 3, 4, 5, 6} {
		require.Positive(t, succeeded[op]+succeeded[op+1*boolInt(op == 0)], "operation %d never succeeded: the test would not exercise it", op)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestInvariantsCatchBrokenBooks(t *testing.T) {
	f := setup(t)
	f.borrower("1000000000uatom", "1000000000uusdc")
	require.NoError(t, f.invariants())
	st := f.state("uusdc")
	st.TotalScaledSupply = st.TotalScaledSupply.AddRaw(1)
	require.NoError(t, f.k.MarketStates.Set(f.ctx, "uusdc", st))
	require.Error(t, f.invariants())
}
