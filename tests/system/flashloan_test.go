package system

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// generated runs a tx command with --generate-only and returns the
// messages of the transaction it prints.
func generated(t *testing.T, net *systest.Network, args ...string) []json.RawMessage {
	t.Helper()
	res := net.CLI(append(append([]string{"tx"}, args...), "--generate-only")...)
	require.Zero(t, res.ExitCode, "%v: %s", args, res.Stderr)
	var tx struct {
		Body struct {
			Messages []json.RawMessage `json:"messages"`
		} `json:"body"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &tx), res.Stdout)
	return tx.Body.Messages
}

// writeJSON writes v to a file in dir and returns its path.
func writeJSON(t *testing.T, dir, name string, v any) string {
	t.Helper()
	bz, err := json.Marshal(v)
	require.NoError(t, err)
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, bz, 0o600))
	return path
}

// The collateral swap of the x/flashloan README from the command line: bob
// moves his loan from ATOM to ETH collateral in one transaction built from
// --generate-only output. Then the bad input: every refusal comes before
// anything is broadcast.
func TestFlashLoanFromTheCommandLine(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()
	bob := net.Address("bob")
	dir := t.TempDir()

	txOK(t, net, "lending", "supply", "100000000000uusdc", "--from", "alice")
	txOK(t, net, "lending", "supply", "1000000000uatom", "--from", "bob")
	txOK(t, net, "lending", "set-collateral", "uatom", "true", "--from", "bob")
	txOK(t, net, "lending", "borrow", "5000000000uusdc", "--from", "bob")

	var msgs []json.RawMessage
	for _, step := range [][]string{
		{"lending", "repay", "0uusdc", "--all"},
		{"lending", "withdraw", "0uatom", "--all"},
		{"lending", "supply", "5000000000000000000aeth"},
		{"lending", "set-collateral", "aeth", "true"},
		{"lending", "borrow", "5002600000uusdc"}, // the loan, the 5 bps fee, and room for seconds of interest
	} {
		msgs = append(msgs, generated(t, net, append(step, "--from", "bob")...)...)
	}
	swap := writeJSON(t, dir, "swap.json", map[string]any{"messages": msgs})
	atomBefore := balance(t, net, bob, "uatom")
	txOK(t, net, "flashloan", "execute", "5000000000uusdc", swap, "--from", "bob")

	require.Equal(t, atomBefore+1_000_000_000, balance(t, net, bob, "uatom"), "the ATOM came back")
	v := lendingAccount(t, net, bob)
	debts := map[string]int64{}
	for _, p := range v.Account.Positions {
		if p.Debt != "" {
			debts[p.Denom] = atoi(t, p.Debt)
		}
	}
	require.InDelta(t, 5_002_600_000, debts["uusdc"], 100_000, "the loan again, plus the fee")

	var liq struct {
		Liquidity []struct {
			Denom   string `json:"denom"`
			Enabled bool   `json:"enabled"`
		} `json:"liquidity"`
	}
	queryJSON(t, net, &liq, "flashloan", "liquidity", "--denom", "uusdc")
	require.Len(t, liq.Liquidity, 1)
	require.True(t, liq.Liquidity[0].Enabled)

	seqBefore := sequence(t, net, bob)
	foreign := writeJSON(t, dir, "foreign.json", generated(t, net, "bank", "send", "alice", bob, "1uusdc", "--from", "alice"))
	// All of bob's USDC and the loan go away: nothing is left to repay with.
	// (A fixed gas limit: simulating the send alone would already fail.)
	away := strconv.FormatInt(balance(t, net, bob, "uusdc")+1_000_000_000, 10) + "uusdc"
	sendAway := writeJSON(t, dir, "away.json", generated(t, net, "bank", "send", "bob", net.Address("alice"), away, "--from", "bob", "--gas", "200000"))
	nested := writeJSON(t, dir, "nested.json", generated(t, net, "flashloan", "execute", "1uusdc", swap, "--from", "bob"))
	empty := writeJSON(t, dir, "empty.json", []any{})
	for _, tc := range []struct {
		name    string
		args    []string
		message string
	}{
		{"garbage assets", []string{"abc", swap}, `assets "abc"`},
		{"no file", []string{"1uusdc", filepath.Join(dir, "missing.json")}, "reading messages"},
		{"no messages", []string{"1uusdc", empty}, "no messages"},
		{"another signer", []string{"1uusdc", foreign}, "must be signed by"},
		{"not repaid", []string{"1000000000uusdc", sendAway}, "flash loan not repaid"},
		{"nested", []string{"1uusdc", nested}, "is a flash loan"},
		{"a market without flash loans", []string{"1ubal", sendAway}, "flash loans disabled"},
		{"missing argument", []string{"1uusdc"}, "accepts 2 arg(s), received 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := net.CLI(append([]string{"tx", "flashloan", "execute"}, append(tc.args, "--from", "bob", "-y", "--output", "json")...)...)
			require.NotZero(t, res.ExitCode, "stdout: %s", res.Stdout)
			require.NotContains(t, res.Stdout, "txhash", "nothing may be broadcast")
			require.Contains(t, res.Stderr, tc.message)
			require.NotContains(t, res.Stderr, "Usage:")
		})
	}
	require.Equal(t, seqBefore, sequence(t, net, bob), "no transaction from bob was delivered")
}
