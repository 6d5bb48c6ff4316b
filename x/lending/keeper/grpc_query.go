package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// MaxPageSize bounds every paginated lending query.
const MaxPageSize = 100

type queryServer struct {
	k Keeper
	// liquidationTargets is the node flag lending.enable_liquidation_targets.
	liquidationTargets bool
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the query server; liquidationTargets enables
// the heavy LiquidationTargets query on this node.
func NewQueryServerImpl(k Keeper, liquidationTargets bool) types.QueryServer {
	return queryServer{k: k, liquidationTargets: liquidationTargets}
}

func capPage(p *query.PageRequest) (*query.PageRequest, error) {
	if p == nil {
		return &query.PageRequest{Limit: MaxPageSize}, nil
	}
	if p.Limit > MaxPageSize {
		return nil, status.Errorf(codes.InvalidArgument, "page limit %d above the maximum %d", p.Limit, MaxPageSize)
	}
	if p.Limit == 0 {
		c := *p
		c.Limit = MaxPageSize
		return &c, nil
	}
	return p, nil
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.k.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

// MarketView is a market with interest accrued to now, rates and totals.
func (k Keeper) MarketView(ctx context.Context, denom string) (types.MarketView, error) {
	m, st, err := k.accrued(ctx, denom)
	if err != nil {
		return types.MarketView{}, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.MarketView{}, err
	}
	supply, borrows := st.Totals()
	u := types.Utilization(st.Available(), borrows)
	return types.MarketView{
		Market: m, State: st, TotalSupply: supply, TotalBorrows: borrows, Available: st.Available(),
		Utilization: u, BorrowApr: m.BorrowRate(u, params.MaxBorrowRate), SupplyApr: m.SupplyRate(u, params.MaxBorrowRate),
	}, nil
}

func (q queryServer) Markets(ctx context.Context, req *types.QueryMarketsRequest) (*types.QueryMarketsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	var out []types.MarketView
	err := q.k.Markets.Walk(ctx, nil, func(denom string, _ types.Market) (bool, error) {
		v, err := q.k.MarketView(ctx, denom)
		out = append(out, v)
		return false, err
	})
	return &types.QueryMarketsResponse{Markets: out}, err
}

func (q queryServer) Market(ctx context.Context, req *types.QueryMarketRequest) (*types.QueryMarketResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	v, err := q.k.MarketView(ctx, req.Denom)
	if errors.Is(err, types.ErrUnknownMarket) {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	return &types.QueryMarketResponse{Market: v}, err
}

// AccountView is an account's accrued positions and health at spot
// prices. A stale price does not fail the view: it uses the last price and
// says so in prices_stale.
func (k Keeper) AccountView(ctx context.Context, addr sdk.AccAddress) (types.AccountView, error) {
	view := types.AccountView{Address: addr.String()}
	denoms, err := k.accountDenoms(ctx, addr)
	if err != nil {
		return view, err
	}
	var priced []types.PricedPosition
	for _, denom := range denoms {
		p, m, _, err := k.position(ctx, addr, denom)
		if err != nil {
			return view, err
		}
		price, err := k.oracle.GetPrice(ctx, m.OracleSymbol)
		if errors.Is(err, oracletypes.ErrStalePrice) {
			view.PricesStale = true
		} else if err != nil {
			return view, err
		}
		if !price.Price.IsNil() {
			p.CollateralPrice, p.DebtPrice = price.Price, price.Price
		}
		priced = append(priced, p)
		view.Positions = append(view.Positions, types.PositionView{
			Denom: denom, Supplied: p.Supplied, Debt: p.Debt, Collateral: p.Collateral,
			SuppliedValue: types.ValueDown(p.Supplied, p.CollateralPrice, p.Decimals),
			DebtValue:     types.ValueUp(p.Debt, p.DebtPrice, p.Decimals),
		})
	}
	h := types.ComputeHealth(priced)
	view.CollateralValue, view.BorrowLimit, view.LiquidationThresholdValue, view.DebtValue =
		h.CollateralValue, h.BorrowLimit, h.ThresholdValue, h.DebtValue
	if hf, ok := h.HealthFactor(); ok {
		view.HealthFactor = hf.String()
	}
	return view, nil
}

func (q queryServer) Account(ctx context.Context, req *types.QueryAccountRequest) (*types.QueryAccountResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.k.account(req.Address)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	v, err := q.k.AccountView(ctx, addr)
	return &types.QueryAccountResponse{Account: v}, err
}

func (q queryServer) Accounts(ctx context.Context, req *types.QueryAccountsRequest) (*types.QueryAccountsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	page, err := capPage(req.Pagination)
	if err != nil {
		return nil, err
	}
	views, pageRes, err := query.CollectionPaginate(ctx, q.k.Borrowers, page,
		func(addr sdk.AccAddress, _ collectionsNoValue) (types.AccountView, error) {
			return q.k.AccountView(ctx, addr)
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryAccountsResponse{Accounts: views, Pagination: pageRes}, nil
}

// AccountsByAddress answers up to MaxPageSize named accounts in one request,
// so a keeper re-reading a busy block's accounts pays the query context (a
// store at that height) once rather than once per account. A repeated or
// malformed address fails the whole request.
func (q queryServer) AccountsByAddress(ctx context.Context, req *types.QueryAccountsByAddressRequest) (*types.QueryAccountsByAddressResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if len(req.Addresses) > MaxPageSize {
		return nil, status.Errorf(codes.InvalidArgument, "%d addresses above the maximum %d", len(req.Addresses), MaxPageSize)
	}
	seen := make(map[string]struct{}, len(req.Addresses))
	views := make([]types.AccountView, 0, len(req.Addresses))
	for _, a := range req.Addresses {
		addr, err := q.k.account(a)
		if err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
		if _, dup := seen[string(addr)]; dup {
			return nil, status.Errorf(codes.InvalidArgument, "address %s asked twice", a)
		}
		seen[string(addr)] = struct{}{}
		v, err := q.k.AccountView(ctx, addr)
		if err != nil {
			return nil, err
		}
		views = append(views, v)
	}
	return &types.QueryAccountsByAddressResponse{Accounts: views}, nil
}

func (q queryServer) MaxBorrow(ctx context.Context, req *types.QueryMaxBorrowRequest) (*types.QueryMaxBorrowResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.k.account(req.Address)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	m, st, err := q.k.accrued(ctx, req.Denom)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	ps, err := q.k.positions(ctx, addr, conservativePrices)
	if err != nil {
		return nil, err
	}
	h := types.ComputeHealth(ps)
	room := h.BorrowLimit.Sub(h.DebtValue)
	if !room.IsPositive() || m.CanBorrow() != nil {
		return &types.QueryMaxBorrowResponse{Amount: sdkmath.ZeroInt()}, nil
	}
	_, debtPrice, err := q.k.prices(ctx, m.OracleSymbol, conservativePrices)
	if err != nil {
		return nil, err
	}
	amt := sdkmath.MinInt(types.AmountDown(room, debtPrice, m.Decimals), st.Available())
	return &types.QueryMaxBorrowResponse{Amount: amt}, nil
}

func (q queryServer) MaxWithdraw(ctx context.Context, req *types.QueryMaxWithdrawRequest) (*types.QueryMaxWithdrawResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.k.account(req.Address)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	p, m, st, err := q.k.position(ctx, addr, req.Denom)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	limit := sdkmath.MinInt(p.Supplied, st.Available())
	owes, err := q.k.Borrowers.Has(ctx, addr)
	if err != nil {
		return nil, err
	}
	if p.Collateral && owes {
		ps, err := q.k.positions(ctx, addr, conservativePrices)
		if err != nil {
			return nil, err
		}
		h := types.ComputeHealth(ps)
		room := h.BorrowLimit.Sub(h.DebtValue)
		colPrice, _, err := q.k.prices(ctx, m.OracleSymbol, conservativePrices)
		if err != nil {
			return nil, err
		}
		free := sdkmath.ZeroInt()
		if room.IsPositive() && m.Ltv.IsPositive() {
			free = types.AmountDown(room.QuoTruncate(m.Ltv), colPrice, m.Decimals)
		}
		limit = sdkmath.MinInt(limit, free)
	}
	return &types.QueryMaxWithdrawResponse{Amount: limit}, nil
}

func (q queryServer) LiquidationTargets(ctx context.Context, req *types.QueryLiquidationTargetsRequest) (*types.QueryLiquidationTargetsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if !q.liquidationTargets {
		return nil, status.Error(codes.Unavailable, types.ErrQueryDisabled.Wrap("start the node with lending.enable_liquidation_targets = true").Error())
	}
	page, err := capPage(req.Pagination)
	if err != nil {
		return nil, err
	}
	// A page of borrowers, filtered: a page may hold fewer targets than its limit.
	var targets []types.AccountView
	_, pageRes, err := query.CollectionPaginate(ctx, q.k.Borrowers, page,
		func(addr sdk.AccAddress, _ collectionsNoValue) (struct{}, error) {
			ps, err := q.k.positions(ctx, addr, spotPrices)
			if err != nil {
				return struct{}{}, nil // unpriceable now: not a target on this page
			}
			if types.ComputeHealth(ps).Liquidatable() {
				v, err := q.k.AccountView(ctx, addr)
				if err != nil {
					return struct{}{}, err
				}
				targets = append(targets, v)
			}
			return struct{}{}, nil
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryLiquidationTargetsResponse{Targets: targets, Pagination: pageRes}, nil
}
