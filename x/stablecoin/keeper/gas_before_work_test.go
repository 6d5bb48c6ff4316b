package keeper_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// ATTACKS 27: gas before work. These tests run on a real in-process chain
// (bank, oracle with a full TWAP window, the local network's vault types):
// the charge is only meaningful against the real bank's and store's gas.

// chain is an in-process chain with the local network's genesis and four
// funded users.
type chain struct {
	t     *testing.T
	app   *app.BallastApp
	users []apptesting.Account
}

var chainPrices = map[string]string{"ATOM": "10", "ETH": "3000", "BTC": "100000", "USDC": "1", "BAL": "1"}

func newChain(t *testing.T) *chain {
	t.Helper()
	funds := sdk.NewCoins(
		sdk.NewCoin(localnet.DenomATOM, sdkmath.NewInt(1_000_000_000_000)),
		sdk.NewCoin(localnet.DenomUSDC, sdkmath.NewInt(1_000_000_000_000)),
		sdk.NewCoin(app.BondDenom, sdkmath.NewInt(1_000_000_000_000)),
	)
	a, accs := apptesting.SetupWithGenesis(t, 4, funds, func(cdc codec.JSONCodec, gs app.GenesisState) {
		require.NoError(t, localnet.ApplyGenesisDefaults(cdc, gs, localnet.GenesisOptions{VotingPeriod: 20 * time.Second}))
		apptesting.FreshGenesisPrices(cdc, gs, func(s string) sdkmath.LegacyDec { return d(chainPrices[s]) })
	})
	c := &chain{t: t, app: a, users: accs}
	// A full TWAP window, so that conservative prices read every point.
	c.fillHistory(chainPrices)
	return c
}

// fillHistory reports prices for a whole TWAP window, a block each.
func (c *chain) fillHistory(prices map[string]string) {
	c.t.Helper()
	params, err := c.app.OracleKeeper.Params.Get(c.ctx())
	require.NoError(c.t, err)
	for range params.HistoryReads() + 1 {
		c.setPrices(prices)
		apptesting.NextBlock(c.t, c.app, time.Second)
	}
}

// setPrices stands in for the validators' vote extensions: the prices are
// aggregated into the next block's state, history included.
func (c *chain) setPrices(prices map[string]string) {
	c.t.Helper()
	c.mutate(func(ctx sdk.Context) { c.aggregate(ctx, prices) })
}

func (c *chain) aggregate(ctx sdk.Context, prices map[string]string) {
	c.t.Helper()
	markets, err := c.app.OracleKeeper.AllMarkets(ctx)
	require.NoError(c.t, err)
	var reports []oracletypes.Report
	for _, m := range markets {
		if p, ok := prices[m.Symbol]; ok {
			v, err := oracletypes.DecToPrice(d(p), m.PriceDecimals)
			require.NoError(c.t, err)
			reports = append(reports, oracletypes.Report{MarketID: m.Id, Price: v})
		}
	}
	_, err = c.app.OracleKeeper.Aggregate(ctx, []oracletypes.ValidatorReports{{ConsAddr: []byte("oracle"), Power: 1, Reports: reports}})
	require.NoError(c.t, err)
}

// mutate writes with fn into the next block's state, at the last block's
// time (what a real chain gets from outside its transactions).
func (c *chain) mutate(fn func(ctx sdk.Context)) {
	apptesting.Mutate(c.app, func(ctx sdk.Context) { fn(ctx.WithBlockTime(apptesting.LastBlockTime(c.app))) })
}

// ctx is the committed state at the last block's time.
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
	cost, err := c.app.StablecoinKeeper.PrepaidGas(c.ctx(), msg)
	require.NoError(c.t, err)
	return cost
}

// work is the store gas fn uses on the committed state (nothing is kept):
// what a message's work uses on its prepaid meter.
func (c *chain) work(fn func(ctx sdk.Context) error) uint64 {
	c.t.Helper()
	return c.workOn(c.ctx(), fn)
}

// workOn is work on the state of ctx.
func (c *chain) workOn(ctx sdk.Context, fn func(ctx sdk.Context) error) uint64 {
	c.t.Helper()
	ctx, _ = ctx.CacheContext()
	ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	require.NoError(c.t, fn(ctx))
	return ctx.GasMeter().GasConsumed()
}

