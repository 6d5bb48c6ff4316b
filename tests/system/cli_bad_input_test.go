package system

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// badInput is one malformed `ballastd tx <module> <command>` call.
type badInput struct {
	name    string
	args    []string // after `tx <module> <command> -y --from <signer>`
	message string   // what stderr must contain
	from    string   // the signing key, when not the table's
}

// What the CLI answers to malformed arguments.
const (
	malformed   = "ballast1notanaddress"
	otherChain  = "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu"
	badBech32   = "invalid account address or key name: decoding bech32 failed"
	wrongPrefix = "expected 'ballast' got 'cosmos'"
	wrongValHRP = "expected 'ballast' got 'ballastvaloper'"
	wantCoin    = "want a whole number of base units and a denom, such as 1000000uatom"
	wantOneCoin = "want one coin, such as 1000000uatom"
	wantInt     = "want a whole number of base units (no denom), such as 1000000"
	wantDec     = "want a decimal number (no denom), such as 1.5"
	noKey       = "mallory.info: key not found"
	readAsFlag  = "unknown shorthand flag: '1' in -1"
)

// badArg is AutoCLI's refusal of positional argument pos (counted from 0:
// AutoCLI parses positional arguments as flags named by their position).
func badArg(value string, pos int, why string) string {
	return fmt.Sprintf("invalid argument %q for \"--%d\" flag: %s", value, pos, why)
}

// rejectAll runs each case as `tx <module> <command> -y [--from <signer>]
// <args>` and checks it fails before anything is broadcast: a non-zero
// exit, the message on stderr without a usage dump, no transaction hash.
func rejectAll(t *testing.T, net *systest.Network, module, command, signer string, cases []badInput) {
	t.Helper()
	for _, tc := range cases {
		t.Run(command+"/"+tc.name, func(t *testing.T) {
			args := []string{"tx", module, command, "-y"}
			if from := tc.from; from != "" || signer != "" {
				if from == "" {
					from = signer
				}
				args = append(args, "--from", from)
			}
			res := net.CLI(append(args, tc.args...)...)
			require.NotZero(t, res.ExitCode, "stdout: %s", res.Stdout)
			require.NotContains(t, res.Stdout, "txhash", "nothing may be broadcast")
			require.Contains(t, res.Stderr, tc.message)
			require.NotContains(t, res.Stderr, "Usage:", "the error is one clear line, not a usage dump")
		})
	}
}

