package loadgen

import (
	"context"
	"fmt"
	"strings"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/liquidator"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// fundChunk is how many accounts one multi-send pays.
const fundChunk = 100

// Fund has the funder (a key the sender holds) supply the lending
// liquidity and pay account i funds(i), then waits for all of it to commit.
func (r *Runner) Fund(ctx context.Context, funder *liquidator.Sender, bank banktypes.QueryClient, funds func(i int) sdk.Coins, liquidity sdk.Coin) error {
	if len(funder.Signers) == 0 {
		return fmt.Errorf("no funder key")
	}
	sg := funder.Signers[0]
	need := sdk.NewCoins(liquidity)
	for i := range r.Accounts {
		need = need.Add(funds(i)...)
	}
	have, err := bank.SpendableBalances(ctx, &banktypes.QuerySpendableBalancesRequest{Address: sg.Address.String()})
	if err != nil {
		return fmt.Errorf("funder balance: %w", err)
	}
	if !have.Balances.IsAllGTE(need) {
		return fmt.Errorf("funder %s holds %s; %d accounts need %s (use fewer --accounts)", sg.Name, have.Balances, len(r.Accounts), need)
	}
	height, err := r.Nodes[0].Blocks.Latest(ctx)
	if err != nil {
		return err
	}
	var hashes []string
	res, err := funder.Send(ctx, sg, height, &lendingtypes.MsgSupply{Supplier: sg.Address.String(), Amount: liquidity})
	if err != nil {
		return fmt.Errorf("funder supply: %w", err)
	}
	hashes = append(hashes, res.TxHash)
	for lo := 0; lo < len(r.Accounts); lo += fundChunk {
		hi := min(lo+fundChunk, len(r.Accounts))
		outs := make([]banktypes.Output, 0, hi-lo)
		total := sdk.NewCoins()
		for _, a := range r.Accounts[lo:hi] {
			outs = append(outs, banktypes.Output{Address: a.Addr, Coins: funds(a.Index)})
			total = total.Add(funds(a.Index)...)
		}
		msg := banktypes.NewMsgMultiSend(banktypes.Input{Address: sg.Address.String(), Coins: total}, outs)
		res, err := funder.Send(ctx, sg, height, msg)
		if err != nil {
			return fmt.Errorf("funding accounts %d-%d: %w", lo, hi-1, err)
		}
		hashes = append(hashes, res.TxHash)
	}
	return r.waitCommitted(ctx, hashes, 2*time.Minute)
}

// waitCommitted polls until every hash is in a block and succeeded.
func (r *Runner) waitCommitted(ctx context.Context, hashes []string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, h := range hashes {
		for {
			res, err := r.Nodes[0].Service.GetTx(ctx, &txtypes.GetTxRequest{Hash: h})
			if err == nil && res.TxResponse != nil {
				if res.TxResponse.Code != 0 {
					return fmt.Errorf("tx %s failed: %s", h, res.TxResponse.RawLog)
				}
				break
			}
			if time.Now().After(deadline) {
				if err != nil {
					return fmt.Errorf("tx %s not committed after %s: %w", h, timeout, err)
				}
				return fmt.Errorf("tx %s not committed after %s", h, timeout)
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	return nil
}

// OpenPositions sends every account's SetupMsgs in one transaction each and
// requires all of them to succeed; then it records each account's vault.
func (r *Runner) OpenPositions(ctx context.Context, stable stabletypes.QueryClient, opt RunOptions) (Result, error) {
	setup := Workload{Name: "setup", Msgs: func(a, _ *Account, _ int) ([]sdk.Msg, error) { return SetupMsgs(a), nil }}
	opt.Budget = len(r.Accounts)
	opt.Duration = max(opt.Duration, 5*time.Minute)
	res, err := r.Run(ctx, setup, opt)
	if err != nil {
		return res, err
	}
	if res.Committed != len(r.Accounts) {
		return res, fmt.Errorf("setup: %d of %d accounts opened their positions (refused %v %v, failed %v %v, lost %d)",
			res.Committed, len(r.Accounts), res.Rejected, res.RejectExamples, res.FailReasons, res.FailExamples, res.Lost)
	}
	return res, FindVaults(ctx, stable, r.Accounts)
}

// FindVaults records each account's first vault (the one setup opened).
func FindVaults(ctx context.Context, stable stabletypes.QueryClient, accs []*Account) error {
	for _, a := range accs {
		res, err := stable.Vaults(ctx, &stabletypes.QueryVaultsRequest{Owner: a.Addr})
		if err != nil {
			return fmt.Errorf("vaults of account %d: %w", a.Index, err)
		}
		if len(res.Vaults) == 0 {
			return fmt.Errorf("account %d (%s) has no vault: run setup first", a.Index, a.Addr)
		}
		a.VaultID = res.Vaults[0].Vault.Id
		for _, v := range res.Vaults {
			if v.Vault.Id < a.VaultID {
				a.VaultID = v.Vault.Id
			}
		}
	}
	return nil
}

// ParseGasPrice reads one gas price such as 0.0025ubal.
func ParseGasPrice(s string) (sdk.DecCoin, error) {
	p, err := sdk.ParseDecCoin(strings.TrimSpace(s))
	if err != nil {
		return sdk.DecCoin{}, fmt.Errorf("gas price %q: %w", s, err)
	}
	if !p.Amount.IsPositive() {
		return sdk.DecCoin{}, fmt.Errorf("gas price %q must be positive", s)
	}
	return p, nil
}
