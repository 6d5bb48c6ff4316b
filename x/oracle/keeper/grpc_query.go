package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the oracle's query server.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

func (q queryServer) Price(ctx context.Context, req *types.QueryPriceRequest) (*types.QueryPriceResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	m, err := q.k.MarketBySymbolName(ctx, req.Symbol)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	view, err := q.k.priceView(ctx, m, params)
	if err != nil {
		return nil, err
	}
	return &types.QueryPriceResponse{Price: view}, nil
}

func (q queryServer) Prices(ctx context.Context, req *types.QueryPricesRequest) (*types.QueryPricesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	markets, err := q.k.AllMarkets(ctx) // bounded by MaxMarkets
	if err != nil {
		return nil, err
	}
	out := make([]types.PriceView, 0, len(markets))
	for _, m := range markets {
		view, err := q.k.priceView(ctx, m, params)
		if err != nil {
			return nil, err
		}
		out = append(out, view)
	}
	return &types.QueryPricesResponse{Prices: out}, nil
}

// priceView is a market's price as clients see it: with age, staleness and TWAP.
func (k Keeper) priceView(ctx context.Context, m types.Market, params types.Params) (types.PriceView, error) {
	p, err := k.Prices.Get(ctx, m.Id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.PriceView{Price: types.Price{Symbol: m.Symbol, Price: sdkmath.LegacyZeroDec(), PowerShare: sdkmath.LegacyZeroDec()}, Stale: true, Twap: sdkmath.LegacyZeroDec()}, nil
	}
	if err != nil {
		return types.PriceView{}, err
	}
	view := types.PriceView{
		Price:     p,
		Stale:     !m.Enabled || checkAge(ctx, m, p, params) != nil,
		AgeBlocks: sdk.UnwrapSDKContext(ctx).BlockHeight() - p.Height,
		Twap:      sdkmath.LegacyZeroDec(),
	}
	twap, ok, err := k.twapOf(ctx, m.Id, params)
	if err != nil {
		return view, err
	}
	if ok {
		view.Twap = twap
	}
	return view, nil
}

func (q queryServer) Markets(ctx context.Context, req *types.QueryMarketsRequest) (*types.QueryMarketsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	markets, err := q.k.AllMarkets(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryMarketsResponse{Markets: markets}, nil
}

func (q queryServer) ValidatorPerformance(ctx context.Context, req *types.QueryValidatorPerformanceRequest) (*types.QueryValidatorPerformanceResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	valAddr, err := q.k.stakingKeeper.ValidatorAddressCodec().StringToBytes(req.Validator)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "invalid validator address %q: %v", req.Validator, err)
	}
	val, err := q.k.stakingKeeper.GetValidator(ctx, valAddr)
	if err != nil {
		return nil, status.Errorf(codes.NotFound, "validator %s: %v", req.Validator, err)
	}
	consAddr, err := val.GetConsAddr()
	if err != nil {
		return nil, err
	}
	perf, err := q.k.Performance.Get(ctx, consAddr)
	if errors.Is(err, collections.ErrNotFound) {
		perf = types.ValidatorPerformance{Validator: req.Validator}
	} else if err != nil {
		return nil, err
	}
	return &types.QueryValidatorPerformanceResponse{Performance: perf}, nil
}

func (q queryServer) ValidatorPerformances(ctx context.Context, req *types.QueryValidatorPerformancesRequest) (*types.QueryValidatorPerformancesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	perfs, page, err := query.CollectionPaginate(ctx, q.k.Performance, req.Pagination,
		func(_ []byte, p types.ValidatorPerformance) (types.ValidatorPerformance, error) { return p, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryValidatorPerformancesResponse{Performances: perfs, Pagination: page}, nil
}