// Every `ballastd tx` command of the Ballast modules, and bank send, with
// malformed arguments -- bad addresses, bad coins and numbers, missing and
// extra arguments, unknown vaults and auctions -- fails with a message
// naming the problem, a non-zero exit and nothing broadcast: no signer's
// sequence moves. Refusals that need the chain come from the gas
// simulation the CLI runs by default; malformed arguments are refused
// before signing even with --gas given. One network serves every table;
// it runs without price feeders, so nothing can be minted.
func TestTxCommandsRejectBadInput(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAll()
	alice, bob := net.Address("alice"), net.Address("bob")
	bobValoper := strings.TrimSpace(net.CLI("keys", "show", "bob", "-a", "--bech", "val").Stdout)
	require.True(t, strings.HasPrefix(bobValoper, "ballastvaloper1"), bobValoper)

	// alice's vault 1, without debt: bob's commands on it are not his.
	txOK(t, net, "stablecoin", "open-vault", "atom-a", "10000000uatom", "0", "--from", "alice")
	var vault vaultView
	queryJSON(t, net, &vault, "stablecoin", "vault", "1")
	require.Equal(t, "10000000", vault.Vault.Vault.Collateral)
	notBobs := "vault 1 belongs to " + alice

	// Message files for flashloan execute.
	dir := t.TempDir()
	supply := writeJSON(t, dir, "supply.json", generated(t, net, "lending", "supply", "1uusdc", "--from", "bob"))
	foreign := writeJSON(t, dir, "foreign.json", generated(t, net, "bank", "send", "alice", bob, "1uusdc", "--from", "alice"))
	empty := writeJSON(t, dir, "empty.json", []any{})
	unknownType := writeJSON(t, dir, "unknown-type.json", map[string]any{"messages": []any{map[string]any{"@type": "/ballast.nothing.v1.MsgNothing"}}})
	badSigner := writeJSON(t, dir, "bad-signer.json", []any{map[string]any{
		"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": malformed, "to_address": alice,
		"amount": []any{map[string]any{"denom": "uusdc", "amount": "1"}},
	}})
	writeFile := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	truncated := writeFile("truncated.json", `{"messages": [{"@type": "/ballast.lending.v1.MsgSupply",`)
	truncatedList := writeFile("truncated-list.json", `[{"@type": "/ballast.lending.v1.MsgSupply"`)
	notJSON := writeFile("not.json", "supply 1uusdc\n")
	missing := filepath.Join(dir, "missing.json")

	signers := []string{alice, bob}
	seqBefore := make([]string, len(signers))
	for i, addr := range signers {
		seqBefore[i] = sequence(t, net, addr)
	}
	bobBefore := balance(t, net, bob, "uatom")

	t.Run("bank", func(t *testing.T) {
		rejectAll(t, net, "bank", "send", "", []badInput{
			{name: "malformed recipient", args: []string{"alice", malformed, "10uatom"}, message: "decoding bech32 failed"},
			{name: "recipient with another chain's prefix", args: []string{"alice", otherChain, "10uatom"}, message: wrongPrefix},
			{name: "negative amount", args: []string{"alice", bob, "--", "-10uatom"}, message: "invalid decimal coin expression: -10uatom"},
			{name: "negative amount read as a flag", args: []string{"alice", bob, "-10uatom"}, message: readAsFlag},
			{name: "zero amount", args: []string{"alice", bob, "0uatom"}, message: "invalid coins"},
			{name: "amount without denom", args: []string{"alice", bob, "10"}, message: "invalid decimal coin expression"},
			{name: "unknown key", args: []string{"mallory", bob, "10uatom"}, message: noKey},
			{name: "missing amount", args: []string{"alice", bob}, message: "accepts 3 arg(s), received 2"},
		})
	})

	t.Run("lending", func(t *testing.T) {
		// The [amount] coin of supply, withdraw, borrow and repay.
		amount := []badInput{
			{name: "garbage amount", args: []string{"abc"}, message: badArg("abc", 0, wantCoin)},
			{name: "decimal amount", args: []string{"1.5uatom"}, message: badArg("1.5uatom", 0, wantCoin)},
			{name: "decimal amount without simulation", args: []string{"--gas", "200000", "1.5uatom"}, message: badArg("1.5uatom", 0, wantCoin)},
			{name: "amount without denom", args: []string{"10"}, message: badArg("10", 0, wantCoin)},
			{name: "two coins", args: []string{"10uatom,10uusdc"}, message: badArg("10uatom,10uusdc", 0, wantOneCoin)},
			{name: "negative amount", args: []string{"--", "-10uatom"}, message: badArg("-10uatom", 0, wantCoin)},
			{name: "negative amount read as a flag", args: []string{"-10uatom"}, message: readAsFlag},
			{name: "zero amount", args: []string{"0uatom"}, message: "amount must be positive, got 0"},
			{name: "unknown denom", args: []string{"10uxyz"}, message: `"uxyz": unknown market`},
			{name: "missing amount", args: nil, message: "accepts 1 arg(s), received 0"},
			{name: "two amounts", args: []string{"10uatom", "10uusdc"}, message: "accepts 1 arg(s), received 2"},
			{name: "unknown key", args: []string{"10uatom"}, from: "mallory", message: noKey},
		}
		with := func(extra ...badInput) []badInput { return append(append([]badInput{}, amount...), extra...) }

		rejectAll(t, net, "lending", "supply", "bob", amount)
		rejectAll(t, net, "lending", "withdraw", "bob", with(
			badInput{name: "more than supplied", args: []string{"10uatom"}, message: "10uatom requested, 0uatom supplied: withdrawal exceeds supply"},
			badInput{name: "all of nothing", args: []string{"0uatom", "--all"}, message: "withdrawal exceeds supply"},
			badInput{name: "all of a garbage denom", args: []string{"abc", "--all"}, message: badArg("abc", 0, wantCoin)},
			badInput{name: "all not a bool", args: []string{"0uatom", "--all=maybe"}, message: `invalid argument "maybe" for "--all" flag`},
		))
		rejectAll(t, net, "lending", "borrow", "bob", with(
			badInput{name: "from an empty market", args: []string{"10000000uusdc"}, message: "0uusdc available: insufficient market liquidity"},
		))
		rejectAll(t, net, "lending", "repay", "bob", with(
			badInput{name: "without debt", args: []string{"10uusdc"}, message: bob + " owes no uusdc: no debt to repay"},
			badInput{name: "all without debt", args: []string{"0uusdc", "--all"}, message: bob + " owes no uusdc: no debt to repay"},
			badInput{name: "all not a bool", args: []string{"0uusdc", "--all=maybe"}, message: `invalid argument "maybe" for "--all" flag`},
			badInput{name: "malformed borrower", args: []string{"10uusdc", "--borrower", malformed}, message: `invalid argument "` + malformed + `" for "--borrower" flag: ` + badBech32},
			badInput{name: "borrower with another chain's prefix", args: []string{"10uusdc", "--borrower", otherChain}, message: wrongPrefix},
			badInput{name: "validator address as borrower", args: []string{"10uusdc", "--borrower", bobValoper}, message: wrongValHRP},
			badInput{name: "empty borrower", args: []string{"10uusdc", "--borrower="}, message: "empty address string is not allowed"},
			badInput{name: "borrower without debt", args: []string{"10uusdc", "--borrower", alice}, message: alice + " owes no uusdc: no debt to repay"},
			badInput{name: "malformed borrower without simulation", args: []string{"--gas", "200000", "10uusdc", "--borrower", malformed}, message: badBech32},
		))
		rejectAll(t, net, "lending", "set-collateral", "bob", []badInput{
			{name: "enabled not a bool", args: []string{"uatom", "maybe"}, message: `invalid argument "maybe" for "--1" flag`},
			{name: "unknown denom", args: []string{"uxyz", "true"}, message: `"uxyz": unknown market`},
			{name: "a coin for the denom", args: []string{"10uatom", "true"}, message: `"10uatom": unknown market`},
			{name: "missing enabled", args: []string{"uatom"}, message: "accepts 2 arg(s), received 1"},
			{name: "missing arguments", args: nil, message: "accepts 2 arg(s), received 0"},
			{name: "too many arguments", args: []string{"uatom", "true", "false"}, message: "accepts 2 arg(s), received 3"},
			{name: "unknown key", args: []string{"uatom", "true"}, from: "mallory", message: noKey},
		})
		rejectAll(t, net, "lending", "liquidate", "bob", []badInput{
			{name: "malformed borrower", args: []string{malformed, "uusdc", "uatom", "10"}, message: badArg(malformed, 0, badBech32)},
			{name: "borrower with another chain's prefix", args: []string{otherChain, "uusdc", "uatom", "10"}, message: wrongPrefix},
			{name: "validator address as borrower", args: []string{bobValoper, "uusdc", "uatom", "10"}, message: wrongValHRP},
			{name: "oneself", args: []string{bob, "uusdc", "uatom", "10"}, message: "self-liquidation"},
			{name: "a healthy account", args: []string{alice, "uusdc", "uatom", "10"}, message: "account is not liquidatable"},
			{name: "unknown debt denom", args: []string{alice, "uxyz", "uatom", "10"}, message: `"uxyz": unknown market`},
			{name: "unknown collateral denom", args: []string{alice, "uusdc", "uxyz", "10"}, message: `"uxyz": unknown market`},
			{name: "garbage max repay", args: []string{alice, "uusdc", "uatom", "abc"}, message: badArg("abc", 3, wantInt)},
			{name: "max repay with a denom", args: []string{alice, "uusdc", "uatom", "10uusdc"}, message: badArg("10uusdc", 3, wantInt)},
			{name: "decimal max repay", args: []string{alice, "uusdc", "uatom", "1.5"}, message: badArg("1.5", 3, wantInt)},
			{name: "garbage max repay without simulation", args: []string{"--gas", "200000", alice, "uusdc", "uatom", "abc"}, message: badArg("abc", 3, wantInt)},
			{name: "negative max repay", args: []string{"--", alice, "uusdc", "uatom", "-10"}, message: "max_repay must be positive"},
			{name: "zero max repay", args: []string{alice, "uusdc", "uatom", "0"}, message: "max_repay must be positive"},
			{name: "missing max repay", args: []string{alice, "uusdc", "uatom"}, message: "accepts 4 arg(s), received 3"},
			{name: "too many arguments", args: []string{alice, "uusdc", "uatom", "10", "10"}, message: "accepts 4 arg(s), received 5"},
		})
	})

	t.Run("stablecoin", func(t *testing.T) {
		// [vault-id] [amount] of deposit, withdraw, mint and repay.
		vaultAmount := func(extra ...badInput) []badInput {
			return append([]badInput{
				{name: "unknown vault", args: []string{"99", "10"}, message: "99: unknown vault"},
				{name: "non-numeric vault id", args: []string{"abc", "10"}, message: `invalid argument "abc" for "--0" flag`},
				{name: "negative vault id", args: []string{"--", "-1", "10"}, message: `invalid argument "-1" for "--0" flag`},
				{name: "garbage amount", args: []string{"1", "abc"}, message: badArg("abc", 1, wantInt)},
				{name: "amount with a denom", args: []string{"1", "10uatom"}, message: badArg("10uatom", 1, wantInt)},
				{name: "decimal amount", args: []string{"1", "1.5"}, message: badArg("1.5", 1, wantInt)},
				{name: "garbage amount without simulation", args: []string{"--gas", "200000", "1", "abc"}, message: badArg("abc", 1, wantInt)},
				{name: "missing amount", args: []string{"1"}, message: "accepts 2 arg(s), received 1"},
				{name: "too many arguments", args: []string{"1", "10", "10"}, message: "accepts 2 arg(s), received 3"},
				{name: "unknown key", args: []string{"1", "10"}, from: "mallory", message: noKey},
			}, extra...)
		}
		// The [id] of close, liquidate and redo.
		idOnly := func(what string, extra ...badInput) []badInput {
			return append([]badInput{
				{name: "unknown " + what, args: []string{"99"}, message: "99: unknown " + what},
				{name: "non-numeric id", args: []string{"abc"}, message: `invalid argument "abc" for "--0" flag`},
				{name: "negative id", args: []string{"--", "-1"}, message: `invalid argument "-1" for "--0" flag`},
				{name: "missing id", args: nil, message: "accepts 1 arg(s), received 0"},
				{name: "too many arguments", args: []string{"1", "2"}, message: "accepts 1 arg(s), received 2"},
			}, extra...)
		}

		rejectAll(t, net, "stablecoin", "open-vault", "bob", []badInput{
			{name: "unknown type", args: []string{"xyz-a", "10uatom", "0"}, message: `"xyz-a": unknown collateral type`},
			{name: "collateral of the wrong denom", args: []string{"atom-a", "10uusdc", "0"}, message: "atom-a vaults take a positive amount of uatom, got 10uusdc"},
			{name: "zero collateral", args: []string{"atom-a", "0uatom", "0"}, message: "atom-a vaults take a positive amount of uatom, got 0uatom"},
			{name: "garbage collateral", args: []string{"atom-a", "abc", "0"}, message: badArg("abc", 1, wantCoin)},
			{name: "decimal collateral", args: []string{"atom-a", "1.5uatom", "0"}, message: badArg("1.5uatom", 1, wantCoin)},
			{name: "collateral without denom", args: []string{"atom-a", "10", "0"}, message: badArg("10", 1, wantCoin)},
			{name: "negative collateral", args: []string{"--", "atom-a", "-10uatom", "0"}, message: badArg("-10uatom", 1, wantCoin)},
			{name: "garbage mint", args: []string{"atom-a", "10uatom", "abc"}, message: badArg("abc", 2, wantInt)},
			{name: "mint with a denom", args: []string{"atom-a", "10uatom", "10ubsd"}, message: badArg("10ubsd", 2, wantInt)},
			{name: "decimal mint", args: []string{"atom-a", "10uatom", "1.5"}, message: badArg("1.5", 2, wantInt)},
			{name: "garbage mint without simulation", args: []string{"--gas", "200000", "atom-a", "10uatom", "abc"}, message: badArg("abc", 2, wantInt)},
			{name: "negative mint", args: []string{"--", "atom-a", "10uatom", "-10"}, message: "mint cannot be negative"},
			{name: "mint without a price", args: []string{"atom-a", "1000000000uatom", "200000000"}, message: "ATOM has no price yet: stale price"},
			{name: "missing mint", args: []string{"atom-a", "10uatom"}, message: "accepts 3 arg(s), received 2"},
			{name: "too many arguments", args: []string{"atom-a", "10uatom", "0", "0"}, message: "accepts 3 arg(s), received 4"},
			{name: "unknown key", args: []string{"atom-a", "10uatom", "0"}, from: "mallory", message: noKey},
		})
		rejectAll(t, net, "stablecoin", "deposit", "bob", vaultAmount(
			badInput{name: "someone else's vault", args: []string{"1", "10"}, message: notBobs},
			badInput{name: "zero amount", args: []string{"1", "0"}, from: "alice", message: "deposit must be positive"},
			badInput{name: "negative amount", args: []string{"--", "1", "-10"}, from: "alice", message: "deposit must be positive"},
		))
		rejectAll(t, net, "stablecoin", "withdraw", "bob", vaultAmount(
			badInput{name: "someone else's vault", args: []string{"1", "10"}, message: notBobs},
			badInput{name: "zero amount", args: []string{"1", "0"}, from: "alice", message: "withdrawal must be positive"},
			badInput{name: "negative amount", args: []string{"--", "1", "-10"}, from: "alice", message: "withdrawal must be positive"},
		))
		rejectAll(t, net, "stablecoin", "mint", "bob", vaultAmount(
			badInput{name: "someone else's vault", args: []string{"1", "10"}, message: notBobs},
			badInput{name: "zero amount", args: []string{"1", "0"}, from: "alice", message: "mint must be positive"},
			badInput{name: "negative amount", args: []string{"--", "1", "-10"}, from: "alice", message: "mint must be positive"},
			badInput{name: "below the debt floor", args: []string{"1", "10000000"}, from: "alice", message: "vault debt 10000000 below the 100000000 floor"},
			badInput{name: "without a price", args: []string{"1", "200000000"}, from: "alice", message: "ATOM has no price yet: stale price"},
		))
		rejectAll(t, net, "stablecoin", "repay", "bob", vaultAmount(
			badInput{name: "a vault without debt", args: []string{"1", "10"}, message: "vault 1 has no debt"},
			badInput{name: "all of a vault without debt", args: []string{"1", "0", "--all"}, message: "vault 1 has no debt"},
			badInput{name: "all of an unknown vault", args: []string{"99", "0", "--all"}, message: "99: unknown vault"},
			badInput{name: "all not a bool", args: []string{"1", "0", "--all=maybe"}, message: `invalid argument "maybe" for "--all" flag`},
		))
		rejectAll(t, net, "stablecoin", "close", "bob", idOnly("vault",
			badInput{name: "someone else's vault", args: []string{"1"}, message: notBobs},
		))
		rejectAll(t, net, "stablecoin", "liquidate", "bob", idOnly("vault",
			badInput{name: "a vault without debt", args: []string{"1"}, message: "vault 1 has no debt: vault is safe"},
		))
		rejectAll(t, net, "stablecoin", "redo", "bob", idOnly("auction"))
		rejectAll(t, net, "stablecoin", "take", "bob", []badInput{
			{name: "unknown auction", args: []string{"7", "10", "1.5"}, message: "7: unknown auction"},
			{name: "non-numeric auction id", args: []string{"abc", "10", "1.5"}, message: `invalid argument "abc" for "--0" flag`},
			{name: "garbage amount", args: []string{"7", "abc", "1.5"}, message: badArg("abc", 1, wantInt)},
			{name: "decimal amount", args: []string{"7", "1.5", "1.5"}, message: badArg("1.5", 1, wantInt)},
			{name: "garbage max price", args: []string{"7", "10", "abc"}, message: badArg("abc", 2, wantDec)},
			{name: "max price with two points", args: []string{"7", "10", "1.2.3"}, message: badArg("1.2.3", 2, wantDec)},
			{name: "max price with a denom", args: []string{"7", "10", "1.5ubsd"}, message: badArg("1.5ubsd", 2, wantDec)},
			{name: "garbage max price without simulation", args: []string{"--gas", "200000", "7", "10", "abc"}, message: badArg("abc", 2, wantDec)},
			{name: "zero max price", args: []string{"7", "10", "0"}, message: "max price must be positive"},
			{name: "negative max price", args: []string{"--", "7", "10", "-1.5"}, message: "max price must be positive"},
			{name: "missing max price", args: []string{"7", "10"}, message: "accepts 3 arg(s), received 2"},
			{name: "too many arguments", args: []string{"7", "10", "1.5", "2"}, message: "accepts 3 arg(s), received 4"},
		})
		rejectAll(t, net, "stablecoin", "psm-swap-in", "bob", []badInput{
			{name: "the wrong coin", args: []string{"10uatom"}, message: "the PSM takes a positive amount of uusdc, got 10uatom"},
			{name: "zero amount", args: []string{"0uusdc"}, message: "the PSM takes a positive amount of uusdc, got 0uusdc"},
			{name: "garbage amount", args: []string{"abc"}, message: badArg("abc", 0, wantCoin)},
			{name: "decimal amount", args: []string{"1.5uusdc"}, message: badArg("1.5uusdc", 0, wantCoin)},
			{name: "amount without denom", args: []string{"10"}, message: badArg("10", 0, wantCoin)},
			{name: "two coins", args: []string{"10uusdc,10uatom"}, message: badArg("10uusdc,10uatom", 0, wantOneCoin)},
			{name: "negative amount", args: []string{"--", "-10uusdc"}, message: badArg("-10uusdc", 0, wantCoin)},
			{name: "missing amount", args: nil, message: "accepts 1 arg(s), received 0"},
			{name: "two amounts", args: []string{"10uusdc", "10uusdc"}, message: "accepts 1 arg(s), received 2"},
		})
		rejectAll(t, net, "stablecoin", "psm-swap-out", "bob", []badInput{
			{name: "empty reserve", args: []string{"1000000"}, message: "the reserve backs 0ubsd: PSM reserve too small"},
			{name: "zero amount", args: []string{"0"}, message: "swap must be positive"},
			{name: "negative amount", args: []string{"--", "-10"}, message: "swap must be positive"},
			{name: "garbage amount", args: []string{"abc"}, message: badArg("abc", 0, wantInt)},
			{name: "amount with a denom", args: []string{"10ubsd"}, message: badArg("10ubsd", 0, wantInt)},
			{name: "decimal amount", args: []string{"1.5"}, message: badArg("1.5", 0, wantInt)},
			{name: "missing amount", args: nil, message: "accepts 1 arg(s), received 0"},
			{name: "two amounts", args: []string{"10", "10"}, message: "accepts 1 arg(s), received 2"},
		})
	})

	t.Run("flashloan", func(t *testing.T) {
		rejectAll(t, net, "flashloan", "execute", "bob", []badInput{
			{name: "garbage assets", args: []string{"abc", supply}, message: `assets "abc": want coins such as 1000000uusdc,5000000ubsd`},
			{name: "assets without denom", args: []string{"10", supply}, message: `assets "10": want coins such as 1000000uusdc,5000000ubsd`},
			{name: "negative assets", args: []string{"--", "-10uusdc", supply}, message: `assets "-10uusdc": want coins such as 1000000uusdc,5000000ubsd`},
			{name: "zero assets", args: []string{"0uusdc", supply}, message: `assets "0uusdc": nothing to borrow: amounts must be positive`},
			{name: "decimal assets", args: []string{"1.5uusdc", supply}, message: `assets "1.5uusdc": amounts must be whole base units`},
			{name: "less than a base unit", args: []string{"0.5uusdc", supply}, message: `assets "0.5uusdc": amounts must be whole base units`},
			{name: "a denom twice", args: []string{"1uusdc,2uusdc", supply}, message: "duplicate denomination uusdc"},
			{name: "unknown denom", args: []string{"10uxyz", supply}, message: `"uxyz": unknown market`},
			{name: "a market without flash loans", args: []string{"1ubal", supply}, message: "ubal: flash loans disabled on this market"},
			{name: "no file", args: []string{"1uusdc", missing}, message: "reading messages: open " + missing + ": no such file or directory"},
			{name: "truncated JSON", args: []string{"1uusdc", truncated}, message: truncated + ": not JSON: unexpected end of JSON input"},
			{name: "truncated JSON list", args: []string{"1uusdc", truncatedList}, message: truncatedList + ": not JSON: unexpected end of JSON input"},
			{name: "not JSON", args: []string{"1uusdc", notJSON}, message: notJSON + ": not JSON"},
			{name: "no messages", args: []string{"1uusdc", empty}, message: empty + ": no messages"},
			{name: "an unknown message type", args: []string{"1uusdc", unknownType}, message: "message 0: unable to resolve type URL /ballast.nothing.v1.MsgNothing"},
			{name: "a malformed signer", args: []string{"1uusdc", badSigner}, message: "message 0 (/cosmos.bank.v1beta1.MsgSend): decoding bech32 failed"},
			{name: "another signer", args: []string{"1uusdc", foreign}, message: "message 0 (/cosmos.bank.v1beta1.MsgSend) must be signed by " + bob + ", not " + alice},
			{name: "another signer without simulation", args: []string{"--gas", "200000", "1uusdc", foreign}, message: "must be signed by " + bob},
			{name: "missing file argument", args: []string{"1uusdc"}, message: "accepts 2 arg(s), received 1"},
			{name: "too many arguments", args: []string{"1uusdc", supply, supply}, message: "accepts 2 arg(s), received 3"},
			{name: "unknown key", args: []string{"1uusdc", supply}, from: "mallory", message: noKey},
		})
	})

	t.Run("oracle", func(t *testing.T) {
		// Prices arrive in vote extensions and governance sets the rest: the
		// oracle has no transaction for a user to sign.
		res := systest.Run(t, net.Bin, "--home", net.Home, "tx", "oracle", "vote", "ATOM", "10.5")
		require.NotZero(t, res.ExitCode, "stdout: %s", res.Stdout)
		require.Contains(t, res.Stderr, `unknown command "vote" for "oracle"`)
		require.NotContains(t, res.Stderr, "Usage:")
		require.NotContains(t, res.Stdout, "txhash")
	})

	// Let a block or two pass so a broadcast tx would have landed.
	net.WaitHeight(net.Height(0)+2, 20*time.Second)
	for i, addr := range signers {
		require.Equal(t, seqBefore[i], sequence(t, net, addr), "%s's sequence moved: a transaction was signed and delivered", addr)
	}
	require.Equal(t, bobBefore, balance(t, net, bob, "uatom"))
}
