package system

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/liquidator"
	"github.com/ballast-chain/ballast/testutil/systest"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// crowd is many funded accounts that sign in-process (the CLI would take
// minutes for hundreds of transactions).
type crowd struct {
	sender *liquidator.Sender
	chain  *liquidator.Chain
	names  []string
}

func newCrowd(t *testing.T, net *systest.Network, n int) *crowd {
	t.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
	kr := keyring.NewInMemory(a.AppCodec())
	var names, addrs []string
	for i := range n {
		name := fmt.Sprintf("user%03d", i)
		rec, _, err := kr.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, "", hd.Secp256k1)
		require.NoError(t, err)
		addr, err := rec.GetAddress()
		require.NoError(t, err)
		names, addrs = append(names, name), append(addrs, addr.String())
	}
	// alice funds everyone in one multi-send: 100 ATOM and 10 BAL for fees each.
	args := append(append([]string{"bank", "multi-send", "alice"}, addrs...), "100000000uatom,10000000ubal", "--gas", "20000000")
	txOK(t, net, args...)
	chain, err := liquidator.DialChain(fmt.Sprintf("127.0.0.1:%d", net.Ports(0).GRPC), 30*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { _ = chain.Close() })
	sender, err := liquidator.NewSender(chain.Conn(), a.TxConfig(), kr, liquidator.Config{
		ChainID: app.LocalChainID, GasPrices: "0.0025ubal", GasAdjustment: 1.5, TimeoutBlocks: 50, Signers: names,
	})
	require.NoError(t, err)
	return &crowd{sender: sender, chain: chain, names: names}
}

// send sends msgs from user i (built by mk from its address).
func (c *crowd) send(t *testing.T, net *systest.Network, i int, mk func(addr string) []sdk.Msg) {
	t.Helper()
	sg := c.sender.Signers[i]
	_, err := c.sender.Send(context.Background(), sg, net.Height(0), mk(sg.Address.String())...)
	require.NoError(t, err, "user %d", i)
}

// metricSum adds up a metric's series; -1 while the endpoint does not answer.
func metricSum(t *testing.T, url, name string) float64 {
	t.Helper()
	res, err := http.Get(url + "/metrics") //nolint:noctx // loopback test
	if err != nil {
		return -1
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return -1
	}
	sum := 0.0
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, name+" ") || strings.HasPrefix(line, name+"{") {
			f, err := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
			require.NoError(t, err, line)
			sum += f
		}
	}
	return sum
}

// liquidatable counts lending accounts the chain's math calls liquidatable
// and vaults it calls unsafe (not yet in auction), at the latest height.
func liquidatable(t *testing.T, c *crowd) (accounts, vaults int) {
	t.Helper()
	ctx := context.Background()
	m := liquidator.NewMirror()
	data, err := c.chain.Refresh(ctx, 0, m)
	require.NoError(t, err)
	_, _, err = c.chain.SyncAll(ctx, 0, 100, m)
	require.NoError(t, err)
	for _, i := range m.ScreenAccounts(1.01) {
		view, err := c.chain.Account(ctx, m.Accounts[i].Address)
		require.NoError(t, err)
		positions, err := liquidator.PricedPositions(view, data.Markets)
		require.NoError(t, err)
		if lendingtypes.ComputeHealth(positions).Liquidatable() {
			accounts++
		}
	}
	for _, v := range m.Vaults {
		view, err := c.chain.Vault(ctx, v.ID)
		require.NoError(t, err)
		if view.Vault.Art.IsPositive() && !view.Safe {
			vaults++
		}
	}
	return accounts, vaults
}

