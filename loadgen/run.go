package loadgen

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"

	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/liquidator"
)

// Node is one node the generator talks to: gRPC for transactions and
// queries, CometBFT RPC for blocks and the mempool.
type Node struct {
	Service txtypes.ServiceClient
	Auth    authtypes.QueryClient
	Blocks  *liquidator.CometBlocks
}

// NewNode connects to a node's gRPC and CometBFT RPC addresses.
func NewNode(conn *grpc.ClientConn, rpcAddr string) (*Node, error) {
	blocks, err := liquidator.NewCometBlocks(rpcAddr, 30*time.Second)
	if err != nil {
		return nil, fmt.Errorf("rpc %s: %w", rpcAddr, err)
	}
	return &Node{Service: txtypes.NewServiceClient(conn), Auth: authtypes.NewQueryClient(conn), Blocks: blocks}, nil
}

// RunOptions shape one workload run.
type RunOptions struct {
	// Duration of sending; the run then waits for the mempool to drain.
	Duration time.Duration
	// Rate is the offered load in tx/s; 0 sends as fast as the nodes accept.
	Rate float64
	// Budget is how many transactions are pre-signed (spread over the
	// accounts); sending stops early when they run out.
	Budget int
	// MaxPending pauses sending while a node's mempool holds this many
	// transactions, so an unpaced run saturates blocks without filling the
	// mempool (0: no limit).
	MaxPending int
	// Workers send in parallel; each owns a fixed share of the accounts so
	// every account's sequence reaches its node in order.
	Workers int
	// GasAdjustment multiplies the simulated gas of the workload's heaviest
	// transaction; every pre-signed transaction carries that limit.
	GasAdjustment float64
	// RSSPids are processes (the nodes) whose resident memory is sampled.
	RSSPids []int
}

// Runner runs workloads with a fixed set of accounts.
type Runner struct {
	Signer   TxSigner
	Accounts []*Account
	// Nodes receive the transactions (account i goes to node i mod len);
	// node 0 is also where blocks are read.
	Nodes []*Node
	// Compare are every validator's RPC, for the app-hash check (optional).
	Compare []*liquidator.CometBlocks
	Log     func(format string, args ...any)
}

func (r *Runner) logf(format string, args ...any) {
	if r.Log != nil {
		r.Log(format, args...)
	}
}

// stream is one account's pre-signed transactions.
type stream struct {
	acc  *Account
	node *Node
	txs  []Signed
}

// Gas finds the gas limit for w: the most any of 20 sample transactions
// uses in simulation, times adj. The samples are the first 20 transaction
// shapes, each from an account spread across the set (accounts may differ
// in what they do, as in the latency book).
func (r *Runner) Gas(ctx context.Context, w Workload, adj float64) (uint64, error) {
	var most uint64
	byType := map[string]uint64{}
	var types []string
	for k := range 20 {
		a := r.Accounts[k*len(r.Accounts)/20]
		peer := r.Accounts[(a.Index+1)%len(r.Accounts)]
		msgs, err := w.Msgs(a, peer, k)
		if err != nil {
			return 0, err
		}
		tx, err := r.Signer.Sign(ctx, a, a.Seq, 50_000_000, msgs...)
		if err != nil {
			return 0, err
		}
		sim, err := r.Nodes[0].Service.Simulate(ctx, &txtypes.SimulateRequest{TxBytes: tx.Bytes})
		if err != nil {
			return 0, fmt.Errorf("%s: simulating transaction shape %d: %w", w.Name, k, err)
		}
		most = max(most, sim.GasInfo.GasUsed)
		t := sdk.MsgTypeURL(msgs[len(msgs)-1])
		if _, seen := byType[t]; !seen {
			types = append(types, t)
		}
		byType[t] = max(byType[t], sim.GasInfo.GasUsed)
	}
	for _, t := range types {
		r.logf("%s: %s simulates at %d gas", w.Name, t, byType[t])
	}
	return uint64(float64(most) * adj), nil
}

