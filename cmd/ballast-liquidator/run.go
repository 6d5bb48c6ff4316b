package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/liquidator"
)

func newLogger(cfg liquidator.Config) *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[cfg.LogLevel]
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func run(parent context.Context, cfg liquidator.Config) error {
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := newLogger(cfg)

	// Codecs and the transaction config come from a throwaway app, as in
	// ballastd: the same message types, the same signing.
	tempHome, err := os.MkdirTemp("", "ballast-liquidator-")
	if err != nil {
		return err
	}
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(tempHome))
	_ = os.RemoveAll(tempHome)

	chain, err := liquidator.DialChain(cfg.GRPCAddress, cfg.CallTimeout.Duration)
	if err != nil {
		return err
	}
	defer func() { _ = chain.Close() }()
	blocks, err := liquidator.NewCometBlocks(cfg.RPCAddress, cfg.CallTimeout.Duration)
	if err != nil {
		return err
	}

	var sender *liquidator.Sender
	if !cfg.DryRun {
		input, err := keyringInput(cfg.KeyringBackend)
		if err != nil {
			return err
		}
		kr, err := keyring.New(sdk.KeyringServiceName(), cfg.KeyringBackend, cfg.KeyringDir, input, tempApp.AppCodec())
		if err != nil {
			return fmt.Errorf("keyring %s in %s: %w", cfg.KeyringBackend, cfg.KeyringDir, err)
		}
		if sender, err = liquidator.NewSender(chain.Conn(), tempApp.TxConfig(), kr, cfg); err != nil {
			return err
		}
	}

	reg := prometheus.NewRegistry()
	metrics := liquidator.NewMetrics(reg)
	engine := liquidator.NewEngine(cfg, logger, chain, blocks, sender, metrics)

	ln, err := net.Listen("tcp", cfg.HTTPAddress)
	if err != nil {
		return fmt.Errorf("http_address %s: %w", cfg.HTTPAddress, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		height, ok := engine.Health(30 * time.Second)
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": ok, "height": height, "dry_run": cfg.DryRun})
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("http server", "err", err)
		}
	}()

	wake := make(chan struct{}, 1)
	go subscribe(ctx, cfg.RPCAddress, wake, cfg.BackoffMax.Duration, logger)

	logger.Info("liquidator started", "grpc", cfg.GRPCAddress, "rpc", cfg.RPCAddress, "http", ln.Addr().String(), "dry_run", cfg.DryRun, "signers", cfg.Signers)
	err = engine.Run(ctx, wake)
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	logger.Info("liquidator stopped")
	return err
}

// subscribe wakes the engine on every new block through the node's
// websocket; while it is down the engine polls, and this reconnects with a
// backoff (a fresh client each time: a stopped one cannot restart).
func subscribe(ctx context.Context, addr string, wake chan<- struct{}, maxBackoff time.Duration, logger *slog.Logger) {
	backoff := time.Second
	for ctx.Err() == nil {
		if err := listen(ctx, addr, wake); err != nil && ctx.Err() == nil {
			logger.Debug("websocket down, polling", "err", err, "retry_in", backoff)
		} else {
			backoff = time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

func listen(ctx context.Context, addr string, wake chan<- struct{}) error {
	c, err := rpchttp.New(addr, "/websocket")
	if err != nil {
		return err
	}
	if err := c.Start(); err != nil {
		return err
	}
	defer func() { _ = c.Stop() }()
	events, err := c.Subscribe(ctx, "ballast-liquidator", "tm.event='NewBlockHeader'", 16)
	if err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-events:
			if !ok {
				return errors.New("subscription closed")
			}
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	}
}