// rereadMatchesSync pins the liquidator's per-block re-read: every crowd
// account, more than one request's worth and some named twice (as blocks
// caught up on together name them), mirrors exactly as a full sync at the
// same height does.
func rereadMatchesSync(t *testing.T, net *systest.Network, c *crowd, borrowers int) {
	t.Helper()
	ctx, h := context.Background(), net.Height(0)
	synced, reread := liquidator.NewMirror(), liquidator.NewMirror()
	for _, m := range []*liquidator.Mirror{synced, reread} {
		_, err := c.chain.Refresh(ctx, h, m)
		require.NoError(t, err)
	}
	_, _, err := c.chain.SyncAll(ctx, h, 100, synced)
	require.NoError(t, err)
	var addrs []string
	for _, sg := range c.sender.Signers {
		addrs = append(addrs, sg.Address.String())
	}
	require.Greater(t, len(addrs), 2*100, "more than two requests' worth")
	require.NoError(t, c.chain.Reread(ctx, h, liquidator.Touched{Accounts: append(addrs, addrs[:50]...)}, reread))
	require.Len(t, synced.Accounts, borrowers, "the borrowers owe; the vault owners do not")
	require.Len(t, reread.Accounts, borrowers)
	for _, a := range synced.Accounts {
		got, ok := reread.Account(a.Address)
		require.True(t, ok, a.Address)
		require.Equal(t, a, got)
	}
}

// The crash: 200 borrowing positions and 100 vaults near their
// limits, the liquidator running beside the node, ATOM falls 30% on the
// feeders. Every position the chain calls liquidatable is liquidated, and
// every unsafe vault is in auction, within two blocks of the price
// landing; the liquidator's failed transactions are few.
func TestLiquidatorClearsACrashWithinTwoBlocks(t *testing.T) {
	skipIfShort(t)
	const borrowers, owners = 200, 100
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	txOK(t, net, "lending", "supply", "1000000000000uusdc", "--from", "alice")
	c := newCrowd(t, net, borrowers+owners)

	p0, err := strconv.ParseFloat(oraclePrices(t, net)["ATOM"].Price.Price, 64)
	require.NoError(t, err)
	start, h0 := time.Now(), net.Height(0)
	c.populate(t, net, borrowers, owners, p0)
	t.Logf("%d positions sent in %s (%d blocks so far)", borrowers+owners, time.Since(start), net.Height(0)-h0)
	net.StartLiquidator("max_per_block = 1000")
	require.Eventually(t, func() bool {
		return metricSum(t, net.LiquidatorURL(), "liquidator_positions_tracked") == borrowers+owners
	}, 60*time.Second, 500*time.Millisecond, "the liquidator mirrors every position")
	accounts, vaults := liquidatable(t, c)
	require.Zero(t, accounts+vaults, "nothing is liquidatable before the crash")
	rereadMatchesSync(t, net, c, borrowers)

	crash := fmt.Sprintf("%.4f", p0*0.7)
	res := systest.Run(t, systest.FeederBinary(t), "price", "set", "ATOM", crash, "--admin", net.FeederAdmin(0))
	require.Zero(t, res.ExitCode, res.Stderr)
	var landed int64
	require.Eventually(t, func() bool {
		p := oraclePrices(t, net)["ATOM"].Price
		f, _ := strconv.ParseFloat(p.Price, 64)
		if f > p0*0.71 {
			return false
		}
		landed = mustInt(t, p.Height)
		return true
	}, 30*time.Second, 100*time.Millisecond)
	require.Eventually(t, func() bool {
		a, v := liquidatable(t, c)
		return a+v == 0
	}, 30*time.Second, 300*time.Millisecond, "every unsafe position is liquidated or in auction")
	cleared := net.Height(0)

	// The latest liquidation or auction start after the price landed.
	last := landed
	liquidations, auctions, lendingBadDebt := 0, 0, 0
	for h := landed; h <= cleared; h++ {
		for _, ev := range net.TxEvents(0, h) {
			switch ev {
			case "ballast.lending.v1.EventLiquidate":
				liquidations++
				last = max(last, h)
			case "ballast.stablecoin.v1.EventAuctionStarted":
				auctions++
				last = max(last, h)
			case "ballast.lending.v1.EventBadDebt":
				lendingBadDebt++
			}
		}
	}
	failed := metricSum(t, net.LiquidatorURL(), "liquidator_txs_failed_total")
	sent := metricSum(t, net.LiquidatorURL(), "liquidator_txs_sent_total")
	t.Logf("ATOM %.4f → %s landed at height %d; %d liquidations and %d auctions, the last at height %d (+%d blocks); liquidator messages sent %.0f, failed %.0f",
		p0, crash, landed, liquidations, auctions, last, last-landed, sent, failed)
	require.Greater(t, liquidations, borrowers/4, "the crash made many positions liquidatable")
	require.Greater(t, auctions, owners/2)
	require.LessOrEqual(t, last-landed, int64(2), "within two blocks of the price landing")
	require.LessOrEqual(t, failed, 0.05*sent+2, "few failed transactions")

	// Bad debt: none in lending (30% falls on 70-97%-of-limit positions
	// leave collateral for the bonus). In BSD, only the keeper incentives
	// (tip 10 BSD + chip 0.1% of the tab) paid before any surplus existed:
	// the parameters make that unavoidable until the auctions' penalties
	// come in.
	require.Zero(t, lendingBadDebt, "no lending bad debt")
	var l ledgerView
	queryJSON(t, net, &l, "stablecoin", "ledger")
	t.Logf("BSD ledger after the crash: %+v", l.Ledger)
	require.LessOrEqual(t, atoi(t, l.Ledger.BadDebt), int64(auctions)*11_000_000, "BSD bad debt beyond the keeper incentives")
}

