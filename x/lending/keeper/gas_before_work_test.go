package keeper_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	"github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// ATTACKS 27: gas before work.

// chain is an in-process chain with the local network's genesis (markets,
// prices) and four funded users, for tests that deliver transactions.
type chain struct {
	t     *testing.T
	app   *app.BallastApp
	users []apptesting.Account
}

func newChain(t *testing.T) *chain {
	t.Helper()
	a, accs := apptesting.SetupWithGenesis(t, 4, funds, func(cdc codec.JSONCodec, gs app.GenesisState) {
		require.NoError(t, localnet.ApplyGenesisDefaults(cdc, gs, localnet.GenesisOptions{VotingPeriod: 20 * time.Second}))
		prices := map[string]string{"ATOM": "10", "ETH": "3000", "BTC": "100000", "USDC": "1", "BAL": "1"}
		apptesting.FreshGenesisPrices(cdc, gs, func(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(prices[s]) })
	})
	return &chain{t: t, app: a, users: accs}
}

func (c *chain) ctx() sdk.Context {
	return apptesting.BlockContext(c.app)
}

func (c *chain) deliver(from apptesting.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	c.t.Helper()
	return apptesting.Deliver(c.t, c.app, from, msgs...)
}

func (c *chain) ok(from apptesting.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	c.t.Helper()
	return apptesting.DeliverOK(c.t, c.app, from, msgs...)
}

func (c *chain) charge(msg sdk.Msg) uint64 {
	c.t.Helper()
	cost, err := c.app.LendingKeeper.PrepaidGas(c.ctx(), msg)
	require.NoError(c.t, err)
	return cost
}

// setPrice stands in for the validators' vote extensions.
func (c *chain) setPrice(symbol, price string) {
	apptesting.Mutate(c.app, func(ctx sdk.Context) {
		m, err := c.app.OracleKeeper.MarketBySymbolName(ctx, symbol)
		require.NoError(c.t, err)
		require.NoError(c.t, c.app.OracleKeeper.Prices.Set(ctx, m.Id, oracletypes.Price{
			Symbol: symbol, Price: sdkmath.LegacyMustNewDecFromStr(price), Height: ctx.BlockHeight(),
			Time: apptesting.LastBlockTime(c.app), PowerShare: sdkmath.LegacyOneDec(),
		}))
	})
}

// position supplies and enables collateral for acc, then borrows debt.
func (c *chain) position(acc apptesting.Account, collateral []sdk.Coin, debt ...sdk.Coin) {
	c.t.Helper()
	a := acc.Address.String()
	var msgs []sdk.Msg
	for _, coin := range collateral {
		msgs = append(msgs, &types.MsgSupply{Supplier: a, Amount: coin}, &types.MsgSetCollateral{Owner: a, Denom: coin.Denom, Enabled: true})
	}
	for _, coin := range debt {
		msgs = append(msgs, &types.MsgBorrow{Borrower: a, Amount: coin})
	}
	c.ok(acc, msgs...)
}

