package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/liquidator"
	"github.com/ballast-chain/ballast/loadgen"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "ballast-loadgen",
		Short:         "Load generator: funds accounts, pre-signs transactions, sends them and measures the blocks",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.AddCommand(runCmd(), latencyCmd(), workloadsCmd())
	return root
}

func workloadsCmd() *cobra.Command {
	return &cobra.Command{
		Use: "workloads", Short: "List the workloads", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, n := range loadgen.WorkloadNames() {
				_, _ = fmt.Fprintf(cmd.OutOrStdout(), "%-8s %s\n", n, loadgen.Workloads[n].Description)
			}
			return nil
		},
	}
}

type runArgs struct {
	grpc, rpc              []string
	sendTo                 int
	chainID, keyringDir    string
	keyringBackend, funder string
	accounts, workers      int
	seed                   uint64
	workloads              []loadgen.Workload
	duration               time.Duration
	rate                   float64
	budget, maxPending     int
	gasPrice               sdk.DecCoin
	gasAdjustment          float64
	skipSetup              bool
	pids                   []int
	jsonOut                string
	targets                loadgen.Targets
}

func runCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Fund and set up the load accounts, then run each workload in turn and print a table",
		Long: `Funds --accounts accounts from --funder, opens their positions (ATOM collateral,
a USDC supply and loan, a vault), then runs each workload: pre-signs its
transactions, sends them from --workers workers for --duration, waits for the
mempool to drain, and reads every block it landed in.

Transactions go to the first --send-to nodes of --grpc; blocks are read from
the first --rpc, and every --rpc is compared for app hashes.`,
		Example: `ballast-loadgen run --workloads bank,mix --duration 60s
ballast-loadgen run --workloads mix --rate 170 --duration 10m \
  --grpc 127.0.0.1:9090,127.0.0.1:9100,127.0.0.1:9110,127.0.0.1:9120 \
  --rpc http://127.0.0.1:26657,http://127.0.0.1:26667,http://127.0.0.1:26677,http://127.0.0.1:26687`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := parseRunArgs(cmd)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return run(ctx, cmd, a)
		},
	}
	f := cmd.Flags()
	f.StringSlice("grpc", []string{"127.0.0.1:9090"}, "nodes' gRPC addresses")
	f.StringSlice("rpc", []string{"http://127.0.0.1:26657"}, "the same nodes' CometBFT RPC addresses, in the same order")
	f.Int("send-to", 1, "how many of the nodes (from the first) receive transactions")
	f.String("chain-id", app.LocalChainID, "chain id")
	f.String("keyring-dir", "./.localnet", "keyring directory holding the funder key")
	f.String("keyring-backend", "test", "keyring backend of the funder key")
	f.String("funder", "alice", "key that funds the load accounts and supplies the lending liquidity")
	f.Int("accounts", 400, "number of load accounts")
	f.Uint64("seed", 1, "seed the load accounts' keys derive from (another seed: other accounts)")
	f.String("workloads", "bank,mix", "comma-separated workloads, run in this order (see `workloads`); one named twice is pooled for the mix/bank ratio")
	f.Duration("duration", time.Minute, "how long each workload sends")
	f.Float64("rate", 0, "offered load in tx/s (0: as fast as the nodes accept, held back by --max-pending)")
	f.Int("budget", 0, "transactions pre-signed per workload (0: rate × duration × 1.1, or 1500 tx/s × duration unpaced)")
	f.Int("max-pending", 2000, "pause sending while a node's mempool holds this many transactions (0: never)")
	f.Int("workers", 32, "parallel senders (each waits for CheckTx: with 8, a lending mix left admission idle while a block committed)")
	f.String("gas-price", app.DefaultMinGasPrices, "gas price of every transaction")
	f.Float64("gas-adjustment", 1.5, "multiplies the simulated gas of a workload's heaviest transaction (a young chain simulates lighter: its oracle history is shorter than the TWAP window)")
	f.Bool("skip-setup", false, "the accounts of --seed were set up by an earlier run: only read their sequences and vaults")
	f.IntSlice("pid", nil, "node process ids whose resident memory is sampled (the table shows the largest)")
	f.String("json", "", "also write the results, block by block, to this file")
	f.Float64("target-mix-ratio", 0, "fail unless lending-mix tx/s ≥ this × bank-send tx/s (0: not checked)")
	f.Float64("target-tps", 0, "fail unless every workload commits at least this many tx/s (0: not checked)")
	f.Duration("target-block-time", 0, "fail unless every workload's median block time is within --block-time-tolerance of this (0: not checked)")
	f.Float64("block-time-tolerance", 0.2, "allowed relative deviation of the median block time")
	return cmd
}

