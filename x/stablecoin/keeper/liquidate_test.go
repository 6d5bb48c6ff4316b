package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// open opens an atom-a vault for owner with collateral uatom and debt ubsd.
func (f *fixture) open(owner sdk.AccAddress, collateral, debt int64) uint64 {
	f.t.Helper()
	id, err := f.k.OpenVault(f.ctx, owner, "atom-a", sdk.NewCoin("uatom", sdkmath.NewInt(collateral)), sdkmath.NewInt(debt))
	require.NoError(f.t, err)
	return id
}

func (f *fixture) after(dt time.Duration) { f.ctx = f.ctx.WithBlockTime(f.ctx.BlockTime().Add(dt)) }

func TestLiquidationAuctionTakeAndReturn(t *testing.T) {
	f := setup(t)
	id := f.open(f.alice, 1_000_000_000, 6_000_000_000) // $10,000 vs 6,000 BSD: ratio 1.67
	f.invariants()
	_, _, err := f.k.Liquidate(f.ctx, f.bob, id)
	require.ErrorIs(t, err, types.ErrSafeVault)

	f.oracle.prices["ATOM"] = d("8") // $8,000 / 6,000 = 1.33 < 1.5
	unsafe, err := f.k.UnsafeVaults(f.ctx, "atom-a", 10)
	require.NoError(t, err)
	require.Len(t, unsafe, 1)

	auctionID, incentive, err := f.k.Liquidate(f.ctx, f.bob, id)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(10_000_000+6_780_000), incentive, "tip 10 BSD + 0.1% of the 6,780 tab")
	f.invariants()
	a, err := f.k.Auctions.Get(f.ctx, auctionID)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(6_780_000_000), a.Tab, "6,000 debt + 13% penalty")
	require.Equal(t, d("9.6"), a.Top, "8 × 1.2")

	// ATTACKS 20: a take above the current price fails.
	_, err = f.k.Take(f.ctx, f.bob, auctionID, sdkmath.NewInt(100_000_000), d("9"))
	require.ErrorIs(t, err, types.ErrPriceAboveMax)

	// Ten minutes later the price is 9.6 × 0.99^6 ≈ 9.04; bob buys 300 ATOM.
	f.after(10 * time.Minute)
	f.bank.add(f.bob, sdk.NewCoins(sdk.NewCoin("ubsd", sdkmath.NewInt(10_000_000_000))))
	f.bank.supply = f.bank.supply.Add(sdk.NewCoin("ubsd", sdkmath.NewInt(10_000_000_000)))
	l, _ := f.k.Ledger.Get(f.ctx)
	l.BadDebt = l.BadDebt.Add(sdkmath.NewInt(10_000_000_000)) // test BSD outside the system's books
	require.NoError(t, f.k.Ledger.Set(f.ctx, l))
	f.invariants()
	tk, err := f.k.Take(f.ctx, f.bob, auctionID, sdkmath.NewInt(300_000_000), d("9.1"))
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(300_000_000), tk.Slice)
	f.invariants()

	// Then the rest of the tab: the remaining collateral goes back to alice.
	aliceAtom := f.bank.GetBalance(f.ctx, f.alice, "uatom").Amount
	tk, err = f.k.Take(f.ctx, f.bob, auctionID, sdkmath.NewInt(1_000_000_000), d("9.1"))
	require.NoError(t, err)
	_, err = f.k.Auctions.Get(f.ctx, auctionID)
	require.Error(t, err, "the auction is closed")
	require.True(t, f.bank.GetBalance(f.ctx, f.alice, "uatom").Amount.GT(aliceAtom), "leftover collateral returned")
	f.invariants()
}