// presign signs perAccount transactions for every account, in parallel.
func (r *Runner) presign(ctx context.Context, w Workload, perAccount int, gas uint64) ([]*stream, error) {
	streams := make([]*stream, len(r.Accounts))
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		errMu sync.Mutex
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(r.Accounts) {
					return
				}
				a := r.Accounts[i]
				peer := r.Accounts[(i+1)%len(r.Accounts)]
				s := &stream{acc: a, node: r.Nodes[i%len(r.Nodes)], txs: make([]Signed, 0, perAccount)}
				for k := range perAccount {
					msgs, err := w.Msgs(a, peer, k)
					if err == nil {
						var tx Signed
						if tx, err = r.Signer.Sign(ctx, a, a.Seq+uint64(k), gas, msgs...); err == nil {
							s.txs = append(s.txs, tx)
							continue
						}
					}
					errMu.Lock()
					if first == nil {
						first = fmt.Errorf("account %d tx %d: %w", i, k, err)
					}
					errMu.Unlock()
					return
				}
				streams[i] = s
			}
		}()
	}
	wg.Wait()
	return streams, first
}

// tally is what the senders saw.
type tally struct {
	mu       sync.Mutex
	accepted int
	rejected map[string]int
	examples map[string]string
	skipped  int
}

func (t *tally) reject(reason, example string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rejected[reason]++
	if _, ok := t.examples[reason]; !ok {
		t.examples[reason] = example
	}
}

// Run pre-signs and sends workload w, then measures the blocks it landed in.
func (r *Runner) Run(ctx context.Context, w Workload, opt RunOptions) (Result, error) {
	if len(r.Accounts) == 0 || len(r.Nodes) == 0 {
		return Result{}, errors.New("no accounts or no nodes")
	}
	if err := Sync(ctx, r.Nodes[0].Auth, r.Accounts, 16); err != nil {
		return Result{}, err
	}
	gas, err := r.Gas(ctx, w, opt.GasAdjustment)
	if err != nil {
		return Result{}, err
	}
	perAccount := max((opt.Budget+len(r.Accounts)-1)/len(r.Accounts), 1)
	t0 := time.Now()
	streams, err := r.presign(ctx, w, perAccount, gas)
	if err != nil {
		return Result{}, err
	}
	r.logf("%s: pre-signed %d transactions (%d per account, gas %d) in %s", w.Name, perAccount*len(streams), perAccount, gas, time.Since(t0).Round(time.Millisecond))
	return r.send(ctx, w.Name, streams, gas, opt)
}

func (r *Runner) send(ctx context.Context, name string, streams []*stream, gas uint64, opt RunOptions) (Result, error) {
	ours := make(map[[32]byte]struct{}, len(streams)*len(streams[0].txs))
	for _, s := range streams {
		for _, tx := range s.txs {
			ours[tx.Hash] = struct{}{}
		}
	}
	h0, err := r.Nodes[0].Blocks.Latest(ctx)
	if err != nil {
		return Result{}, err
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	deadline := time.Now().Add(opt.Duration)
	var pending atomic.Int64
	var mempool mempoolStats
	var bg sync.WaitGroup
	bg.Add(1)
	go func() { defer bg.Done(); r.watchMempool(runCtx, &pending, &mempool, deadline) }()
	rss := &rssSampler{pids: opt.RSSPids}
	bg.Add(1)
	go func() { defer bg.Done(); rss.run(runCtx) }()

	t := &tally{rejected: map[string]int{}, examples: map[string]string{}}
	start := time.Now()
	var slot atomic.Int64
	workers := max(min(opt.Workers, len(streams)), 1)
	var wg sync.WaitGroup
	for j := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []*stream
			for i := j; i < len(streams); i += workers {
				mine = append(mine, streams[i])
			}
			r.sendStreams(ctx, mine, t, &pending, &slot, start, deadline, opt)
		}()
	}
	wg.Wait()
	sendTime := time.Since(start)
	r.logf("%s: sent for %s: %d accepted, %d refused at CheckTx; waiting for the mempool to drain", name, sendTime.Round(time.Millisecond), t.accepted, sum(t.rejected))
	r.drain(ctx)
	stop()
	bg.Wait()

	h1, err := r.Nodes[0].Blocks.Latest(ctx)
	if err != nil {
		return Result{}, err
	}
	blocks, failures, err := walk(ctx, r.Nodes[0].Blocks, h0, h1, ours)
	if err != nil {
		return Result{}, err
	}
	res := summarize(name, blocks, failures)
	res.Offered, res.Gas, res.Accepted, res.Rejected, res.RejectExamples = opt.Rate, gas, t.accepted, t.rejected, t.examples
	res.Skipped = t.skipped
	res.SendTime = sendTime
	res.Lost = t.accepted - res.Committed - res.Failed
	res.MaxRSS = rss.max.Load()
	res.MempoolAvg, res.MempoolMax = mempool.avg(), mempool.max
	res.AppHashMismatches = -1
	if len(r.Compare) > 1 {
		if res.AppHashMismatches, err = compareAppHashes(ctx, r.Compare, h0+1, h1); err != nil {
			return res, err
		}
	}
	return res, nil
}

