package abci

import (
	"context"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// FeederClient is the node's gRPC client of its local ballast-pricefeeder.
type FeederClient struct {
	conn   *grpc.ClientConn
	client types.PriceFeederClient
}

var _ PriceSource = (*FeederClient)(nil)

// NewFeederClient connects lazily to addr (host:port): a feeder that is down
// at start-up or restarts later is simply reached when it is back.
func NewFeederClient(addr string) (*FeederClient, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("price feeder %q: %w", addr, err)
	}
	return &FeederClient{conn: conn, client: types.NewPriceFeederClient(conn)}, nil
}

// Prices asks the feeder for symbols; prices that do not parse as positive
// decimals are dropped.
func (c *FeederClient) Prices(ctx context.Context, symbols []string) (map[string]sdkmath.LegacyDec, error) {
	resp, err := c.client.Prices(ctx, &types.PricesRequest{Symbols: symbols})
	if err != nil {
		return nil, err
	}
	out := make(map[string]sdkmath.LegacyDec, len(resp.Prices))
	for _, p := range resp.Prices {
		d, err := sdkmath.LegacyNewDecFromStr(p.Price)
		if err != nil || !d.IsPositive() {
			continue
		}
		out[p.Symbol] = d
	}
	return out, nil
}

// Close closes the connection.
func (c *FeederClient) Close() error { return c.conn.Close() }
