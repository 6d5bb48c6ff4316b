package keeper_test

import (
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	"github.com/ballast-chain/ballast/x/lending/keeper"
	"github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// fixture is a real app (bank, oracle, lending) with the local network's
// markets, funded accounts, and prices the test sets directly.
type fixture struct {
	t     *testing.T
	app   *app.BallastApp
	ctx   sdk.Context
	k     keeper.Keeper
	msgs  types.MsgServer
	users []sdk.AccAddress
}

var funds = sdk.NewCoins(
	sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000_000)),
	sdk.NewCoin("uusdc", sdkmath.NewInt(1_000_000_000_000)),
	sdk.NewCoin("ubal", sdkmath.NewInt(1_000_000_000_000)),
)

func setup(t *testing.T) *fixture {
	t.Helper()
	ballast, accts := apptesting.Setup(t, 4, funds)
	ctx := ballast.NewNextBlockContext(cmtproto.Header{Height: ballast.LastBlockHeight() + 1, Time: apptesting.GenesisTime.Add(time.Hour), ChainID: apptesting.ChainID})
	f := &fixture{t: t, app: ballast, ctx: ctx, k: ballast.LendingKeeper, msgs: keeper.NewMsgServerImpl(ballast.LendingKeeper)}
	for _, a := range accts {
		f.users = append(f.users, a.Address)
	}
	for _, m := range oracletypes.DefaultMarkets() {
		_, err := ballast.OracleKeeper.SetMarket(ctx, m.Symbol, m.PriceDecimals, true)
		require.NoError(t, err)
	}
	for _, m := range localnet.LendingMarkets() {
		require.NoError(t, f.k.SetMarket(ctx, m))
	}
	f.setPrices(map[string]string{"ATOM": "10", "USDC": "1", "ETH": "3000", "BTC": "100000", "BAL": "1"})
	return f
}

// setPrices writes oracle prices at the current height, as the pre-blocker
// would from one validator's reports.
func (f *fixture) setPrices(prices map[string]string) {
	f.t.Helper()
	var reports []oracletypes.Report
	markets, err := f.app.OracleKeeper.AllMarkets(f.ctx)
	require.NoError(f.t, err)
	for _, m := range markets {
		if p, ok := prices[m.Symbol]; ok {
			v, err := oracletypes.DecToPrice(sdkmath.LegacyMustNewDecFromStr(p), m.PriceDecimals)
			require.NoError(f.t, err)
			reports = append(reports, oracletypes.Report{MarketID: m.Id, Price: v})
		}
	}
	_, err = f.app.OracleKeeper.Aggregate(f.ctx, []oracletypes.ValidatorReports{{ConsAddr: []byte("oracle"), Power: 1, Reports: reports}})
	require.NoError(f.t, err)
}

// advance moves the block height and time; prices age with the height.
func (f *fixture) advance(blocks int64, dt time.Duration) {
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + blocks).WithBlockTime(f.ctx.BlockTime().Add(dt))
}

func coin(s string) sdk.Coin {
	c, err := sdk.ParseCoinNormalized(s)
	if err != nil {
		panic(err)
	}
	return c
}

func (f *fixture) balance(addr sdk.AccAddress, denom string) sdkmath.Int {
	return f.app.BankKeeper.GetBalance(f.ctx, addr, denom).Amount
}

func (f *fixture) state(denom string) types.MarketState {
	st, err := f.k.MarketStates.Get(f.ctx, denom)
	require.NoError(f.t, err)
	return st
}

// borrower supplies atom as collateral and borrows usdc from a supplier.
func (f *fixture) borrower(collateral, debt string) sdk.AccAddress {
	f.t.Helper()
	supplier, b := f.users[0], f.users[1]
	require.NoError(f.t, f.k.Supply(f.ctx, supplier, coin("500000000000uusdc")))
	require.NoError(f.t, f.k.Supply(f.ctx, b, coin(collateral)))
	require.NoError(f.t, f.k.SetCollateral(f.ctx, b, "uatom", true))
	require.NoError(f.t, f.k.Borrow(f.ctx, b, coin(debt)))
	return b
}
