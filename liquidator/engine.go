package liquidator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
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
	alone     map[string]bool  // targets whose batch failed in a block: next sent in a tx of their own
	inflight  map[string]flagged
	pending   map[string]sentTx  // our transactions not yet seen in a block, by hash
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
		attempts: map[string]int64{}, alone: map[string]bool{}, inflight: map[string]flagged{}, seen: map[string]flagged{}, pending: map[string]sentTx{},
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
		case errors.Is(err, errNotReady):
			wait = min(notReadyRetry, e.cfg.PollInterval.Duration)
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

// errNotReady is a block the node has announced but cannot serve yet.
var errNotReady = errors.New("block not readable yet")

// notReadyRetry is how soon a block the node could not serve yet is asked
// again: it is milliseconds away, not a node fault worth a backoff.
const notReadyRetry = 50 * time.Millisecond

// notReady tells the node's two ways of saying a block it announced is not
// readable yet. CometBFT counts a block as the latest once it is stored,
// before its results are saved ("could not find results"), and the app's
// query state can trail it by a commit ("height in the future").
func notReady(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "could not find results for height") || strings.Contains(msg, "height in the future")
}

// Step processes the blocks since the last one, if any.
func (e *Engine) Step(ctx context.Context) error {
	latest, err := e.blocks.Latest(ctx) // the client bounds each call by call_timeout
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if latest <= e.height {
		return nil
	}
	start := time.Now()
	if err := e.update(ctx, latest); err != nil {
		if notReady(err) {
			e.log.Debug("block not readable yet", "height", latest, "err", err)
			return errNotReady
		}
		return err
	}
	e.mu.Lock()
	e.height, e.progress, e.synced = latest, time.Now(), true
	e.mu.Unlock()
	e.metrics.height.Set(float64(latest))
	e.metrics.tracked.WithLabelValues("account").Set(float64(len(e.Mirror.Accounts)))
	e.metrics.tracked.WithLabelValues("vault").Set(float64(len(e.Mirror.Vaults)))
	actCtx, cancelAct := context.WithTimeout(ctx, 20*e.cfg.CallTimeout.Duration)
	defer cancelAct()
	e.act(actCtx, latest) // a node that freezes mid-block cannot hang it
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
			blk, err := e.blocks.Block(ctx, h)
			if err != nil {
				return err
			}
			t := TouchedBy(blk.Events)
			touched.Accounts = append(touched.Accounts, t.Accounts...)
			touched.Vaults = append(touched.Vaults, t.Vaults...)
			e.observeInclusions(blk.Events, h, blk.Time)
			e.observeResults(blk.Codes, h)
			e.blockTime = blk.Time
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

// sentTx is a broadcast transaction awaiting its block.
type sentTx struct {
	kinds  []string
	keys   []string // its targets
	expiry int64    // its timeout height
}

// observeResults counts our transactions that a block delivered with an
// error (they passed CheckTx but failed in the block: someone was faster,
// or the state moved) and those that expired unseen.
func (e *Engine) observeResults(codes map[string]uint32, height int64) {
	for hash, code := range codes {
		tx, ok := e.pending[hash]
		if !ok {
			continue
		}
		delete(e.pending, hash)
		if code != 0 {
			for _, k := range tx.kinds {
				e.metrics.failed.WithLabelValues(k, "deliver").Inc()
			}
			e.log.Warn("failed in the block", "tx", hash, "height", height, "code", code, "messages", len(tx.kinds))
			e.retryAlone(tx)
		}
	}
	for hash, tx := range e.pending {
		if height > tx.expiry {
			delete(e.pending, hash)
			for _, k := range tx.kinds {
				e.metrics.failed.WithLabelValues(k, "expired").Inc()
			}
		}
	}
}

// retryAlone handles a batch that failed in a block: one message failing
// fails them all, so the others were not tried. Each target is planned
// again at once (the exact check drops those no longer worth it) and sent in
// a transaction of its own; a target that fails alone waits out
// retry_after_blocks as usual.
func (e *Engine) retryAlone(tx sentTx) {
	if len(tx.keys) < 2 {
		return
	}
	for _, key := range tx.keys {
		delete(e.attempts, key)
		e.alone[key] = true
	}
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
			acc, _ := EventAttr(ev, "account")
			who, _ = EventAttr(ev, "liquidator")
			key = "account/" + acc
		case "ballast.stablecoin.v1.EventAuctionStarted":
			id, _ := EventAttr(ev, "vault_id")
			who, _ = EventAttr(ev, "keeper")
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