// sendStreams sends a worker's streams round-robin, one transaction per
// account per pass, paced by the offered rate and held back while the
// mempool is full enough.
func (r *Runner) sendStreams(ctx context.Context, mine []*stream, t *tally, pending, slot *atomic.Int64, start, deadline time.Time, opt RunOptions) {
	next := make([]int, len(mine))
	dead := make([]bool, len(mine))
	for {
		progressed := false
		for i, s := range mine {
			if dead[i] || next[i] >= len(s.txs) {
				continue
			}
			if time.Now().After(deadline) || ctx.Err() != nil {
				r.countSkipped(t, mine, next, dead)
				return
			}
			for opt.MaxPending > 0 && pending.Load() >= int64(opt.MaxPending) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if opt.Rate > 0 {
				n := slot.Add(1) - 1
				at := start.Add(time.Duration(float64(n) / opt.Rate * float64(time.Second)))
				if d := time.Until(at); d > 0 {
					time.Sleep(d)
				}
			}
			if ok := r.broadcast(ctx, s, s.txs[next[i]], t); !ok {
				// Its later transactions would carry the wrong sequence.
				dead[i] = true
				continue
			}
			next[i]++
			progressed = true
		}
		if !progressed {
			r.countSkipped(t, mine, next, dead)
			return
		}
	}
}

func (r *Runner) countSkipped(t *tally, mine []*stream, next []int, dead []bool) {
	n := 0
	for i, s := range mine {
		n += len(s.txs) - next[i]
		if dead[i] {
			n-- // the refused transaction is counted as a rejection
		}
	}
	t.mu.Lock()
	t.skipped += n
	t.mu.Unlock()
}

// broadcast sends one transaction; a full mempool is waited out, any other
// refusal is counted and ends the account's stream.
func (r *Runner) broadcast(ctx context.Context, s *stream, tx Signed, t *tally) bool {
	for attempt := 0; ; attempt++ {
		out, err := s.node.Service.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: tx.Bytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
		var reason, log string
		switch {
		case err != nil:
			reason, log = "broadcast error", err.Error()
		case out.TxResponse.Code != 0:
			reason = fmt.Sprintf("%s/%d", out.TxResponse.Codespace, out.TxResponse.Code)
			log = out.TxResponse.RawLog
		default:
			t.mu.Lock()
			t.accepted++
			t.mu.Unlock()
			s.acc.Seq++
			return true
		}
		if strings.Contains(log, "mempool is full") && attempt < 100 && ctx.Err() == nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		t.reject(reason, log)
		return false
	}
}

// mempoolStats is the fullest node's mempool size while sending: an average
// near --max-pending means the chain was the bottleneck, one well below it
// that the sending was.
type mempoolStats struct {
	sum, n, max int64
}

func (m *mempoolStats) avg() float64 {
	if m.n == 0 {
		return 0
	}
	return float64(m.sum) / float64(m.n)
}

// watchMempool keeps pending at the fullest node's mempool size, and
// samples it into stats until the sending deadline.
func (r *Runner) watchMempool(ctx context.Context, pending *atomic.Int64, stats *mempoolStats, until time.Time) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		var most int64
		for _, n := range r.Nodes {
			if res, err := n.Blocks.Client.NumUnconfirmedTxs(ctx); err == nil {
				most = max(most, int64(res.Total))
			}
		}
		pending.Store(most)
		if time.Now().Before(until) {
			stats.sum, stats.n, stats.max = stats.sum+most, stats.n+1, max(stats.max, most)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// drain waits until every node's mempool is empty (two polls in a row), at
// most a minute.
func (r *Runner) drain(ctx context.Context) {
	deadline := time.Now().Add(time.Minute)
	empty := 0
	for time.Now().Before(deadline) && ctx.Err() == nil {
		total := 0
		for _, n := range r.Nodes {
			res, err := n.Blocks.Client.NumUnconfirmedTxs(ctx)
			if err != nil {
				total = -1
				break
			}
			total += res.Total
		}
		if total == 0 {
			if empty++; empty >= 2 {
				break
			}
		} else {
			empty = 0
		}
		time.Sleep(500 * time.Millisecond)
	}
	// The last transactions left the mempool into a block being committed.
	time.Sleep(1500 * time.Millisecond)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
