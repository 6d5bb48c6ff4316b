package liquidator_test

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/liquidator"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

type market struct {
	denom, symbol string
	decimals      uint32
	lt, price     string
	liq, borrow   string // indices
}

var markets = []market{
	{"uatom", "ATOM", 6, "0.75", "7.5", "1.03", "1.07"},
	{"aeth", "ETH", 18, "0.825", "3000", "1.01", "1.02"},
	{"uusdc", "USDC", 6, "0.78", "1", "1.05", "1.09"},
}

func dec(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

func mirrorWithMarkets() *liquidator.Mirror {
	m := liquidator.NewMirror()
	for _, mk := range markets {
		m.SetMarket(liquidator.MarketRef{
			Denom: mk.denom, Symbol: mk.symbol, Decimals: mk.decimals, Threshold: liquidator.Float(dec(mk.lt)),
			LiquidityIndex: liquidator.Float(dec(mk.liq)), BorrowIndex: liquidator.Float(dec(mk.borrow)), Price: liquidator.Float(dec(mk.price)),
		})
	}
	return m
}

// randomAccount has collateral in one market and debt in another, with a
// health factor around 1.
func randomAccount(r *rand.Rand, i int) (liquidator.Account, lendingtypes.AccountView) {
	c, d := r.Intn(3), r.Intn(3)
	for d == c {
		d = r.Intn(3)
	}
	cm, dm := markets[c], markets[d]
	collUSD := 100 + r.Float64()*100_000
	debtUSD := collUSD * liquidator.Float(dec(cm.lt)) * (0.8 + 0.4*r.Float64())
	supplied := usdToAmount(collUSD, cm)
	debt := usdToAmount(debtUSD, dm)
	addr := fmt.Sprintf("acct%07d", i)
	acc := liquidator.Account{Address: addr, Positions: []liquidator.Position{
		{Market: uint16(c), Collateral: true, ScaledSupply: liquidator.Scaled(supplied, dec(cm.liq))},
		{Market: uint16(d), ScaledDebt: liquidator.Scaled(debt, dec(dm.borrow))},
	}}
	view := lendingtypes.AccountView{Address: addr, Positions: []lendingtypes.PositionView{
		{Denom: cm.denom, Supplied: supplied, Debt: sdkmath.ZeroInt(), Collateral: true},
		{Denom: dm.denom, Supplied: sdkmath.ZeroInt(), Debt: debt},
	}}
	return acc, view
}

func usdToAmount(usd float64, m market) sdkmath.Int {
	whole := usd / liquidator.Float(dec(m.price))
	// whole × 10^decimals without float overflow of the integer part.
	return dec(fmt.Sprintf("%.6f", whole)).MulInt(sdkmath.NewIntWithDecimal(1, int(m.decimals))).TruncateInt()
}

func exactMarkets() map[string]liquidator.ExactMarket {
	out := map[string]liquidator.ExactMarket{}
	for _, mk := range markets {
		out[mk.denom] = liquidator.ExactMarket{Price: dec(mk.price), Market: lendingtypes.Market{
			Denom: mk.denom, Decimals: mk.decimals, Ltv: dec(mk.lt).Sub(dec("0.05")), LiquidationThreshold: dec(mk.lt),
			LiquidationBonus: dec("0.05"), LiquidationProtocolFee: dec("0.1"),
		}}
	}
	return out
}

// The screen is the chain's health factor to within float precision, so a
// small margin is enough for it never to miss an account the chain would
// liquidate.
func TestScreenAgreesWithTheChainsMath(t *testing.T) {
	m := mirrorWithMarkets()
	r := rand.New(rand.NewSource(7))
	views := map[string]lendingtypes.AccountView{}
	for i := range 2_000 {
		acc, view := randomAccount(r, i)
		m.PutAccount(acc)
		views[acc.Address] = view
	}
	const margin = 1e-6
	flagged := map[string]bool{}
	for _, i := range m.ScreenAccounts(1 + margin) {
		flagged[m.Accounts[i].Address] = true
	}
	liquidatable := 0
	for _, acc := range m.Accounts {
		positions, err := liquidator.PricedPositions(views[acc.Address], exactMarkets())
		require.NoError(t, err)
		h := lendingtypes.ComputeHealth(positions)
		hf, ok := h.HealthFactor()
		require.True(t, ok)
		require.InEpsilon(t, liquidator.Float(hf), acc.Health, 1e-9, acc.Address)
		if h.Liquidatable() {
			liquidatable++
			require.True(t, flagged[acc.Address], "%s: chain says liquidatable, screen missed it", acc.Address)
		}
	}
	require.Greater(t, liquidatable, 100, "the sample has liquidatable accounts")
}

// The exact plan is what the chain computes: repay capped by the close
// factor, seize with the bonus, profit = bonus less the protocol share.
func TestPlanLiquidation(t *testing.T) {
	params := lendingtypes.DefaultParams()
	view := lendingtypes.AccountView{Address: "bob", Positions: []lendingtypes.PositionView{
		{Denom: "uatom", Supplied: sdkmath.NewInt(1_000_000_000), Debt: sdkmath.ZeroInt(), Collateral: true}, // $7,500
		{Denom: "uusdc", Supplied: sdkmath.ZeroInt(), Debt: sdkmath.NewInt(6_000_000_000)},                   // $6,000
	}}
	maxRepay := map[string]sdkmath.Int{"uusdc": sdkmath.NewInt(10_000_000_000)}
	plan, err := liquidator.PlanLiquidation(view, exactMarkets(), params, maxRepay)
	require.NoError(t, err)
	require.Equal(t, "uusdc", plan.DebtDenom)
	require.Equal(t, "uatom", plan.CollateralDenom)
	require.Equal(t, sdkmath.NewInt(6_000_000_000), plan.Repay, "all of it: health 0.9375 is below full_close_health 0.95")
	require.InDelta(t, 6000*0.05*0.9, liquidator.Float(plan.Profit), 0.01, "bonus less the protocol share")

	maxRepay["uusdc"] = sdkmath.NewInt(1_000_000_000) // inventory of 1,000 USDC
	plan, err = liquidator.PlanLiquidation(view, exactMarkets(), params, maxRepay)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_000_000_000), plan.Repay, "capped by the inventory")

	_, err = liquidator.PlanLiquidation(view, exactMarkets(), params, map[string]sdkmath.Int{})
	require.ErrorContains(t, err, "no debt the liquidator may repay")
	view.Positions[1].Debt = sdkmath.NewInt(5_000_000_000) // health 1.125
	_, err = liquidator.PlanLiquidation(view, exactMarkets(), params, maxRepay)
	require.ErrorIs(t, err, liquidator.ErrNotLiquidatable)
}

// BenchmarkScreenAccounts re-evaluates a mirror of 3-asset accounts
// (two collateral markets and one debt) and reports positions per second
// on one core, and the heap the mirror holds.
func BenchmarkScreenAccounts(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			m := mirrorWithMarkets()
			r := rand.New(rand.NewSource(1))
			for i := range n {
				m.PutAccount(liquidator.Account{Address: fmt.Sprintf("ballast1%038d", i), Positions: []liquidator.Position{
					{Market: 0, Collateral: true, ScaledSupply: 1e9 * r.Float64()},
					{Market: 1, Collateral: true, ScaledSupply: 1e18 * r.Float64()},
					{Market: 2, ScaledDebt: 3e9 * r.Float64()},
				}})
			}
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ResetTimer()
			for range b.N {
				m.ScreenAccounts(1.0)
			}
			b.StopTimer()
			perSec := float64(n) * float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(perSec, "positions/s")
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/math.Exp2(20), "MiB-heap")
			b.ReportMetric(rssMiB(), "MiB-RSS")
			runtime.KeepAlive(m)
		})
	}
}

// rssMiB is the process's resident set (Linux), 0 elsewhere.
func rssMiB() float64 {
	bz, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(bz), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
