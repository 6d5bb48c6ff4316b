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

	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/liquidator"
	"github.com/ballast-chain/ballast/loadgen"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

func latencyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "latency",
		Short: "Open a book of borrowers and vaults, shock a price through the feeders, and time every liquidation",
		Long: `Pins --symbol at --before on every feeder, funds and opens --borrowers lending
positions (5 ATOM each, health spread over [1.16, 2.16)) and --vaults vaults
(30 ATOM each, ratio spread over [1.62, 2.97)), then sets the price to
--before × (1 - --shock) on every feeder. From the block the price lands in,
it reads which positions the chain calls liquidatable or unsafe, and times
each one's first liquidation (lending) or auction (vault), in blocks and in
seconds. Whether a liquidator runs is up to the network: without one, only
the stablecoin's on-chain fallback acts (lending has none).`,
		Example: `ballast-loadgen latency --feeder-admin http://127.0.0.1:7172 --borrowers 10000 --vaults 1000 --shock 0.2`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return runLatency(ctx, cmd)
		},
	}
	f := cmd.Flags()
	f.String("grpc", "127.0.0.1:9090", "the node's gRPC address")
	f.String("rpc", "http://127.0.0.1:26657", "the node's CometBFT RPC address")
	f.StringSlice("feeder-admin", []string{"http://127.0.0.1:7172"}, "every validator's price feeder admin URL")
	f.String("chain-id", "ballast-local-1", "chain id")
	f.String("keyring-dir", "./.localnet", "keyring directory holding the funder key")
	f.String("keyring-backend", "test", "keyring backend of the funder key")
	f.String("funder", "alice", "key that funds the accounts and supplies the USDC they borrow")
	f.Uint64("seed", 2, "seed of the accounts' keys (the throughput run uses 1)")
	f.Int("borrowers", 10_000, "lending positions")
	f.Int("vaults", 1_000, "vaults")
	f.String("symbol", "ATOM", "the collateral's oracle symbol")
	f.String("before", "10", "price before the shock")
	f.String("shock", "0.2", "fall of the price, as a fraction")
	f.Duration("wait", 3*time.Minute, "how long to watch for liquidations after the price lands")
	f.Int("workers", 8, "parallel senders of the setup transactions")
	f.String("gas-price", "0.0025ubal", "gas price of every transaction")
	f.Float64("target-p99-blocks", 0, "fail unless the p99 latency of every kind is at most this many blocks (0: not checked)")
	f.String("json", "", "also write the result to this file")
	return cmd
}

