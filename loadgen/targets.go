package loadgen

import (
	"fmt"
	"time"
)

// Targets are what a benchmark run must reach; zero values are not checked.
type Targets struct {
	// MixOverBank is the least lending-mix / bank-send throughput ratio.
	MixOverBank float64
	// TxPerSec is the least committed throughput of every workload.
	TxPerSec float64
	// BlockTime and Tolerance: every workload's median block time must lie
	// within BlockTime × (1 ± Tolerance).
	BlockTime time.Duration
	Tolerance float64
}

// Check lists the targets results missed. Whatever the targets, a failed or
// lost transaction and an app-hash mismatch are misses: a benchmark of a
// chain that drops or disagrees measures nothing.
func Check(results []Result, t Targets) []string {
	var missed []string
	for _, r := range results {
		if r.Committed == 0 {
			missed = append(missed, fmt.Sprintf("%s: nothing committed", r.Workload))
		}
		if r.Failed > 0 || r.Lost > 0 || sum(r.Rejected) > 0 {
			missed = append(missed, fmt.Sprintf("%s: %d refused, %d failed, %d lost", r.Workload, sum(r.Rejected), r.Failed, r.Lost))
		}
		if r.AppHashMismatches > 0 {
			missed = append(missed, fmt.Sprintf("%s: %d heights with different app hashes", r.Workload, r.AppHashMismatches))
		}
		if t.TxPerSec > 0 && r.TxPerSec < t.TxPerSec {
			missed = append(missed, fmt.Sprintf("%s: %.1f tx/s, target %.0f", r.Workload, r.TxPerSec, t.TxPerSec))
		}
		if t.BlockTime > 0 {
			lo := time.Duration(float64(t.BlockTime) * (1 - t.Tolerance))
			hi := time.Duration(float64(t.BlockTime) * (1 + t.Tolerance))
			if r.BlockTimeP50 < lo || r.BlockTimeP50 > hi {
				missed = append(missed, fmt.Sprintf("%s: median block time %s, target %s ± %.0f%%", r.Workload, r.BlockTimeP50, t.BlockTime, t.Tolerance*100))
			}
		}
	}
	if t.MixOverBank > 0 {
		p := poolMixOverBank(results)
		switch {
		case p.bankRuns == 0 || p.mixRuns == 0:
			missed = append(missed, "the mix / bank ratio needs both workloads")
		case p.bank == 0 || p.ratio() < t.MixOverBank:
			missed = append(missed, fmt.Sprintf("lending mix / bank send %.2f, target %.2f", p.ratio(), t.MixOverBank))
		}
	}
	return missed
}

// mixOverBank is the lending-mix and bank-send throughput, each pooled
// over its runs, that the table prints and the target checks.
type mixOverBank struct {
	bank, mix         float64
	bankRuns, mixRuns int
}

func poolMixOverBank(results []Result) mixOverBank {
	var p mixOverBank
	p.bank, p.bankRuns = Pooled(results, "bank")
	p.mix, p.mixRuns = Pooled(results, "mix")
	return p
}

func (p mixOverBank) ratio() float64 { return ratio(p.mix, p.bank) }

// Pooled is a workload's throughput over all its runs in results: what they
// committed over the time their windows spanned. A node slows as its
// databases grow (docs/BENCHMARKS.md), so a workload run later in the same
// run is measured on a slower node; running bank, mix, mix, bank and
// pooling gives both workloads the same average place.
func Pooled(results []Result, name string) (txPerSec float64, runs int) {
	committed, window := 0, time.Duration(0)
	for _, r := range results {
		if r.Workload == name {
			committed += r.Committed
			window += r.Window
			runs++
		}
	}
	if window > 0 {
		txPerSec = float64(committed) / window.Seconds()
	}
	return txPerSec, runs
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