// populate opens n borrowing positions (from user 0) and m vaults (after
// them), each near its limit at ATOM price p0 (70-97% of it).
func (c *crowd) populate(t *testing.T, net *systest.Network, borrowers, owners int, p0 float64) {
	t.Helper()
	for i := range borrowers {
		borrow := int64(100 * p0 * 0.65 * (0.70 + 0.27*float64(i)/float64(borrowers)) * 1e6)
		c.send(t, net, i, func(addr string) []sdk.Msg {
			return []sdk.Msg{
				&lendingtypes.MsgSupply{Supplier: addr, Amount: sdk.NewInt64Coin("uatom", 100_000_000)},
				&lendingtypes.MsgSetCollateral{Owner: addr, Denom: "uatom", Enabled: true},
				&lendingtypes.MsgBorrow{Borrower: addr, Amount: sdk.NewInt64Coin("uusdc", borrow)},
			}
		})
	}
	for i := range owners {
		mint := int64(100 * p0 / 1.6 * (0.70 + 0.27*float64(i)/float64(owners)) * 1e6)
		c.send(t, net, borrowers+i, func(addr string) []sdk.Msg {
			return []sdk.Msg{&stabletypes.MsgOpenVault{Owner: addr, Type: "atom-a", Collateral: sdk.NewInt64Coin("uatom", 100_000_000), Mint: sdkmath.NewInt(mint)}}
		})
	}
}

// setATOM sets the feeders' ATOM price and waits until it is on chain.
func setATOM(t *testing.T, net *systest.Network, price float64) int64 {
	t.Helper()
	res := systest.Run(t, systest.FeederBinary(t), "price", "set", "ATOM", fmt.Sprintf("%.4f", price), "--admin", net.FeederAdmin(0))
	require.Zero(t, res.ExitCode, res.Stderr)
	var landed int64
	require.Eventually(t, func() bool {
		p := oraclePrices(t, net)["ATOM"].Price
		f, _ := strconv.ParseFloat(p.Price, 64)
		landed = mustInt(t, p.Height)
		return f < price*1.0001 && f > price*0.9999
	}, 30*time.Second, 100*time.Millisecond)
	return landed
}

