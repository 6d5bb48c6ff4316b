package app_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// pow2 is 2^n base units.
func pow2(n uint) sdkmath.Int { return sdkmath.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), n)) }

// ATTACKS 26: a chain starts from an extreme genesis: every market empty,
// accounts holding 2^252 units, 2^255 uatom donated to the lending module
// and 2^254 uusdc to the stablecoin module, prices from a millionth of a
// dollar to a trillion. Whales then supply astronomic amounts, drain a
// market to 100% utilization and open a vault with 2^200 units of
// collateral (borrowing against collateral worth more than a decimal
// holds), and the chain
// runs 1,000 blocks an hour apart (41 days of interest at the top of the
// rate curve, prices swinging by 10^24). No blocker panics or errors, and
// the lending and BSD books hold at the end.
func TestExtremeGenesisRunsAThousandBlocks(t *testing.T) {
	huge := pow2(252)
	funds := sdk.NewCoins(sdk.NewCoin(localnet.DenomUSDC, huge), sdk.NewCoin(localnet.DenomATOM, huge),
		sdk.NewCoin(app.BondDenom, sdkmath.NewInt(1_000_000_000_000)))
	prices := map[string]string{"ATOM": "1000000000000", "ETH": "0.000001", "BTC": "100000", "USDC": "1", "BAL": "0.000001"}
	a, accs := apptesting.SetupWithGenesis(t, 2, funds, func(cdc codec.JSONCodec, gs app.GenesisState) {
		require.NoError(t, localnet.ApplyGenesisDefaults(cdc, gs, localnet.GenesisOptions{VotingPeriod: 20 * time.Second}))
		apptesting.FreshGenesisPrices(cdc, gs, func(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(prices[s]) })

		// Donations: coins sent to the module accounts outside any message.
		var bg banktypes.GenesisState
		cdc.MustUnmarshalJSON(gs[banktypes.ModuleName], &bg)
		donate := func(module string, c sdk.Coin) {
			bg.Balances = append(bg.Balances, banktypes.Balance{Address: authtypes.NewModuleAddress(module).String(), Coins: sdk.NewCoins(c)})
			bg.Supply = bg.Supply.Add(c)
		}
		donate(lendingtypes.ModuleName, sdk.NewCoin(localnet.DenomATOM, pow2(255)))
		donate(stabletypes.ModuleName, sdk.NewCoin(localnet.DenomUSDC, pow2(254)))
		gs[banktypes.ModuleName] = cdc.MustMarshalJSON(&bg)
	})
	whale, other := accs[0], accs[1]
	w, o := whale.Address.String(), other.Address.String()

	// Whatever each message's fate (a cap, an overflow refused with an
	// error), delivering it must not stop the chain.
	tries := []struct {
		from apptesting.Account
		msg  sdk.Msg
	}{
		{whale, &lendingtypes.MsgSupply{Supplier: w, Amount: sdk.NewCoin(localnet.DenomATOM, pow2(251))}},
		{whale, &lendingtypes.MsgSetCollateral{Owner: w, Denom: localnet.DenomATOM, Enabled: true}},
		{whale, &lendingtypes.MsgSupply{Supplier: w, Amount: sdk.NewCoin(localnet.DenomUSDC, pow2(100))}},
		// 2^251 ATOM at $10^12 is beyond what a decimal holds: valued at
		// lending's MaxValue, it backs a borrow like any collateral.
		{whale, &lendingtypes.MsgBorrow{Borrower: w, Amount: sdk.NewCoin(localnet.DenomUSDC, sdkmath.NewInt(100_000_000))}},
		// Drain USDC: 100% utilization, the top of the rate curve.
		{other, &lendingtypes.MsgSupply{Supplier: o, Amount: sdk.NewCoin(localnet.DenomATOM, pow2(120))}},
		{other, &lendingtypes.MsgSetCollateral{Owner: o, Denom: localnet.DenomATOM, Enabled: true}},
		{other, &lendingtypes.MsgBorrow{Borrower: o, Amount: sdk.NewCoin(localnet.DenomUSDC, pow2(100).SubRaw(100_000_000))}},
		{whale, &stabletypes.MsgOpenVault{Owner: w, Type: "atom-a", Collateral: sdk.NewCoin(localnet.DenomATOM, pow2(200)), Mint: sdkmath.NewInt(40_000_000_000_000)}},
		{other, &stabletypes.MsgPSMSwapIn{Sender: o, Amount: sdk.NewCoin(localnet.DenomUSDC, sdkmath.NewInt(1_000_000_000_000))}},
		{other, &stabletypes.MsgOpenVault{Owner: o, Type: "atom-a", Collateral: sdk.NewCoin(localnet.DenomATOM, sdkmath.OneInt()), Mint: sdkmath.ZeroInt()}},
	}
	accepted := 0
	for _, tr := range tries {
		if res := apptesting.Deliver(t, a, tr.from, tr.msg); res.Code == 0 {
			accepted++
		} else {
			t.Logf("%T refused: %s", tr.msg, res.Log)
		}
	}
	require.Equal(t, len(tries), accepted, "every position exists")

	// NextBlock fails the test if FinalizeBlock returns an error; a panic
	// in a blocker would fail it too.
	for i := range 1000 {
		apptesting.NextBlock(t, a, time.Hour)
		if i%250 == 0 {
			// Prices swing by 10^6 either way between blocks.
			apptesting.Mutate(a, func(ctx sdk.Context) {
				for _, sym := range []string{"ATOM", "USDC"} {
					m, err := a.OracleKeeper.MarketBySymbolName(ctx, sym)
					require.NoError(t, err)
					p := prices[sym]
					if i%500 == 0 {
						p = "0.000000000001"
					}
					require.NoError(t, a.OracleKeeper.Prices.Set(ctx, m.Id, oracletypes.Price{
						Symbol: sym, Price: sdkmath.LegacyMustNewDecFromStr(p), Height: ctx.BlockHeight(), Time: ctx.BlockTime(), PowerShare: sdkmath.LegacyOneDec(),
					}))
				}
			})
		}
	}

	// Lending accrues when a market is touched: touch USDC after the 41 days.
	res := apptesting.Deliver(t, a, other, &lendingtypes.MsgRepay{Payer: o, Borrower: o, Amount: sdk.NewCoin(localnet.DenomUSDC, sdkmath.NewInt(1_000_000))})
	require.Zero(t, res.Code, res.Log)
	ctx := apptesting.Context(a)
	require.NoError(t, a.LendingKeeper.CheckInvariants(ctx, a.BankKeeper.GetBalance))
	require.NoError(t, a.StablecoinKeeper.CheckInvariants(ctx))
	st, err := a.LendingKeeper.MarketStates.Get(ctx, localnet.DenomUSDC)
	require.NoError(t, err)
	require.True(t, st.BorrowIndex.GT(sdkmath.LegacyOneDec()), "interest accrued over the 1,000 blocks: %s", st.BorrowIndex)
}
