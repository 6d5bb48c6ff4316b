package loadgen

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPercentileIsNearestRank(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"median of odd", ms(5, 1, 3), 50, 3 * time.Millisecond},
		{"median of even is the lower", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"p99 of 100 is the 99th", ms(seq(100)...), 99, 99 * time.Millisecond},
		{"p99 of 10 is the max", ms(seq(10)...), 99, 10 * time.Millisecond},
		{"p100 is the max", ms(9, 2, 30), 100, 30 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]time.Duration(nil), tc.in...)
			require.Equal(t, tc.want, Percentile(tc.in, tc.p))
			require.Equal(t, in, tc.in, "the input is left unsorted")
		})
	}
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[n-1-i] = i + 1
	}
	return out
}

// The window starts at the block before the first that carried ours, so a
// run whose transactions landed in 2 one-second blocks is 2 s long; blocks
// of other traffic around it are outside.
func TestSummarizeWindowsOnOurBlocks(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	blocks := []BlockStat{
		{Height: 10, Time: at(0), Txs: 3}, // the block before the run: never counted
		{Height: 11, Time: at(1), Txs: 1}, // before ours landed
		{Height: 12, Time: at(2), Txs: 500, OK: 499, Failed: 1},
		{Height: 13, Time: at(3.5), Txs: 301, OK: 300},
		{Height: 14, Time: at(4.5), Txs: 1}, // after
	}
	res := summarize("mix", blocks, failures{reasons: map[string]int{"lending/7": 1}})
	require.Equal(t, 799, res.Committed)
	require.Equal(t, 1, res.Failed)
	require.Equal(t, 2500*time.Millisecond, res.Window)
	require.InDelta(t, 799/2.5, res.TxPerSec, 1e-9)
	require.Equal(t, []int64{12, 13}, []int64{res.Blocks[0].Height, res.Blocks[1].Height})
	require.Equal(t, time.Second, res.BlockTimeP50)
	require.Equal(t, 1500*time.Millisecond, res.BlockTimeP99)

	none := summarize("bank", blocks[:2], failures{})
	require.Zero(t, none.TxPerSec)
	require.Empty(t, none.Blocks)
}

func TestCheckNamesEveryMissedTarget(t *testing.T) {
	good := func(name string, tps float64) Result {
		return Result{
			Workload: name, Committed: 100, TxPerSec: tps, BlockTimeP50: time.Second, AppHashMismatches: -1,
			Window: time.Duration(100 / tps * float64(time.Second)),
		}
	}
	targets := Targets{MixOverBank: 0.7, TxPerSec: 150, BlockTime: time.Second, Tolerance: 0.2}
	for _, tc := range []struct {
		name    string
		results []Result
		t       Targets
		want    []string
	}{
		{"all met", []Result{good("bank", 300), good("mix", 220)}, targets, nil},
		{"no targets still needs clean runs", []Result{good("bank", 1)}, Targets{}, nil},
		{"ratio", []Result{good("bank", 300), good("mix", 200)}, targets, []string{"lending mix / bank send 0.67, target 0.70"}},
		{"ratio needs both", []Result{good("mix", 200)}, Targets{MixOverBank: 0.7}, []string{"the mix / bank ratio needs both workloads"}},
		// bank, mix, mix, bank, pooled: bank 200 tx in 1/3 + 1/2 s = 240 tx/s.
		{"ratio pooled over repeated runs", []Result{good("bank", 300), good("mix", 250), good("mix", 200), good("bank", 200)}, Targets{MixOverBank: 0.9}, nil},                                       // mix 222.2
		{"pooled ratio missed", []Result{good("bank", 300), good("mix", 250), good("mix", 100), good("bank", 200)}, Targets{MixOverBank: 0.7}, []string{"lending mix / bank send 0.60, target 0.70"}}, // mix 142.9
		{"throughput", []Result{good("mix", 149.9)}, Targets{TxPerSec: 150}, []string{"mix: 149.9 tx/s, target 150"}},
		{
			"slow blocks",
			[]Result{func() Result { r := good("mix", 200); r.BlockTimeP50 = 1201 * time.Millisecond; return r }()},
			Targets{BlockTime: time.Second, Tolerance: 0.2},
			[]string{"mix: median block time 1.201s, target 1s ± 20%"},
		},
		{
			"fast blocks",
			[]Result{func() Result { r := good("mix", 200); r.BlockTimeP50 = 799 * time.Millisecond; return r }()},
			Targets{BlockTime: time.Second, Tolerance: 0.2},
			[]string{"mix: median block time 799ms, target 1s ± 20%"},
		},
		{"failures and mismatches", []Result{func() Result {
			r := good("mix", 200)
			r.Failed, r.Lost, r.Rejected, r.AppHashMismatches = 2, 1, map[string]int{"sdk/32": 3}, 4
			return r
		}()}, Targets{}, []string{"mix: 3 refused, 2 failed, 1 lost", "mix: 4 heights with different app hashes"}},
		{"nothing committed", []Result{{Workload: "bank", AppHashMismatches: -1}}, Targets{}, []string{"bank: nothing committed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, Check(tc.results, tc.t))
		})
	}
}

// A target never liquidated is the slowest, prints as never, and survives
// the JSON the latency run writes.
func TestLatenciesCountNeverAsTheSlowest(t *testing.T) {
	t0 := time.Unix(0, 0)
	times := map[int64]time.Time{10: t0, 11: t0.Add(time.Second), 13: t0.Add(3 * time.Second)}
	l := latencies(5, map[string]bool{"a": true, "b": true, "c": true}, map[string]int64{"a": 11, "b": 13, "z": 11}, times, 10)
	require.Equal(t, 3, l.Targets)
	require.Equal(t, 2, l.Done)
	blocks, seconds := l.Summary()
	require.Equal(t, [3]string{"3", "never", "never"}, blocks)
	require.Equal(t, [3]string{"3.0", "never", "never"}, seconds)
	require.Equal(t, int64(never), l.P99Blocks())
	bz, err := json.Marshal(LatencyResult{Lending: l})
	require.NoError(t, err)
	var back LatencyResult
	require.NoError(t, json.Unmarshal(bz, &back))
	require.Equal(t, l.Done, back.Lending.Done)

	done := latencies(2, map[string]bool{"a": true}, map[string]int64{"a": 11}, times, 10)
	blocks, seconds = done.Summary()
	require.Equal(t, [3]string{"1", "1", "1"}, blocks)
	require.Equal(t, [3]string{"1.0", "1.0", "1.0"}, seconds)
}

// A workload's pooled throughput is its committed transactions over the
// sum of its windows, so a short fast run does not count as much as a long
// slow one, and a workload run twice is compared as one.
func TestPooledWeighsEveryRunByItsWindow(t *testing.T) {
	results := []Result{
		{Workload: "bank", Committed: 1000, Window: time.Second},
		{Workload: "mix", Committed: 900, Window: time.Second},
		{Workload: "mix", Committed: 700, Window: time.Second},
		{Workload: "bank", Committed: 1200, Window: 3 * time.Second},
	}
	bank, runs := Pooled(results, "bank")
	require.Equal(t, 2, runs)
	require.InDelta(t, 550.0, bank, 1e-9, "2200 tx over 4 s, not the mean of 1000 and 400")
	mix, runs := Pooled(results, "mix")
	require.Equal(t, 2, runs)
	require.InDelta(t, 800.0, mix, 1e-9)
	none, runs := Pooled(results, "flash")
	require.Zero(t, runs)
	require.Zero(t, none)
}
