package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ballast-chain/ballast/pricefeeder"
)

const defaultAdmin = "http://127.0.0.1:7172"

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "ballast-pricefeeder",
		Short:         "Oracle price feeder: polls providers, serves prices to its validator's node",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.AddCommand(startCmd(), configCmd(), priceCmd(), scenarioCmd(), stateCmd())
	return root
}

func startCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "start",
		Short:   "Run the feeder (gRPC for the node, HTTP for metrics, health and admin)",
		Example: "ballast-pricefeeder start --config feeder.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _ := cmd.Flags().GetString("config")
			cfg, err := pricefeeder.LoadConfig(path)
			if err != nil {
				return err
			}
			return run(cmd.Context(), cfg)
		},
	}
	cmd.Flags().String("config", "feeder.toml", "path of the TOML configuration")
	return cmd
}

func configCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Write or check a configuration file"}
	def := &cobra.Command{
		Use:     "default",
		Short:   "Print the default configuration (simulated provider) as TOML",
		Example: "ballast-pricefeeder config default --grpc 127.0.0.1:7171 --http 127.0.0.1:7172 > feeder.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			grpcAddr, _ := cmd.Flags().GetString("grpc")
			httpAddr, _ := cmd.Flags().GetString("http")
			seed, _ := cmd.Flags().GetUint64("noise-seed")
			bz, err := pricefeeder.DefaultConfigTOML(pricefeeder.DefaultsOptions{GRPCAddress: grpcAddr, HTTPAddress: httpAddr, NoiseSeed: seed})
			if err != nil {
				return err
			}
			if _, err := pricefeeder.ParseConfig(bz); err != nil {
				return fmt.Errorf("default config does not validate: %w", err)
			}
			_, err = cmd.OutOrStdout().Write(bz)
			return err
		},
	}
	def.Flags().String("grpc", "127.0.0.1:7171", "gRPC listen address")
	def.Flags().String("http", "127.0.0.1:7172", "HTTP (metrics, health, admin) listen address")
	def.Flags().Uint64("noise-seed", 1, "seed of this feeder's private noise")
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a configuration file and print what is wrong",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := pricefeeder.LoadConfig(args[0]); err != nil {
				return err
			}
			cmd.Println("ok")
			return nil
		},
	}
	cmd.AddCommand(def, validate)
	return cmd
}

func priceCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "price", Short: "Set or clear a manual price on a running feeder"}
	set := &cobra.Command{
		Use:     "set SYMBOL PRICE",
		Short:   "Report PRICE (USD) for SYMBOL until cleared, overriding every provider",
		Example: "ballast-pricefeeder price set ATOM 4.20 --admin http://127.0.0.1:7172",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return admin(cmd, http.MethodPost, "/admin/price", map[string]string{"symbol": args[0], "price": args[1]})
		},
	}
	clear := &cobra.Command{
		Use:     "clear SYMBOL",
		Short:   "Drop SYMBOL's manual price",
		Example: "ballast-pricefeeder price clear ATOM",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return admin(cmd, http.MethodDelete, "/admin/price/"+args[0], nil)
		},
	}
	cmd.PersistentFlags().String("admin", defaultAdmin, "the feeder's HTTP address")
	cmd.AddCommand(set, clear)
	return cmd
}

func scenarioCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "scenario", Short: "Replay a price path on a running feeder"}
	start := &cobra.Command{
		Use:     "start FILE",
		Short:   "Replay FILE (CSV offset_seconds,market,price_usd) from now",
		Example: "ballast-pricefeeder scenario start scenarios/atom-minus-35-one-block.csv --speed 10",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			abs, err := filepath.Abs(args[0])
			if err != nil {
				return err
			}
			if _, err := os.Stat(abs); err != nil {
				return err
			}
			speed, _ := cmd.Flags().GetFloat64("speed")
			return admin(cmd, http.MethodPost, "/admin/scenario", map[string]any{"file": abs, "speed": speed})
		},
	}
	start.Flags().Float64("speed", 1, "replay speed (10 = ten times real time)")
	stop := &cobra.Command{
		Use:   "stop",
		Short: "Stop the scenario; the providers take over again",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return admin(cmd, http.MethodDelete, "/admin/scenario", nil)
		},
	}
	cmd.PersistentFlags().String("admin", defaultAdmin, "the feeder's HTTP address")
	cmd.AddCommand(start, stop)
	return cmd
}

func stateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "Show a running feeder's prices, overrides and health",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return admin(cmd, http.MethodGet, "/admin/state", nil)
		},
	}
	cmd.Flags().String("admin", defaultAdmin, "the feeder's HTTP address")
	return cmd
}

// admin calls the feeder's admin API and prints its JSON answer.
func admin(cmd *cobra.Command, method, path string, body any) error {
	base, _ := cmd.Flags().GetString("admin")
	ctx, cancel := context.WithTimeout(cmd.Context(), 10*time.Second)
	defer cancel()
	out, err := pricefeeder.Admin(ctx, base, method, path, body)
	if err != nil {
		return err
	}
	_, err = cmd.OutOrStdout().Write(out)
	return err
}
