package abci_test

import (
	"context"
	"net"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/ballast-chain/ballast/testutil/apptesting"
	oracleabci "github.com/ballast-chain/ballast/x/oracle/abci"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

// feederStub is a PriceFeeder gRPC server whose answer and delay a test picks.
type feederStub struct {
	types.UnimplementedPriceFeederServer
	delay  time.Duration
	prices []types.FeederPrice
}

func (f *feederStub) Prices(ctx context.Context, _ *types.PricesRequest) (*types.PricesResponse, error) {
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
	}
	return &types.PricesResponse{Prices: f.prices}, nil
}

func serveFeeder(t *testing.T, stub *feederStub) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := grpc.NewServer()
	types.RegisterPriceFeederServer(srv, stub)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

func extendVote(t *testing.T, chain *apptesting.Network, addr string, timeout time.Duration) ([]byte, time.Duration) {
	t.Helper()
	client, err := oracleabci.NewFeederClient(addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close() })
	h := oracleabci.NewVoteExtensionHandler(chain.App.OracleKeeper, client, timeout)
	start := time.Now()
	res, err := h.ExtendVote()(apptesting.Context(chain.App), &abci.RequestExtendVote{Height: chain.App.LastBlockHeight() + 1})
	require.NoError(t, err)
	return res.VoteExtension, time.Since(start)
}

func TestExtendVoteEncodesTheFeederPrices(t *testing.T) {
	chain := apptesting.SetupValidators(t, 1)
	addr := serveFeeder(t, &feederStub{prices: []types.FeederPrice{
		{Symbol: "ATOM", Price: "4.2"},
		{Symbol: "BTC", Price: "100000.1234567"},
		{Symbol: "ETH", Price: "-1"},
		{Symbol: "USDC", Price: "garbage"},
		{Symbol: "DOGE", Price: "1"},
	}})
	bz, _ := extendVote(t, chain, addr, time.Second)
	reports, err := types.DecodeExtension(bz)
	require.NoError(t, err)
	require.Equal(t, []types.Report{{MarketID: 0, Price: 4_200_000}, {MarketID: 2, Price: 100_000_123_456}}, reports,
		"bad prices and unknown markets are dropped; prices round down to 6 decimals")
}

// ATTACKS 13: a feeder that answers after 10 s costs ExtendVote its timeout, not 10 s.
func TestExtendVoteNeverWaitsLongerThanTheTimeout(t *testing.T) {
	chain := apptesting.SetupValidators(t, 1)
	addr := serveFeeder(t, &feederStub{delay: 10 * time.Second, prices: []types.FeederPrice{{Symbol: "ATOM", Price: "4.2"}}})
	bz, took := extendVote(t, chain, addr, 250*time.Millisecond)
	require.Empty(t, bz)
	require.Less(t, took, 2*time.Second)
}

func TestExtendVoteWithFeederDownIsEmpty(t *testing.T) {
	chain := apptesting.SetupValidators(t, 1)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := lis.Addr().String()
	require.NoError(t, lis.Close()) // nothing listens there now
	bz, took := extendVote(t, chain, addr, 250*time.Millisecond)
	require.Empty(t, bz)
	require.Less(t, took, 2*time.Second)
}
