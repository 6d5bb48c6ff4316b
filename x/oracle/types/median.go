package types

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Vote is one validator's report for one market, weighted by its power.
type Vote struct {
	Power int64
	Price uint64
}

// WeightedMedian is the stake-weighted median of votes: the lowest reported
// price p such that the votes at or below p hold MORE than half of the total
// power. So a median is always backed by a strict majority of the reporting
// power on its side; when the power splits exactly in half between two
// prices, the higher one is taken (the lower one is not backed by more than
// half). Integer arithmetic only; the result is one of the reported prices.
func WeightedMedian(votes []Vote) (uint64, error) {
	sorted, total, err := sortVotes(votes)
	if err != nil {
		return 0, err
	}
	var cum uint64
	for _, v := range sorted {
		cum += uint64(v.Power)
		if 2*cum > total { // total ≤ 2^63, so 2*cum cannot overflow
			return v.Price, nil
		}
	}
	// Unreachable: the loop ends with cum == total and 2*total > total.
	return 0, fmt.Errorf("weighted median: no majority in %d votes", len(votes))
}

// sortVotes copies votes sorted by price and sums the power, rejecting
// non-positive powers and totals that could overflow.
func sortVotes(votes []Vote) ([]Vote, uint64, error) {
	if len(votes) == 0 {
		return nil, 0, fmt.Errorf("weighted median of no votes")
	}
	sorted := slices.Clone(votes)
	slices.SortFunc(sorted, func(a, b Vote) int {
		if c := cmp.Compare(a.Price, b.Price); c != 0 {
			return c
		}
		return cmp.Compare(a.Power, b.Power)
	})
	var total uint64
	for _, v := range sorted {
		if v.Power <= 0 {
			return nil, 0, fmt.Errorf("vote with non-positive power %d", v.Power)
		}
		total += uint64(v.Power)
		if total > math.MaxInt64 {
			return nil, 0, fmt.Errorf("total power overflows")
		}
	}
	return sorted, total, nil
}

// DispersionBps is the stake-weighted median absolute deviation of the
// votes from median, in basis points of median, rounded down and capped at
// MaxUint32.
func DispersionBps(votes []Vote, median uint64) uint32 {
	if median == 0 || len(votes) == 0 {
		return 0
	}
	devs := make([]Vote, len(votes))
	for i, v := range votes {
		devs[i] = Vote{Power: v.Power, Price: absDiff(v.Price, median)}
	}
	mad, err := WeightedMedian(devs)
	if err != nil {
		return 0
	}
	return bpsOf(mad, median)
}

// IsOutlier reports whether price lies more than bandBps basis points of
// median away from it.
func IsOutlier(price, median uint64, bandBps uint32) bool {
	// |price - median| * 10000 > bandBps * median, in 128 bits.
	dHi, dLo := bits.Mul64(absDiff(price, median), 10_000)
	bHi, bLo := bits.Mul64(uint64(bandBps), median)
	return dHi > bHi || (dHi == bHi && dLo > bLo)
}

// bpsOf is part*10000/whole rounded down, capped at MaxUint32.
func bpsOf(part, whole uint64) uint32 {
	hi, lo := bits.Mul64(part, 10_000)
	if hi >= whole {
		return math.MaxUint32
	}
	q, _ := bits.Div64(hi, lo, whole)
	if q > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(q)
}

func absDiff(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}
