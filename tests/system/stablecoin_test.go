package system

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// queryJSON runs a query command and decodes its JSON output.
func queryJSON(t *testing.T, net *systest.Network, out any, args ...string) {
	t.Helper()
	res := net.CLI(append(append([]string{"q"}, args...), "--output", "json")...)
	require.Zero(t, res.ExitCode, "%v: %s", args, res.Stderr)
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), out), res.Stdout)
}

type vaultView struct {
	Vault struct {
		Vault struct {
			ID         string `json:"id"`
			Collateral string `json:"collateral"`
		} `json:"vault"`
		Debt  string `json:"debt"`
		Ratio string `json:"ratio"`
		Safe  bool   `json:"safe"`
	} `json:"vault"`
}

type auctionsView struct {
	Auctions []struct {
		Auction struct {
			ID      string `json:"id"`
			VaultID string `json:"vault_id"`
			Lot     string `json:"lot"`
		} `json:"auction"`
		Price string `json:"price"`
	} `json:"auctions"`
}

type ledgerView struct {
	Ledger struct {
		Surplus   string `json:"surplus"`
		BadDebt   string `json:"bad_debt"`
		PsmMinted string `json:"psm_minted"`
	} `json:"ledger"`
}

// On a fresh local network: bob opens an ATOM vault and mints BSD; an
// unsafe mint is refused before broadcast; alice swaps USDC into BSD
// through the PSM; ATOM falls until bob's vault is unsafe and the chain's
// fallback sends it to auction; alice buys the collateral with her BSD;
// the auction closes with no bad debt and bob gets the rest of his ATOM.
func TestStablecoinStoryOnALocalNetwork(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAllWithFeeders()

	// 1,000 ATOM at $10 = $10,000; 5,000 BSD is a ratio of 2.0 (min 1.6).
	txOK(t, net, "stablecoin", "open-vault", "atom-a", "1000000000uatom", "5000000000", "--from", "bob")
	var v vaultView
	queryJSON(t, net, &v, "stablecoin", "vault", "1")
	require.Equal(t, "1000000000", v.Vault.Vault.Collateral)
	require.True(t, v.Vault.Safe)
	// The 5%/year fee accrues per second from the block that minted.
	require.GreaterOrEqual(t, atoi(t, v.Vault.Debt), int64(5_000_000_000))
	require.Less(t, atoi(t, v.Vault.Debt), int64(5_000_010_000))

	// 2,000 more BSD would be a ratio of 1.43: refused while simulating.
	res := net.CLI("tx", "stablecoin", "mint", "1", "2000000000", "--from", "bob", "-y", "--output", "json")
	require.NotZero(t, res.ExitCode)
	require.Contains(t, res.Stderr, "vault would be unsafe")
	require.NotContains(t, res.Stdout, "txhash")

	txOK(t, net, "stablecoin", "psm-swap-in", "7000000000uusdc", "--from", "alice")
	var l ledgerView
	queryJSON(t, net, &l, "stablecoin", "ledger")
	require.Equal(t, "7000000000", l.Ledger.PsmMinted)

	// ATOM at $7: 7,000 / 5,000 = 1.4 < 1.6.
	pr := systest.Run(t, systest.FeederBinary(t), "price", "set", "ATOM", "7", "--admin", net.FeederAdmin(0))
	require.Zero(t, pr.ExitCode, pr.Stderr)
	var a auctionsView
	require.Eventually(t, func() bool {
		queryJSON(t, net, &a, "stablecoin", "auctions")
		return len(a.Auctions) == 1
	}, 30*time.Second, 300*time.Millisecond, "the fallback liquidator starts an auction")
	require.Equal(t, "1", a.Auctions[0].Auction.VaultID)

	// The auction starts at 7.7 BSD/ATOM (10% over the oracle) and falls 2%
	// every 6 s: the ~5,650 BSD tab buys at least ~733.8 ATOM; bob gets the rest.
	bobATOM := balance(t, net, net.Address("bob"), "uatom")
	aliceATOM := balance(t, net, net.Address("alice"), "uatom")
	txOK(t, net, "stablecoin", "take", a.Auctions[0].Auction.ID, "1000000000", "10", "--from", "alice")
	var after auctionsView
	queryJSON(t, net, &after, "stablecoin", "auctions")
	require.Empty(t, after.Auctions, "the tab was raised and the auction closed")
	returned := balance(t, net, net.Address("bob"), "uatom") - bobATOM
	bought := balance(t, net, net.Address("alice"), "uatom") - aliceATOM
	require.Equal(t, int64(1_000_000_000), bought+returned, "the lot went to alice and back to bob, nothing else")
	require.Positive(t, returned, "bob got back what the tab did not need")
	require.LessOrEqual(t, returned, int64(266_233_767), "at most what the top price leaves")
	var end ledgerView
	queryJSON(t, net, &end, "stablecoin", "ledger")
	require.Equal(t, "0", end.Ledger.BadDebt)
	require.Greater(t, atoi(t, end.Ledger.Surplus), int64(600_000_000), "the 13% penalty went to the surplus")
}
