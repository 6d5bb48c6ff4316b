package loadgen

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// PrintTable writes one row per run, then the lending-mix / bank-send
// ratio when both ran, then why any transaction was refused or failed.
func PrintTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	_, _ = fmt.Fprintln(tw, "workload\toffered tx/s\taccepted\trefused\tcommitted\tfailed\tlost\tblocks\twindow\ttx/s\tblock p50\tblock p99\tblock max\tmempool avg\tgas/tx\tnode RSS MiB\tapp-hash mismatches\t")
	for _, r := range results {
		offered := "max"
		if r.Offered > 0 {
			offered = fmt.Sprintf("%.0f", r.Offered)
		}
		mism := "-"
		if r.AppHashMismatches >= 0 {
			mism = fmt.Sprint(r.AppHashMismatches)
		}
		rss := "-"
		if r.MaxRSS > 0 {
			rss = fmt.Sprintf("%.0f", float64(r.MaxRSS)/(1<<20))
		}
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%.1f\t%s\t%s\t%s\t%.0f\t%d\t%s\t%s\t\n",
			r.Workload, offered, r.Accepted, sum(r.Rejected), r.Committed, r.Failed, r.Lost, len(r.Blocks),
			r.Window.Round(time.Millisecond), r.TxPerSec, ms(r.BlockTimeP50), ms(r.BlockTimeP99), ms(r.BlockTimeMax), r.MempoolAvg, r.Gas, rss, mism)
	}
	_ = tw.Flush()
	if p := poolMixOverBank(results); p.bankRuns > 0 && p.mixRuns > 0 && p.bank > 0 {
		_, _ = fmt.Fprintf(w, "\nlending mix / bank send: %.2f (target at least 0.70)", p.ratio())
		if p.bankRuns > 1 || p.mixRuns > 1 {
			_, _ = fmt.Fprintf(w, "; pooled: bank %.1f tx/s over %d runs, mix %.1f tx/s over %d runs", p.bank, p.bankRuns, p.mix, p.mixRuns)
		}
		_, _ = fmt.Fprintln(w)
	}
	for _, r := range results {
		for _, reason := range sortedKeys(r.Rejected) {
			_, _ = fmt.Fprintf(w, "%s: %d refused at CheckTx with %s, e.g. %s\n", r.Workload, r.Rejected[reason], reason, clip(r.RejectExamples[reason]))
		}
		for _, reason := range sortedKeys(r.FailReasons) {
			_, _ = fmt.Fprintf(w, "%s: %d failed in a block with %s, e.g. %s\n", r.Workload, r.FailReasons[reason], reason, clip(r.FailExamples[reason]))
		}
		if r.Skipped > 0 {
			_, _ = fmt.Fprintf(w, "%s: %d pre-signed transactions were not sent (time ran out or an account's stream broke)\n", r.Workload, r.Skipped)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

func clip(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return strings.ReplaceAll(s, "\n", " ")
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
