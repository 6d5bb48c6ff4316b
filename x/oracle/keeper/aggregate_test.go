package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

const atom, eth = uint32(0), uint32(1)

func TestAggregateWritesTheStakeWeightedMedian(t *testing.T) {
	f := setup(t)
	res, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{
		val("a", 30, map[uint32]uint64{atom: 10_000_000, eth: 3_000_000_000}),
		val("b", 30, map[uint32]uint64{atom: 10_100_000, eth: 3_010_000_000}),
		val("c", 40, map[uint32]uint64{atom: 9_900_000, eth: 2_990_000_000}),
	})
	require.NoError(t, err)
	require.Contains(t, res.Updated, "ATOM")

	p, err := f.k.GetPrice(f.ctx, "ATOM")
	require.NoError(t, err)
	// sorted: 9.9 (40), 10.0 (30) → cum 70 > 50 at 10.0
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("10"), p.Price)
	require.Equal(t, int64(100), p.Height)
	require.Equal(t, sdkmath.LegacyOneDec(), p.PowerShare)
	require.Equal(t, uint32(100), p.DispersionBps) // deviations 0 (30), 0.1 (30), 0.1 (40) → 0.1 / 10
}

// ATTACKS 10: validators with < 1/3 of the power report 0-ish, 10^12 and
// garbage; the median stays in the honest range and garbage is a miss.
func TestByzantineMinorityCannotMoveThePrice(t *testing.T) {
	f := setup(t)
	honest := func(addr string, p uint64) types.ValidatorReports {
		return val(addr, 23, map[uint32]uint64{atom: p})
	}
	_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{
		val("low", 10, map[uint32]uint64{atom: 1}),
		val("high", 10, map[uint32]uint64{atom: 1_000_000_000_000_000_000}),
		{ConsAddr: []byte("garbage"), Power: 11}, // undecodable extension → no reports
		honest("h1", 9_990_000), honest("h2", 10_000_000), honest("h3", 10_010_000),
	})
	require.NoError(t, err)
	p, err := f.k.GetPrice(f.ctx, "ATOM")
	require.NoError(t, err)
	require.True(t, p.Price.GTE(sdkmath.LegacyMustNewDecFromStr("9.99")) && p.Price.LTE(sdkmath.LegacyMustNewDecFromStr("10.01")), p.Price.String())

	perf, err := f.k.Performance.Get(f.ctx, []byte("garbage"))
	require.NoError(t, err)
	require.Equal(t, uint64(1), perf.Misses)
	perf, err = f.k.Performance.Get(f.ctx, []byte("high"))
	require.NoError(t, err)
	require.Equal(t, uint64(1), perf.Outliers)
	require.Zero(t, perf.Misses)
}

func TestTooLittleReportingPowerLeavesThePriceAlone(t *testing.T) {
	f := setup(t)
	_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{
		val("a", 60, map[uint32]uint64{atom: 10_000_000}),
		val("b", 40, map[uint32]uint64{atom: 11_000_000}),
	})
	require.NoError(t, err)

	// Next block: only 60% of the power reports ATOM (below 2/3).
	f.atHeight(101)
	res, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{
		val("a", 60, map[uint32]uint64{atom: 50_000_000}),
		{ConsAddr: []byte("b"), Power: 40},
	})
	require.NoError(t, err)
	require.Contains(t, res.Skipped, "ATOM")
	p, err := f.k.GetPrice(f.ctx, "ATOM")
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("10"), p.Price, "the old price stands")
	require.Equal(t, int64(100), p.Height)
}

// ATTACKS 9/11: without updates a price goes stale after max_age_blocks.
func TestPriceGoesStaleAfterMaxAge(t *testing.T) {
	f := setup(t)
	_, err := f.k.GetPrice(f.ctx, "ATOM")
	require.ErrorIs(t, err, types.ErrStalePrice, "no price yet counts as stale")

	_, err = f.k.Aggregate(f.ctx, []types.ValidatorReports{val("a", 1, map[uint32]uint64{atom: 10_000_000})})
	require.NoError(t, err)
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)

	f.atHeight(100 + int64(params.MaxAgeBlocks))
	_, err = f.k.GetPrice(f.ctx, "ATOM")
	require.NoError(t, err, "exactly max_age_blocks old is still fresh")

	f.atHeight(101 + int64(params.MaxAgeBlocks))
	_, err = f.k.GetPrice(f.ctx, "ATOM")
	require.ErrorIs(t, err, types.ErrStalePrice)
	_, _, err = f.k.ConservativePrices(f.ctx, "ATOM")
	require.ErrorIs(t, err, types.ErrStalePrice)

	_, err = f.k.GetPrice(f.ctx, "DOGE")
	require.ErrorIs(t, err, types.ErrUnknownMarket)
}

func TestDisabledMarketIsStaleAndNotAggregated(t *testing.T) {
	f := setup(t, func(gs *types.GenesisState) { gs.Markets[0].Enabled = false })
	res, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{val("a", 1, map[uint32]uint64{atom: 10_000_000, eth: 1})})
	require.NoError(t, err)
	require.NotContains(t, res.Updated, "ATOM")
	_, err = f.k.GetPrice(f.ctx, "ATOM")
	require.ErrorIs(t, err, types.ErrStalePrice)
}

