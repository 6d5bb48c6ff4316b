package system

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/loadgen"
	"github.com/ballast-chain/ballast/testutil/systest"
)

// TestLoadgenRunsEveryWorkload runs the load generator's binary, as `make
// bench` does, over every workload on a 1-validator network: the setup
// opens every account's positions, and each workload's pre-signed
// transactions all pass CheckTx and all succeed in blocks. The exit code
// carries that (a refused, failed or lost transaction is a missed target),
// and the JSON results are checked as well.
func TestLoadgenRunsEveryWorkload(t *testing.T) {
	skipIfShort(t)
	const accounts, budget = 20, 100
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	p := net.Ports(0)
	out := filepath.Join(t.TempDir(), "results.json")
	workloads := loadgen.WorkloadNames()
	res := systest.Run(t, systest.LoadgenBinary(t), "run",
		"--grpc", p.GRPCAddr(), "--rpc", fmt.Sprintf("http://127.0.0.1:%d", p.RPC), "--keyring-dir", net.Home,
		"--accounts", fmt.Sprint(accounts), "--workloads", strings.Join(workloads, ","),
		"--duration", "30s", "--budget", fmt.Sprint(budget), "--workers", "4", "--json", out)
	require.Zero(t, res.ExitCode, "stdout:\n%s\nstderr:\n%s", res.Stdout, res.Stderr)
	require.Contains(t, res.Stdout, "every target met")

	bz, err := os.ReadFile(out)
	require.NoError(t, err)
	var results []loadgen.Result
	require.NoError(t, json.Unmarshal(bz, &results))
	require.Len(t, results, len(workloads))
	for i, r := range results {
		require.Equal(t, workloads[i], r.Workload)
		require.Equal(t, budget, r.Committed, "%s: every pre-signed transaction commits", r.Workload)
		require.Zero(t, r.Failed+r.Lost+r.Skipped, r.Workload)
		require.Positive(t, r.TxPerSec, r.Workload)
		require.NotEmpty(t, r.Blocks, r.Workload)
	}
}

// TestLoadgenRefusesBadFlags: every bad flag is a clear error before any
// connection is made.
func TestLoadgenRefusesBadFlags(t *testing.T) {
	bin := systest.LoadgenBinary(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--workloads", "bank,nope"}, `unknown workload "nope"`},
		{[]string{"--grpc", "a:1,b:2"}, "--grpc and --rpc must list the same nodes"},
		{[]string{"--send-to", "2"}, "--send-to must be from 1 to 1"},
		{[]string{"--accounts", "1"}, "--accounts must be from 2 to 100000"},
		{[]string{"--workers", "0"}, "--workers must be from 1 to 1024"},
		{[]string{"--duration", "0s"}, "--duration must be positive"},
		{[]string{"--rate", "-1"}, "--rate must not be negative"},
		{[]string{"--gas-price", "0ubal"}, "must be positive"},
		{[]string{"--gas-price", "ubal"}, "--gas-price"},
		{[]string{"--gas-adjustment", "0.5"}, "--gas-adjustment must be at least 1"},
		{[]string{"--block-time-tolerance", "1"}, "--block-time-tolerance must be below 1"},
		{[]string{"--accounts", "ten"}, `invalid argument "ten"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			res := systest.Run(t, bin, append([]string{"run"}, tc.args...)...)
			require.NotZero(t, res.ExitCode)
			require.Contains(t, res.Stderr, tc.want)
			require.NotContains(t, res.Stderr, "Usage:")
		})
	}
}

// TestLatencyTimesEveryLiquidation runs `ballast-loadgen latency` on a small
// book with the liquidator beside the node: every position the chain calls
// liquidatable at the shocked price's height is liquidated, and every
// unsafe vault auctioned, and the latencies are measured from that height.
func TestLatencyTimesEveryLiquidation(t *testing.T) {
	skipIfShort(t)
	const borrowers, vaults = 60, 20
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	net.StartLiquidator()
	p := net.Ports(0)
	out := filepath.Join(t.TempDir(), "latency.json")
	res := systest.Run(t, systest.LoadgenBinary(t), "latency",
		"--grpc", p.GRPCAddr(), "--rpc", fmt.Sprintf("http://127.0.0.1:%d", p.RPC), "--keyring-dir", net.Home,
		"--feeder-admin", net.FeederAdmin(0), "--borrowers", fmt.Sprint(borrowers), "--vaults", fmt.Sprint(vaults),
		"--shock", "0.2", "--wait", "60s", "--target-p99-blocks", "3", "--json", out)
	require.Zero(t, res.ExitCode, "stdout:\n%s\nstderr:\n%s", res.Stdout, res.Stderr)

	bz, err := os.ReadFile(out)
	require.NoError(t, err)
	var lat loadgen.LatencyResult
	require.NoError(t, json.Unmarshal(bz, &lat))
	require.Positive(t, lat.LandedHeight)
	// At -20%, health below 1.25 (about 9% of the spread) and ratio below
	// 2.0 (about 28%) go under.
	for _, k := range []struct {
		name string
		l    loadgen.Latencies
		n    int
	}{{"lending", lat.Lending, borrowers}, {"vaults", lat.Vaults, vaults}} {
		require.Equal(t, k.n, k.l.Positions, k.name)
		require.Positive(t, k.l.Targets, k.name)
		require.Less(t, k.l.Targets, k.n/2, k.name)
		require.Equal(t, k.l.Targets, k.l.Done, "%s: every target liquidated", k.name)
		for _, b := range k.l.Blocks {
			require.GreaterOrEqual(t, b, int64(0), k.name)
			require.LessOrEqual(t, b, int64(3), k.name)
		}
	}
}
