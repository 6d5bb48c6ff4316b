package liquidator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// repayHeadroom: max_repay is the planned repayment plus 1/repayHeadroom
// of it, for the interest of the blocks until inclusion.
const repayHeadroom = 10_000

// maxCatchUp is the most blocks replayed from events after a gap; beyond
// it, a full sync is cheaper than reading every block.
const maxCatchUp = 100

// Engine runs the liquidator: each new block it updates the mirror,
// screens it, checks candidates exactly and submits.
type Engine struct {
	cfg     Config
	log     *slog.Logger
	chain   *Chain
	blocks  Blocks
	sender  *Sender // nil in dry-run
	metrics *Metrics
	Mirror  *Mirror

	data      MarketData
	height    int64
	attempts  map[string]int64 // target → height of the last attempt
	inflight  map[string]flagged
	seen      map[string]flagged // targets flagged by the screen, first time
	blockTime time.Time          // of the block being processed
	minProfit sdkmath.LegacyDec
	discount  sdkmath.LegacyDec
	maxRepay  map[string]sdkmath.Int
	balances  map[string]sdk.Coin // per signer and denom, this block

	mu       sync.Mutex
	progress time.Time // when a block was last processed
	synced   bool
}

// flagged is when a target first looked liquidatable: the block whose
// prices (or fees) pushed it under. Latency runs from there to the block
// that includes our liquidation.
type flagged struct {
	height int64
	at     time.Time
	last   int64 // the last block that flagged it
}

// NewEngine wires an engine; sender may be nil in dry-run.
func NewEngine(cfg Config, log *slog.Logger, chain *Chain, blocks Blocks, sender *Sender, metrics *Metrics) *Engine {
	minProfit, _ := sdkmath.LegacyNewDecFromStr(cfg.MinProfitUSD)
	discount, _ := sdkmath.LegacyNewDecFromStr(cfg.TakeMinDiscount)
	return &Engine{
		cfg: cfg, log: log, chain: chain, blocks: blocks, sender: sender, metrics: metrics, Mirror: NewMirror(),
		attempts: map[string]int64{}, inflight: map[string]flagged{}, seen: map[string]flagged{},
		minProfit: minProfit, discount: discount, maxRepay: cfg.MaxRepayInts(),
	}
}

// Health reports the last processed height and whether it is recent.
func (e *Engine) Health(maxAge time.Duration) (height int64, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.height, e.synced && time.Since(e.progress) < maxAge
}

