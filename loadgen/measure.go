package loadgen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	coretypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/ballast-chain/ballast/liquidator"
)

// BlockStat is one block as the run saw it.
type BlockStat struct {
	Height int64
	Time   time.Time
	Txs    int // every transaction in the block
	OK     int // ours that succeeded
	Failed int // ours that were included but failed
}

// Result is one workload run.
type Result struct {
	Workload string
	Offered  float64 // tx/s; 0 = as fast as accepted
	Gas      uint64  // gas limit per transaction
	SendTime time.Duration

	Accepted       int            // passed CheckTx
	Rejected       map[string]int // refused at CheckTx, by codespace/code
	RejectExamples map[string]string
	Skipped        int // pre-signed but not sent (time ran out, or the account's stream broke)
	Committed      int // included and succeeded
	Failed         int // included and failed
	FailReasons    map[string]int
	FailExamples   map[string]string
	Lost           int // accepted but never included

	// Window is from the block before the first that carried ours to the last that did.
	Window       time.Duration
	Blocks       []BlockStat // the window's blocks
	TxPerSec     float64     // Committed / Window
	BlockTimeP50 time.Duration
	BlockTimeP99 time.Duration
	BlockTimeMax time.Duration

	MaxRSS            uint64 // bytes, the largest sample over the given pids
	MempoolAvg        float64
	MempoolMax        int64
	AppHashMismatches int // heights where validators disagree; -1 when not checked
}

type failures struct {
	reasons  map[string]int
	examples map[string]string
}

// walk reads blocks from..to (from is the block before the run) and counts
// our transactions in each.
func walk(ctx context.Context, b *liquidator.CometBlocks, from, to int64, ours map[[32]byte]struct{}) ([]BlockStat, failures, error) {
	f := failures{reasons: map[string]int{}, examples: map[string]string{}}
	var out []BlockStat
	for h := from; h <= to; h++ {
		height := h
		blk, err := retry(ctx, func() (*coretypes.ResultBlock, error) { return b.Client.Block(ctx, &height) })
		if err != nil {
			return nil, f, fmt.Errorf("block %d: %w", h, err)
		}
		if blk.Block == nil {
			return nil, f, fmt.Errorf("block %d: the node returned no block", h)
		}
		st := BlockStat{Height: h, Time: blk.Block.Time, Txs: len(blk.Block.Txs)}
		if h > from && len(blk.Block.Txs) > 0 {
			res, err := retry(ctx, func() (*coretypes.ResultBlockResults, error) { return b.Client.BlockResults(ctx, &height) })
			if err != nil {
				return nil, f, fmt.Errorf("block results %d: %w", h, err)
			}
			for i, tx := range blk.Block.Txs {
				if _, mine := ours[sha256.Sum256(tx)]; !mine {
					continue
				}
				if i >= len(res.TxsResults) || res.TxsResults[i] == nil {
					return nil, f, fmt.Errorf("block %d: no result for tx %d", h, i)
				}
				r := res.TxsResults[i]
				if r.Code == 0 {
					st.OK++
					continue
				}
				st.Failed++
				key := fmt.Sprintf("%s/%d", r.Codespace, r.Code)
				f.reasons[key]++
				if _, ok := f.examples[key]; !ok {
					f.examples[key] = r.Log
				}
			}
		}
		out = append(out, st)
	}
	return out, f, nil
}

// summarize turns the walked blocks into a Result: the window runs from the
// block before the first that carried ours to the last that did.
func summarize(name string, blocks []BlockStat, f failures) Result {
	res := Result{Workload: name, FailReasons: f.reasons, FailExamples: f.examples}
	first, last := -1, -1
	for i, b := range blocks {
		if i > 0 && b.OK+b.Failed > 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
		res.Committed += b.OK
		res.Failed += b.Failed
	}
	if first < 0 {
		return res
	}
	res.Blocks = blocks[first : last+1]
	res.Window = blocks[last].Time.Sub(blocks[first-1].Time)
	if res.Window > 0 {
		res.TxPerSec = float64(res.Committed) / res.Window.Seconds()
	}
	var gaps []time.Duration
	for i := first; i <= last; i++ {
		gaps = append(gaps, blocks[i].Time.Sub(blocks[i-1].Time))
	}
	res.BlockTimeP50, res.BlockTimeP99, res.BlockTimeMax = Percentile(gaps, 50), Percentile(gaps, 99), Percentile(gaps, 100)
	return res
}

// Percentile is the nearest-rank p-th percentile of ds (0 when empty).
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

// compareAppHashes counts heights in from..to at which the nodes' headers
// carry different app hashes. A node behind is waited for (at most 30 s).
func compareAppHashes(ctx context.Context, nodes []*liquidator.CometBlocks, from, to int64) (int, error) {
	for i, n := range nodes {
		deadline := time.Now().Add(30 * time.Second)
		for {
			h, err := n.Latest(ctx)
			if err == nil && h >= to {
				break
			}
			if time.Now().After(deadline) {
				if err != nil {
					return 0, fmt.Errorf("node %d did not answer while waiting for height %d: %w", i, to, err)
				}
				return 0, fmt.Errorf("node %d did not reach height %d (at %d)", i, to, h)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	mismatches := 0
	for lo := from; lo <= to; lo += 20 {
		hi := min(lo+19, to)
		var ref map[int64][]byte
		for i, n := range nodes {
			info, err := n.Client.BlockchainInfo(ctx, lo, hi)
			if err != nil {
				return 0, fmt.Errorf("node %d headers %d-%d: %w", i, lo, hi, err)
			}
			got := map[int64][]byte{}
			for _, m := range info.BlockMetas {
				got[m.Header.Height] = m.Header.AppHash
			}
			if int64(len(got)) != hi-lo+1 {
				return 0, fmt.Errorf("node %d returned %d headers for %d-%d", i, len(got), lo, hi)
			}
			if i == 0 {
				ref = got
				continue
			}
			for h := lo; h <= hi; h++ {
				if !bytes.Equal(ref[h], got[h]) {
					mismatches++
				}
			}
		}
	}
	return mismatches, nil
}

// rssSampler keeps the largest resident set size seen over pids, sampled
// every 500 ms from /proc.
type rssSampler struct {
	pids []int
	max  atomic.Uint64
}

func (s *rssSampler) run(ctx context.Context) {
	if len(s.pids) == 0 {
		return
	}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		for _, pid := range s.pids {
			if v, err := RSS(pid); err == nil && v > s.max.Load() {
				s.max.Store(v)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RSS reads a process's resident set size (VmRSS) in bytes.
func RSS(pid int) (uint64, error) {
	bz, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(bz), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmRSS of %d: %w", pid, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS for %d", pid)
}
