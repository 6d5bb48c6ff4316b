package loadgen

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/liquidator"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/pricefeeder"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// The liquidation-latency book: every borrower holds 5 ATOM of collateral
// and borrows USDC at a health spread evenly over [1.16, 2.16) at ATOM $10
// (1.16 is the LTV limit: 0.75 / 0.65). Every vault holds 30 ATOM and a
// collateral ratio spread evenly over [1.62, 2.97) (the debt stays above
// the 100 BSD floor). A shock of s makes the positions below 1/(1-s)
// liquidatable: at 20%, about 9% of the borrowers and 28% of the vaults.
var (
	borrowerCollateral = sdk.NewInt64Coin(localnet.DenomATOM, 5_000_000)
	vaultCollateral    = sdk.NewInt64Coin(localnet.DenomATOM, 30_000_000)
	latencyFee         = sdk.NewInt64Coin(app.BondDenom, 1_000_000)
)

// LatencyOptions shape a liquidation-latency run.
type LatencyOptions struct {
	Borrowers, Vaults int
	// Symbol and the prices the feeders are pinned at before and after the shock.
	Symbol        string
	Before, After sdkmath.LegacyDec
	FeederAdmins  []string
	Wait          time.Duration // how long to watch for liquidations after the price lands
	Setup         RunOptions
}

// LatencyResult is the time from the shocked price's block to each position's
// first liquidation (lending) or auction (vaults).
type LatencyResult struct {
	LandedHeight int64
	LandedTime   time.Time
	Lending      Latencies
	Vaults       Latencies
}

// Latencies of one kind of position. Targets never liquidated within the
// wait count as never (math.MaxInt64 blocks, math.MaxFloat64 seconds):
// they sort last.
type Latencies struct {
	Positions, Targets, Done int
	Blocks                   []int64
	Seconds                  []float64
	ByFallback               int // vaults only: auctions the chain's fallback started
}

// borrowerDebt is the USDC (base units) borrower i of n borrows at $10 ATOM:
// 5 ATOM × $10 × 0.75 / health, health = 1.16 + i/n.
func borrowerDebt(i, n int) sdkmath.Int {
	health := sdkmath.NewInt(11_600 + int64(10_000*i/n)) // ×10^4
	return sdkmath.NewInt(37_500_000).MulRaw(10_000).Quo(health)
}

// vaultDebt is the BSD (base units) vault j of m mints at $10 ATOM:
// 30 ATOM × $10 / ratio, ratio = 1.62 + 1.35 j/m.
func vaultDebt(j, m int) sdkmath.Int {
	ratio := sdkmath.NewInt(16_200 + int64(13_500*j/m)) // ×10^4
	return sdkmath.NewInt(300_000_000).MulRaw(10_000).Quo(ratio)
}

// latencyFunds is what account i needs: borrowers come first, then vault owners.
func latencyFunds(i, borrowers int) sdk.Coins {
	if i < borrowers {
		return sdk.NewCoins(latencyFee, borrowerCollateral)
	}
	return sdk.NewCoins(latencyFee, vaultCollateral)
}

func latencySetup(borrowers, vaults int) Workload {
	return Workload{Name: "setup", Msgs: func(a, _ *Account, _ int) ([]sdk.Msg, error) {
		if a.Index < borrowers {
			return []sdk.Msg{
				&lendingtypes.MsgSupply{Supplier: a.Addr, Amount: borrowerCollateral},
				&lendingtypes.MsgSetCollateral{Owner: a.Addr, Denom: borrowerCollateral.Denom, Enabled: true},
				&lendingtypes.MsgBorrow{Borrower: a.Addr, Amount: sdk.NewCoin(localnet.DenomUSDC, borrowerDebt(a.Index, borrowers))},
			}, nil
		}
		return []sdk.Msg{&stabletypes.MsgOpenVault{
			Owner: a.Addr, Type: VaultType, Collateral: vaultCollateral, Mint: vaultDebt(a.Index-borrowers, vaults),
		}}, nil
	}}
}

