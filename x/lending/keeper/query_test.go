package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ballast-chain/ballast/x/lending/keeper"
	"github.com/ballast-chain/ballast/x/lending/types"
)

func TestMarketAndAccountViews(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "1000000000uusdc")
	q := keeper.NewQueryServerImpl(f.k, false)

	m, err := q.Market(f.ctx, &types.QueryMarketRequest{Denom: "uusdc"})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_000_000_000), m.Market.TotalBorrows)
	require.Equal(t, sdkmath.NewInt(499_000_000_000), m.Market.Available)
	require.Equal(t, "0.002000000000000000", m.Market.Utilization.String())
	require.True(t, m.Market.BorrowApr.IsPositive() && m.Market.SupplyApr.LT(m.Market.BorrowApr))

	_, err = q.Market(f.ctx, &types.QueryMarketRequest{Denom: "nope"})
	require.Equal(t, codes.NotFound, status.Code(err))

	a, err := q.Account(f.ctx, &types.QueryAccountRequest{Address: b.String()})
	require.NoError(t, err)
	v := a.Account
	require.Equal(t, "10000.000000000000000000", v.CollateralValue.String())
	require.Equal(t, "6500.000000000000000000", v.BorrowLimit.String())
	require.Equal(t, "7500.000000000000000000", v.LiquidationThresholdValue.String())
	require.Equal(t, "1000.000000000000000000", v.DebtValue.String())
	require.Equal(t, "7.500000000000000000", v.HealthFactor)
	require.False(t, v.PricesStale)

	_, err = q.Account(f.ctx, &types.QueryAccountRequest{Address: "garbage"})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	_, err = q.Account(f.ctx, nil)
	require.Equal(t, codes.InvalidArgument, status.Code(err))
}

func TestMaxBorrowAndMaxWithdrawMatchTheChecks(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "1000000000uusdc")
	q := keeper.NewQueryServerImpl(f.k, false)

	mb, err := q.MaxBorrow(f.ctx, &types.QueryMaxBorrowRequest{Address: b.String(), Denom: "uusdc"})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(5_500_000_000), mb.Amount, "6500 limit − 1000 debt")
	// Exactly that much can be borrowed, one more unit cannot.
	// (each attempt in its own branch, as each transaction is)
	cache, _ := f.ctx.CacheContext()
	require.ErrorIs(t, f.k.Borrow(cache, b, coin("5500000001uusdc")), types.ErrUndercollateralized)
	cache, _ = f.ctx.CacheContext()
	require.NoError(t, f.k.Borrow(cache, b, coin("5500000000uusdc")))

	mw, err := q.MaxWithdraw(f.ctx, &types.QueryMaxWithdrawRequest{Address: b.String(), Denom: "uatom"})
	require.NoError(t, err)
	// 1000 USD of debt needs 1000/0.65 USD of ATOM at $10: 153.846153 ATOM stay.
	require.Equal(t, sdkmath.NewInt(846_153_846), mw.Amount)
	cache, _ = f.ctx.CacheContext()
	_, err = f.k.Withdraw(cache, b, coin("846153847uatom"), false)
	require.ErrorIs(t, err, types.ErrUndercollateralized)
	cache, _ = f.ctx.CacheContext()
	_, err = f.k.Withdraw(cache, b, coin("846153846uatom"), false)
	require.NoError(t, err)
}

// ATTACKS 32: the heavy queries are paginated with a maximum page size, and
// liquidation targets are off unless the node turns them on.
func TestKeeperQueriesArePaginatedAndGated(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "6000000000uusdc")

	off := keeper.NewQueryServerImpl(f.k, false)
	_, err := off.LiquidationTargets(f.ctx, &types.QueryLiquidationTargetsRequest{})
	require.Equal(t, codes.Unavailable, status.Code(err))

	on := keeper.NewQueryServerImpl(f.k, true)
	res, err := on.LiquidationTargets(f.ctx, &types.QueryLiquidationTargetsRequest{})
	require.NoError(t, err)
	require.Empty(t, res.Targets, "healthy at $10")
	f.setPrices(map[string]string{"ATOM": "7", "USDC": "1"})
	res, err = on.LiquidationTargets(f.ctx, &types.QueryLiquidationTargetsRequest{})
	require.NoError(t, err)
	require.Len(t, res.Targets, 1)
	require.Equal(t, b.String(), res.Targets[0].Address)

	_, err = on.Accounts(f.ctx, &types.QueryAccountsRequest{Pagination: &query.PageRequest{Limit: keeper.MaxPageSize + 1}})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	accts, err := on.Accounts(f.ctx, &types.QueryAccountsRequest{})
	require.NoError(t, err)
	require.Len(t, accts.Accounts, 1, "only accounts with debt")
}

func TestAccountsByAddressAnswersEachInTheOrderAsked(t *testing.T) {
	f := setup(t)
	b := f.borrower("1000000000uatom", "1000000000uusdc")
	supplier := f.users[0]
	nobody := sdk.AccAddress("no-positions--------")
	q := keeper.NewQueryServerImpl(f.k, false)

	asked := []string{nobody.String(), b.String(), supplier.String()}
	res, err := q.AccountsByAddress(f.ctx, &types.QueryAccountsByAddressRequest{Addresses: asked})
	require.NoError(t, err)
	require.Len(t, res.Accounts, len(asked))
	for i, a := range asked {
		one, err := q.Account(f.ctx, &types.QueryAccountRequest{Address: a})
		require.NoError(t, err)
		require.Equal(t, one.Account, res.Accounts[i], "account %d (%s) as Account answers it", i, a)
	}
	require.NotEmpty(t, res.Accounts[1].Positions, "the borrower's positions")
	require.Empty(t, res.Accounts[0].Positions, "an address without positions is an empty view, not an error")

	tooMany := make([]string, keeper.MaxPageSize+1)
	for i := range tooMany {
		tooMany[i] = sdk.AccAddress(fmt.Sprintf("account-%012d", i)).String()
	}
	for name, req := range map[string]*types.QueryAccountsByAddressRequest{
		"no request":        nil,
		"above the maximum": {Addresses: tooMany},
		"malformed address": {Addresses: []string{b.String(), "garbage"}},
		"asked twice":       {Addresses: []string{b.String(), supplier.String(), b.String()}},
	} {
		_, err := q.AccountsByAddress(f.ctx, req)
		require.Equal(t, codes.InvalidArgument, status.Code(err), name)
	}
	ok, err := q.AccountsByAddress(f.ctx, &types.QueryAccountsByAddressRequest{Addresses: tooMany[:keeper.MaxPageSize]})
	require.NoError(t, err, "exactly the maximum is answered")
	require.Len(t, ok.Accounts, keeper.MaxPageSize)
}
