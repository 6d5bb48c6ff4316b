package system

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// Bad input to `ballastd tx bank send` fails before anything is signed or
// broadcast: a clear message, a non-zero exit, and no change on chain.
func TestBankSendRejectsBadInputWithoutBroadcasting(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAll()
	alice, bob := net.Address("alice"), net.Address("bob")
	seqBefore := sequence(t, net, alice)
	bobBefore := balance(t, net, bob, "uatom")

	cases := []struct {
		name    string
		args    []string
		message string
	}{
		{"malformed recipient", []string{"alice", "ballast1notanaddress", "10uatom"}, "decoding bech32 failed"},
		{"recipient with another chain's prefix", []string{"alice", "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", "10uatom"}, "expected 'ballast' got 'cosmos'"},
		{"negative amount", []string{"alice", bob, "--", "-10uatom"}, "invalid decimal coin expression: -10uatom"},
		{"negative amount read as a flag", []string{"alice", bob, "-10uatom"}, "unknown shorthand flag"},
		{"zero amount", []string{"alice", bob, "0uatom"}, "invalid coins"},
		{"amount without denom", []string{"alice", bob, "10"}, "invalid decimal coin expression"},
		{"unknown key", []string{"mallory", bob, "10uatom"}, "mallory"},
		{"missing amount", []string{"alice", bob}, "accepts 3 arg(s), received 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := net.CLI(append([]string{"tx", "bank", "send", "-y"}, tc.args...)...)
			require.NotZero(t, res.ExitCode, "stdout: %s", res.Stdout)
			require.Contains(t, res.Stderr, tc.message)
			require.NotContains(t, res.Stderr, "Usage:", "the error is one clear line, not a usage dump")
			require.NotContains(t, res.Stdout, "txhash", "nothing may be broadcast")
		})
	}

	// Let a block or two pass so a broadcast tx would have landed.
	net.WaitHeight(net.Height(0)+2, 20*time.Second)
	require.Equal(t, seqBefore, sequence(t, net, alice), "alice's sequence moved: a tx was signed and delivered")
	require.Equal(t, bobBefore, balance(t, net, bob, "uatom"))
}

// Lending commands with bad input fail before broadcast (argument parsing or
// the CLI's gas simulation), with the module's error in one line.
func TestLendingCommandsRejectBadInput(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAll()
	bob := net.Address("bob")
	seqBefore := sequence(t, net, bob)

	cases := []struct {
		name    string
		args    []string
		message string
	}{
		{"garbage amount", []string{"supply", "abc", "--from", "bob"}, `invalid argument "abc"`},
		{"unknown market", []string{"supply", "10uxyz", "--from", "bob"}, "unknown market"},
		{"borrow from an empty market", []string{"borrow", "10000000uusdc", "--from", "bob"}, "insufficient market liquidity"},
		{"repay without debt", []string{"repay", "10uusdc", "--from", "bob"}, "no debt to repay"},
		{"withdraw more than supplied", []string{"withdraw", "10uatom", "--from", "bob"}, "withdrawal exceeds supply"},
		{"liquidate a malformed address", []string{"liquidate", "ballast1nope", "uusdc", "uatom", "10", "--from", "bob"}, "decoding bech32 failed"},
		{"liquidate oneself", []string{"liquidate", bob, "uusdc", "uatom", "10", "--from", "bob"}, "self-liquidation"},
		{"collateral flag not a bool", []string{"set-collateral", "uatom", "maybe", "--from", "bob"}, "invalid syntax"},
		{"missing argument", []string{"borrow", "--from", "bob"}, "accepts 1 arg(s), received 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := net.CLI(append([]string{"tx", "lending"}, append(tc.args, "-y")...)...)
			require.NotZero(t, res.ExitCode, "stdout: %s", res.Stdout)
			require.NotContains(t, res.Stdout, "txhash", "nothing may be broadcast")
			require.Contains(t, res.Stderr, tc.message)
			require.NotContains(t, res.Stderr, "Usage:")
		})
	}
	require.Equal(t, seqBefore, sequence(t, net, bob), "no transaction from bob was delivered")
}

// Every stablecoin command refuses bad input with the reason before
// anything is broadcast. The network runs without feeders: minting against
// a missing price is refused too.
func TestStablecoinCommandsRejectBadInput(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAll()
	bob := net.Address("bob")
	seqBefore := sequence(t, net, bob)

	cases := []struct {
		name    string
		args    []string
		message string
	}{
		{"unknown type", []string{"open-vault", "xyz-a", "10uatom", "0"}, "unknown collateral type"},
		{"collateral of the wrong denom", []string{"open-vault", "atom-a", "10uusdc", "0"}, "take a positive amount of uatom"},
		{"garbage collateral", []string{"open-vault", "atom-a", "abc", "0"}, `invalid argument "abc"`},
		{"mint without a price", []string{"open-vault", "atom-a", "1000000000uatom", "200000000"}, "stale"},
		{"mint on an unknown vault", []string{"mint", "99", "10"}, "unknown vault"},
		{"liquidate an unknown vault", []string{"liquidate", "99"}, "unknown vault"},
		{"take from an unknown auction", []string{"take", "7", "10", "1.5"}, "unknown auction"},
		{"take with a zero max price", []string{"take", "7", "10", "0"}, "max price must be positive"},
		{"PSM swap of the wrong coin", []string{"psm-swap-in", "10uatom"}, "uusdc"},
		{"PSM swap out of an empty reserve", []string{"psm-swap-out", "1000000"}, "PSM reserve too small"},
		{"missing argument", []string{"deposit", "1"}, "accepts 2 arg(s), received 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := net.CLI(append([]string{"tx", "stablecoin"}, append(tc.args, "--from", "bob", "-y")...)...)
			require.NotZero(t, res.ExitCode, "stdout: %s", res.Stdout)
			require.NotContains(t, res.Stdout, "txhash", "nothing may be broadcast")
			require.Contains(t, res.Stderr, tc.message)
			require.NotContains(t, res.Stderr, "Usage:")
		})
	}
	require.Equal(t, seqBefore, sequence(t, net, bob), "no transaction from bob was delivered")
}