func runLatency(ctx context.Context, cmd *cobra.Command) error {
	f := cmd.Flags()
	grpcAddr, _ := f.GetString("grpc")
	rpcAddr, _ := f.GetString("rpc")
	admins, _ := f.GetStringSlice("feeder-admin")
	chainID, _ := f.GetString("chain-id")
	krDir, _ := f.GetString("keyring-dir")
	krBackend, _ := f.GetString("keyring-backend")
	funderName, _ := f.GetString("funder")
	seed, _ := f.GetUint64("seed")
	borrowers, _ := f.GetInt("borrowers")
	vaults, _ := f.GetInt("vaults")
	symbol, _ := f.GetString("symbol")
	beforeS, _ := f.GetString("before")
	shockS, _ := f.GetString("shock")
	wait, _ := f.GetDuration("wait")
	workers, _ := f.GetInt("workers")
	gp, _ := f.GetString("gas-price")
	target, _ := f.GetFloat64("target-p99-blocks")
	jsonOut, _ := f.GetString("json")

	before, err := sdkmath.LegacyNewDecFromStr(beforeS)
	if err != nil || !before.IsPositive() {
		return fmt.Errorf("--before must be a positive decimal, got %q", beforeS)
	}
	shock, err := sdkmath.LegacyNewDecFromStr(shockS)
	if err != nil || !shock.IsPositive() || !shock.LT(sdkmath.LegacyOneDec()) {
		return fmt.Errorf("--shock must be a decimal above 0 and below 1, got %q", shockS)
	}
	switch {
	case borrowers < 0 || vaults < 0 || borrowers+vaults == 0 || borrowers+vaults > 100_000:
		return fmt.Errorf("--borrowers and --vaults must not be negative and add up to 1-100000, got %d and %d", borrowers, vaults)
	case len(admins) == 0:
		return errors.New("--feeder-admin: name every validator's feeder")
	case wait <= 0:
		return fmt.Errorf("--wait must be positive, got %s", wait)
	case workers < 1 || workers > 1024:
		return fmt.Errorf("--workers must be from 1 to 1024, got %d", workers)
	case target < 0:
		return fmt.Errorf("--target-p99-blocks must not be negative, got %g", target)
	}
	gasPrice, err := loadgen.ParseGasPrice(gp)
	if err != nil {
		return fmt.Errorf("--gas-price: %w", err)
	}
	logf := func(format string, args ...any) {
		_, _ = fmt.Fprintf(cmd.ErrOrStderr(), time.Now().Format("15:04:05 ")+format+"\n", args...)
	}
	txConfig, cdc, err := codecs()
	if err != nil {
		return err
	}
	chain, err := liquidator.DialChain(grpcAddr, 30*time.Second)
	if err != nil {
		return err
	}
	defer func() { _ = chain.Close() }()
	node, err := loadgen.NewNode(chain.Conn(), rpcAddr)
	if err != nil {
		return err
	}
	if _, err := node.Blocks.Latest(ctx); err != nil {
		return fmt.Errorf("node %s does not answer: %w", rpcAddr, err)
	}
	r := &loadgen.Runner{
		Signer:   loadgen.TxSigner{TxConfig: txConfig, ChainID: chainID, GasPrice: gasPrice},
		Accounts: loadgen.NewAccounts(seed, borrowers+vaults),
		Nodes:    []*loadgen.Node{node},
		Log:      logf,
	}
	funder, err := newFunder(chain.Conn(), txConfig, cdc, krBackend, krDir, funderName, chainID, gasPrice)
	if err != nil {
		return err
	}
	conn := chain.Conn()
	res, err := r.Latency(ctx, funder, loadgen.Conns{
		Bank: banktypes.NewQueryClient(conn), Oracle: oracletypes.NewQueryClient(conn),
		Stable: stabletypes.NewQueryClient(conn), Chain: chain,
	}, loadgen.LatencyOptions{
		Borrowers: borrowers, Vaults: vaults, Symbol: strings.ToUpper(symbol),
		Before: before, After: before.Mul(sdkmath.LegacyOneDec().Sub(shock)), FeederAdmins: admins, Wait: wait,
		Setup: loadgen.RunOptions{Workers: workers, MaxPending: 2000, GasAdjustment: 1.3},
	})
	if err != nil {
		return err
	}
	_, _ = fmt.Fprintln(cmd.OutOrStdout())
	loadgen.PrintLatency(cmd.OutOrStdout(), fmt.Sprintf("%s -%s%%", symbol, shock.MulInt64(100).TruncateInt()), res)
	if jsonOut != "" {
		bz, err := json.MarshalIndent(res, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(jsonOut, bz, 0o644); err != nil {
			return err
		}
	}
	if target > 0 {
		var missed []string
		for _, k := range []struct {
			name string
			l    loadgen.Latencies
		}{{"lending", res.Lending}, {"vaults", res.Vaults}} {
			if k.l.Targets > 0 && float64(k.l.P99Blocks()) > target {
				missed = append(missed, fmt.Sprintf("%s: p99 above %g blocks", k.name, target))
			}
		}
		if len(missed) > 0 {
			return fmt.Errorf("missed:\n  %s", strings.Join(missed, "\n  "))
		}
		_, _ = fmt.Fprintln(cmd.OutOrStdout(), "every target met")
	}
	return nil
}
