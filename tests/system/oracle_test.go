package system

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

type priceView struct {
	Price struct {
		Symbol string `json:"symbol"`
		Price  string `json:"price"`
		Height string `json:"height"`
	} `json:"price"`
	Stale bool `json:"stale"`
}

func oraclePrices(t *testing.T, net *systest.Network) map[string]priceView {
	t.Helper()
	res := net.CLI("q", "oracle", "prices", "--output", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var out struct {
		Prices []priceView `json:"prices"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &out), res.Stdout)
	m := map[string]priceView{}
	for _, p := range out.Prices {
		m[p.Price.Symbol] = p
	}
	return m
}

// Four validators with feeders: every block carries fresh prices for every
// market, a manual price lands within two blocks, and when feeders holding
// half of the power stop, prices go stale while blocks keep coming, then
// resume when the feeders return (ATTACKS 9, 11).
func TestOracleOnFourValidators(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 4)
	net.StartAllWithFeeders()
	markets := []string{"ATOM", "ETH", "BTC", "USDC", "BAL"}

	// Every block from the third on updates all five markets.
	net.WaitHeight(12, 60*time.Second)
	for h := int64(3); h <= 12; h++ {
		events := net.BlockEvents(0, h)
		updates := 0
		for _, e := range events {
			if e == "ballast.oracle.v1.EventPriceUpdated" {
				updates++
			}
		}
		require.Equalf(t, len(markets), updates, "block %d updated %d markets", h, updates)
	}
	for _, m := range markets {
		require.False(t, oraclePrices(t, net)[m].Stale, m)
	}

	// A manual price on every feeder is on chain within two blocks.
	h0 := net.Height(0)
	for i := 0; i < 4; i++ {
		res := systest.Run(t, systest.FeederBinary(t), "price", "set", "ATOM", "4.2", "--admin", net.FeederAdmin(i))
		require.Zero(t, res.ExitCode, res.Stderr)
	}
	require.Eventually(t, func() bool { return oraclePrices(t, net)["ATOM"].Price.Price == "4.200000000000000000" },
		20*time.Second, 200*time.Millisecond)
	landed := oraclePrices(t, net)["ATOM"].Price.Height
	t.Logf("manual price set at height %d, on chain at height %s", h0, landed)
	require.LessOrEqual(t, mustInt(t, landed), h0+3, "visible within two blocks of the block being voted when it was set")

	// Feeders of two of four validators stop: 50% < 2/3 reports, prices go stale.
	net.StopFeeder(2)
	net.StopFeeder(3)
	require.Eventually(t, func() bool { return oraclePrices(t, net)["ATOM"].Stale }, 40*time.Second, 500*time.Millisecond)
	hStale := net.Height(0)
	net.WaitHeight(hStale+3, 20*time.Second) // blocks keep coming
	events := net.BlockEvents(0, hStale+2)
	require.Contains(t, events, "ballast.oracle.v1.EventPriceSkipped")

	// The silent validators' miss counters moved (they were silent for over
	// max_age_blocks); a reporting one's barely did (a start-up block may
	// precede its feeder's first poll).
	silent, reporting := misses(t, net, "val2"), misses(t, net, "val0")
	require.GreaterOrEqual(t, silent, int64(8), "val2 misses")
	require.Less(t, reporting, int64(3), "val0 misses")

	// They come back: prices resume.
	net.StartFeeder(2)
	net.StartFeeder(3)
	require.Eventually(t, func() bool {
		p := oraclePrices(t, net)
		return !slices.ContainsFunc(markets, func(m string) bool { return p[m].Stale })
	}, 30*time.Second, 500*time.Millisecond)
}

// misses is a validator's oracle miss count in the current window.
func misses(t *testing.T, net *systest.Network, key string) int64 {
	t.Helper()
	res := net.CLI("keys", "show", key, "--bech", "val", "-a")
	require.Zero(t, res.ExitCode, res.Stderr)
	res = net.CLI("q", "oracle", "validator-performance", strings.TrimSpace(res.Stdout), "--output", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var out struct {
		Performance struct {
			Misses string `json:"misses"`
			Blocks string `json:"blocks"`
		} `json:"performance"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &out), res.Stdout)
	require.NotEmpty(t, out.Performance.Blocks, "performance is tracked: %s", res.Stdout)
	if out.Performance.Misses == "" {
		return 0
	}
	return mustInt(t, out.Performance.Misses)
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var v int64
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}