// vaultOf is owner's newest vault.
func (c *chain) vaultOf(owner sdk.AccAddress) uint64 {
	c.t.Helper()
	var ids []uint64
	rng := collections.NewPrefixedPairRange[sdk.AccAddress, uint64](owner)
	require.NoError(c.t, c.app.StablecoinKeeper.VaultsByOwner.Walk(c.ctx(), rng, func(k collections.Pair[sdk.AccAddress, uint64]) (bool, error) {
		ids = append(ids, k.K2())
		return false, nil
	}))
	require.NotEmpty(c.t, ids)
	return ids[len(ids)-1]
}

func (c *chain) auctionOf(vaultID uint64) uint64 {
	c.t.Helper()
	var id uint64
	found := false
	require.NoError(c.t, c.app.StablecoinKeeper.Auctions.Walk(c.ctx(), nil, func(k uint64, a types.Auction) (bool, error) {
		if a.VaultId == vaultID {
			id, found = k, true
		}
		return found, nil
	}))
	require.True(c.t, found, "vault %d has an auction", vaultID)
	return id
}

func ubsd(n int64) sdkmath.Int { return sdkmath.NewInt(n).MulRaw(1_000_000) }

func atom(n int64) sdk.Coin {
	return sdk.NewCoin(localnet.DenomATOM, sdkmath.NewInt(n).MulRaw(1_000_000))
}

// Each heavy message, delivered as a transaction that fails and as one of
// the same shape that succeeds: the failure costs at least as much. The
// failing one goes first on the same state (it reverts), so that the two
// differ only in what the message decides.
func TestFailingHeavyMessagesCostAtLeastASuccess(t *testing.T) {
	type variant struct {
		msg  sdk.Msg
		want string // the failure's error; "" for the success
	}
	cases := []struct {
		name string
		// prepare returns the failing and the successful variant, each
		// delivered by by on the state prepare left.
		prepare func(c *chain, owner, by apptesting.Account) (fail, succeed variant, between func())
	}{
		{"mint within vs beyond the ratio", func(c *chain, owner, _ apptesting.Account) (variant, variant, func()) {
			id := c.openVault(owner, 1_000, 1_000)
			o := owner.Address.String()
			return variant{&types.MsgMint{Owner: o, VaultId: id, Amount: ubsd(9_000)}, types.ErrUnsafe.Error()},
				variant{&types.MsgMint{Owner: o, VaultId: id, Amount: ubsd(1_000)}, ""}, nil
		}},
		{"withdraw keeping vs breaking safety", func(c *chain, owner, _ apptesting.Account) (variant, variant, func()) {
			id := c.openVault(owner, 1_000, 5_000)
			o := owner.Address.String()
			return variant{&types.MsgWithdraw{Owner: o, VaultId: id, Amount: atom(900).Amount}, types.ErrUnsafe.Error()},
				variant{&types.MsgWithdraw{Owner: o, VaultId: id, Amount: atom(100).Amount}, ""}, nil
		}},
		{"open a vault minting within vs beyond the ratio", func(c *chain, owner, _ apptesting.Account) (variant, variant, func()) {
			c.openVault(owner, 1_000, 1_000) // the same vaults before either
			o := owner.Address.String()
			return variant{&types.MsgOpenVault{Owner: o, Type: "atom-a", Collateral: atom(1_000), Mint: ubsd(9_000)}, types.ErrUnsafe.Error()},
				variant{&types.MsgOpenVault{Owner: o, Type: "atom-a", Collateral: atom(1_000), Mint: ubsd(1_000)}, ""}, nil
		}},
		{"liquidate a safe vs an unsafe vault", func(c *chain, owner, by apptesting.Account) (variant, variant, func()) {
			id := c.openVault(owner, 1_000, 5_000)
			msg := &types.MsgLiquidate{Keeper: by.Address.String(), VaultId: id}
			crash := func() { c.setPrices(map[string]string{"ATOM": "7"}) }
			return variant{msg, types.ErrSafeVault.Error()}, variant{msg, ""}, crash
		}},
		{"take at a refused vs an acceptable price", func(c *chain, owner, by apptesting.Account) (variant, variant, func()) {
			id := c.openVault(owner, 1_000, 5_000)
			c.setPrices(map[string]string{"ATOM": "7"}) // in the block of the liquidation, before the end blocker's
			c.ok(by, &types.MsgLiquidate{Keeper: by.Address.String(), VaultId: id})
			auction := c.auctionOf(id)
			b := by.Address.String()
			// The auction starts at 7 × 1.1 = 7.7 BSD an ATOM.
			return variant{&types.MsgTake{Buyer: b, AuctionId: auction, Amount: atom(100).Amount, MaxPrice: d("1")}, types.ErrPriceAboveMax.Error()},
				variant{&types.MsgTake{Buyer: b, AuctionId: auction, Amount: atom(100).Amount, MaxPrice: d("9")}, ""}, nil
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			owner, by := c.users[0], c.users[1]
			c.ok(by, &types.MsgPSMSwapIn{Sender: by.Address.String(), Amount: sdk.NewCoin(localnet.DenomUSDC, ubsd(100_000))})
			fail, succeed, between := tc.prepare(c, owner, by)
			from := func(msg sdk.Msg) apptesting.Account {
				if _, ok := msg.(*types.MsgLiquidate); ok {
					return by
				}
				if _, ok := msg.(*types.MsgTake); ok {
					return by
				}
				return owner
			}
			charge := c.charge(fail.msg)
			require.Positive(t, charge)
			require.Equal(t, charge, c.charge(succeed.msg), "the same shape")

			failed := c.deliver(from(fail.msg), fail.msg)
			require.NotZero(t, failed.Code, "the failing variant fails")
			require.Contains(t, failed.Log, fail.want)
			if between != nil {
				between()
			}
			succeeded := c.ok(from(succeed.msg), succeed.msg)
			t.Logf("charge %d: failed %d gas, succeeded %d gas", charge, failed.GasUsed, succeeded.GasUsed)
			require.GreaterOrEqual(t, failed.GasUsed, succeeded.GasUsed, "a failure costs at least a success of its shape")
			require.Greater(t, uint64(failed.GasUsed), charge, "the charge is part of what the failure paid")
		})
	}
}

