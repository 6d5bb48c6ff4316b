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
