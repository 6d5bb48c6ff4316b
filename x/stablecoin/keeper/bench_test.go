package keeper_test

// Scaling benchmarks for finding and liquidating unsafe vaults (DESIGN §5):
// UnsafeVaults and the fallback EndBlocker walk the ratio index from its
// low end, so their cost depends on the number of unsafe vaults they
// return (k), not on the number of vaults (n), beyond the store's own
// logarithm.
//
//	make bench   # or: go test ./x/stablecoin/keeper -run XXX -bench . -benchtime=200x -count=3
//
// The stores are filled directly (vault, owner and index entries exactly
// as the keeper writes them) so that a million vaults take seconds, not an
// hour of OpenVault calls, then committed; each measured EndBlocker runs in a cache
// context that is thrown away, so every iteration sees the same storm.

import (
	"encoding/binary"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	pruningtypes "github.com/cosmos/cosmos-sdk/store/v2/pruning/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// fill writes n atom-a vaults of 100 ATOM each: the first `unsafe` owe
// more than 100 ATOM at $8 supports at 1.5, the rest are safe at $8.
func fill(b *testing.B, f *fixture, n, unsafe int) {
	b.Helper()
	ct := atomA()
	ct.MaxInAuction = sdkmath.ZeroInt()
	require.NoError(b, f.k.SetCollateralType(f.ctx, ct))
	collateral := sdkmath.NewInt(100_000_000)
	totalArt := sdkmath.ZeroInt()
	for i := range n {
		art := sdkmath.NewInt(400_000_000) // ratio 2.0 at $8: safe
		if i < unsafe {
			art = sdkmath.NewInt(540_000_000 + int64(i)*1_000) // ratio < 1.48 at $8
		}
		id := uint64(i + 1)
		owner := make(sdk.AccAddress, 20)
		binary.BigEndian.PutUint64(owner, id)
		v := types.Vault{Id: id, Owner: owner.String(), Type: ct.Name, Collateral: collateral, Art: art}
		require.NoError(b, f.k.Vaults.Set(f.ctx, id, v))
		require.NoError(b, f.k.VaultsByOwner.Set(f.ctx, collections.Join(owner, id)))
		require.NoError(b, f.k.Index.Set(f.ctx, collections.Join3(ct.Name, types.RatioKey(collateral, art), id)))
		totalArt = totalArt.Add(art)
	}
	st, err := f.k.TypeStates.Get(f.ctx, ct.Name)
	require.NoError(b, err)
	st.TotalArt = totalArt
	require.NoError(b, f.k.TypeStates.Set(f.ctx, ct.Name, st))
	require.NoError(b, f.k.NextVaultID.Set(f.ctx, uint64(n+1)))
	// The vaults' BSD exists: mint it to the fixture's users' side of the books.
	f.bank.supply = f.bank.supply.Add(sdk.NewCoin("ubsd", types.DebtOf(totalArt, st.Rate)))
	f.oracle.prices["ATOM"] = d("8")
	// Commit, as a chain would have: iterating an uncommitted IAVL tree
	// sorts its pending writes on every iterator, which is not what a
	// node pays.
	cms := f.ctx.MultiStore().(storetypes.CommitMultiStore)
	// Keep only recent versions, as a pruning node does: the storm commits
	// thousands of blocks, and an unpruned in-memory tree keeps them all.
	cms.SetPruning(pruningtypes.NewPruningOptions(pruningtypes.PruningEverything))
	cms.Commit()
}

func BenchmarkUnsafeVaults(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("vaults=%d/unsafe=1000/limit=100", n), func(b *testing.B) {
			f := setup(b)
			fill(b, f, n, 1000)
			b.ResetTimer()
			for range b.N {
				got, err := f.k.UnsafeVaults(f.ctx, "atom-a", 100)
				if err != nil || len(got) != 100 {
					b.Fatalf("got %d unsafe vaults, err %v", len(got), err)
				}
			}
		})
	}
}

func BenchmarkFallbackEndBlocker(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("vaults=%d/unsafe=1000/K=5", n), func(b *testing.B) {
			f := setup(b)
			fill(b, f, n, 1000)
			b.ResetTimer()
			for range b.N {
				ctx, _ := f.ctx.CacheContext()
				if err := f.k.EndBlocker(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			ctx, _ := f.ctx.CacheContext()
			require.NoError(b, f.k.EndBlocker(ctx))
			n := 0
			require.NoError(b, f.k.Auctions.Walk(ctx, nil, func(uint64, types.Auction) (bool, error) { n++; return false, nil }))
			require.Equal(b, 5, n, "the fallback started K auctions")
		})
	}
}

// BenchmarkFallbackStorm is the storm: 100k vaults, a price fall
// makes 10k unsafe, and the fallback alone (K = 5 a block, the default)
// must auction every one within ⌈10k/K⌉ blocks. Each block's EndBlocker
// is timed and committed like a chain's; p50/p99/max block times are
// reported. One iteration is the whole storm.
func BenchmarkFallbackStorm(b *testing.B) {
	const n, unsafe = 100_000, 10_000
	for range b.N {
		b.StopTimer()
		f := setup(b)
		fill(b, f, n, unsafe)
		params, err := f.k.Params.Get(f.ctx)
		require.NoError(b, err)
		k := int(params.FallbackLiquidationsPerBlock)
		cms := f.ctx.MultiStore().(storetypes.CommitMultiStore)
		b.StartTimer()

		var times []time.Duration
		auctions := 0
		for auctions < unsafe {
			start := time.Now()
			require.NoError(b, f.k.EndBlocker(f.ctx))
			times = append(times, time.Since(start))
			cms.Commit()
			next, err := f.k.NextAuctionID.Peek(f.ctx)
			require.NoError(b, err)
			started := int(next) - auctions
			require.LessOrEqual(b, started, k)
			auctions = int(next)
			require.LessOrEqual(b, len(times), (unsafe+k-1)/k, "the storm took more than ⌈10k/K⌉ blocks")
		}
		b.StopTimer()
		slices.Sort(times)
		b.ReportMetric(float64(len(times)), "blocks")
		b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(times[len(times)-1].Microseconds()), "max-µs")
	}
}