// ATTACKS 18 and the operations cases. The liquidator is killed
// (kill -9) as ATOM crashes; for 20 blocks only the chain's fallback acts
// and auctions the worst vaults. Restarted, the liquidator resyncs and
// finishes the lending positions without a storm of failed transactions.
// Then its node freezes for 30 s: the liquidator backs off, says so, and
// recovers by itself, and liquidates again after a second fall.
func TestLiquidatorSurvivesACrashAndANodeOutage(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	txOK(t, net, "lending", "supply", "1000000000000uusdc", "--from", "alice")
	c := newCrowd(t, net, 100)
	p0, err := strconv.ParseFloat(oraclePrices(t, net)["ATOM"].Price.Price, 64)
	require.NoError(t, err)
	c.populate(t, net, 60, 40, p0)
	net.StartLiquidator()
	require.Eventually(t, func() bool { return metricSum(t, net.LiquidatorURL(), "liquidator_positions_tracked") == 100 },
		60*time.Second, 300*time.Millisecond)

	net.KillLiquidator()
	landed := setATOM(t, net, p0*0.7)
	net.WaitHeight(landed+20, time.Minute)
	fallback := 0
	for h := landed; h <= landed+20; h++ {
		for _, ev := range net.TxEvents(0, h) {
			if ev == "ballast.stablecoin.v1.EventAuctionStarted" {
				fallback++
			}
		}
	}
	accounts, vaults := liquidatable(t, c)
	t.Logf("while the liquidator was down: the fallback started %d auctions; %d accounts and %d vaults still liquidatable", fallback, accounts, vaults)
	require.Positive(t, fallback, "the on-chain fallback worked meanwhile")
	require.Positive(t, accounts, "lending positions waited for the liquidator")

	net.StartLiquidator()
	restarted := net.Height(0)
	require.Eventually(t, func() bool {
		a, v := liquidatable(t, c)
		return a+v == 0
	}, 60*time.Second, 300*time.Millisecond, "the restarted liquidator finishes the job")
	failed := metricSum(t, net.LiquidatorURL(), "liquidator_txs_failed_total")
	t.Logf("restarted at height %d, cleared by %d; failed transactions %.0f", restarted, net.Height(0), failed)
	require.LessOrEqual(t, failed, 2.0, "no storm of failing transactions")

	// The node freezes for 30 s.
	net.Signal(0, syscall.SIGSTOP)
	time.Sleep(30 * time.Second)
	net.Signal(0, syscall.SIGCONT)
	require.Eventually(t, func() bool {
		res, err := http.Get(net.LiquidatorURL() + "/health") //nolint:noctx // loopback test
		if err != nil {
			return false
		}
		defer func() { _ = res.Body.Close() }()
		return res.StatusCode == http.StatusOK
	}, 60*time.Second, 500*time.Millisecond, "healthy again after the outage")
	logs, err := os.ReadFile(net.LiquidatorLog())
	require.NoError(t, err)
	require.Contains(t, string(logs), "backing off")
	require.Contains(t, string(logs), "node reachable again")

	sentBefore := metricSum(t, net.LiquidatorURL(), "liquidator_txs_sent_total")
	setATOM(t, net, p0*0.55)
	require.Eventually(t, func() bool {
		a, v := liquidatable(t, c)
		return a+v == 0 && metricSum(t, net.LiquidatorURL(), "liquidator_txs_sent_total") > sentBefore
	}, 60*time.Second, 300*time.Millisecond, "it liquidates again after the outage")
}

