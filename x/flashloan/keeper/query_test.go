package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ballast-chain/ballast/x/flashloan/keeper"
	"github.com/ballast-chain/ballast/x/flashloan/types"
)

func TestLiquidityQuery(t *testing.T) {
	e := setup(t)
	q := keeper.NewQueryServerImpl(e.app.FlashloanKeeper)
	all, err := q.Liquidity(e.ctx(), &types.QueryLiquidityRequest{})
	require.NoError(t, err)
	got := map[string]types.FlashLiquidity{}
	var order []string
	for _, l := range all.Liquidity {
		got[l.Denom] = l
		order = append(order, l.Denom)
	}
	require.Equal(t, "ubsd", order[len(order)-1], "markets in order, then BSD")
	require.Equal(t, types.FlashLiquidity{Denom: usdc, Source: "lending", Enabled: true, Available: whole(1_000_000, usdc).Amount}, got[usdc], "alice's supply")
	require.False(t, got[bal].Enabled, "the staking token does not lend flash")
	require.Equal(t, "flash-mint", got[bsd].Source)
	require.Equal(t, types.DefaultParams().MaxFlashMint, got[bsd].Available)

	one, err := q.Liquidity(e.ctx(), &types.QueryLiquidityRequest{Denom: usdc})
	require.NoError(t, err)
	require.Equal(t, []types.FlashLiquidity{got[usdc]}, one.Liquidity)

	_, err = q.Liquidity(e.ctx(), &types.QueryLiquidityRequest{Denom: "uosmo"})
	require.Equal(t, codes.NotFound, status.Code(err), "%v", err)
	_, err = q.Liquidity(e.ctx(), nil)
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	params, err := q.Params(e.ctx(), &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params.Params)
}

func TestUpdateParamsIsGovernanceOnly(t *testing.T) {
	e := setup(t)
	ctx := e.ctx()
	srv := keeper.NewMsgServerImpl(e.app.FlashloanKeeper)
	gov := e.app.FlashloanKeeper.Authority()
	p := types.DefaultParams()
	p.FeeBps = 9

	_, err := srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: e.alice.Address.String(), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidAuthority)
	bad := p
	bad.MaxMsgs = 0
	_, err = srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: gov, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	got, err := e.app.FlashloanKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), got, "refusals changed nothing")

	_, err = srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: gov, Params: p})
	require.NoError(t, err)
	got, err = e.app.FlashloanKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, uint32(9), got.FeeBps)
}
