// Package system holds the system tests: real ballastd binaries on loopback.
package system

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("system test: runs real binaries")
	}
}

// A 4-validator network on loopback carries a bank transfer, and all four
// nodes then report the same app hash at the same heights.
func TestFourValidatorsAgreeOnAppHashAfterBankSend(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 4)
	net.StartAll()

	alice, bob := net.Address("alice"), net.Address("bob")
	before := balance(t, net, bob, "uatom")

	res := net.CLI("tx", "bank", "send", "alice", bob, "1234uatom", "-y", "--output", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	waitTx(t, net, txHash(t, res.Stdout))

	require.Equal(t, before+1234, balance(t, net, bob, "uatom"))
	require.NotEmpty(t, alice)

	h := net.Height(0) + 2
	net.WaitHeight(h, 30*time.Second)
	for height := h - 1; height <= h; height++ {
		want := net.AppHash(0, height)
		require.NotEmpty(t, want)
		for i := 1; i < net.Validators; i++ {
			require.Equalf(t, want, net.AppHash(i, height), "node%d app hash at height %d", i, height)
		}
	}
}

// balance reads addr's amount of denom through the CLI.
func balance(t *testing.T, net *systest.Network, addr, denom string) int64 {
	t.Helper()
	res := net.CLI("q", "bank", "balance", addr, denom, "--output", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var out struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &out), res.Stdout)
	amt, err := strconv.ParseInt(out.Balance.Amount, 10, 64)
	require.NoError(t, err)
	return amt
}

func txHash(t *testing.T, stdout string) string {
	t.Helper()
	var out struct {
		Code   uint32 `json:"code"`
		TxHash string `json:"txhash"`
		RawLog string `json:"raw_log"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &out), stdout)
	require.Zero(t, out.Code, out.RawLog)
	return out.TxHash
}

// waitTx waits for a broadcast transaction to be committed and checks it succeeded.
func waitTx(t *testing.T, net *systest.Network, hash string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res := net.CLI("q", "tx", hash, "--output", "json")
		if res.ExitCode == 0 {
			var out struct {
				Code   uint32 `json:"code"`
				RawLog string `json:"raw_log"`
			}
			require.NoError(t, json.Unmarshal([]byte(res.Stdout), &out))
			require.Zerof(t, out.Code, "tx %s failed: %s", hash, out.RawLog)
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("tx %s not committed within 30s", hash)
}

func sequence(t *testing.T, net *systest.Network, addr string) string {
	t.Helper()
	res := net.CLI("q", "auth", "account", addr, "--output", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	i := strings.Index(res.Stdout, `"sequence"`)
	if i < 0 {
		return "0"
	}
	return res.Stdout[i : i+strings.IndexByte(res.Stdout[i:], ',')+1]
}