func TestConservativePricesUseTheTWAP(t *testing.T) {
	f := setup(t)
	for h, p := range []uint64{10_000_000, 10_000_000, 10_000_000, 20_000_000} {
		f.atHeight(100 + int64(h))
		_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{val("a", 1, map[uint32]uint64{atom: p})})
		require.NoError(t, err)
	}
	collateral, debt, err := f.k.ConservativePrices(f.ctx, "ATOM")
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("20"), debt, "debt at the higher spot")
	require.True(t, collateral.LT(sdkmath.LegacyMustNewDecFromStr("20")), "collateral at the lower TWAP: %s", collateral)
}

func TestMissesAreJudgedAtTheEndOfTheWindow(t *testing.T) {
	f := setup(t, func(gs *types.GenesisState) {
		gs.Params.SlashWindow = 10
		gs.Params.JailEnabled = true
	})
	// Four validators; "lazy" (10%) never reports, "flaky" (40%) never reports either.
	for h := int64(100); h < 110; h++ {
		f.atHeight(h)
		_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{
			val("good1", 25, map[uint32]uint64{atom: 10_000_000}),
			val("good2", 25, map[uint32]uint64{atom: 10_000_000}),
			{ConsAddr: []byte("lazy"), Power: 10},
			{ConsAddr: []byte("flaky"), Power: 40},
		})
		require.NoError(t, err)
	}
	require.ElementsMatch(t, []string{"lazy", "flaky"}, f.slashing.slashed)
	// Jailing may never take out 1/3 of the power in one go: "flaky" alone
	// holds 40%, so it is slashed but stays in the set; "lazy" (10%) is jailed.
	require.Equal(t, []string{"lazy"}, f.slashing.jailed)

	perf, err := f.k.Performance.Get(f.ctx, []byte("lazy"))
	require.NoError(t, err)
	require.Zero(t, perf.Misses, "counters restart with the next window")
	require.Equal(t, int64(110), perf.WindowStart)
}

func TestLoneValidatorIsNeverJailed(t *testing.T) {
	f := setup(t, func(gs *types.GenesisState) {
		gs.Params.SlashWindow = 5
		gs.Params.JailEnabled = true
	})
	for h := int64(100); h < 105; h++ {
		f.atHeight(h)
		_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{{ConsAddr: []byte("solo"), Power: 1}})
		require.NoError(t, err)
	}
	require.Equal(t, []string{"solo"}, f.slashing.slashed)
	require.Empty(t, f.slashing.jailed)
}

func TestFailingPenaltyIsSkippedNotFatal(t *testing.T) {
	f := setup(t, func(gs *types.GenesisState) { gs.Params.SlashWindow = 1 })
	f.slashing.fail = true
	_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{{ConsAddr: []byte("x"), Power: 1}})
	require.NoError(t, err)
}

// The block's TWAP snapshot is the history's TWAP: it is used only at the
// height it was taken, a price written after it voids it, and a market
// without history has none. Every case compares against a keeper state
// that never had a snapshot.
func TestTWAPSnapshotIsTheHistorysTWAPAtItsHeight(t *testing.T) {
	f := setup(t)
	prices := []uint64{10_000_000, 12_000_000, 9_000_000, 20_000_000, 15_000_000}
	for h, p := range prices {
		f.atHeight(100 + int64(h))
		_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{val("a", 1, map[uint32]uint64{atom: p})})
		require.NoError(t, err)
	}
	fromHistory := func() sdkmath.LegacyDec {
		t.Helper()
		cache, _ := f.ctx.CacheContext()
		require.NoError(t, f.k.Twaps.Clear(cache, nil))
		twap, ok, err := f.k.TWAP(cache, "ATOM")
		require.NoError(t, err)
		require.True(t, ok)
		return twap
	}
	last := int64(100 + len(prices) - 1)

	require.NoError(t, f.k.SnapshotTWAPs(f.ctx))
	snap, err := f.k.Twaps.Get(f.ctx, atom)
	require.NoError(t, err)
	require.Equal(t, last, snap.Height)
	require.Equal(t, fromHistory(), snap.Price)
	twap, ok, err := f.k.TWAP(f.ctx, "ATOM")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, snap.Price, twap)
	// and it is read from the snapshot at its height (a poisoned one shows):
	cache, _ := f.ctx.CacheContext()
	require.NoError(t, f.k.Twaps.Set(cache, atom, types.PricePoint{Price: sdkmath.LegacyNewDec(999), Height: last}))
	twap, _, err = f.k.TWAP(cache, "ATOM")
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyNewDec(999), twap, "the snapshot, not the history")
	_, err = f.k.Twaps.Get(f.ctx, eth)
	require.ErrorIs(t, err, collections.ErrNotFound, "no history, no snapshot")

	// A snapshot that is off by a block is not used: poison it and look a block later.
	require.NoError(t, f.k.Twaps.Set(f.ctx, atom, types.PricePoint{Price: sdkmath.LegacyNewDec(999), Height: last}))
	f.atHeight(last + 1)
	twap, _, err = f.k.TWAP(f.ctx, "ATOM")
	require.NoError(t, err)
	require.Equal(t, fromHistory(), twap, "the window moved: worked out again")

	// A price written after the snapshot voids it.
	require.NoError(t, f.k.SnapshotTWAPs(f.ctx))
	_, err = f.k.Aggregate(f.ctx, []types.ValidatorReports{val("a", 1, map[uint32]uint64{atom: 30_000_000})})
	require.NoError(t, err)
	_, err = f.k.Twaps.Get(f.ctx, atom)
	require.ErrorIs(t, err, collections.ErrNotFound)
	twap, _, err = f.k.TWAP(f.ctx, "ATOM")
	require.NoError(t, err)
	require.Equal(t, fromHistory(), twap)
}
