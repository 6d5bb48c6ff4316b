package system

import (
	"context"
	"encoding/json"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/testutil/systest"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

// transfer is one transaction of the fault tests' workload.
type transfer struct {
	hash     string
	from, to int
	amount   int64
	supply   bool // a lending supply by from instead of a send to to
}

// workload drives rounds of transfers and lending supplies between the
// crowd's accounts through node0, and keeps what it sent.
type workload struct {
	c    *crowd
	net  *systest.Network
	addr []string
	sent []transfer
	errs int
}

// round sends one transaction per account: a uatom transfer to the next
// account, or (every third account) a lending supply of uatom.
func (w *workload) round(t *testing.T, r int) {
	t.Helper()
	n := len(w.addr)
	for i := range n {
		tr := transfer{from: i, to: (i + 1) % n, amount: int64(1_000 + 10*r + i), supply: (i+r)%3 == 0}
		var msg sdk.Msg
		coins := sdk.NewCoins(sdk.NewCoin("uatom", sdkmath.NewInt(tr.amount)))
		if tr.supply {
			msg = &lendingtypes.MsgSupply{Supplier: w.addr[i], Amount: coins[0]}
		} else {
			msg = &banktypes.MsgSend{FromAddress: w.addr[i], ToAddress: w.addr[tr.to], Amount: coins}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		res, err := w.c.sender.Send(ctx, w.c.sender.Signers[i], w.net.Height(0), msg)
		cancel()
		if err != nil {
			// Expected while node0 is down or just restarted; the
			// comparison below counts only what the chain committed.
			w.errs++
			continue
		}
		tr.hash = res.TxHash
		w.sent = append(w.sent, tr)
	}
}

// control replays the committed transactions on the starting balances: the
// balances a run of the same workload without faults ends with.
func (w *workload) control(t *testing.T, start []int64) (wallet, supplied []int64, committed int) {
	t.Helper()
	wallet = append([]int64(nil), start...)
	supplied = make([]int64, len(start))
	txs := txtypes.NewServiceClient(w.c.chain.Conn())
	for _, tr := range w.sent {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		res, err := txs.GetTx(ctx, &txtypes.GetTxRequest{Hash: tr.hash})
		cancel()
		if status.Code(err) == codes.NotFound {
			continue // never included (lost with a crashed node's mempool, or expired)
		}
		require.NoError(t, err, "tx %s", tr.hash)
		if res.TxResponse.Code != 0 {
			continue
		}
		committed++
		wallet[tr.from] -= tr.amount
		if tr.supply {
			supplied[tr.from] += tr.amount
		} else {
			wallet[tr.to] += tr.amount
		}
	}
	return wallet, supplied, committed
}

func suppliedOf(t *testing.T, net *systest.Network, addr string) int64 {
	t.Helper()
	res := net.CLI("q", "lending", "account", addr, "-o", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var v struct {
		Account struct {
			Positions []struct {
				Denom    string `json:"denom"`
				Supplied string `json:"supplied"`
			} `json:"positions"`
		} `json:"account"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &v), res.Stdout)
	for _, p := range v.Account.Positions {
		if p.Denom == "uatom" {
			return atoi(t, p.Supplied)
		}
	}
	return 0
}

// requireSameAppHashes checks every node recorded the same app hash at
// each height from `from` to the lowest node's latest.
func requireSameAppHashes(t *testing.T, net *systest.Network, from int64) int64 {
	t.Helper()
	top := net.Height(0)
	for i := 1; i < net.Validators; i++ {
		top = min(top, net.Height(i))
	}
	for h := from; h <= top; h++ {
		want := net.AppHash(0, h)
		for i := 1; i < net.Validators; i++ {
			require.Equal(t, want, net.AppHash(i, h), "node%d's app hash at height %d differs from node0's", i, h)
		}
	}
	return top
}

// ATTACKS 29: under a load of transfers and lending supplies, one of four
// validators is killed with SIGKILL and restarted, and later all four are.
// The chain resumes, every node agrees on every app hash, and each
// account's wallet and lending supply equal the control: the starting
// balances with exactly the committed transactions applied.
func TestCrashConsistencyUnderLoad(t *testing.T) {
	skipIfShort(t)
	const accounts, rounds = 12, 24
	net := systest.NewNetwork(t, 4)
	net.StartAll()
	c := newCrowd(t, net, accounts)
	w := &workload{c: c, net: net}
	start := make([]int64, accounts)
	for i, sg := range c.sender.Signers {
		w.addr = append(w.addr, sg.Address.String())
		start[i] = balance(t, net, w.addr[i], "uatom")
	}
	first := net.Height(0)

	for r := range rounds {
		w.round(t, r)
		switch r {
		case 4:
			t.Log("kill -9 node3 under load")
			net.Signal(3, syscall.SIGKILL)
		case 10:
			t.Log("restart node3")
			net.Start(3)
		case 16:
			t.Log("kill -9 all four validators")
			for i := range 4 {
				net.Signal(i, syscall.SIGKILL)
			}
			for i := range 4 {
				net.Start(i)
			}
			net.WaitHeight(net.Height(0)+2, 90*time.Second)
		}
		h := net.Height(0)
		if h > 0 {
			net.WaitHeight(h+1, 60*time.Second)
		}
	}
	net.WaitHeight(net.Height(0)+3, 60*time.Second)

	top := requireSameAppHashes(t, net, first)
	wallet, supplied, committed := w.control(t, start)
	t.Logf("heights %d..%d, %d transactions sent, %d committed, %d refused while nodes were down", first, top, len(w.sent), committed, w.errs)
	require.Greater(t, committed, rounds*accounts/2, "most of the workload went through")
	for i, a := range w.addr {
		require.Equal(t, wallet[i], balance(t, net, a, "uatom"), "account %d's uatom", i)
		require.Equal(t, supplied[i], suppliedOf(t, net, a), "account %d's uatom supplied", i)
	}
	// node3 missed blocks while down and caught up from its peers.
	require.GreaterOrEqual(t, net.Height(3), top)
}

// ATTACKS 30: one of four validators is frozen (SIGSTOP) for 60 s. The other
// three keep making blocks (they hold 75% of the power, over 2/3), and once
// resumed the frozen node catches up and agrees on every app hash.
func TestFrozenValidatorCatchesUp(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 4)
	net.StartAll()
	frozenAt := net.Height(3)
	net.Signal(3, syscall.SIGSTOP)
	stopped := time.Now()
	time.Sleep(60 * time.Second)
	during := net.Height(0) - frozenAt
	// About 30 blocks here (node3's proposer turns time out); a halt shows 0.
	require.Greater(t, during, int64(10), "the three live validators kept making blocks")
	net.Signal(3, syscall.SIGCONT)
	target := net.Height(0)
	require.Eventually(t, func() bool { return net.Height(3) >= target }, 2*time.Minute, 250*time.Millisecond,
		"node3 caught up to height %d", target)
	t.Logf("frozen %s at height %d; the others made %d blocks meanwhile; node3 caught up %s after resuming",
		60*time.Second, frozenAt, during, time.Since(stopped)-60*time.Second)
	net.WaitHeight(net.Height(0)+1, 30*time.Second)
	requireSameAppHashes(t, net, frozenAt)
	// It votes again: a fresh transaction commits on all four.
	txOK(t, net, "bank", "send", "alice", net.Address("bob"), "1uatom")
}
