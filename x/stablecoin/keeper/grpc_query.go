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

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// MaxPageSize bounds every paginated query and UnsafeVaults.
const MaxPageSize = 100

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the query server.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

var errEmpty = status.Error(codes.InvalidArgument, "empty request")

func capPage(p *query.PageRequest) (*query.PageRequest, error) {
	switch {
	case p == nil:
		return &query.PageRequest{Limit: MaxPageSize}, nil
	case p.Limit > MaxPageSize:
		return nil, status.Errorf(codes.InvalidArgument, "page limit %d above the maximum %d", p.Limit, MaxPageSize)
	case p.Limit == 0:
		c := *p
		c.Limit = MaxPageSize
		return &c, nil
	}
	return p, nil
}

// notFound maps the module's unknown-x errors to gRPC NotFound.
func notFound(err error) error {
	if errors.Is(err, types.ErrUnknownType) || errors.Is(err, types.ErrUnknownVault) || errors.Is(err, types.ErrUnknownAuction) {
		return status.Error(codes.NotFound, err.Error())
	}
	return err
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

// accruedState is a type's state with the fee accrued to the block time,
// without writing it (queries never change state).
func (k Keeper) accruedState(ctx context.Context, name string) (types.CollateralType, types.TypeState, error) {
	ct, st, _, err := k.accrued(ctx, name)
	return ct, st, err
}

func (q queryServer) CollateralTypes(ctx context.Context, req *types.QueryCollateralTypesRequest) (*types.QueryCollateralTypesResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	var out []types.TypeView
	err := q.k.Types.Walk(ctx, nil, func(name string, _ types.CollateralType) (bool, error) {
		ct, st, err := q.k.accruedState(ctx, name)
		out = append(out, types.TypeView{CollateralType: ct, State: st, TotalDebt: types.DebtOf(st.TotalArt, st.Rate)})
		return false, err
	})
	return &types.QueryCollateralTypesResponse{Types: out}, err
}

// VaultView is a vault with its accrued debt and its collateral ratio at
// the spot price. A stale price does not fail the view: it uses the last
// price the oracle kept.
func (k Keeper) VaultView(ctx context.Context, v types.Vault) (types.VaultView, error) {
	view := types.VaultView{Vault: v, Debt: sdkmath.ZeroInt(), Safe: true}
	ct, st, err := k.accruedState(ctx, v.Type)
	if err != nil {
		return view, err
	}
	view.Debt = types.DebtOf(v.Art, st.Rate)
	if !v.Art.IsPositive() {
		return view, nil
	}
	p, err := k.oracle.GetPrice(ctx, ct.OracleSymbol)
	if err != nil && !errors.Is(err, oracletypes.ErrStalePrice) {
		return view, err
	}
	if p.Price.IsNil() || !p.Price.IsPositive() {
		view.Safe = false
		return view, nil
	}
	ratio := types.CollateralValue(v.Collateral, p.Price, ct.Decimals).Quo(types.DebtValue(view.Debt))
	view.Ratio = ratio.String()
	view.Safe = types.IsSafe(v.Collateral, v.Art, st.Rate, p.Price, ct.LiquidationRatio, ct.Decimals)
	return view, nil
}

func (q queryServer) Vault(ctx context.Context, req *types.QueryVaultRequest) (*types.QueryVaultResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	v, err := q.k.vault(ctx, req.Id)
	if err != nil {
		return nil, notFound(err)
	}
	view, err := q.k.VaultView(ctx, v)
	return &types.QueryVaultResponse{Vault: view}, err
}

func (q queryServer) Vaults(ctx context.Context, req *types.QueryVaultsRequest) (*types.QueryVaultsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	page, err := capPage(req.Pagination)
	if err != nil {
		return nil, err
	}
	if req.Owner == "" {
		views, res, err := query.CollectionPaginate(ctx, q.k.Vaults, page, func(_ uint64, v types.Vault) (types.VaultView, error) {
			return q.k.VaultView(ctx, v)
		})
		return &types.QueryVaultsResponse{Vaults: views, Pagination: res}, err
	}
	owner, err := q.k.addressCodec.StringToBytes(req.Owner)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "owner %q: %v", req.Owner, err)
	}
	views, res, err := query.CollectionPaginate(ctx, q.k.VaultsByOwner, page,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.VaultView, error) {
			v, err := q.k.vault(ctx, key.K2())
			if err != nil {
				return types.VaultView{}, err
			}
			return q.k.VaultView(ctx, v)
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](owner))
	return &types.QueryVaultsResponse{Vaults: views, Pagination: res}, err
}

// AuctionView is an auction with its current price and whether it must be redone.
func (k Keeper) AuctionView(ctx context.Context, a types.Auction) (types.AuctionView, error) {
	ct, err := k.collateralType(ctx, a.Type)
	if err != nil {
		return types.AuctionView{}, err
	}
	elapsed := sdk.UnwrapSDKContext(ctx).BlockTime().Sub(a.Start)
	return types.AuctionView{Auction: a, Price: ct.AuctionPrice(a.Top, elapsed), NeedsRedo: ct.NeedsRedo(a.Top, elapsed)}, nil
}

func (q queryServer) Auctions(ctx context.Context, req *types.QueryAuctionsRequest) (*types.QueryAuctionsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	page, err := capPage(req.Pagination)
	if err != nil {
		return nil, err
	}
	views, res, err := query.CollectionPaginate(ctx, q.k.Auctions, page, func(_ uint64, a types.Auction) (types.AuctionView, error) {
		return q.k.AuctionView(ctx, a)
	})
	return &types.QueryAuctionsResponse{Auctions: views, Pagination: res}, err
}

func (q queryServer) Auction(ctx context.Context, req *types.QueryAuctionRequest) (*types.QueryAuctionResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	a, err := q.k.auction(ctx, req.Id)
	if err != nil {
		return nil, notFound(err)
	}
	view, err := q.k.AuctionView(ctx, a)
	return &types.QueryAuctionResponse{Auction: view}, err
}

func (q queryServer) UnsafeVaults(ctx context.Context, req *types.QueryUnsafeVaultsRequest) (*types.QueryUnsafeVaultsResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	limit := int(req.Limit)
	if limit > MaxPageSize {
		return nil, status.Errorf(codes.InvalidArgument, "limit %d above the maximum %d", limit, MaxPageSize)
	}
	if limit == 0 {
		limit = MaxPageSize
	}
	vaults, err := q.k.UnsafeVaults(ctx, req.Type, limit)
	if errors.Is(err, oracletypes.ErrStalePrice) {
		return nil, status.Error(codes.Unavailable, err.Error())
	}
	return &types.QueryUnsafeVaultsResponse{Vaults: vaults}, notFound(err)
}

func (q queryServer) Surplus(ctx context.Context, req *types.QuerySurplusRequest) (*types.QuerySurplusResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	l, err := q.k.ledger(ctx)
	return &types.QuerySurplusResponse{Ledger: l}, err
}

func (q queryServer) PSM(ctx context.Context, req *types.QueryPSMRequest) (*types.QueryPSMResponse, error) {
	if req == nil {
		return nil, errEmpty
	}
	p, err := q.k.psm(ctx)
	return &types.QueryPSMResponse{Psm: p}, err
}
