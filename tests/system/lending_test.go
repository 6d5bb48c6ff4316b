package system

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// txOK broadcasts a tx command and waits for it to succeed on chain.
func txOK(t *testing.T, net *systest.Network, args ...string) {
	t.Helper()
	res := net.CLI(append(append([]string{"tx"}, args...), "-y", "--output", "json")...)
	require.Zero(t, res.ExitCode, "%v: %s", args, res.Stderr)
	waitTx(t, net, txHash(t, res.Stdout))
}

type accountView struct {
	Account struct {
		HealthFactor string `json:"health_factor"`
		DebtValue    string `json:"debt_value"`
		Positions    []struct {
			Denom string `json:"denom"`
			Debt  string `json:"debt"`
		} `json:"positions"`
	} `json:"account"`
}

func lendingAccount(t *testing.T, net *systest.Network, addr string) accountView {
	t.Helper()
	res := net.CLI("q", "lending", "account", addr, "--output", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var v accountView
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &v), res.Stdout)
	return v
}

// Right after genesis of a local network: alice supplies USDC, bob supplies
// ATOM, enables it as collateral and borrows USDC; ATOM crashes on the
// feeders; the liquidator liquidates bob on chain.
// requireIndexedSearches pins the local network's tx index: the searches
// by sender and by message type find bob's borrow; an attribute outside
// testnet's LocalnetIndexEvents (transfer.recipient) is not indexed.
func requireIndexedSearches(t *testing.T, net *systest.Network, bob string) {
	t.Helper()
	count := func(query string) int {
		res := net.CLI("q", "txs", "--query", query, "--output", "json")
		require.Zero(t, res.ExitCode, res.Stderr)
		var out struct {
			Txs []json.RawMessage `json:"txs"`
		}
		require.NoError(t, json.Unmarshal([]byte(res.Stdout), &out), res.Stdout)
		return len(out.Txs)
	}
	require.Equal(t, 1, count(fmt.Sprintf("message.sender='%s' AND message.action='/ballast.lending.v1.MsgBorrow'", bob)))
	require.Zero(t, count(fmt.Sprintf("transfer.recipient='%s'", bob)), "not indexed on a local node")
}

func TestLendingStoryOnALocalNetwork(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	bob := net.Address("bob")

	txOK(t, net, "lending", "supply", "10000000000uusdc", "--from", "alice")
	txOK(t, net, "lending", "supply", "1000000000uatom", "--from", "bob")
	txOK(t, net, "lending", "set-collateral", "uatom", "true", "--from", "bob")
	txOK(t, net, "lending", "borrow", "5000000000uusdc", "--from", "bob")
	v := lendingAccount(t, net, bob)
	require.NotEmpty(t, v.Account.HealthFactor)
	requireIndexedSearches(t, net, bob)

	// A borrow over the limit is refused on chain with the module's code 12.
	// A borrow over the limit (1000 ATOM × $10 × 65% = $6,500; $5,000
	// borrowed) is refused when the CLI simulates it: nothing is broadcast.
	res := net.CLI("tx", "lending", "borrow", "3000000000uusdc", "--from", "bob", "-y", "--output", "json")
	require.NotZero(t, res.ExitCode)
	require.Contains(t, res.Stderr, "borrow limit exceeded")
	require.NotContains(t, res.Stdout, "txhash")

	// ATOM crashes to $4: 1000 ATOM × 4 × 0.75 = 3000 < 5000 of debt.
	pr := systest.Run(t, systest.FeederBinary(t), "price", "set", "ATOM", "4", "--admin", net.FeederAdmin(0))
	require.Zero(t, pr.ExitCode, pr.Stderr)
	require.Eventually(t, func() bool { return oraclePrices(t, net)["ATOM"].Price.Price == "4.000000000000000000" }, 20*time.Second, 200*time.Millisecond)

	txOK(t, net, "lending", "liquidate", bob, "uusdc", "uatom", "100000000000", "--from", "liquidator")
	after := lendingAccount(t, net, bob)
	// At $4 the account is below 0.95: the whole position may go. All of
	// the ATOM ($4,000) repays $3,721 of USDC and the rest is written off.
	debt := "0"
	for _, p := range after.Account.Positions {
		if p.Denom == "uusdc" && p.Debt != "" {
			debt = p.Debt
		}
	}
	require.Less(t, atoi(t, debt), int64(5_000_000_000), "the liquidation repaid the debt or wrote it off")
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	var v int64
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}