// Each heavy message, delivered as a transaction that fails and as one of
// the same shape that succeeds: the failure costs at least as much. The
// failing one goes first on the same state (it reverts), so that the two
// differ only in what the message decides.
func TestFailingHeavyMessagesCostAtLeastASuccess(t *testing.T) {
	cases := []struct {
		name string
		want *errorsmod.Error // the failure's
		// prepare opens the borrower's positions and returns the failing
		// and the successful message (and what to change between them).
		prepare func(c *chain, b, liq apptesting.Account) (fail, succeed sdk.Msg, between func())
	}{
		{"borrow within vs over the limit", types.ErrUndercollateralized, func(c *chain, b, _ apptesting.Account) (sdk.Msg, sdk.Msg, func()) {
			c.position(b, []sdk.Coin{coin("1000000000uatom")}) // $10,000, a $6,500 limit
			a := b.Address.String()
			return &types.MsgBorrow{Borrower: a, Amount: coin("9000000000uusdc")},
				&types.MsgBorrow{Borrower: a, Amount: coin("1000000000uusdc")}, nil
		}},
		{"withdraw keeping vs breaking health", types.ErrUndercollateralized, func(c *chain, b, _ apptesting.Account) (sdk.Msg, sdk.Msg, func()) {
			c.position(b, []sdk.Coin{coin("1000000000uatom")}, coin("5000000000uusdc"))
			a := b.Address.String()
			return &types.MsgWithdraw{Supplier: a, Amount: coin("900000000uatom")},
				&types.MsgWithdraw{Supplier: a, Amount: coin("100000000uatom")}, nil
		}},
		{"disable collateral keeping vs breaking health", types.ErrUndercollateralized, func(c *chain, b, _ apptesting.Account) (sdk.Msg, sdk.Msg, func()) {
			c.position(b, []sdk.Coin{coin("1000000000uatom"), coin("1000000000uusdc")}, coin("5000000000uusdc"))
			a := b.Address.String()
			return &types.MsgSetCollateral{Owner: a, Denom: "uatom", Enabled: false},
				&types.MsgSetCollateral{Owner: a, Denom: "uusdc", Enabled: false}, nil
		}},
		{"liquidate a healthy vs a liquidatable account", types.ErrHealthy, func(c *chain, b, liq apptesting.Account) (sdk.Msg, sdk.Msg, func()) {
			c.position(b, []sdk.Coin{coin("1000000000uatom")}, coin("6000000000uusdc"))
			msg := &types.MsgLiquidate{
				Liquidator: liq.Address.String(), Borrower: b.Address.String(),
				DebtDenom: "uusdc", CollateralDenom: "uatom", MaxRepay: sdkmath.NewInt(1_000_000_000),
			}
			// $7,000 × 0.75 = $5,250 against $6,000.
			return msg, msg, func() { c.setPrice("ATOM", "7") }
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			supplier, b, liq := c.users[0], c.users[1], c.users[2]
			c.ok(supplier, &types.MsgSupply{Supplier: supplier.Address.String(), Amount: coin("500000000000uusdc")})
			// Every sender's sequence is above zero before the pair: a zero
			// sequence encodes in two bytes fewer.
			c.ok(liq, &types.MsgSupply{Supplier: liq.Address.String(), Amount: coin("1000000ubal")})
			fail, succeed, between := tc.prepare(c, b, liq)
			from := b
			if _, ok := fail.(*types.MsgLiquidate); ok {
				from = liq
			}
			charge := c.charge(fail)
			require.Positive(t, charge)
			require.Equal(t, charge, c.charge(succeed), "the same shape")

			failed := c.deliver(from, fail)
			require.Equal(t, []any{tc.want.Codespace(), tc.want.ABCICode()}, []any{failed.Codespace, failed.Code}, failed.Log)
			if between != nil {
				between()
			}
			succeeded := c.ok(from, succeed)
			t.Logf("charge %d: failed %d gas, succeeded %d gas", charge, failed.GasUsed, succeeded.GasUsed)
			require.GreaterOrEqual(t, failed.GasUsed, succeeded.GasUsed, "a failure costs at least a success of its shape")
			require.Greater(t, uint64(failed.GasUsed), charge, "the charge is part of what the failure paid")
		})
	}
}

// A gas limit below the charge runs out of gas at the charge: before the
// work reads or writes anything.
func TestGasLimitBelowTheChargeRunsOutAtTheCharge(t *testing.T) {
	c := newChain(t)
	supplier, b := c.users[0], c.users[1]
	c.ok(supplier, &types.MsgSupply{Supplier: supplier.Address.String(), Amount: coin("500000000000uusdc")})
	c.position(b, []sdk.Coin{coin("1000000000uatom")})
	msg := &types.MsgBorrow{Borrower: b.Address.String(), Amount: coin("1000000000uusdc")}
	charge := c.charge(msg)
	before, err := c.app.LendingKeeper.MarketStates.Get(c.ctx(), "uusdc")
	require.NoError(t, err)

	// What the transaction uses besides the charge, from a failing twin.
	probe := c.deliver(b, &types.MsgBorrow{Borrower: b.Address.String(), Amount: coin("9000000000uusdc")})
	require.NotZero(t, probe.Code)
	res := apptesting.DeliverWithGas(t, c.app, b, uint64(probe.GasUsed)-charge/2, msg)
	require.Equal(t, sdkerrors.ErrOutOfGas.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, "lending borrow (charged before work)")
	after, err := c.app.LendingKeeper.MarketStates.Get(c.ctx(), "uusdc")
	require.NoError(t, err)
	require.Equal(t, before.TotalScaledBorrows, after.TotalScaledBorrows, "nothing borrowed")
	require.Equal(t, before.Cash, after.Cash)
}

