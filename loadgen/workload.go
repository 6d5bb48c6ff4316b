package loadgen

import (
	"fmt"
	"sort"
	"strings"

	sdkmath "cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// What each load account holds and opens before any workload runs. The
// positions are far from any limit (health above 6, vault ratio above 6 at
// ATOM $10), so a workload's small steps succeed for thousands of
// transactions and a run measures the chain, not refusals.
var (
	// FundPerAccount is sent to every load account by the funder.
	FundPerAccount = sdk.NewCoins(
		sdk.NewInt64Coin(app.BondDenom, 100_000_000),      // 100 BAL for fees
		sdk.NewInt64Coin(localnet.DenomATOM, 200_000_000), // 200 ATOM
		sdk.NewInt64Coin(localnet.DenomUSDC, 10_000_000_000),
	)
	// FunderLiquidity is the USDC the funder supplies, so that accounts can borrow.
	FunderLiquidity = sdk.NewInt64Coin(localnet.DenomUSDC, 2_000_000_000_000)

	setupCollateral = sdk.NewInt64Coin(localnet.DenomATOM, 100_000_000)
	setupSupply     = sdk.NewInt64Coin(localnet.DenomUSDC, 1_000_000_000)
	setupBorrow     = sdk.NewInt64Coin(localnet.DenomUSDC, 100_000_000)
	setupVault      = sdk.NewInt64Coin(localnet.DenomATOM, 80_000_000)
	setupVaultDebt  = sdkmath.NewInt(120_000_000)

	oneUSDC   = sdk.NewInt64Coin(localnet.DenomUSDC, 1_000_000)
	oneBSD    = sdkmath.NewInt(1_000_000)
	vaultSeed = sdk.NewInt64Coin(localnet.DenomATOM, 1_000_000)
	flashSize = sdk.NewInt64Coin(localnet.DenomUSDC, 100_000_000)
)

// VaultType is the collateral type of the load accounts' vaults.
const VaultType = "atom-a"

// SetupMsgs open an account's positions: ATOM collateral, a USDC supply
// and loan, and an ATOM vault with BSD debt.
func SetupMsgs(a *Account) []sdk.Msg {
	return []sdk.Msg{
		&lendingtypes.MsgSupply{Supplier: a.Addr, Amount: setupCollateral},
		&lendingtypes.MsgSetCollateral{Owner: a.Addr, Denom: setupCollateral.Denom, Enabled: true},
		&lendingtypes.MsgSupply{Supplier: a.Addr, Amount: setupSupply},
		&lendingtypes.MsgBorrow{Borrower: a.Addr, Amount: setupBorrow},
		&stabletypes.MsgOpenVault{Owner: a.Addr, Type: VaultType, Collateral: setupVault, Mint: setupVaultDebt},
	}
}

// Workload builds the k-th transaction (k from 0) of account a in a run.
type Workload struct {
	Name        string
	Description string
	// Msgs is the k-th transaction's messages; peer is another load account.
	Msgs func(a, peer *Account, k int) ([]sdk.Msg, error)
}

// mixSlot spreads the lending mix over 20 slots: 7 supply (35%), 3
// withdraw (15%), 5 borrow (25%), 5 repay (25%). Accounts start at
// different slots so every block sees the whole mix.
func mixSlot(a *Account, k int) int { return (a.Index*7 + k) % 20 }

func supply(a *Account) sdk.Msg { return &lendingtypes.MsgSupply{Supplier: a.Addr, Amount: oneUSDC} }

func withdraw(a *Account) sdk.Msg {
	return &lendingtypes.MsgWithdraw{Supplier: a.Addr, Amount: oneUSDC}
}

func borrow(a *Account) sdk.Msg { return &lendingtypes.MsgBorrow{Borrower: a.Addr, Amount: oneUSDC} }
func repay(a *Account) sdk.Msg  { return &lendingtypes.MsgRepay{Payer: a.Addr, Amount: oneUSDC} }

func one(m sdk.Msg) ([]sdk.Msg, error) { return []sdk.Msg{m}, nil }

// Workloads by name.
var Workloads = map[string]Workload{
	"bank": {
		Name: "bank", Description: "bank send of 1ubal to another load account",
		Msgs: func(a, peer *Account, _ int) ([]sdk.Msg, error) {
			return one(banktypes.NewMsgSend(a.Address, peer.Address, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1))))
		},
	},
	"supply": {
		Name: "supply", Description: "lending supply of 1 USDC",
		Msgs: func(a, _ *Account, _ int) ([]sdk.Msg, error) { return one(supply(a)) },
	},
	"borrow": {
		Name: "borrow", Description: "lending borrow of 1 USDC against ATOM (health checked)",
		Msgs: func(a, _ *Account, _ int) ([]sdk.Msg, error) { return one(borrow(a)) },
	},
	"repay": {
		Name: "repay", Description: "lending repay of 1 USDC of the account's loan",
		Msgs: func(a, _ *Account, _ int) ([]sdk.Msg, error) { return one(repay(a)) },
	},
	"mix": {
		Name: "mix", Description: "lending mix: 35% supply, 15% withdraw, 25% borrow, 25% repay (1 USDC each)",
		Msgs: func(a, _ *Account, k int) ([]sdk.Msg, error) {
			switch s := mixSlot(a, k); {
			case s < 7:
				return one(supply(a))
			case s < 10:
				return one(withdraw(a))
			case s < 15:
				return one(borrow(a))
			default:
				return one(repay(a))
			}
		},
	},
	"vault": {
		Name: "vault", Description: "stablecoin: 4 in 5 mint 1 BSD on the account's vault, 1 in 5 opens a vault with 1 ATOM",
		Msgs: func(a, _ *Account, k int) ([]sdk.Msg, error) {
			if k%5 == 4 {
				return one(&stabletypes.MsgOpenVault{Owner: a.Addr, Type: VaultType, Collateral: vaultSeed, Mint: sdkmath.ZeroInt()})
			}
			return one(&stabletypes.MsgMint{Owner: a.Addr, VaultId: a.VaultID, Amount: oneBSD})
		},
	},
	"flash": {
		Name: "flash", Description: "flash loan of 100 USDC that supplies and withdraws it, fee from the wallet",
		Msgs: func(a, _ *Account, _ int) ([]sdk.Msg, error) {
			inner, err := packAll(
				&lendingtypes.MsgSupply{Supplier: a.Addr, Amount: flashSize},
				&lendingtypes.MsgWithdraw{Supplier: a.Addr, Amount: flashSize},
			)
			if err != nil {
				return nil, err
			}
			return one(&flashtypes.MsgFlashLoan{Borrower: a.Addr, Assets: sdk.NewCoins(flashSize), Msgs: inner})
		},
	},
}

func packAll(msgs ...sdk.Msg) ([]*codectypes.Any, error) {
	out := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// WorkloadNames lists the workloads, sorted.
func WorkloadNames() []string {
	names := make([]string, 0, len(Workloads))
	for n := range Workloads {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ParseWorkloads reads a comma-separated list of workload names.
func ParseWorkloads(s string) ([]Workload, error) {
	var out []Workload
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		w, ok := Workloads[n]
		if !ok {
			return nil, fmt.Errorf("unknown workload %q (have %s)", n, strings.Join(WorkloadNames(), ", "))
		}
		out = append(out, w)
	}
	return out, nil
}
