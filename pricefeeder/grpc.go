package pricefeeder

import (
	"context"

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// grpcServer serves the node's price requests from the feeder's snapshot.
type grpcServer struct {
	oracletypes.UnimplementedPriceFeederServer
	feeder *Feeder
}

// NewGRPCServer returns the PriceFeeder service of f.
func NewGRPCServer(f *Feeder) oracletypes.PriceFeederServer { return &grpcServer{feeder: f} }

func (s *grpcServer) Prices(_ context.Context, req *oracletypes.PricesRequest) (*oracletypes.PricesResponse, error) {
	prices := s.feeder.Prices(req.GetSymbols())
	resp := &oracletypes.PricesResponse{Prices: make([]oracletypes.FeederPrice, 0, len(prices))}
	for _, p := range prices {
		resp.Prices = append(resp.Prices, oracletypes.FeederPrice{
			Symbol: p.Symbol, Price: p.Price.String(), Time: p.Time, Providers: uint32(p.Providers),
		})
	}
	result := "ok"
	if len(prices) == 0 {
		result = "empty"
	}
	s.feeder.metrics.observeRequest(result)
	return resp, nil
}