// The sync figure: a node whose genesis holds 100,000 borrowing
// accounts (ATOM collateral, USDC debt), and the liquidator's initial sync
// of all of them through the paginated query, timed. Run by `make
// bench-liquidator` (BALLAST_BENCH_SYNC=1); it takes a few minutes.
func TestLiquidatorInitialSync100k(t *testing.T) {
	skipIfShort(t)
	if os.Getenv("BALLAST_BENCH_SYNC") == "" {
		t.Skip("benchmark: make bench-liquidator")
	}
	const n = 100_000
	net := systest.NewNetwork(t, 1)
	path := filepath.Join(net.NodeHome(0), "config", "genesis.json")
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	var gen map[string]any
	require.NoError(t, json.Unmarshal(bz, &gen))
	lending := gen["app_state"].(map[string]any)["lending"].(map[string]any)
	accounts := make([]any, 0, n)
	for i := range n {
		addr := sdk.AccAddress(fmt.Appendf(nil, "bench%015d", i)).String()
		accounts = append(accounts, map[string]any{"address": addr, "positions": []any{
			map[string]any{"denom": "uatom", "scaled_supply": "100000000", "scaled_debt": "0", "collateral": true},
			map[string]any{"denom": "uusdc", "scaled_supply": "0", "scaled_debt": strconv.Itoa(400_000_000 + i), "collateral": false},
		}})
	}
	lending["accounts"] = accounts
	// The markets' totals follow (cash is not needed to read positions).
	now := time.Now().UTC().Format(time.RFC3339)
	state := func(denom, supply, borrows string) map[string]any {
		return map[string]any{
			"denom": denom, "total_scaled_supply": supply, "total_scaled_borrows": borrows,
			"liquidity_index": "1.000000000000000000", "borrow_index": "1.000000000000000000", "last_accrual": now,
			"cash": "0", "reserves": "0", "deficit": "0",
		}
	}
	lending["market_states"] = []any{
		state("uatom", strconv.Itoa(n*100_000_000), "0"),
		state("uusdc", "0", strconv.Itoa(n*400_000_000+n*(n-1)/2)),
	}
	bz, err = json.Marshal(gen)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bz, 0o600))
	net.StartAllWithFeeders()
	net.WaitHeight(3, 5*time.Minute)

	chain, err := liquidator.DialChain(fmt.Sprintf("127.0.0.1:%d", net.Ports(0).GRPC), 30*time.Second)
	require.NoError(t, err)
	defer func() { _ = chain.Close() }()
	ctx := context.Background()
	m := liquidator.NewMirror()
	start := time.Now()
	_, err = chain.Refresh(ctx, 0, m)
	require.NoError(t, err)
	got, _, err := chain.SyncAll(ctx, 0, 100, m)
	require.NoError(t, err)
	took := time.Since(start)
	require.Equal(t, n, got)
	t.Logf("initial sync of %d accounts: %s (%.0f accounts/s, pages of 100)", got, took, float64(got)/took.Seconds())
	require.Less(t, took, 30*time.Second, "the issue's target")
}

// Flash mode: a liquidator without any USDC liquidates lending positions
// through flash loans (borrow USDC, liquidate, vault with the seized ATOM
// and some of its own, mint BSD, swap it to USDC in the PSM, repay).
func TestLiquidatorFlashMode(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	txOK(t, net, "lending", "supply", "1000000000000uusdc", "--from", "alice")
	txOK(t, net, "stablecoin", "psm-swap-in", "100000000000uusdc", "--from", "alice") // the PSM's USDC reserve
	liq := net.Address("liquidator")
	usdc := strconv.FormatInt(balance(t, net, liq, "uusdc"), 10) + "uusdc"
	txOK(t, net, "bank", "send", "liquidator", net.Address("alice"), usdc)
	require.Zero(t, balance(t, net, liq, "uusdc"), "the liquidator holds no USDC")

	c := newCrowd(t, net, 10)
	p0, err := strconv.ParseFloat(oraclePrices(t, net)["ATOM"].Price.Price, 64)
	require.NoError(t, err)
	c.populate(t, net, 10, 0, p0)
	net.StartLiquidator("flash_loans = true", "take_auctions = false")
	require.Eventually(t, func() bool { return metricSum(t, net.LiquidatorURL(), "liquidator_positions_tracked") == 10 },
		60*time.Second, 300*time.Millisecond)

	landed := setATOM(t, net, p0*0.7)
	require.Eventually(t, func() bool {
		a, _ := liquidatable(t, c)
		return a == 0
	}, 60*time.Second, 300*time.Millisecond, "every position liquidated without USDC at hand")
	loans := 0
	for h := landed; h <= net.Height(0); h++ {
		for _, ev := range net.TxEvents(0, h) {
			if ev == "ballast.flashloan.v1.EventFlashLoan" {
				loans++
			}
		}
	}
	var vaults struct {
		Vaults []struct {
			Vault struct {
				Owner string `json:"owner"`
			} `json:"vault"`
		} `json:"vaults"`
	}
	queryJSON(t, net, &vaults, "stablecoin", "vaults", "--owner", liq)
	t.Logf("%d flash-loan transactions; the liquidator holds %d vault(s) and %d uusdc", loans, len(vaults.Vaults), balance(t, net, liq, "uusdc"))
	require.Positive(t, loans)
	require.NotEmpty(t, vaults.Vaults, "the bonus is kept as vault equity")
	require.Zero(t, metricSum(t, net.LiquidatorURL(), "liquidator_txs_failed_total"))
}