// ATTACKS 20: an auction past its bounds must be redone at a fresh price; a
// near-zero price is never reached while the auction is live.
func TestStaleAuctionMustBeRedone(t *testing.T) {
	f := setup(t)
	id := f.open(f.alice, 1_000_000_000, 6_000_000_000)
	f.oracle.prices["ATOM"] = d("8")
	auctionID, _, err := f.k.Liquidate(f.ctx, f.bob, id)
	require.NoError(t, err)
	require.ErrorIs(t, f.k.Redo(f.ctx, auctionID), types.ErrNoRedoNeeded)

	f.after(3 * time.Hour) // past reset_after_seconds (2 h)
	_, err = f.k.Take(f.ctx, f.bob, auctionID, sdkmath.NewInt(1), d("100"))
	require.ErrorIs(t, err, types.ErrNeedsRedo)
	f.oracle.prices["ATOM"] = d("7")
	require.NoError(t, f.k.Redo(f.ctx, auctionID))
	a, err := f.k.Auctions.Get(f.ctx, auctionID)
	require.NoError(t, err)
	require.Equal(t, d("8.4"), a.Top, "restarted at the fresh price × 1.2")
	f.invariants()
}

// ATTACKS 15/20 for vaults: a crash leaves the lot short of the tab; the
// shortfall is bad debt, netted against the surplus and recorded.
func TestShortfallBecomesBadDebt(t *testing.T) {
	f := setup(t)
	id := f.open(f.alice, 1_000_000_000, 6_000_000_000)
	f.oracle.prices["ATOM"] = d("2") // $2,000 of collateral for 6,000 BSD
	auctionID, _, err := f.k.Liquidate(f.ctx, f.bob, id)
	require.NoError(t, err)
	f.bank.add(f.bob, sdk.NewCoins(sdk.NewCoin("ubsd", sdkmath.NewInt(10_000_000_000))))
	f.bank.supply = f.bank.supply.Add(sdk.NewCoin("ubsd", sdkmath.NewInt(10_000_000_000)))
	l, _ := f.k.Ledger.Get(f.ctx)
	l.BadDebt = l.BadDebt.Add(sdkmath.NewInt(10_000_000_000))
	require.NoError(t, f.k.Ledger.Set(f.ctx, l))
	before := l.BadDebt

	_, err = f.k.Take(f.ctx, f.bob, auctionID, sdkmath.NewInt(1_000_000_000), d("2.4"))
	require.NoError(t, err)
	l, err = f.k.Ledger.Get(f.ctx)
	require.NoError(t, err)
	require.True(t, l.BadDebt.GT(before), "the unpaid debt is recorded")
	f.invariants()
}

// ATTACKS 16/19: the fallback starts at most K auctions per block, worst
// first, and finds vaults that fees alone pushed under.
func TestFallbackLiquidatesWorstFirstWithinTheBudget(t *testing.T) {
	f := setup(t)
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	params.FallbackLiquidationsPerBlock = 2
	require.NoError(t, f.k.Params.Set(f.ctx, params))

	var ids []uint64
	for i, debt := range []int64{6_000_000_000, 6_400_000_000, 6_500_000_000, 3_000_000_000} {
		owner := sdk.AccAddress([]byte{byte(i), 'o', 'w', 'n', 'e', 'r', '_', '_', '_', '_', '_', '_', '_', '_', '_', '_', '_', '_', '_', '_'})
		f.bank.add(owner, sdk.NewCoins(sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000))))
		ids = append(ids, f.open(owner, 1_000_000_000, debt))
	}
	// A year of fees: the 6,400 and 6,500 vaults cross 1.5 at $10 with no price change.
	f.after(365 * 24 * time.Hour)
	require.NoError(t, f.k.EndBlocker(f.ctx))
	auctions := 0
	require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
		auctions++
		require.Contains(t, []uint64{ids[1], ids[2]}, a.VaultId, "the two worst vaults")
		return false, nil
	}))
	require.Equal(t, 2, auctions)
	f.invariants()

	// Next block: nothing else is unsafe, nothing more happens.
	require.NoError(t, f.k.EndBlocker(f.ctx))
	n := 0
	require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(uint64, types.Auction) (bool, error) { n++; return false, nil }))
	require.Equal(t, 2, n)
}

func TestFallbackSkipsTypesWithStalePrices(t *testing.T) {
	f := setup(t)
	f.open(f.alice, 1_000_000_000, 6_000_000_000)
	f.oracle.prices["ATOM"] = d("5")
	f.oracle.stale = true
	require.NoError(t, f.k.EndBlocker(f.ctx), "a stale price is no reason to fail the block")
	n := 0
	require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(uint64, types.Auction) (bool, error) { n++; return false, nil }))
	require.Zero(t, n)
}