func parseRunArgs(cmd *cobra.Command) (runArgs, error) {
	f := cmd.Flags()
	var a runArgs
	a.grpc, _ = f.GetStringSlice("grpc")
	a.rpc, _ = f.GetStringSlice("rpc")
	a.sendTo, _ = f.GetInt("send-to")
	a.chainID, _ = f.GetString("chain-id")
	a.keyringDir, _ = f.GetString("keyring-dir")
	a.keyringBackend, _ = f.GetString("keyring-backend")
	a.funder, _ = f.GetString("funder")
	a.accounts, _ = f.GetInt("accounts")
	a.seed, _ = f.GetUint64("seed")
	a.duration, _ = f.GetDuration("duration")
	a.rate, _ = f.GetFloat64("rate")
	a.budget, _ = f.GetInt("budget")
	a.maxPending, _ = f.GetInt("max-pending")
	a.workers, _ = f.GetInt("workers")
	a.gasAdjustment, _ = f.GetFloat64("gas-adjustment")
	a.skipSetup, _ = f.GetBool("skip-setup")
	a.pids, _ = f.GetIntSlice("pid")
	a.jsonOut, _ = f.GetString("json")
	a.targets.MixOverBank, _ = f.GetFloat64("target-mix-ratio")
	a.targets.TxPerSec, _ = f.GetFloat64("target-tps")
	a.targets.BlockTime, _ = f.GetDuration("target-block-time")
	a.targets.Tolerance, _ = f.GetFloat64("block-time-tolerance")
	names, _ := f.GetString("workloads")
	var err error
	if a.workloads, err = loadgen.ParseWorkloads(names); err != nil {
		return a, fmt.Errorf("--workloads: %w", err)
	}
	gp, _ := f.GetString("gas-price")
	if a.gasPrice, err = loadgen.ParseGasPrice(gp); err != nil {
		return a, fmt.Errorf("--gas-price: %w", err)
	}
	switch {
	case len(a.grpc) == 0 || len(a.grpc) != len(a.rpc):
		return a, fmt.Errorf("--grpc and --rpc must list the same nodes (got %d and %d addresses)", len(a.grpc), len(a.rpc))
	case a.sendTo < 1 || a.sendTo > len(a.grpc):
		return a, fmt.Errorf("--send-to must be from 1 to %d, got %d", len(a.grpc), a.sendTo)
	case a.accounts < 2 || a.accounts > 100_000:
		return a, fmt.Errorf("--accounts must be from 2 to 100000, got %d", a.accounts)
	case a.workers < 1 || a.workers > 1024:
		return a, fmt.Errorf("--workers must be from 1 to 1024, got %d", a.workers)
	case a.duration <= 0:
		return a, fmt.Errorf("--duration must be positive, got %s", a.duration)
	case a.rate < 0:
		return a, fmt.Errorf("--rate must not be negative, got %g", a.rate)
	case a.budget < 0 || a.maxPending < 0:
		return a, errors.New("--budget and --max-pending must not be negative")
	case a.gasAdjustment < 1:
		return a, fmt.Errorf("--gas-adjustment must be at least 1, got %g", a.gasAdjustment)
	case a.targets.MixOverBank < 0 || a.targets.TxPerSec < 0 || a.targets.BlockTime < 0 || a.targets.Tolerance < 0 || a.targets.Tolerance >= 1:
		return a, errors.New("targets must not be negative, and --block-time-tolerance must be below 1")
	case strings.TrimSpace(a.chainID) == "":
		return a, errors.New("--chain-id is empty")
	}
	if a.budget == 0 {
		perSec := 1500.0
		if a.rate > 0 {
			perSec = a.rate * 1.1
		}
		a.budget = int(perSec * a.duration.Seconds())
	}
	return a, nil
}

