package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

type queryServer struct{ k Keeper }

// NewQueryServerImpl returns the Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

// Liquidity answers for one denom or, with none, for every market and BSD.
func (q queryServer) Liquidity(ctx context.Context, req *types.QueryLiquidityRequest) (*types.QueryLiquidityResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	denoms := []string{req.Denom}
	if req.Denom == "" {
		markets, err := q.k.lending.FlashDenoms(ctx)
		if err != nil {
			return nil, err
		}
		denoms = denoms[:0]
		for _, denom := range markets {
			if denom != stabletypes.StableDenom { // BSD is flash-minted, never lent
				denoms = append(denoms, denom)
			}
		}
		denoms = append(denoms, stabletypes.StableDenom)
	}
	out := make([]types.FlashLiquidity, 0, len(denoms))
	for _, denom := range denoms {
		l, err := q.k.liquidity(ctx, denom)
		if errors.Is(err, lendingtypes.ErrUnknownMarket) {
			return nil, status.Errorf(codes.NotFound, "%s: no lending market and not BSD", denom)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return &types.QueryLiquidityResponse{Liquidity: out}, nil
}

func (k Keeper) liquidity(ctx context.Context, denom string) (types.FlashLiquidity, error) {
	if denom == stabletypes.StableDenom {
		p, err := k.Params.Get(ctx)
		return types.FlashLiquidity{Denom: denom, Source: "flash-mint", Enabled: p.MaxFlashMint.IsPositive(), Available: p.MaxFlashMint}, err
	}
	enabled, available, err := k.lending.FlashAvailable(ctx, denom)
	return types.FlashLiquidity{Denom: denom, Source: "lending", Enabled: enabled, Available: available}, err
}
