package system

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// EnvE2EFull makes TestDemoStory also run on four validators (make test-e2e).
const EnvE2EFull = "BALLAST_E2E_FULL"

// The README's two commands, end to end: `make localnet` (scripts/localnet.sh)
// starts a network with feeders and the liquidator, and `make demo`
// (scripts/demo.sh) tells the whole story and checks every step. The demo
// exits non-zero when a step does not do what it says; this test then also
// checks the chain itself: every validator at the same app hash, lending
// and BSD books without bad debt, and the story's end state.
func TestDemoStory(t *testing.T) {
	skipIfShort(t)
	if _, err := exec.LookPath("jq"); err != nil {
		t.Fatal("the demo needs jq: apt-get install jq")
	}
	sizes := []int{1}
	if os.Getenv(EnvE2EFull) != "" {
		sizes = append(sizes, 4)
	}
	for _, n := range sizes {
		t.Run(strconv.Itoa(n)+"-validators", func(t *testing.T) { runDemo(t, n) })
	}
}

func runDemo(t *testing.T, validators int) {
	scripts, err := filepath.Abs("../../scripts")
	require.NoError(t, err)
	home := filepath.Join(t.TempDir(), "localnet")
	offset := systest.FreePortOffset(t, validators)
	bin := systest.Binary(t)
	env := append(os.Environ(),
		"LOCALNET_HOME="+home,
		"PORT_OFFSET="+strconv.Itoa(offset),
		"VALIDATORS="+strconv.Itoa(validators),
		"BALLASTD="+bin,
		"PRICEFEEDER="+systest.FeederBinary(t),
		"LIQUIDATOR="+systest.LiquidatorBinary(t),
	)
	script := func(name string, timeout time.Duration, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(scripts, name), args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = script("localnet.sh", time.Minute, "stop") })

	out, err := script("localnet.sh", 3*time.Minute, "start")
	require.NoError(t, err, "make localnet:\n%s", out)
	// The network's own ports, as the script printed them.
	require.Contains(t, out, "rpc http://127.0.0.1:"+strconv.Itoa(26657+offset))

	out, err = script("demo.sh", 8*time.Minute)
	if err != nil {
		t.Fatalf("make demo failed: %v\n%s\nliquidator log:\n%s", err, out, tailFile(filepath.Join(home, "liquidator.log"), 30))
	}
	t.Log(out)
	require.Contains(t, out, "The story held")
	require.NotContains(t, out, "✗")

	net := systest.Attach(t, home, validators, offset)
	h := net.Height(0)
	net.WaitHeight(h+1, 30*time.Second)
	hash := net.AppHash(0, h)
	for i := 1; i < validators; i++ {
		require.Equal(t, hash, net.AppHash(i, h), "node%d's app hash at height %d", i, h)
	}

	var ledger struct {
		Ledger struct {
			Surplus string `json:"surplus"`
			BadDebt string `json:"bad_debt"`
		} `json:"ledger"`
	}
	res := net.CLI("q", "stablecoin", "ledger", "-o", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &ledger))
	require.Equal(t, "0", ledger.Ledger.BadDebt)
	require.NotEqual(t, "0", ledger.Ledger.Surplus, "penalties and fees reached the surplus")

	var markets struct {
		Markets []struct {
			State struct {
				Denom   string `json:"denom"`
				Deficit string `json:"deficit"`
			} `json:"state"`
		} `json:"markets"`
	}
	res = net.CLI("q", "lending", "markets", "-o", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &markets))
	require.NotEmpty(t, markets.Markets)
	for _, m := range markets.Markets {
		require.Equal(t, "0", m.State.Deficit, "market %s", m.State.Denom)
	}

	// bob was closed out; carol's vault was auctioned; erin owns a vault.
	require.Equal(t, "0", lendingDebt(t, net, net.Address("bob"), "uusdc"))
	res = net.CLI("q", "stablecoin", "vaults", "--owner", net.Address("erin"), "-o", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, `"type": "atom-a"`)
}

func lendingDebt(t *testing.T, net *systest.Network, addr, denom string) string {
	t.Helper()
	for _, p := range lendingAccount(t, net, addr).Account.Positions {
		if p.Denom == denom && p.Debt != "" {
			return p.Debt
		}
	}
	return "0"
}

func tailFile(path string, lines int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