// SetPrice pins symbol at price on every feeder (their admin API).
func SetPrice(ctx context.Context, admins []string, symbol string, price sdkmath.LegacyDec) error {
	for _, url := range admins {
		body := map[string]string{"symbol": symbol, "price": price.String()}
		if _, err := pricefeeder.Admin(ctx, strings.TrimRight(url, "/"), http.MethodPost, "/admin/price", body); err != nil {
			return fmt.Errorf("feeder %s: %w", url, err)
		}
	}
	return nil
}

// waitPrice waits for the first block whose price of symbol satisfies ok
// and returns its height.
func (r *Runner) waitPrice(ctx context.Context, oracle oracletypes.QueryClient, symbol string, from int64, timeout time.Duration, ok func(oracletypes.PriceView) bool) (int64, error) {
	deadline := time.Now().Add(timeout)
	for h := from; ; {
		latest, err := r.Nodes[0].Blocks.Latest(ctx)
		if err != nil {
			return 0, err
		}
		for ; h <= latest; h++ {
			res, err := oracle.Price(liquidator.AtHeight(ctx, h), &oracletypes.QueryPriceRequest{Symbol: symbol})
			if err == nil && ok(res.Price) {
				return h, nil
			}
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s price not reached within %s (last height %d)", symbol, timeout, latest)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Latency builds the book, shocks the price and times every liquidation.
func (r *Runner) Latency(ctx context.Context, funder *liquidator.Sender, conn Conns, opt LatencyOptions) (LatencyResult, error) {
	var out LatencyResult
	n := opt.Borrowers + opt.Vaults
	if len(r.Accounts) != n {
		return out, fmt.Errorf("%d accounts for %d borrowers and %d vaults", len(r.Accounts), opt.Borrowers, opt.Vaults)
	}
	if err := SetPrice(ctx, opt.FeederAdmins, opt.Symbol, opt.Before); err != nil {
		return out, err
	}
	h, err := r.Nodes[0].Blocks.Latest(ctx)
	if err != nil {
		return out, err
	}
	// Borrowing is checked at min(spot, TWAP): the book opens once the TWAP
	// has settled on the pinned price too, or the borrowers at the LTV
	// limit would be refused.
	settled := func(v oracletypes.PriceView) bool {
		return v.Price.Price.Equal(opt.Before) && !v.Twap.IsNil() && v.Twap.Equal(opt.Before)
	}
	if _, err := r.waitPrice(ctx, conn.Oracle, opt.Symbol, h, 3*time.Minute, settled); err != nil {
		return out, err
	}
	r.logf("%s pinned at %s (spot and TWAP); funding %d borrowers and %d vault owners", opt.Symbol, opt.Before, opt.Borrowers, opt.Vaults)
	if err := r.Fund(ctx, funder, conn.Bank, func(i int) sdk.Coins { return latencyFunds(i, opt.Borrowers) }, FunderLiquidity); err != nil {
		return out, err
	}
	setup := opt.Setup
	setup.Budget, setup.Duration = n, max(setup.Duration, 10*time.Minute)
	res, err := r.Run(ctx, latencySetup(opt.Borrowers, opt.Vaults), setup)
	if err != nil {
		return out, err
	}
	if res.Committed != n {
		return out, fmt.Errorf("setup: %d of %d positions opened (refused %v %v, failed %v %v, lost %d)",
			res.Committed, n, res.Rejected, res.RejectExamples, res.FailReasons, res.FailExamples, res.Lost)
	}
	r.logf("setup: %d positions in %d blocks (%.1f tx/s); waiting for the liquidator to mirror them", n, len(res.Blocks), res.TxPerSec)
	if err := FindVaults(ctx, conn.Stable, r.Accounts[opt.Borrowers:]); err != nil {
		return out, err
	}
	time.Sleep(5 * time.Second)

	h, err = r.Nodes[0].Blocks.Latest(ctx)
	if err != nil {
		return out, err
	}
	r.logf("shock: %s to %s on every feeder at height %d", opt.Symbol, opt.After, h)
	if err := SetPrice(ctx, opt.FeederAdmins, opt.Symbol, opt.After); err != nil {
		return out, err
	}
	halfway := opt.Before.Add(opt.After).QuoInt64(2)
	landed, err := r.waitPrice(ctx, conn.Oracle, opt.Symbol, h+1, time.Minute, func(v oracletypes.PriceView) bool { return v.Price.Price.LT(halfway) })
	if err != nil {
		return out, err
	}
	out.LandedHeight = landed
	r.logf("the price landed at height %d; reading the book there", landed)
	return out, r.timeLiquidations(ctx, conn, opt, &out)
}

// Conns are the query clients a latency run needs.
type Conns struct {
	Bank   banktypes.QueryClient
	Oracle oracletypes.QueryClient
	Stable stabletypes.QueryClient
	Chain  *liquidator.Chain
}

func (r *Runner) timeLiquidations(ctx context.Context, conn Conns, opt LatencyOptions, out *LatencyResult) error {
	H := out.LandedHeight
	first, err := retry(ctx, func() (liquidator.BlockData, error) { return r.Nodes[0].Blocks.Block(ctx, H) })
	if err != nil {
		return err
	}
	out.LandedTime = first.Time
	liquidated, auctioned, fallback := map[string]int64{}, map[uint64]int64{}, map[uint64]bool{}
	times := map[int64]time.Time{H: first.Time}
	collect := func(h int64, events []abci.Event) {
		for _, ev := range events {
			switch ev.Type {
			case "ballast.lending.v1.EventLiquidate":
				if a, ok := liquidator.EventAttr(ev, "account"); ok {
					if _, seen := liquidated[a]; !seen {
						liquidated[a] = h
					}
				}
			case "ballast.stablecoin.v1.EventAuctionStarted":
				v, ok := liquidator.EventAttr(ev, "vault_id")
				id, err := strconv.ParseUint(v, 10, 64)
				if ok && err == nil {
					if _, seen := auctioned[id]; !seen {
						auctioned[id] = h
						fb, _ := liquidator.EventAttr(ev, "fallback")
						fallback[id] = fb == "true"
					}
				}
			}
		}
	}
	collect(H, first.Events)

	// The targets: what the chain's own math calls liquidatable or unsafe
	// once the block that carried the price has run.
	at := liquidator.AtHeight(ctx, H)
	targets := map[string]bool{}
	vaultTargets := map[uint64]bool{}
	for _, a := range r.Accounts {
		if a.Index < opt.Borrowers {
			view, err := conn.Chain.Account(at, a.Addr)
			if err != nil {
				return fmt.Errorf("account %d at %d: %w", a.Index, H, err)
			}
			if hf, err := sdkmath.LegacyNewDecFromStr(view.HealthFactor); err == nil && hf.LT(sdkmath.LegacyOneDec()) {
				targets[a.Addr] = true
			}
			continue
		}
		if _, ok := auctioned[a.VaultID]; ok {
			vaultTargets[a.VaultID] = true
			continue
		}
		v, err := conn.Chain.Vault(at, a.VaultID)
		if err != nil {
			return fmt.Errorf("vault %d at %d: %w", a.VaultID, H, err)
		}
		if !v.Safe && v.Debt.IsPositive() {
			vaultTargets[a.VaultID] = true
		}
	}
	r.logf("at height %d: %d of %d borrowers liquidatable, %d of %d vaults unsafe", H, len(targets), opt.Borrowers, len(vaultTargets), opt.Vaults)

	deadline := time.Now().Add(opt.Wait)
	for h := H + 1; time.Now().Before(deadline); {
		if countDone(targets, liquidated) == len(targets) && countDone(vaultTargets, auctioned) == len(vaultTargets) {
			break
		}
		latest, err := r.Nodes[0].Blocks.Latest(ctx)
		if err != nil {
			return err
		}
		for ; h <= latest; h++ {
			// A node reports a height a moment before it serves the
			// height's results: that is retried, anything lasting is not.
			b, err := retry(ctx, func() (liquidator.BlockData, error) { return r.Nodes[0].Blocks.Block(ctx, h) })
			if err != nil {
				return err
			}
			times[h] = b.Time
			collect(h, b.Events)
		}
		time.Sleep(300 * time.Millisecond)
	}
	out.Lending = latencies(opt.Borrowers, targets, liquidated, times, H)
	out.Vaults = latencies(opt.Vaults, vaultTargets, auctioned, times, H)
	for id := range vaultTargets {
		if fallback[id] {
			out.Vaults.ByFallback++
		}
	}
	return nil
}

// countDone counts the targets done holds.
func countDone[K comparable](targets map[K]bool, done map[K]int64) int {
	n := 0
	for t := range targets {
		if _, ok := done[t]; ok {
			n++
		}
	}
	return n
}

// never marks a target not liquidated within the wait, in blocks and in
// seconds: the largest values, so they sort last (and encode in JSON).
const (
	never        = math.MaxInt64
	neverSeconds = math.MaxFloat64
)

func latencies[K comparable](positions int, targets map[K]bool, done map[K]int64, times map[int64]time.Time, landed int64) Latencies {
	l := Latencies{Positions: positions, Targets: len(targets)}
	for t := range targets {
		h, ok := done[t]
		if !ok {
			l.Blocks = append(l.Blocks, never)
			l.Seconds = append(l.Seconds, neverSeconds)
			continue
		}
		l.Done++
		l.Blocks = append(l.Blocks, h-landed)
		l.Seconds = append(l.Seconds, times[h].Sub(times[landed]).Seconds())
	}
	return l
}

// pct is the nearest-rank p-th percentile of xs (xs is sorted in place).
func pct[T int64 | float64](xs []T, p float64) (T, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	slices.Sort(xs)
	rank := int(p/100*float64(len(xs))+0.999999) - 1
	return xs[min(max(rank, 0), len(xs)-1)], true
}

// Summary is one kind's p50, p99 and max in blocks and seconds; a value
// that is a never-liquidated target prints as "never".
func (l Latencies) Summary() (blocks, seconds [3]string) {
	for i, p := range []float64{50, 99, 100} {
		blocks[i], seconds[i] = "-", "-"
		if b, ok := pct(l.Blocks, p); ok {
			blocks[i] = "never"
			if b != never {
				blocks[i] = strconv.FormatInt(b, 10)
			}
		}
		if s, ok := pct(l.Seconds, p); ok {
			seconds[i] = "never"
			if s != neverSeconds {
				seconds[i] = strconv.FormatFloat(s, 'f', 1, 64)
			}
		}
	}
	return blocks, seconds
}

// P99Blocks is the 99th-percentile latency in blocks (never: math.MaxInt64).
func (l Latencies) P99Blocks() int64 {
	b, _ := pct(slices.Clone(l.Blocks), 99)
	return b
}

// PrintLatency writes the latency table of one run.
func PrintLatency(w io.Writer, label string, r LatencyResult) {
	_, _ = fmt.Fprintf(w, "%s: the shocked price landed at height %d (%s)\n", label, r.LandedHeight, r.LandedTime.UTC().Format(time.RFC3339))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	_, _ = fmt.Fprintln(tw, "positions\tcount\tliquidatable\tliquidated\tblocks p50\tp99\tmax\tseconds p50\tp99\tmax\tby the fallback\t")
	for _, row := range []struct {
		name string
		l    Latencies
	}{{"lending", r.Lending}, {"vaults", r.Vaults}} {
		if row.l.Positions == 0 {
			continue
		}
		b, s := row.l.Summary()
		fb := "-"
		if row.name == "vaults" {
			fb = strconv.Itoa(row.l.ByFallback)
		}
		_, _ = fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", row.name, row.l.Positions, row.l.Targets, row.l.Done,
			b[0], b[1], b[2], s[0], s[1], s[2], fb)
	}
	_ = tw.Flush()
}

// retry calls fn up to 20 times, 250 ms apart, until it succeeds.
func retry[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	var (
		v   T
		err error
	)
	for range 20 {
		if v, err = fn(); err == nil || ctx.Err() != nil {
			return v, err
		}
		time.Sleep(250 * time.Millisecond)
	}
	return v, err
}