// Run processes blocks until ctx ends. A node that does not answer is
// retried with a backoff that doubles up to backoff_max; nothing is lost:
// the next success catches up from events or with a full sync.
func (e *Engine) Run(ctx context.Context, wake <-chan struct{}) error {
	backoff := e.cfg.PollInterval.Duration
	for {
		err := e.Step(ctx)
		wait := e.cfg.PollInterval.Duration
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			e.metrics.nodeUp.Set(0)
			e.log.Warn("node unreachable or query failed; backing off", "err", err, "retry_in", backoff)
			wait = backoff
			backoff = min(2*backoff, e.cfg.BackoffMax.Duration)
		default:
			if backoff > e.cfg.PollInterval.Duration {
				e.log.Info("node reachable again")
			}
			e.metrics.nodeUp.Set(1)
			backoff = e.cfg.PollInterval.Duration
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-wake:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// Step processes the blocks since the last one, if any.
func (e *Engine) Step(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, e.cfg.CallTimeout.Duration)
	latest, err := e.blocks.Latest(cctx)
	cancel()
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if latest <= e.height {
		return nil
	}
	start := time.Now()
	if err := e.update(ctx, latest); err != nil {
		if strings.Contains(err.Error(), "height in the future") {
			// CometBFT reports a block the app's query state has not
			// caught up with yet: try again at the next poll.
			e.log.Debug("block not queryable yet", "height", latest)
			return nil
		}
		return err
	}
	e.mu.Lock()
	e.height, e.progress, e.synced = latest, time.Now(), true
	e.mu.Unlock()
	e.metrics.height.Set(float64(latest))
	e.metrics.tracked.WithLabelValues("account").Set(float64(len(e.Mirror.Accounts)))
	e.metrics.tracked.WithLabelValues("vault").Set(float64(len(e.Mirror.Vaults)))
	e.act(ctx, latest)
	e.metrics.blockSeconds.Observe(time.Since(start).Seconds())
	return nil
}

// update brings the mirror to height: a full sync the first time or after
// a long gap, otherwise a re-read of what the blocks' events name.
func (e *Engine) update(ctx context.Context, height int64) error {
	ctx, cancel := context.WithTimeout(ctx, 20*e.cfg.CallTimeout.Duration)
	defer cancel()
	full := e.height == 0 || height-e.height > maxCatchUp
	var touched Touched
	e.blockTime = time.Now()
	if !full {
		for h := e.height + 1; h <= height; h++ {
			events, at, err := e.blocks.Block(ctx, h)
			if err != nil {
				return err
			}
			t := TouchedBy(events)
			touched.Accounts = append(touched.Accounts, t.Accounts...)
			touched.Vaults = append(touched.Vaults, t.Vaults...)
			e.observeInclusions(events, h, at)
			e.blockTime = at
		}
	}
	data, err := e.chain.Refresh(ctx, height, e.Mirror)
	if err != nil {
		return err
	}
	e.data = data
	if full {
		start := time.Now()
		accounts, vaults, err := e.chain.SyncAll(ctx, height, e.cfg.PageSize, e.Mirror)
		if err != nil {
			return err
		}
		e.metrics.syncSeconds.Set(time.Since(start).Seconds())
		e.log.Info("synced", "height", height, "accounts", accounts, "vaults", vaults, "seconds", time.Since(start).Seconds())
		return nil
	}
	return e.chain.Reread(ctx, height, touched, e.Mirror)
}

func (e *Engine) flag(key string, height int64) {
	f, ok := e.seen[key]
	if !ok {
		f = flagged{height: height, at: e.blockTime}
	}
	f.last = height
	e.seen[key] = f
}

// forget drops what no longer matters, so the maps stay the size of the
// current trouble: targets the screen stopped flagging (and not waiting
// for inclusion) and attempts older than the retry window.
func (e *Engine) forget(height int64) {
	for key, f := range e.seen {
		if _, waiting := e.inflight[key]; f.last < height && !waiting {
			delete(e.seen, key)
		}
	}
	for key, f := range e.inflight {
		if height-f.last > 100 {
			delete(e.inflight, key) // never seen included: someone else was faster
		}
	}
	for key, h := range e.attempts {
		if height-h >= e.cfg.RetryAfterBlocks {
			delete(e.attempts, key)
		}
	}
}

// recent: the target was attempted less than retry_after_blocks ago
// (sent, refused or found not worth it): no resubmission storms.
func (e *Engine) recent(key string, height int64) bool {
	last, ok := e.attempts[key]
	return ok && height-last < e.cfg.RetryAfterBlocks
}

func (e *Engine) act(ctx context.Context, height int64) {
	e.balances = map[string]sdk.Coin{}
	defer e.forget(height)
	budget := e.cfg.MaxPerBlock
	accounts := e.Mirror.ScreenAccounts(1 + e.cfg.HealthMargin)
	e.metrics.unsafe.WithLabelValues("account").Set(float64(len(accounts)))
	for _, i := range accounts {
		addr := e.Mirror.Accounts[i].Address
		e.flag("account/"+addr, height)
		if budget == 0 {
			break
		}
		if key := "account/" + addr; !e.recent(key, height) {
			if e.liquidateAccount(ctx, height, key, addr) {
				budget--
			}
		}
	}
	if !e.cfg.Vaults {
		return
	}
	vaults := e.Mirror.ScreenVaults(1 + e.cfg.HealthMargin)
	e.metrics.unsafe.WithLabelValues("vault").Set(float64(len(vaults)))
	for _, i := range vaults {
		v := e.Mirror.Vaults[i]
		e.flag("vault/"+strconv.FormatUint(v.ID, 10), height)
		if budget == 0 {
			break
		}
		if key := "vault/" + strconv.FormatUint(v.ID, 10); !e.recent(key, height) {
			if e.liquidateVault(ctx, height, key, v) {
				budget--
			}
		}
	}
	e.auctions(ctx, height, budget)
}

// liquidateAccount checks an account exactly at the latest state and
// sends the most profitable liquidation within the inventory.
func (e *Engine) liquidateAccount(ctx context.Context, height int64, key, addr string) bool {
	view, err := e.chain.Account(ctx, addr)
	if err != nil {
		e.log.Warn("account read failed", "account", addr, "err", err)
		return false
	}
	sg := e.signer()
	inventory := map[string]sdkmath.Int{}
	for denom, most := range e.maxRepay {
		inventory[denom] = sdkmath.MinInt(most, e.balance(ctx, sg, denom))
	}
	plan, err := PlanLiquidation(view, e.data.Markets, e.data.Params, inventory)
	if errors.Is(err, ErrNotLiquidatable) {
		e.log.Debug("screened but healthy", "account", addr)
		return false
	}
	if err != nil {
		e.log.Info("cannot liquidate", "account", addr, "err", err)
		e.attempts[key] = height
		return false
	}
	if plan.Profit.LT(e.minProfit) {
		e.log.Info("not worth it", "account", addr, "profit_usd", plan.Profit)
		e.attempts[key] = height
		return false
	}
	// Interest accrues until the block that includes the liquidation: a
	// bound at exactly today's debt would fail a full close by a few units
	// (ErrLeavesDust). The chain takes only what the liquidation needs.
	bound := sdkmath.MinInt(inventory[plan.DebtDenom], plan.Repay.Add(plan.Repay.QuoRaw(repayHeadroom)).AddRaw(1))
	msg := &lendingtypes.MsgLiquidate{
		Liquidator: e.address(sg), Borrower: addr, DebtDenom: plan.DebtDenom, CollateralDenom: plan.CollateralDenom, MaxRepay: bound,
	}
	if e.submit(ctx, height, key, "lending_liquidate", sg, msg, "account", addr, "health", plan.Health, "repay", plan.Repay, "debt", plan.DebtDenom, "collateral", plan.CollateralDenom, "profit_usd", plan.Profit) {
		e.metrics.profit.Add(Float(plan.Profit))
		return true
	}
	return false
}

// liquidateVault re-reads a vault and starts its auction if the chain
// says it is unsafe; the chain pays the keeper incentive.
func (e *Engine) liquidateVault(ctx context.Context, height int64, key string, v VaultRef) bool {
	res, err := e.chain.stable.Vault(ctx, &stabletypes.QueryVaultRequest{Id: v.ID})
	if err != nil {
		e.log.Warn("vault read failed", "vault", v.ID, "err", err)
		return false
	}
	if res.Vault.Safe || !res.Vault.Vault.Art.IsPositive() {
		return false
	}
	sg := e.signer()
	return e.submit(ctx, height, key, "vault_liquidate", sg, &stabletypes.MsgLiquidate{Keeper: e.address(sg), VaultId: v.ID},
		"vault", v.ID, "owner", res.Vault.Vault.Owner, "ratio", res.Vault.Ratio)
}

// auctions redoes auctions past their bounds and buys collateral when the
// auction price is at least take_min_discount below the oracle price.
func (e *Engine) auctions(ctx context.Context, height int64, budget int) {
	list, err := e.chain.Auctions(ctx, e.cfg.PageSize)
	if err != nil {
		e.log.Warn("auctions read failed", "err", err)
		return
	}
	for _, a := range list {
		if budget == 0 {
			return
		}
		id := strconv.FormatUint(a.Auction.Id, 10)
		sg := e.signer()
		if a.NeedsRedo {
			if key := "redo/" + id; !e.recent(key, height) && e.submit(ctx, height, key, "auction_redo", sg, &stabletypes.MsgRedo{Keeper: e.address(sg), AuctionId: a.Auction.Id}, "auction", id) {
				budget--
			}
			continue
		}
		if !e.cfg.TakeAuctions || e.recent("take/"+id, height) {
			continue
		}
		t, ok := e.data.Types[a.Auction.Type]
		fresh := false
		var spot sdkmath.LegacyDec
		if p, ok2 := e.data.Prices[t.CollateralType.OracleSymbol]; ok && ok2 && !p.Stale && p.Price.Price.IsPositive() {
			spot, fresh = p.Price.Price, true
		}
		if !fresh || a.Price.GT(spot.Mul(sdkmath.LegacyOneDec().Sub(e.discount))) {
			continue
		}
		ct := t.CollateralType
		bsd := e.balance(ctx, sg, stabletypes.StableDenom)
		affordable := bsd.ToLegacyDec().MulInt(sdkmath.NewIntWithDecimal(1, int(ct.Decimals))).
			QuoInt(sdkmath.NewIntWithDecimal(1, stabletypes.StableDecimals)).Quo(a.Price).TruncateInt()
		want := sdkmath.MinInt(a.Auction.Lot, affordable)
		tk, err := stabletypes.ComputeTake(a.Auction.Tab, a.Auction.Lot, want, a.Price, ct.Decimals, ct.Tab(ct.DebtFloor))
		if err != nil || tk.Owe.GT(bsd) {
			continue // too little BSD for a take that leaves no dust
		}
		msg := &stabletypes.MsgTake{Buyer: e.address(sg), AuctionId: a.Auction.Id, Amount: want, MaxPrice: a.Price}
		if e.submit(ctx, height, "take/"+id, "auction_take", sg, msg, "auction", id, "price", a.Price, "oracle", spot, "amount", want) {
			budget--
		}
	}
}

// submit sends msg (or, in dry-run, logs it) and records the attempt.
func (e *Engine) submit(ctx context.Context, height int64, key, action string, sg *Signer, msg sdk.Msg, kv ...any) bool {
	e.attempts[key] = height
	if e.sender == nil {
		e.log.Info("dry run: would send", append([]any{"action", action}, kv...)...)
		return true
	}
	res, err := e.sender.Send(ctx, sg, height, msg)
	if err != nil {
		stage := "check"
		if errors.Is(err, ErrSimulation) {
			stage = "simulation"
		}
		e.metrics.failed.WithLabelValues(action, stage).Inc()
		e.log.Warn("refused", append([]any{"action", action, "stage", stage, "err", err}, kv...)...)
		return false
	}
	e.metrics.sent.WithLabelValues(action).Inc()
	e.log.Info("sent", append([]any{"action", action, "tx", res.TxHash, "signer", sg.Name}, kv...)...)
	if f, ok := e.seen[key]; ok {
		e.inflight[key] = f
	}
	return true
}

// observeInclusions finds our liquidations in a block's events and
// records the latency from the price that made them possible.
func (e *Engine) observeInclusions(events []abci.Event, height int64, at time.Time) {
	if len(e.inflight) == 0 || e.sender == nil {
		return
	}
	ours := map[string]bool{}
	for _, sg := range e.sender.Signers {
		ours[sg.Address.String()] = true
	}
	for _, ev := range events {
		var key, who string
		switch ev.Type {
		case "ballast.lending.v1.EventLiquidate":
			acc, _ := attr(ev, "account")
			who, _ = attr(ev, "liquidator")
			key = "account/" + acc
		case "ballast.stablecoin.v1.EventAuctionStarted":
			id, _ := attr(ev, "vault_id")
			who, _ = attr(ev, "keeper")
			key = "vault/" + id
		default:
			continue
		}
		f, ok := e.inflight[key]
		if !ok || !ours[who] {
			continue
		}
		delete(e.inflight, key)
		delete(e.seen, key)
		e.metrics.latencyBlock.Observe(float64(height - f.height))
		e.metrics.latency.Observe(at.Sub(f.at).Seconds())
		e.log.Info("included", "target", key, "height", height, "blocks_after_unsafe", height-f.height)
	}
}

func (e *Engine) signer() *Signer {
	if e.sender == nil {
		return nil
	}
	return e.sender.Next()
}

func (e *Engine) address(sg *Signer) string {
	if sg == nil {
		return "dry-run"
	}
	return sg.Address.String()
}

// balance is a signer's spendable balance, read once per block; in
// dry-run the inventory is taken as configured.
func (e *Engine) balance(ctx context.Context, sg *Signer, denom string) sdkmath.Int {
	if sg == nil {
		if v, ok := e.maxRepay[denom]; ok {
			return v
		}
		return sdkmath.ZeroInt()
	}
	key := sg.Name + "/" + denom
	if c, ok := e.balances[key]; ok {
		return c.Amount
	}
	c, err := e.sender.Balance(ctx, sg, denom)
	if err != nil {
		e.log.Warn("balance read failed", "signer", sg.Name, "denom", denom, "err", err)
		return sdkmath.ZeroInt()
	}
	e.balances[key] = c
	return c.Amount
}