// ATTACKS 16, scaled to a unit test: 2,000 vaults, a price fall makes 666
// unsafe; the fallback alone, K a block, auctions every one of them in
// ⌈666/K⌉ blocks, never more than K a block, worst first across blocks,
// none skipped at a batch edge and no safe vault touched.
func TestFallbackDrainsAStormWorstFirstInBoundedBlocks(t *testing.T) {
	f := setup(t)
	const k = 20
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	params.FallbackLiquidationsPerBlock = k
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	ct := atomA()
	ct.MaxInAuction = sdkmath.ZeroInt() // uncapped: this test is about the fallback's own bound
	require.NoError(t, f.k.SetCollateralType(f.ctx, ct))

	debtOf := map[uint64]int64{}
	for i := range int64(2000) {
		debt := 400_000_000 + i*100_000 // 400 … 599.9 BSD against 100 ATOM
		debtOf[f.open(f.alice, 100_000_000, debt)] = debt
	}
	f.oracle.prices["ATOM"] = d("8") // unsafe iff 800 / debt < 1.5, i.e. debt > 533.33 BSD
	unsafe := 0
	for _, debt := range debtOf {
		if debt > 533_333_333 {
			unsafe++
		}
	}
	require.Equal(t, 666, unsafe)

	seen := map[uint64]bool{}
	lastWorst := int64(1 << 62)
	blocks := 0
	for ; len(seen) < unsafe; blocks++ {
		require.NoError(t, f.k.EndBlocker(f.ctx))
		var fresh []int64
		require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
			if !seen[a.VaultId] {
				seen[a.VaultId] = true
				fresh = append(fresh, debtOf[a.VaultId])
			}
			return false, nil
		}))
		require.LessOrEqual(t, len(fresh), k, "block %d started more than K auctions", blocks)
		require.NotEmpty(t, fresh, "block %d made no progress", blocks)
		for _, debt := range fresh {
			require.Greater(t, debt, int64(533_333_333), "a safe vault was liquidated")
			require.LessOrEqual(t, debt, lastWorst, "a worse vault was left for a later block")
		}
		for _, debt := range fresh {
			lastWorst = min(lastWorst, debt)
		}
	}
	require.Equal(t, (unsafe+k-1)/k, blocks)
	f.invariants()
	require.NoError(t, f.k.EndBlocker(f.ctx))
	n := 0
	require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(uint64, types.Auction) (bool, error) { n++; return false, nil }))
	require.Equal(t, unsafe, n, "nothing left to do")
}

// ATTACKS 17: a vault that cannot be liquidated (its tab alone is past
// max_in_auction) sits at the bottom of the index. The fallback skips it
// in its own cache context, still starts K auctions for the vaults behind
// it, and never fails the block.
func TestFallbackSkipsAPoisonedVault(t *testing.T) {
	f := setup(t)
	poisoned := f.poisonedBook(t)
	_, _, err := f.k.Liquidate(f.ctx, f.bob, poisoned)
	require.ErrorIs(t, err, types.ErrAuctionLimit)

	for block, want := range []int{2, 3} {
		require.NoError(t, f.k.EndBlocker(f.ctx), "block %d", block)
		var got []uint64
		require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
			got = append(got, a.VaultId)
			return false, nil
		}))
		require.Len(t, got, want, "block %d", block)
		require.NotContains(t, got, poisoned)
		f.invariants()
	}
	v, err := f.k.Vaults.Get(f.ctx, poisoned)
	require.NoError(t, err)
	require.True(t, v.Art.IsPositive(), "the poisoned vault is untouched, waiting for a keeper or governance")
}