// The charge is an upper bound of the work: every heavy message's
// successful path (and a disable or liquidation that fails at its end)
// uses no more gas than it was charged, for accounts with positions in 1
// to all markets, on the local network's markets and on markets with far
// larger entries, with a full TWAP window. A bound too small would make
// the message run out of gas at any limit.
func TestPrepaidGasBoundsTheWork(t *testing.T) {
	for _, large := range []bool{false, true} {
		t.Run(map[bool]string{false: "local network", true: "large entries"}[large], func(t *testing.T) {
			prepaidGasBoundsTheWork(t, large)
		})
	}
}

func prepaidGasBoundsTheWork(t *testing.T, large bool) {
	f := setup(t)
	prices := map[string]string{"ATOM": "10", "USDC": "1", "ETH": "3000", "BTC": "100000", "BAL": "1"}
	crash := map[string]string{"ATOM": "0.0001", "USDC": "1", "ETH": "3000", "BTC": "100000", "BAL": "0.0001"}
	// The first denom is the collateral of liquidations, the second is
	// collateral only; each unit is about $1.
	denoms := []string{"uatom", "ubal", "aeth", "sat", "uusdc"}
	unit := map[string]sdkmath.Int{
		"uatom": sdkmath.NewInt(100_000), "ubal": sdkmath.NewInt(1_000_000), "aeth": sdkmath.NewInt(333_333_333_333_333),
		"sat": sdkmath.NewInt(1_000), "uusdc": sdkmath.NewInt(1_000_000),
	}
	addrLen := 20
	if large {
		// 32-byte accounts, 16-letter symbols, 128-letter denoms of 36
		// decimals priced at 10^-18 a whole unit (amounts of up to 64
		// digits); the first two markets use a second symbol, so that
		// their collateral can fall alone.
		addrLen, denoms = 32, nil
		const big, small = "X234567890123456", "Y234567890123456"
		for _, s := range []string{big, small} {
			_, err := f.app.OracleKeeper.SetMarket(f.ctx, s, 18, true)
			require.NoError(t, err)
		}
		prices = map[string]string{big: "0.000000000000000001", small: "0.000000000000000001"}
		crash = map[string]string{big: "0.000000000001", small: "0.000000000000000001"}
		for i := range 5 {
			m := localnet.LendingMarkets()[0]
			m.Denom = fmt.Sprintf("l%d", i) + strings.Repeat("x", 126)
			m.OracleSymbol, m.Decimals, m.BorrowEnabled = big, 36, i != 1
			if i < 2 {
				m.OracleSymbol = small
			}
			require.NoError(t, f.k.SetMarket(f.ctx, m))
			denoms = append(denoms, m.Denom)
			unit[m.Denom] = sdkmath.NewIntWithDecimal(1, 54)
		}
	}
	// A full TWAP window: conservative prices read every point.
	params, err := f.app.OracleKeeper.Params.Get(f.ctx)
	require.NoError(t, err)
	for range params.HistoryReads() + 1 {
		f.advance(1, 6*time.Second)
		f.setPrices(prices)
	}
	amount := func(denom string, dollars int64) sdk.Coin { return sdk.NewCoin(denom, unit[denom].MulRaw(dollars)) }
	supplier, liq := f.users[0], f.users[2]
	for _, d := range denoms {
		f.mint(supplier, amount(d, 1_000_000_000))
		f.mint(liq, amount(d, 1_000_000_000))
		require.NoError(t, f.k.Supply(f.ctx, supplier, amount(d, 100_000_000)))
	}
	f.advance(1, 300*24*time.Hour) // indices with many digits
	f.setPrices(prices)

	account := func(name string, n int) sdk.AccAddress {
		return sdk.AccAddress(fmt.Sprintf("%s%02d%s", name, n, strings.Repeat("_", 40))[:addrLen])
	}
	check := func(name string, msg sdk.Msg, mayFail error, fn func(ctx sdk.Context) error) {
		t.Helper()
		charge, err := f.k.PrepaidGas(f.ctx, msg)
		require.NoError(t, err)
		ctx, _ := f.ctx.CacheContext()
		ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
		if err := fn(ctx); mayFail == nil || err != nil {
			require.ErrorIs(t, err, mayFail, name)
		}
		used := ctx.GasMeter().GasConsumed()
		t.Logf("%-22s work %7d gas, charged %7d", name, used, charge)
		require.LessOrEqual(t, used, charge, "%s: the work fits in its charge", name)
	}
	for n := 1; n <= len(denoms); n++ {
		// Supply, collateral and (where it may) debt in each of n markets.
		b := account("borrower", n)
		for _, d := range denoms[:n] {
			f.mint(b, amount(d, 1_000_000))
			require.NoError(t, f.k.Supply(f.ctx, b, amount(d, 100_000)))
			require.NoError(t, f.k.SetCollateral(f.ctx, b, d, true))
		}
		for _, d := range denoms[:n] {
			if d != denoms[1] {
				require.NoError(t, f.k.Borrow(f.ctx, b, amount(d, 100)))
			}
		}
		bs := b.String()
		check(fmt.Sprintf("borrow, %d positions", n), &types.MsgBorrow{Borrower: bs, Amount: amount(denoms[0], 1)}, nil, func(ctx sdk.Context) error {
			return f.k.Borrow(ctx, b, amount(denoms[0], 50))
		})
		check(fmt.Sprintf("withdraw, %d positions", n), &types.MsgWithdraw{Supplier: bs}, nil, func(ctx sdk.Context) error {
			_, err := f.k.Withdraw(ctx, b, amount(denoms[0], 50), false)
			return err
		})
		// The only collateral cannot go; disabling it fails at the very end.
		mayFail := error(nil)
		if n == 1 {
			mayFail = types.ErrUndercollateralized
		}
		check(fmt.Sprintf("disable, %d positions", n), &types.MsgSetCollateral{Owner: bs}, mayFail, func(ctx sdk.Context) error {
			return f.k.SetCollateral(ctx, b, denoms[n-1], false)
		})
		if n < 3 {
			continue
		}

		// A bankrupt liquidation, the heaviest: one collateral seized
		// whole, then every debt written off; a supply that is not
		// collateral is one more position.
		b = account("bankrupt", n)
		f.mint(b, amount(denoms[0], 1_000_000))
		f.mint(b, amount(denoms[1], 1_000_000))
		require.NoError(t, f.k.Supply(f.ctx, b, amount(denoms[0], 100_000)))
		require.NoError(t, f.k.SetCollateral(f.ctx, b, denoms[0], true))
		require.NoError(t, f.k.Supply(f.ctx, b, amount(denoms[1], 100_000)))
		for _, d := range denoms[2:n] {
			require.NoError(t, f.k.Borrow(f.ctx, b, amount(d, 10_000)))
		}
		saved := f.ctx
		f.ctx, _ = f.ctx.CacheContext()
		f.setPrices(crash)
		debt := denoms[n-1]
		check(fmt.Sprintf("liquidate, %d positions", n), &types.MsgLiquidate{Borrower: b.String()}, nil, func(ctx sdk.Context) error {
			res, err := f.k.Liquidate(ctx, liq, b, debt, denoms[0], amount(debt, 1_000_000_000).Amount)
			require.Len(t, res.BadDebt, n-2, "every debt written off")
			return err
		})
		f.ctx = saved
	}
}