// openVault opens an atom-a vault with collateral ATOM and debt BSD.
func (c *chain) openVault(owner apptesting.Account, collateral, debt int64) uint64 {
	c.t.Helper()
	c.ok(owner, &types.MsgOpenVault{Owner: owner.Address.String(), Type: "atom-a", Collateral: atom(collateral), Mint: ubsd(debt)})
	return c.vaultOf(owner.Address)
}

// A gas limit below the charge runs out of gas at the charge: before the
// work reads or writes anything.
func TestGasLimitBelowTheChargeRunsOutAtTheCharge(t *testing.T) {
	c := newChain(t)
	owner := c.users[0]
	id := c.openVault(owner, 1_000, 1_000)
	msg := &types.MsgMint{Owner: owner.Address.String(), VaultId: id, Amount: ubsd(1_000)}
	charge := c.charge(msg)
	before, err := c.app.StablecoinKeeper.Vaults.Get(c.ctx(), id)
	require.NoError(t, err)

	// What the transaction uses besides the charge, from a failing twin.
	probe := c.deliver(owner, &types.MsgMint{Owner: owner.Address.String(), VaultId: id, Amount: ubsd(9_000)})
	require.NotZero(t, probe.Code)
	res := apptesting.DeliverWithGas(t, c.app, owner, uint64(probe.GasUsed)-charge/2, msg)
	require.Equal(t, sdkerrors.ErrOutOfGas.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, "stablecoin mint (charged before work)")
	after, err := c.app.StablecoinKeeper.Vaults.Get(c.ctx(), id)
	require.NoError(t, err)
	require.Equal(t, before, after)
}