// ATTACKS 17, zero collateral: a vault owing debt with no collateral (a
// corrupt state no message can make) is refused by Liquidate with a clear
// error, skipped by the fallback, and the other unsafe vaults still go.
func TestFallbackSkipsAVaultWithoutCollateral(t *testing.T) {
	f := setup(t)
	for range 2 {
		f.open(f.bob, 1_000_000_000, 6_000_000_000)
	}
	id := f.vaultWithoutCollateral(t)

	_, _, err := f.k.Liquidate(f.ctx, f.bob, id)
	require.ErrorIs(t, err, types.ErrInvalidAmount)
	require.ErrorContains(t, err, "nothing to auction")

	f.oracle.prices["ATOM"] = d("8") // the two real vaults are unsafe too
	require.NoError(t, f.k.EndBlocker(f.ctx))
	var lots []sdkmath.Int
	require.NoError(t, f.k.Auctions.Walk(f.ctx, nil, func(_ uint64, a types.Auction) (bool, error) {
		lots = append(lots, a.Lot)
		return false, nil
	}))
	require.Len(t, lots, 2, "both real vaults went to auction")
	for _, l := range lots {
		require.True(t, l.IsPositive())
	}
	v, err := f.k.Vaults.Get(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(500_000_000), v.Art, "the corrupt vault is left for governance")
	f.invariants()
}

// ATTACKS 9 for auctions: with a stale price nobody can start an auction
// (liquidate) or restart one (redo); both fail with the oracle's error and
// change nothing. Takes need no oracle price: the auction's own price rules.
func TestStalePriceBlocksLiquidationAndRedo(t *testing.T) {
	f := setup(t)
	id := f.open(f.alice, 1_000_000_000, 6_000_000_000)
	other := f.open(f.bob, 1_000_000_000, 6_000_000_000)
	f.oracle.prices["ATOM"] = d("8")
	auctionID, _, err := f.k.Liquidate(f.ctx, f.bob, other)
	require.NoError(t, err)
	f.after(3 * time.Hour) // the auction needs a redo

	f.oracle.stale = true
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	_, _, err = f.k.Liquidate(f.ctx, f.bob, id)
	require.ErrorIs(t, err, oracletypes.ErrStalePrice)
	require.ErrorIs(t, f.k.Redo(f.ctx, auctionID), oracletypes.ErrStalePrice)
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before.Vaults, after.Vaults)
	require.Equal(t, before.Auctions, after.Auctions)
	f.invariants()
}

// vaultWithoutCollateral writes an atom-a vault owing 500 BSD of art with no
// collateral straight into the books, consistently: a corrupt state no
// message can make (ATTACKS 17).
func (f *fixture) vaultWithoutCollateral(t *testing.T) uint64 {
	t.Helper()
	ct, err := f.k.Types.Get(f.ctx, "atom-a")
	require.NoError(t, err)
	st, err := f.k.TypeStates.Get(f.ctx, "atom-a")
	require.NoError(t, err)
	art := sdkmath.NewInt(500_000_000)
	id, err := f.k.NextVaultID.Next(f.ctx)
	require.NoError(t, err)
	require.NoError(t, f.k.Vaults.Set(f.ctx, id, types.Vault{Id: id, Owner: f.k.Authority(), Type: ct.Name, Collateral: sdkmath.ZeroInt(), Art: art}))
	require.NoError(t, f.k.Index.Set(f.ctx, collections.Join3(ct.Name, types.RatioKey(sdkmath.ZeroInt(), art), id)))
	st.TotalArt = st.TotalArt.Add(art)
	require.NoError(t, f.k.TypeStates.Set(f.ctx, ct.Name, st))
	f.bank.supply = f.bank.supply.Add(sdk.NewCoin("ubsd", types.DebtOf(art, st.Rate)))
	f.invariants()
	return id
}

// poisonedBook sets the fallback to 2 auctions a block and opens four atom-a
// vaults made unsafe by ATOM at $8.50 (ATTACKS 17): one poisoned, 1M BSD
// against 151k ATOM (ratio 1.51 at $10, the lowest of all, its 1.13M tab
// past the type's 1M max_in_auction), and three ordinary ones (1.67). At
// $8.50 the poisoned one is at 1.28, the others at 1.42.
func (f *fixture) poisonedBook(t *testing.T) uint64 {
	t.Helper()
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	params.FallbackLiquidationsPerBlock = 2
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	poisoned := f.open(f.alice, 151_000_000_000, 1_000_000_000_000)
	for range 3 {
		f.open(f.bob, 1_000_000_000, 6_000_000_000)
	}
	f.oracle.prices["ATOM"] = d("8.5")
	return poisoned
}
