package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ballast-chain/ballast/x/stablecoin/keeper"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func TestQueriesViewVaultsAndAuctions(t *testing.T) {
	f := setup(t)
	q := keeper.NewQueryServerImpl(f.k)
	alice, err := addresscodec.NewBech32Codec("ballast").BytesToString(f.alice)
	require.NoError(t, err)
	a1 := f.open(f.alice, 1_000_000_000, 5_000_000_000) // ratio 2.0 at $10
	f.open(f.alice, 1_000_000_000, 6_000_000_000)       // 1.67
	f.open(f.bob, 1_000_000_000, 0)                     // no debt

	v, err := q.Vault(f.ctx, &types.QueryVaultRequest{Id: a1})
	require.NoError(t, err)
	require.Equal(t, "2.000000000000000000", v.Vault.Ratio)
	require.True(t, v.Vault.Safe)
	require.Equal(t, sdkmath.NewInt(5_000_000_000), v.Vault.Debt)

	_, err = q.Vault(f.ctx, &types.QueryVaultRequest{Id: 999})
	require.Equal(t, codes.NotFound, status.Code(err))

	alices, err := q.Vaults(f.ctx, &types.QueryVaultsRequest{Owner: alice})
	require.NoError(t, err)
	require.Len(t, alices.Vaults, 2, "only alice's vaults")
	all, err := q.Vaults(f.ctx, &types.QueryVaultsRequest{Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, all.Vaults, 2)
	require.NotEmpty(t, all.Pagination.NextKey)
	_, err = q.Vaults(f.ctx, &types.QueryVaultsRequest{Pagination: &query.PageRequest{Limit: 101}})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	_, err = q.Vaults(f.ctx, &types.QueryVaultsRequest{Owner: "nope"})
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	// At $7 both of alice's vaults are unsafe; the worst comes first.
	f.oracle.prices["ATOM"] = d("7")
	unsafe, err := q.UnsafeVaults(f.ctx, &types.QueryUnsafeVaultsRequest{Type: "atom-a", Limit: 1})
	require.NoError(t, err)
	require.Len(t, unsafe.Vaults, 1)
	require.Equal(t, a1+1, unsafe.Vaults[0].Id, "the 1.67 vault is below the 2.0 one")
	_, err = q.UnsafeVaults(f.ctx, &types.QueryUnsafeVaultsRequest{Type: "atom-a", Limit: 101})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	_, err = q.UnsafeVaults(f.ctx, &types.QueryUnsafeVaultsRequest{Type: "nope-a"})
	require.Equal(t, codes.NotFound, status.Code(err))

	auctionID, _, err := f.k.Liquidate(f.ctx, f.bob, a1+1)
	require.NoError(t, err)
	au, err := q.Auction(f.ctx, &types.QueryAuctionRequest{Id: auctionID})
	require.NoError(t, err)
	require.Equal(t, d("8.4"), au.Auction.Price, "7 × 1.2 at the start")
	require.False(t, au.Auction.NeedsRedo)
	f.after(3 * time.Hour) // past reset_after_seconds
	au, err = q.Auction(f.ctx, &types.QueryAuctionRequest{Id: auctionID})
	require.NoError(t, err)
	require.True(t, au.Auction.NeedsRedo)
	list, err := q.Auctions(f.ctx, &types.QueryAuctionsRequest{})
	require.NoError(t, err)
	require.Len(t, list.Auctions, 1)

	cts, err := q.CollateralTypes(f.ctx, &types.QueryCollateralTypesRequest{})
	require.NoError(t, err)
	require.Len(t, cts.Types, 1)
	require.True(t, cts.Types[0].State.Rate.GT(sdkmath.LegacyOneDec()), "accrued to the block time in the view")
}

func TestGenesisRoundTripRebuildsTheIndexes(t *testing.T) {
	f := setup(t)
	f.open(f.alice, 1_000_000_000, 5_000_000_000)
	f.open(f.bob, 1_000_000_000, 6_000_000_000)
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate())

	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, *gs))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)
	f.oracle.prices["ATOM"] = d("7")
	g.oracle.prices["ATOM"] = d("7")
	want, err := f.k.UnsafeVaults(f.ctx, "atom-a", 10)
	require.NoError(t, err)
	got, err := g.k.UnsafeVaults(g.ctx, "atom-a", 10)
	require.NoError(t, err)
	require.Equal(t, want, got, "the ratio index is rebuilt from the vaults")
	require.Len(t, got, 2)
}
