package keeper_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"cosmossdk.io/log/v2"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// The fallback's counters are OpenTelemetry instruments created at package
// init from the global MeterProvider. Until a real provider is installed
// the global one is a delegate, and the instruments it handed out forward
// to the first provider set with otel.SetMeterProvider (only the first:
// the delegation happens once per process). The tests install an SDK
// MeterProvider with a manual reader once, and read cumulative sums, so
// each test looks at deltas.
var (
	metricsOnce   sync.Once
	metricsReader *sdkmetric.ManualReader
	metricsErr    error
)

const (
	metricSkipped    = "stablecoin.fallback.skipped"
	metricLiquidated = "stablecoin.fallback.liquidated"
	skippedLine      = "stablecoin fallback: vault skipped"
)

// observeMetrics installs the recording provider (once) and returns its
// reader; it skips the calling test when the process already had a real
// provider (a node's OTEL_CONFIG_FILE read at init), which the package's
// instruments would report to instead.
func observeMetrics(t *testing.T) *sdkmetric.ManualReader {
	t.Helper()
	metricsOnce.Do(func() {
		// The default global provider is the SDK-internal delegate type.
		if got := fmt.Sprintf("%T", otel.GetMeterProvider()); got != "*global.meterProvider" {
			metricsErr = fmt.Errorf("the global MeterProvider is already %s (OTEL_CONFIG_FILE=%q): the fallback's counters report there", got, os.Getenv("OTEL_CONFIG_FILE"))
			return
		}
		metricsReader = sdkmetric.NewManualReader()
		otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(metricsReader)))
	})
	if metricsErr != nil {
		t.Skipf("cannot observe the fallback's metrics: %v", metricsErr)
	}
	return metricsReader
}

// counter is the cumulative value of the int64 sum name for type typeName.
func counter(t *testing.T, reader *sdkmetric.ManualReader, name, typeName string) int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	var total int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			sum, ok := m.Data.(metricdata.Sum[int64])
			require.True(t, ok, "%s is a %T", name, m.Data)
			require.True(t, sum.IsMonotonic, "%s is a counter", name)
			for _, dp := range sum.DataPoints {
				if v, ok := dp.Attributes.Value(attribute.Key("type")); ok && v.AsString() == typeName {
					total += dp.Value
				}
			}
		}
	}
	return total
}

// logLine is one JSON line of the recording logger.
type logLine map[string]any

func (l logLine) str(key string) string {
	s, _ := l[key].(string)
	return s
}

// recordLogs gives the fixture's context a logger that writes JSON lines
// to a buffer, and returns a function that reads the lines logged since.
func (f *fixture) recordLogs() func() []logLine {
	var buf bytes.Buffer
	f.ctx = f.ctx.WithLogger(log.NewLogger(&buf, log.OutputJSONOption(), log.ColorOption(false), log.LevelOption(-1)))
	return func() []logLine {
		var lines []logLine
		sc := bufio.NewScanner(&buf) // drains what was written so far
		for sc.Scan() {
			var l logLine
			require.NoError(f.t, json.Unmarshal(sc.Bytes(), &l), "log line %q", sc.Text())
			lines = append(lines, l)
		}
		return lines
	}
}

// skips are the "vault skipped" lines among lines.
func skips(lines []logLine) []logLine {
	var out []logLine
	for _, l := range lines {
		if l.str("message") == skippedLine {
			out = append(out, l)
		}
	}
	return out
}

// requireSkipped: exactly one vault-skipped line, at error level, naming
// vault id and an error containing why.
func requireSkipped(t *testing.T, lines []logLine, id uint64, why string, block int) {
	t.Helper()
	s := skips(lines)
	require.Len(t, s, 1, "block %d: one skipped vault, one line: %v", block, lines)
	require.Equal(t, "error", s[0].str("level"), "block %d", block)
	require.Equal(t, float64(id), s[0]["vault"], "block %d: the line names the vault", block)
	require.Contains(t, s[0].str("err"), why, "block %d: the line says why", block)
}