// The charge is an upper bound of the work: every heavy message's
// successful path, measured on the local network's types and on one with
// far larger entries, uses no more gas than it was charged. (A bound too
// small would make the message run out of gas at any limit.)
func TestPrepaidGasBoundsTheWork(t *testing.T) {
	for _, large := range []bool{false, true} {
		t.Run(map[bool]string{false: "local network", true: "large entries"}[large], func(t *testing.T) {
			c := newChain(t)
			owner, by := c.users[0].Address, c.users[1].Address
			typeName, denom, unit := "atom-a", localnet.DenomATOM, sdkmath.NewInt(1_000_000)
			if large {
				// 32-byte owners, 32-letter type names, 128-letter denoms of
				// 36 decimals priced at 10^-17 a whole unit (amounts of up
				// to 61 digits), and twenty more types for the debt sum.
				owner = sdk.AccAddress(strings.Repeat("o", 32))
				by = sdk.AccAddress(strings.Repeat("k", 32))
				typeName, unit = "", sdkmath.NewIntWithDecimal(1, 54)
				c.mutate(func(ctx sdk.Context) {
					k := c.app.StablecoinKeeper
					_, err := c.app.OracleKeeper.SetMarket(ctx, "X234567890123456", 18, true)
					require.NoError(t, err)
					for i := range 20 {
						ct := localnet.StablecoinGenesis().CollateralTypes[0]
						ct.Name = fmt.Sprintf("%02d", i) + strings.Repeat("t", 30)
						ct.Denom = fmt.Sprintf("d%02d", i) + strings.Repeat("x", 125)
						ct.OracleSymbol, ct.Decimals = "X234567890123456", 36
						ct.DebtCeiling, ct.MaxInAuction = sdkmath.ZeroInt(), sdkmath.ZeroInt()
						require.NoError(t, k.SetCollateralType(ctx, ct))
						typeName, denom = ct.Name, ct.Denom
					}
					coins := sdk.NewCoins(sdk.NewCoin(denom, unit.MulRaw(1_000_000)))
					require.NoError(t, c.app.BankKeeper.MintCoins(ctx, minttypes.ModuleName, coins))
					require.NoError(t, c.app.BankKeeper.SendCoinsFromModuleToAccount(ctx, minttypes.ModuleName, owner, coins))
				})
				c.fillHistory(map[string]string{"X234567890123456": "0.00000000000000001", "ATOM": "10", "USDC": "1"})
			}
			sk := c.app.StablecoinKeeper
			var id uint64
			c.mutate(func(ctx sdk.Context) {
				var err error
				// $10,000 of collateral, 5,000 BSD of debt: a ratio of 2.
				id, err = sk.OpenVault(ctx, owner, typeName, sdk.NewCoin(denom, unit.MulRaw(1_000)), ubsd(5_000))
				require.NoError(t, err)
				// The buyer's BSD, from outside the system's books: the
				// ledger does not matter to gas.
				pay := sdk.NewCoins(sdk.NewCoin(types.StableDenom, ubsd(100_000)))
				require.NoError(t, c.app.BankKeeper.MintCoins(ctx, minttypes.ModuleName, pay))
				require.NoError(t, c.app.BankKeeper.SendCoinsFromModuleToAccount(ctx, minttypes.ModuleName, by, pay))
			})
			apptesting.NextBlock(t, c.app, time.Hour) // a stability fee to accrue

			check := func(name string, msg sdk.Msg, fn func(ctx sdk.Context) error) {
				t.Helper()
				charge, used := c.charge(msg), c.work(fn)
				t.Logf("%-10s work %7d gas, charged %7d", name, used, charge)
				require.LessOrEqual(t, used, charge, "%s: the work fits in its charge", name)
			}
			o := owner.String()
			check("mint", &types.MsgMint{Owner: o}, func(ctx sdk.Context) error { return sk.Mint(ctx, owner, id, ubsd(100)) })
			check("withdraw", &types.MsgWithdraw{Owner: o}, func(ctx sdk.Context) error {
				return sk.Withdraw(ctx, owner, id, unit.MulRaw(100))
			})
			check("open vault", &types.MsgOpenVault{Owner: o, Mint: ubsd(1)}, func(ctx sdk.Context) error {
				_, err := sk.OpenVault(ctx, owner, typeName, sdk.NewCoin(denom, unit.MulRaw(100)), ubsd(200))
				return err
			})

			// Down to $6,000 against 5,000 BSD: unsafe at 1.6.
			crash := map[string]string{"X234567890123456": "0.000000000000000006", "ATOM": "6", "USDC": "1"}
			// (In one go: the next end blocker would liquidate the vault.)
			var auction uint64
			c.mutate(func(ctx sdk.Context) {
				c.aggregate(ctx, crash)
				charge, err := sk.PrepaidGas(ctx, &types.MsgLiquidate{})
				require.NoError(t, err)
				used := c.workOn(ctx, func(ctx sdk.Context) error {
					_, _, err := sk.Liquidate(ctx, by, id)
					return err
				})
				t.Logf("%-10s work %7d gas, charged %7d", "liquidate", used, charge)
				require.LessOrEqual(t, used, charge, "liquidate: the work fits in its charge")
				auction, _, err = sk.Liquidate(ctx, by, id)
				require.NoError(t, err)
			})
			apptesting.NextBlock(t, c.app, time.Minute)
			a, err := sk.Auctions.Get(c.ctx(), auction)
			require.NoError(t, err)
			maxPrice := a.Top // at most the start price
			check("take part", &types.MsgTake{}, func(ctx sdk.Context) error {
				_, err := sk.Take(ctx, by, auction, a.Lot.QuoRaw(10), maxPrice)
				return err
			})
			check("take all", &types.MsgTake{}, func(ctx sdk.Context) error {
				_, err := sk.Take(ctx, by, auction, a.Lot, maxPrice)
				return err
			})
		})
	}
}