func run(ctx context.Context, cmd *cobra.Command, a runArgs) error {
	logf := func(format string, args ...any) {
		_, _ = fmt.Fprintf(cmd.ErrOrStderr(), time.Now().Format("15:04:05 ")+format+"\n", args...)
	}
	txConfig, cdc, err := codecs()
	if err != nil {
		return err
	}

	r := &loadgen.Runner{
		Signer:   loadgen.TxSigner{TxConfig: txConfig, ChainID: a.chainID, GasPrice: a.gasPrice},
		Accounts: loadgen.NewAccounts(a.seed, a.accounts),
		Log:      logf,
	}
	var chains []*liquidator.Chain
	defer func() {
		for _, c := range chains {
			_ = c.Close()
		}
	}()
	for i := range a.grpc {
		chain, err := liquidator.DialChain(strings.TrimSpace(a.grpc[i]), 30*time.Second)
		if err != nil {
			return err
		}
		chains = append(chains, chain)
		node, err := loadgen.NewNode(chain.Conn(), strings.TrimSpace(a.rpc[i]))
		if err != nil {
			return err
		}
		if i < a.sendTo {
			r.Nodes = append(r.Nodes, node)
		}
		r.Compare = append(r.Compare, node.Blocks)
	}
	if _, err := r.Nodes[0].Blocks.Latest(ctx); err != nil {
		return fmt.Errorf("node %s does not answer: %w", a.rpc[0], err)
	}
	conn := chains[0].Conn()
	opt := loadgen.RunOptions{
		Duration: a.duration, Rate: a.rate, Budget: a.budget, MaxPending: a.maxPending,
		Workers: a.workers, GasAdjustment: a.gasAdjustment, RSSPids: a.pids,
	}

	if a.skipSetup {
		if err := loadgen.FindVaults(ctx, stabletypes.NewQueryClient(conn), r.Accounts); err != nil {
			return err
		}
	} else {
		funder, err := newFunder(conn, txConfig, cdc, a.keyringBackend, a.keyringDir, a.funder, a.chainID, a.gasPrice)
		if err != nil {
			return err
		}
		logf("funding %d accounts from %s", a.accounts, a.funder)
		if err := r.Fund(ctx, funder, banktypes.NewQueryClient(conn), func(int) sdk.Coins { return loadgen.FundPerAccount }, loadgen.FunderLiquidity); err != nil {
			return err
		}
		logf("opening every account's positions")
		res, err := r.OpenPositions(ctx, stabletypes.NewQueryClient(conn), opt)
		if err != nil {
			return err
		}
		logf("setup: %d accounts in %d blocks (%.1f tx/s)", res.Committed, len(res.Blocks), res.TxPerSec)
	}

	var results []loadgen.Result
	for _, w := range a.workloads {
		logf("%s: %s", w.Name, w.Description)
		res, err := r.Run(ctx, w, opt)
		if err != nil {
			return fmt.Errorf("%s: %w", w.Name, err)
		}
		results = append(results, res)
		logf("%s: %d committed in %s: %.1f tx/s", w.Name, res.Committed, res.Window.Round(time.Millisecond), res.TxPerSec)
	}
	_, _ = fmt.Fprintln(cmd.OutOrStdout())
	loadgen.PrintTable(cmd.OutOrStdout(), results)
	if a.jsonOut != "" {
		bz, err := json.MarshalIndent(results, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(a.jsonOut, bz, 0o644); err != nil {
			return err
		}
	}
	if missed := loadgen.Check(results, a.targets); len(missed) > 0 {
		return fmt.Errorf("missed:\n  %s", strings.Join(missed, "\n  "))
	}
	_, _ = fmt.Fprintln(cmd.OutOrStdout(), "every target met")
	return nil
}

// codecs come from a throwaway app, as in ballastd: the same message
// types, the same signing.
func codecs() (client.TxConfig, codec.Codec, error) {
	tempHome, err := os.MkdirTemp("", "ballast-loadgen-")
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = os.RemoveAll(tempHome) }()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(tempHome))
	return a.TxConfig(), a.AppCodec(), nil
}

// newFunder opens the funder key (a keyring the sender signs with, simulating
// first): the one account that pays the load accounts and the liquidity.
func newFunder(conn *grpc.ClientConn, txConfig client.TxConfig, cdc codec.Codec, backend, dir, name, chainID string, gasPrice sdk.DecCoin) (*liquidator.Sender, error) {
	kr, err := keyring.New(sdk.KeyringServiceName(), backend, dir, os.Stdin, cdc)
	if err != nil {
		return nil, fmt.Errorf("keyring %s: %w", dir, err)
	}
	funder, err := liquidator.NewSender(conn, txConfig, kr, liquidator.Config{
		ChainID: chainID, GasPrices: gasPrice.String(), GasAdjustment: 1.5, TimeoutBlocks: 100, Signers: []string{name},
	})
	if err != nil {
		return nil, fmt.Errorf("--funder: %w", err)
	}
	return funder, nil
}