// ATTACKS 17, huge debt, the observable side: each block the fallback
// skips the poisoned vault (its tab is past max_in_auction) it writes an
// error line naming the vault and the reason, and adds one to
// stablecoin.fallback.skipped{type}; the auctions it does start are
// counted by stablecoin.fallback.liquidated{type}. EndBlock returns nil.
func TestFallbackLogsAndCountsAPoisonedVault(t *testing.T) {
	reader := observeMetrics(t)
	f := setup(t)
	poisoned := f.poisonedBook(t) // all four unsafe, the poisoned one worst
	logs := f.recordLogs()

	skipped0, liquidated0 := counter(t, reader, metricSkipped, "atom-a"), counter(t, reader, metricLiquidated, "atom-a")
	// Blocks 1 and 2 start 2 then 1 auctions; block 3 has only the poisoned vault left.
	for block, started := range []int64{2, 1, 0} {
		require.NoError(t, f.k.EndBlocker(f.ctx), "block %d", block)
		requireSkipped(t, logs(), poisoned, types.ErrAuctionLimit.Error(), block)
		require.Equal(t, int64(block+1), counter(t, reader, metricSkipped, "atom-a")-skipped0, "block %d: one skip counted per block", block)
		liquidated0 += started
		require.Equal(t, liquidated0, counter(t, reader, metricLiquidated, "atom-a"), "block %d: auctions started", block)
		require.Zero(t, counter(t, reader, metricSkipped, "eth-a"), "counted under its own type only")
		f.invariants()
	}
	v, err := f.k.Vaults.Get(f.ctx, poisoned)
	require.NoError(t, err)
	require.True(t, v.Art.IsPositive(), "the poisoned vault's cache context was discarded")
}

// ATTACKS 17, zero collateral: the corrupt vault is logged with the
// reason ("nothing to auction") and counted; the two real vaults are
// auctioned and counted as liquidated.
func TestFallbackLogsAndCountsAVaultWithoutCollateral(t *testing.T) {
	reader := observeMetrics(t)
	f := setup(t)
	for range 2 {
		f.open(f.bob, 1_000_000_000, 6_000_000_000)
	}
	id := f.vaultWithoutCollateral(t)
	f.oracle.prices["ATOM"] = d("8")
	logs := f.recordLogs()

	skipped0, liquidated0 := counter(t, reader, metricSkipped, "atom-a"), counter(t, reader, metricLiquidated, "atom-a")
	require.NoError(t, f.k.EndBlocker(f.ctx))
	requireSkipped(t, logs(), id, "nothing to auction", 1)
	require.Equal(t, int64(1), counter(t, reader, metricSkipped, "atom-a")-skipped0)
	require.Equal(t, int64(2), counter(t, reader, metricLiquidated, "atom-a")-liquidated0)
	f.invariants()
}

// The counterpart: a fallback that liquidates everything it looks at
// writes no skip line and counts no skip.
func TestFallbackWithoutPoisonLogsAndCountsNoSkip(t *testing.T) {
	reader := observeMetrics(t)
	f := setup(t)
	for range 3 {
		f.open(f.bob, 1_000_000_000, 6_000_000_000)
	}
	f.oracle.prices["ATOM"] = d("8")
	logs := f.recordLogs()
	skipped0, liquidated0 := counter(t, reader, metricSkipped, "atom-a"), counter(t, reader, metricLiquidated, "atom-a")
	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.Empty(t, skips(logs()))
	require.Equal(t, skipped0, counter(t, reader, metricSkipped, "atom-a"))
	require.Equal(t, int64(3), counter(t, reader, metricLiquidated, "atom-a")-liquidated0)
}

// ATTACKS 17, missing price: a type whose price is stale is skipped as a
// whole with an info line naming the type and the oracle's error, and
// EndBlock returns nil. (The code counts no metric for this case: the
// counter is per vault, and a stale price is ATTACKS 9's normal outage.)
func TestFallbackLogsATypeWithoutAPrice(t *testing.T) {
	f := setup(t)
	f.open(f.alice, 1_000_000_000, 6_000_000_000)
	f.oracle.prices["ATOM"] = d("5")
	f.oracle.stale = true
	logs := f.recordLogs()
	require.NoError(t, f.k.EndBlocker(f.ctx))
	var found []logLine
	for _, l := range logs() {
		if l.str("message") == "stablecoin fallback: skipping type" {
			found = append(found, l)
		}
	}
	require.Len(t, found, 1)
	require.Equal(t, "info", found[0].str("level"))
	require.Equal(t, "atom-a", found[0].str("type"))
	require.Contains(t, found[0].str("err"), "stale")
}
