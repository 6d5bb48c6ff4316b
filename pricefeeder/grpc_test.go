package pricefeeder

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

func TestGRPCPrices(t *testing.T) {
	clk := newLockedClock()
	reg := prometheus.NewRegistry()
	f := newTestFeeder(clk, 1, reg, threeProviders(clk)...)
	srv := NewGRPCServer(f)
	pollTime := clk.Now()
	f.Poll(t.Context())

	cases := []struct {
		name    string
		symbols []string
		want    []oracletypes.FeederPrice
	}{
		{"all markets when none asked", nil, []oracletypes.FeederPrice{
			{Symbol: "ATOM", Price: "10.200000000000000000", Time: pollTime, Providers: 3},
			{Symbol: "ETH", Price: "3005.000000000000000000", Time: pollTime, Providers: 2},
			{Symbol: "BTC", Price: "100000.000000000000000000", Time: pollTime, Providers: 1},
		}},
		{"only the asked symbols, in the asked order", []string{"BTC", "ATOM"}, []oracletypes.FeederPrice{
			{Symbol: "BTC", Price: "100000.000000000000000000", Time: pollTime, Providers: 1},
			{Symbol: "ATOM", Price: "10.200000000000000000", Time: pollTime, Providers: 3},
		}},
		{"unknown symbols are left out", []string{"SOL", "ETH"}, []oracletypes.FeederPrice{
			{Symbol: "ETH", Price: "3005.000000000000000000", Time: pollTime, Providers: 2},
		}},
		{"nothing known", []string{"SOL"}, []oracletypes.FeederPrice{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := srv.Prices(context.Background(), &oracletypes.PricesRequest{Symbols: tc.symbols})
			require.NoError(t, err)
			require.Equal(t, tc.want, resp.Prices)
		})
	}

	// A stale snapshot is answered with no prices, not an error: the node
	// then simply votes no prices this block.
	clk.Advance(feederMaxAge + time.Nanosecond)
	resp, err := srv.Prices(context.Background(), &oracletypes.PricesRequest{})
	require.NoError(t, err)
	require.Empty(t, resp.Prices)

	requireMetric(t, reg, 3, "pricefeeder_grpc_requests_total", "result", "ok")
	requireMetric(t, reg, 2, "pricefeeder_grpc_requests_total", "result", "empty")
}

// The node reads prices over a real connection; the decimal strings and
// the quote time must survive the wire.
func TestGRPCPricesOverLoopback(t *testing.T) {
	clk := newLockedClock()
	f := newTestFeeder(clk, 1, nil, threeProviders(clk)...)
	require.NoError(t, f.Manual().Set("ATOM", dec("4.123456789012345678")))
	f.Poll(t.Context())

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	gs := grpc.NewServer()
	oracletypes.RegisterPriceFeederServer(gs, NewGRPCServer(f))
	go func() { _ = gs.Serve(lis) }()
	t.Cleanup(gs.Stop)

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	resp, err := oracletypes.NewPriceFeederClient(conn).Prices(ctx, &oracletypes.PricesRequest{Symbols: []string{"ATOM"}})
	require.NoError(t, err)
	require.Len(t, resp.Prices, 1)
	require.Equal(t, "ATOM", resp.Prices[0].Symbol)
	require.Equal(t, "4.123456789012345678", resp.Prices[0].Price)
	require.True(t, clk.Now().Equal(resp.Prices[0].Time), "time %s, want %s", resp.Prices[0].Time, clk.Now())
	require.Equal(t, uint32(1), resp.Prices[0].Providers)
}
