package system

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/app/upgrades/drill"
	"github.com/ballast-chain/ballast/testutil/systest"
)

// drillBinary builds the v2 ballastd: this checkout with the drill upgrade
// compiled in (-tags upgrade_drill).
func drillBinary(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "ballastd-v2")
	cmd := exec.Command("go", "build", "-tags", "upgrade_drill", "-o", out, "./cmd/ballastd")
	cmd.Dir = root
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "building the v2 binary: %s", msg)
	return out
}

// books is what an upgrade must not lose: bob's lending position, carol's
// vault, their wallets, and the BSD ledger.
type books struct {
	BobSupplied, BobCollateral, BobDebt string
	CarolVault                          string
	BobWallet, CarolWallet              string
	Ledger                              string
}

func readBooks(t *testing.T, net *systest.Network) books {
	t.Helper()
	q := func(args ...string) string {
		res := net.CLI(append([]string{"q"}, append(args, "-o", "json")...)...)
		require.Zero(t, res.ExitCode, "%v: %s", args, res.Stderr)
		return res.Stdout
	}
	var b books
	for _, p := range lendingAccountPositions(t, q("lending", "account", net.Address("bob"))) {
		switch p.Denom {
		case "uatom":
			b.BobSupplied, b.BobCollateral = p.Supplied, strconv.FormatBool(p.Collateral)
		case "uusdc":
			b.BobDebt = p.Debt
		}
	}
	var vaults struct {
		Vaults []struct {
			Vault json.RawMessage `json:"vault"`
		} `json:"vaults"`
	}
	require.NoError(t, json.Unmarshal([]byte(q("stablecoin", "vaults", "--owner", net.Address("carol"))), &vaults))
	require.Len(t, vaults.Vaults, 1)
	b.CarolVault = string(vaults.Vaults[0].Vault) // id, owner, type, collateral, art: none moves with time
	b.BobWallet = q("bank", "balances", net.Address("bob"))
	b.CarolWallet = q("bank", "balances", net.Address("carol"))
	b.Ledger = q("stablecoin", "ledger")
	return b
}

type positionView struct {
	Denom      string `json:"denom"`
	Supplied   string `json:"supplied"`
	Debt       string `json:"debt"`
	Collateral bool   `json:"collateral"`
}

func lendingAccountPositions(t *testing.T, raw string) []positionView {
	t.Helper()
	var v struct {
		Account struct {
			Positions []positionView `json:"positions"`
		} `json:"account"`
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &v), raw)
	return v.Account.Positions
}

func psmFeeIn(t *testing.T, net *systest.Network) string {
	t.Helper()
	res := net.CLI("q", "stablecoin", "psm", "-o", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var v struct {
		Psm struct {
			FeeIn string `json:"fee_in"`
		} `json:"psm"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &v), res.Stdout)
	return v.Psm.FeeIn
}

// ATTACKS 33: v1 runs with lending positions and a vault; governance passes
// a software-upgrade proposal; v1 halts at the plan's height; v2 (the same
// code plus the drill upgrade) starts on the same home, runs the migration
// exactly once (also across a later restart), and the positions, wallets
// and BSD ledger come through unchanged, with the invariants checked by
// the handler itself. The chain then carries on under v2.
func TestUpgradeThroughGovernanceKeepsPositions(t *testing.T) {
	skipIfShort(t)
	v2 := drillBinary(t)
	net := systest.NewNetwork(t, 1, "--voting-period", "6s")
	net.StartAllWithFeeders()

	txOK(t, net, "lending", "supply", "10000000000uusdc", "--from", "alice")
	txOK(t, net, "lending", "supply", "1000000000uatom", "--from", "bob")
	txOK(t, net, "lending", "set-collateral", "uatom", "true", "--from", "bob")
	txOK(t, net, "lending", "borrow", "3000000000uusdc", "--from", "bob")
	txOK(t, net, "stablecoin", "open-vault", "atom-a", "1000000000uatom", "3000000000", "--from", "carol")
	require.Equal(t, "0.001000000000000000", psmFeeIn(t, net))

	planHeight := net.Height(0) + 30 // past the 6 s voting period at ~2 blocks/s
	txOK(t, net, "upgrade", "software-upgrade", drill.Name, "--upgrade-height", strconv.FormatInt(planHeight, 10),
		"--title", "v2 drill", "--summary", "rehearse an upgrade with a migration", "--deposit", "10000000ubal",
		"--upgrade-info", "ballastd built with -tags upgrade_drill", "--no-validate", "--from", "val0")
	txOK(t, net, "gov", "vote", "1", "yes", "--from", "val0")
	require.Eventually(t, func() bool {
		res := net.CLI("q", "gov", "proposal", "1", "-o", "json")
		return res.ExitCode == 0 && strings.Contains(res.Stdout, "PROPOSAL_STATUS_PASSED")
	}, 60*time.Second, 500*time.Millisecond, "the upgrade proposal passed")

	// v1 stops at the plan height: CometBFT stores the block, the app
	// refuses to run it, and nothing after it is made.
	require.Eventually(t, func() bool {
		log, err := os.ReadFile(net.LogPath(0))
		return err == nil && strings.Contains(string(log), `UPGRADE "`+drill.Name+`" NEEDED at height: `+strconv.FormatInt(planHeight, 10))
	}, 60*time.Second, 500*time.Millisecond, "v1 halts for the upgrade")
	time.Sleep(2 * time.Second)
	require.LessOrEqual(t, net.Height(0), planHeight)
	before := readBooks(t, net)
	net.Stop(0)

	net.Bin = v2
	net.Start(0)
	net.WaitHeight(planHeight+3, 90*time.Second)
	migrated := func() int {
		log, err := os.ReadFile(net.LogPath(0))
		require.NoError(t, err)
		return strings.Count(string(log), "upgrade drill migrated the PSM")
	}
	require.Equal(t, 1, migrated(), "the handler ran once")
	require.Equal(t, "0.000500000000000000", psmFeeIn(t, net), "the migration took effect")
	res := net.CLI("q", "upgrade", "applied", drill.Name, "-o", "json")
	require.Zero(t, res.ExitCode, res.Stderr)
	var applied struct {
		Height string `json:"height"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &applied), res.Stdout)
	require.Equal(t, strconv.FormatInt(planHeight, 10), applied.Height)

	after := readBooks(t, net)
	// Interest accrues on bob's debt with time; everything else is exact.
	require.GreaterOrEqual(t, atoi(t, after.BobDebt), atoi(t, before.BobDebt))
	after.BobDebt = before.BobDebt
	require.Equal(t, before, after)

	// Restarting v2 does not run the handler again, and the chain carries on.
	last := net.Height(0)
	net.Stop(0)
	net.Start(0)
	net.WaitHeight(last+2, 90*time.Second)
	require.Equal(t, 1, migrated())
	txOK(t, net, "lending", "repay", "1000000000uusdc", "--from", "bob")
	txOK(t, net, "stablecoin", "psm-swap-in", "1000000000uusdc", "--from", "alice")
}
