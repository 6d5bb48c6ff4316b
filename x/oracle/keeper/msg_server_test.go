package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/oracle/keeper"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

func TestSetMarketAddsChangesAndDisables(t *testing.T) {
	f := setup(t)
	srv := keeper.NewMsgServerImpl(f.k)
	gov := f.k.Authority()

	res, err := srv.SetMarket(f.ctx, &types.MsgSetMarket{Authority: gov, Symbol: "OSMO", PriceDecimals: 8, Enabled: true})
	require.NoError(t, err)
	require.Equal(t, uint32(5), res.Id, "the next id after the five default markets")

	res, err = srv.SetMarket(f.ctx, &types.MsgSetMarket{Authority: gov, Symbol: "ATOM", PriceDecimals: 6, Enabled: false})
	require.NoError(t, err)
	require.Equal(t, uint32(0), res.Id, "an existing symbol keeps its id")
	m, err := f.k.MarketBySymbolName(f.ctx, "ATOM")
	require.NoError(t, err)
	require.False(t, m.Enabled)
}

func TestGovernanceMessagesRejectBadInputAndChangeNothing(t *testing.T) {
	f := setup(t)
	srv := keeper.NewMsgServerImpl(f.k)
	gov := f.k.Authority()
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)

	bad := types.DefaultParams()
	bad.MinPowerShare = sdkmath.LegacyNewDec(2)
	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"params from a non-authority", func() error {
			_, err := srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: "ballast1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqv4vkk7", Params: types.DefaultParams()})
			return err
		}, types.ErrInvalidAuthority},
		{"params with a malformed authority", func() error {
			_, err := srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: "not-an-address", Params: types.DefaultParams()})
			return err
		}, types.ErrInvalidAuthority},
		{"invalid params", func() error {
			_, err := srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: gov, Params: bad})
			return err
		}, types.ErrInvalidParams},
		{"market from a non-authority", func() error {
			_, err := srv.SetMarket(f.ctx, &types.MsgSetMarket{Authority: "ballast1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqv4vkk7", Symbol: "X", PriceDecimals: 6})
			return err
		}, types.ErrInvalidAuthority},
		{"lower-case symbol", func() error {
			_, err := srv.SetMarket(f.ctx, &types.MsgSetMarket{Authority: gov, Symbol: "atom", PriceDecimals: 6})
			return err
		}, types.ErrInvalidMarket},
		{"too many decimals", func() error {
			_, err := srv.SetMarket(f.ctx, &types.MsgSetMarket{Authority: gov, Symbol: "X", PriceDecimals: 19})
			return err
		}, types.ErrInvalidMarket},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.run(), tc.want)
		})
	}
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after)
}

func TestParamsValidation(t *testing.T) {
	mutations := map[string]func(*types.Params){
		"zero max age":             func(p *types.Params) { p.MaxAgeBlocks = 0 },
		"zero power share":         func(p *types.Params) { p.MinPowerShare = sdkmath.LegacyZeroDec() },
		"power share above one":    func(p *types.Params) { p.MinPowerShare = sdkmath.LegacyNewDec(2) },
		"zero band":                func(p *types.Params) { p.RewardBandBps = 0 },
		"band above 100%":          func(p *types.Params) { p.RewardBandBps = 10_001 },
		"zero window":              func(p *types.Params) { p.SlashWindow = 0 },
		"negative miss rate":       func(p *types.Params) { p.MaxMissRate = sdkmath.LegacyNewDec(-1) },
		"slash fraction above 10%": func(p *types.Params) { p.SlashFraction = sdkmath.LegacyNewDecWithPrec(2, 1) },
		"zero history":             func(p *types.Params) { p.HistorySize = 0 },
		"history too long":         func(p *types.Params) { p.HistorySize = types.MaxHistorySize + 1 },
		"zero twap window":         func(p *types.Params) { p.TwapWindowBlocks = 0 },
	}
	for name, mutate := range mutations {
		p := types.DefaultParams()
		mutate(&p)
		require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, name)
	}
	require.NoError(t, types.DefaultParams().Validate())
}

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{val("a", 1, map[uint32]uint64{atom: 10_000_000})})
	require.NoError(t, err)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())

	g := setup(t, func(gs *types.GenesisState) { *gs = *exported })
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)

	// A market added after import gets a fresh id.
	m, err := g.k.SetMarket(g.ctx, "NEW", 6, true)
	require.NoError(t, err)
	require.Equal(t, uint32(5), m.Id)
}

func TestGenesisValidateRejectsDuplicatesAndOrphans(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Markets = append(types.DefaultMarkets(), types.Market{Id: 0, Symbol: "DUP", PriceDecimals: 6})
	require.Error(t, gs.Validate(), "duplicate id")
	gs.Markets = append(types.DefaultMarkets(), types.Market{Id: 9, Symbol: "ATOM", PriceDecimals: 6})
	require.Error(t, gs.Validate(), "duplicate symbol")
	gs.Markets = types.DefaultMarkets()
	gs.Prices = []types.Price{{Symbol: "DOGE", Price: sdkmath.LegacyOneDec(), PowerShare: sdkmath.LegacyOneDec()}}
	require.ErrorIs(t, gs.Validate(), types.ErrUnknownMarket)
}
