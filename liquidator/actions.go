package liquidator

import (
	"context"
	"errors"
	"strconv"
	"sync"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// readers is how many exact-check reads run at once against the node.
const readers = 8

// action is one message to send, with what it is for.
type action struct {
	key    string // the target: attempts and latency are kept per target
	kind   string // metric label
	signer *Signer
	msg    sdk.Msg
	profit sdkmath.LegacyDec // expected, lending liquidations only
	kv     []any             // for the log
}

// act screens the mirror, checks the candidates exactly (reads in
// parallel), allocates each signer's inventory, and sends the resulting
// messages in batches.
func (e *Engine) act(ctx context.Context, height int64) {
	e.balances = map[string]sdk.Coin{}
	defer e.forget(height)
	budget := e.cfg.MaxPerBlock

	var accounts []string
	screened := e.Mirror.ScreenAccounts(1 + e.cfg.HealthMargin)
	e.metrics.unsafe.WithLabelValues("account").Set(float64(len(screened)))
	for _, i := range screened {
		key := "account/" + e.Mirror.Accounts[i].Address
		e.flag(key, height)
		if len(accounts) < budget && !e.recent(key, height) {
			accounts = append(accounts, e.Mirror.Accounts[i].Address)
		}
	}
	var vaults []uint64
	if e.cfg.Vaults {
		screenedVaults := e.Mirror.ScreenVaults(1 + e.cfg.HealthMargin)
		e.metrics.unsafe.WithLabelValues("vault").Set(float64(len(screenedVaults)))
		for _, i := range screenedVaults {
			id := e.Mirror.Vaults[i].ID
			key := "vault/" + strconv.FormatUint(id, 10)
			e.flag(key, height)
			if len(accounts)+len(vaults) < budget && !e.recent(key, height) {
				vaults = append(vaults, id)
			}
		}
	}
	actions := e.planAccounts(ctx, height, accounts)
	actions = append(actions, e.planVaults(ctx, vaults)...)
	if e.cfg.Vaults && len(actions) < budget {
		actions = append(actions, e.planAuctions(ctx, height, budget-len(actions))...)
	}
	e.send(ctx, height, actions)
}

// planAccounts checks each account exactly at the latest state and plans
// the most profitable liquidation within a signer's remaining inventory.
func (e *Engine) planAccounts(ctx context.Context, height int64, addrs []string) []action {
	type checked struct {
		addr   string
		signer *Signer
		plan   Plan
		err    error
	}
	results := make([]checked, len(addrs))
	for i, addr := range addrs {
		results[i] = checked{addr: addr, signer: e.signer()}
	}
	// Balances first (cached per block), then the reads in parallel. In
	// flash mode plans may go up to max_repay whatever the balance: what
	// the balance does not cover is borrowed.
	initial := map[*Signer]map[string]sdkmath.Int{}
	for _, r := range results {
		if _, ok := initial[r.signer]; ok {
			continue
		}
		inv := map[string]sdkmath.Int{}
		for denom, most := range e.maxRepay {
			inv[denom] = sdkmath.MinInt(most, e.balance(ctx, r.signer, denom))
		}
		initial[r.signer] = inv
	}
	planning := func(sg *Signer) map[string]sdkmath.Int {
		if e.cfg.FlashLoans {
			return e.maxRepay
		}
		return initial[sg]
	}
	parallel(len(results), func(i int) {
		r := &results[i]
		view, err := e.chain.Account(ctx, r.addr)
		if err != nil {
			r.err = err
			return
		}
		r.plan, r.err = PlanLiquidation(view, e.data.Markets, e.data.Params, planning(r.signer))
	})
	ownCollateral := map[string]sdkmath.Int{} // signer/denom → left for flash-mode vaults
	var out []action
	for _, r := range results {
		key := "account/" + r.addr
		switch {
		case errors.Is(r.err, ErrNotLiquidatable):
			e.log.Debug("screened but healthy", "account", r.addr)
			continue
		case r.err != nil:
			e.log.Info("cannot liquidate", "account", r.addr, "err", r.err)
			e.attempts[key] = height
			continue
		case r.plan.Profit.LT(e.minProfit):
			e.log.Info("not worth it", "account", r.addr, "profit_usd", r.plan.Profit)
			e.attempts[key] = height
			continue
		}
		// Interest accrues until the block that includes the liquidation: a
		// bound at exactly today's debt would fail a full close by a few
		// units (ErrLeavesDust). The chain takes only what it needs.
		remaining := orZero(initial[r.signer][r.plan.DebtDenom])
		bound := sdkmath.MinInt(e.maxRepay[r.plan.DebtDenom], r.plan.Repay.Add(r.plan.Repay.QuoRaw(repayHeadroom)).AddRaw(1))
		if remaining.LT(bound) {
			if e.cfg.FlashLoans {
				if a, ok := e.flashAction(ctx, key, r.signer, r.plan, bound, ownCollateral); ok {
					out = append(out, a)
				} else {
					e.attempts[key] = height
				}
				continue
			}
			e.log.Info("inventory spent", "account", r.addr, "denom", r.plan.DebtDenom, "have", remaining, "need", bound)
			continue
		}
		initial[r.signer][r.plan.DebtDenom] = remaining.Sub(bound)
		out = append(out, action{
			key: key, kind: "lending_liquidate", signer: r.signer, profit: r.plan.Profit,
			msg: &lendingtypes.MsgLiquidate{
				Liquidator: e.address(r.signer), Borrower: r.addr, DebtDenom: r.plan.DebtDenom,
				CollateralDenom: r.plan.CollateralDenom, MaxRepay: bound,
			},
			kv: []any{"account", r.addr, "health", r.plan.Health, "repay", r.plan.Repay, "debt", r.plan.DebtDenom, "collateral", r.plan.CollateralDenom, "profit_usd", r.plan.Profit},
		})
	}
	return out
}

// flashAction routes a liquidation the signer lacks the debt asset for
// through a flash loan (FlashRoute), with the signer's own collateral for
// the vault allocated across the block's flash liquidations.
func (e *Engine) flashAction(ctx context.Context, key string, sg *Signer, plan Plan, bound sdkmath.Int, left map[string]sdkmath.Int) (action, bool) {
	slot := e.address(sg) + "/" + plan.CollateralDenom
	if _, ok := left[slot]; !ok {
		left[slot] = e.balance(ctx, sg, plan.CollateralDenom)
	}
	msg, err := FlashRoute(e.data, e.address(sg), plan, bound, left[slot])
	if err != nil {
		e.log.Info("cannot liquidate through a flash loan", "account", plan.Borrower, "err", err)
		return action{}, false
	}
	vault := msg.Msgs[1].GetCachedValue().(*stabletypes.MsgOpenVault)
	seized := plan.Seize.ToLegacyDec().Mul(flashMargin).TruncateInt()
	left[slot] = left[slot].Sub(sdkmath.MaxInt(vault.Collateral.Amount.Sub(seized), sdkmath.ZeroInt()))
	return action{
		key: key, kind: "lending_liquidate_flash", signer: sg, profit: plan.Profit, msg: msg,
		kv: []any{
			"account", plan.Borrower, "health", plan.Health, "repay", plan.Repay, "debt", plan.DebtDenom, "collateral", plan.CollateralDenom,
			"flash_loan", bound, "vault_collateral", vault.Collateral, "mint", vault.Mint, "profit_usd", plan.Profit,
		},
	}, true
}

// planVaults re-reads each vault and starts an auction for those the chain
// calls unsafe; the chain pays the keeper incentive.
func (e *Engine) planVaults(ctx context.Context, ids []uint64) []action {
	views := make([]*stabletypes.VaultView, len(ids))
	parallel(len(ids), func(i int) {
		view, err := e.chain.Vault(ctx, ids[i])
		if err != nil {
			e.log.Debug("vault read failed", "vault", ids[i], "err", err)
			return
		}
		views[i] = &view
	})
	var out []action
	for i, v := range views {
		if v == nil || v.Safe || !v.Vault.Art.IsPositive() {
			continue
		}
		sg := e.signer()
		out = append(out, action{
			key: "vault/" + strconv.FormatUint(ids[i], 10), kind: "vault_liquidate", signer: sg,
			msg: &stabletypes.MsgLiquidate{Keeper: e.address(sg), VaultId: ids[i]},
			kv:  []any{"vault", ids[i], "owner", v.Vault.Owner, "ratio", v.Ratio},
		})
	}
	return out
}

// planAuctions redoes auctions past their bounds and buys collateral when
// the auction price is at least take_min_discount below the oracle price.
func (e *Engine) planAuctions(ctx context.Context, height int64, budget int) []action {
	list, err := e.chain.Auctions(ctx, e.cfg.PageSize)
	if err != nil {
		e.log.Warn("auctions read failed", "err", err)
		return nil
	}
	var out []action
	bsdLeft := map[*Signer]sdkmath.Int{}
	for _, a := range list {
		if len(out) >= budget {
			break
		}
		id := strconv.FormatUint(a.Auction.Id, 10)
		if a.NeedsRedo {
			if key := "redo/" + id; !e.recent(key, height) {
				sg := e.signer()
				out = append(out, action{
					key: key, kind: "auction_redo", signer: sg,
					msg: &stabletypes.MsgRedo{Keeper: e.address(sg), AuctionId: a.Auction.Id}, kv: []any{"auction", id},
				})
			}
			continue
		}
		t, ok := e.data.Types[a.Auction.Type]
		if !e.cfg.TakeAuctions || !ok || e.recent("take/"+id, height) {
			continue
		}
		p, ok := e.data.Prices[t.CollateralType.OracleSymbol]
		if !ok || p.Stale || !p.Price.Price.IsPositive() || a.Price.GT(p.Price.Price.Mul(sdkmath.LegacyOneDec().Sub(e.discount))) {
			continue
		}
		ct := t.CollateralType
		sg := e.signer()
		if _, ok := bsdLeft[sg]; !ok {
			bsdLeft[sg] = e.balance(ctx, sg, stabletypes.StableDenom)
		}
		affordable := bsdLeft[sg].ToLegacyDec().MulInt(sdkmath.NewIntWithDecimal(1, int(ct.Decimals))).
			QuoInt(sdkmath.NewIntWithDecimal(1, stabletypes.StableDecimals)).Quo(a.Price).TruncateInt()
		want := sdkmath.MinInt(a.Auction.Lot, affordable)
		tk, err := stabletypes.ComputeTake(a.Auction.Tab, a.Auction.Lot, want, a.Price, ct.Decimals, ct.Tab(ct.DebtFloor))
		if err != nil || tk.Owe.GT(bsdLeft[sg]) {
			continue // too little BSD for a take that leaves no dust
		}
		bsdLeft[sg] = bsdLeft[sg].Sub(tk.Owe)
		out = append(out, action{
			key: "take/" + id, kind: "auction_take", signer: sg,
			msg: &stabletypes.MsgTake{Buyer: e.address(sg), AuctionId: a.Auction.Id, Amount: want, MaxPrice: a.Price},
			kv:  []any{"auction", id, "price", a.Price, "oracle", p.Price.Price, "amount", want},
		})
	}
	return out
}

// send submits the actions, batch_size messages per transaction and
// signer; a batch the node refuses is retried one message at a time, so
// one target that just became safe does not hold up the rest.
func (e *Engine) send(ctx context.Context, height int64, actions []action) {
	bySigner := map[*Signer][]action{}
	var order []*Signer
	for _, a := range actions {
		e.attempts[a.key] = height
		if _, ok := bySigner[a.signer]; !ok {
			order = append(order, a.signer)
		}
		bySigner[a.signer] = append(bySigner[a.signer], a)
	}
	for _, sg := range order {
		for _, batch := range batches(bySigner[sg], e.cfg.BatchSize, e.alone) {
			if e.sendBatch(ctx, height, sg, batch) || len(batch) == 1 {
				continue
			}
			for _, a := range batch {
				e.sendBatch(ctx, height, sg, []action{a})
			}
		}
	}
	clear(e.alone)
}

// batches groups one signer's actions into transactions of at most size
// messages, in order, except that a target in alone gets one of its own.
func batches(list []action, size int, alone map[string]bool) [][]action {
	var out [][]action
	var cur []action
	for _, a := range list {
		if alone[a.key] {
			out = append(out, []action{a})
			continue
		}
		cur = append(cur, a)
		if len(cur) == size {
			out, cur = append(out, cur), nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func (e *Engine) sendBatch(ctx context.Context, height int64, sg *Signer, batch []action) bool {
	if e.sender == nil {
		for _, a := range batch {
			e.log.Info("dry run: would send", append([]any{"action", a.kind}, a.kv...)...)
		}
		return true
	}
	msgs := make([]sdk.Msg, len(batch))
	for i, a := range batch {
		msgs[i] = a.msg
	}
	res, err := e.sender.Send(ctx, sg, height, msgs...)
	if err != nil {
		stage := "check"
		if errors.Is(err, ErrSimulation) {
			stage = "simulation"
		}
		for _, a := range batch {
			e.metrics.failed.WithLabelValues(a.kind, stage).Inc()
		}
		e.log.Warn("refused", "messages", len(batch), "stage", stage, "err", err)
		return false
	}
	kinds, keys := make([]string, len(batch)), make([]string, len(batch))
	for i, a := range batch {
		kinds[i], keys[i] = a.kind, a.key
	}
	e.pending[res.TxHash] = sentTx{kinds: kinds, keys: keys, expiry: height + int64(e.cfg.TimeoutBlocks)}
	for _, a := range batch {
		e.metrics.sent.WithLabelValues(a.kind).Inc()
		if !a.profit.IsNil() {
			e.metrics.profit.Add(Float(a.profit))
		}
		if f, ok := e.seen[a.key]; ok {
			e.inflight[a.key] = f
		}
		e.log.Info("sent", append([]any{"action", a.kind, "tx", res.TxHash, "signer", sg.Name}, a.kv...)...)
	}
	return true
}

// parallel runs fn(0..n-1) on up to readers goroutines.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(readers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
