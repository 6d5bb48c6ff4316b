package types_test

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

func TestWeightedMedian(t *testing.T) {
	cases := []struct {
		name  string
		votes []types.Vote
		want  uint64
	}{
		{"single vote", []types.Vote{{10, 500}}, 500},
		{"equal power odd count", []types.Vote{{1, 3}, {1, 1}, {1, 2}}, 2},
		// Power splits 50/50: 100 is backed by exactly half, not more, so 200 wins.
		{"exact half split takes the higher price", []types.Vote{{5, 100}, {5, 200}}, 200},
		{"equal power even count", []types.Vote{{1, 1}, {1, 2}, {1, 3}, {1, 4}}, 3},
		{"heavy validator decides", []types.Vote{{51, 7}, {49, 1000}}, 7},
		{"just under half cannot move it", []types.Vote{{49, 1}, {51, 7}}, 7},
		{"ties at the median", []types.Vote{{1, 5}, {1, 5}, {1, 5}, {2, 9}}, 5},
		{"ties holding exactly half give way", []types.Vote{{1, 5}, {1, 5}, {1, 5}, {3, 9}}, 9},
		// Byzantine minority (< 1/3) reporting 0-ish and 10^12: honest range holds.
		{"byzantine minority", []types.Vote{{10, 1}, {10, 1_000_000_000_000}, {20, 4_190_000}, {20, 4_200_000}, {20, 4_210_000}}, 4_200_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.WeightedMedian(tc.votes)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestWeightedMedianRejectsBadInput(t *testing.T) {
	for name, votes := range map[string][]types.Vote{
		"no votes":       nil,
		"zero power":     {{0, 5}},
		"negative power": {{-1, 5}, {3, 4}},
		"power overflow": {{math.MaxInt64, 5}, {1, 4}},
	} {
		_, err := types.WeightedMedian(votes)
		require.Error(t, err, name)
	}
}

// Property: the median is a reported price, the votes strictly below it hold
// at most half the power, and the votes at or below it hold more than half.
func TestWeightedMedianIsBackedByAMajority(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		votes := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) types.Vote {
			return types.Vote{
				Power: rapid.Int64Range(1, 1_000_000).Draw(t, "power"),
				Price: rapid.Uint64Range(1, 1_000_000).Draw(t, "price"),
			}
		}), 1, 60).Draw(t, "votes")
		m, err := types.WeightedMedian(votes)
		require.NoError(t, err)

		var total, below, atOrBelow int64
		for _, v := range votes {
			total += v.Power
			if v.Price < m {
				below += v.Power
			}
			if v.Price <= m {
				atOrBelow += v.Power
			}
		}
		require.True(t, slices.ContainsFunc(votes, func(v types.Vote) bool { return v.Price == m }))
		require.LessOrEqual(t, 2*below, total)
		require.Greater(t, 2*atOrBelow, total)

		// The order of the votes does not matter.
		shuffled := rapid.Permutation(votes).Draw(t, "shuffled")
		m2, err := types.WeightedMedian(shuffled)
		require.NoError(t, err)
		require.Equal(t, m, m2)
	})
}

func TestDispersionAndOutliers(t *testing.T) {
	votes := []types.Vote{{1, 100}, {1, 101}, {1, 99}, {1, 150}}
	m, err := types.WeightedMedian(votes)
	require.NoError(t, err)
	require.Equal(t, uint64(101), m)
	// deviations 1, 0, 2, 49 → weighted median 2 → 2/101 = 198 bps
	require.Equal(t, uint32(198), types.DispersionBps(votes, m))

	require.False(t, types.IsOutlier(102, 100, 200), "exactly at the band is inside")
	require.True(t, types.IsOutlier(103, 100, 200))
	require.True(t, types.IsOutlier(97, 100, 200))
	require.True(t, types.IsOutlier(math.MaxUint64, 1, 10_000), "no overflow at the extremes")
	require.Equal(t, uint32(math.MaxUint32), types.DispersionBps([]types.Vote{{1, 1}, {1, math.MaxUint64}}, 1))
}
