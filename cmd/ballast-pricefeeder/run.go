package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"google.golang.org/grpc"

	"github.com/ballast-chain/ballast/pricefeeder"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// run serves until SIGINT or SIGTERM, then stops the servers gracefully.
func run(parent context.Context, cfg pricefeeder.Config) error {
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	defer stop()

	log := newLogger(cfg)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := pricefeeder.NewMetrics(reg)

	providers, err := cfg.Providers(time.Now)
	if err != nil {
		return err
	}
	feeder := pricefeeder.NewFeeder(pricefeeder.FeederOptions{
		Markets: cfg.Markets, Providers: providers, Rules: cfg.Rules(),
		Interval: cfg.PollInterval.Duration, CallTimeout: cfg.CallTimeout.Duration, MaxAge: cfg.MaxPriceAge.Duration,
		Now: time.Now, Logger: log, Metrics: metrics,
	})
	if cfg.Scenario.File != "" {
		sc, err := pricefeeder.LoadScenario(cfg.Scenario.File, cfg.ScenarioSpeed(), time.Now)
		if err != nil {
			return err
		}
		feeder.SetScenario(sc)
	}

	grpcLis, err := net.Listen("tcp", cfg.GRPCAddress)
	if err != nil {
		return fmt.Errorf("grpc_address: %w", err)
	}
	httpLis, err := net.Listen("tcp", cfg.HTTPAddress)
	if err != nil {
		_ = grpcLis.Close()
		return fmt.Errorf("http_address: %w", err)
	}
	grpcSrv := grpc.NewServer()
	oracletypes.RegisterPriceFeederServer(grpcSrv, pricefeeder.NewGRPCServer(feeder))
	httpSrv := &http.Server{Handler: pricefeeder.NewHTTPHandler(feeder, reg), ReadHeaderTimeout: 5 * time.Second}

	errs := make(chan error, 2)
	go feeder.Run(ctx)
	go func() { errs <- grpcSrv.Serve(grpcLis) }()
	go func() { errs <- httpSrv.Serve(httpLis) }()
	log.Info("price feeder started", "grpc", cfg.GRPCAddress, "http", cfg.HTTPAddress, "markets", cfg.Markets, "providers", len(providers))

	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err = <-errs:
		log.Error("server stopped", "err", err)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = httpSrv.Shutdown(shutdownCtx)
	grpcSrv.GracefulStop()
	if err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}

func newLogger(cfg pricefeeder.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
