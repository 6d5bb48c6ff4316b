package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ballast-chain/ballast/liquidator"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "ballast-liquidator",
		Short:         "Liquidation keeper: mirrors positions, liquidates unsafe ones, starts and takes auctions",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.AddCommand(startCmd(), configCmd())
	return root
}

func startCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "start",
		Short:   "Run the liquidator (metrics and health on http_address)",
		Example: "ballast-liquidator start --config liquidator.toml\nballast-liquidator start --config liquidator.toml --dry-run",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _ := cmd.Flags().GetString("config")
			cfg, err := liquidator.LoadConfig(path)
			if err != nil {
				return err
			}
			if dry, _ := cmd.Flags().GetBool("dry-run"); dry {
				cfg.DryRun = true
			}
			return run(cmd.Context(), cfg)
		},
	}
	cmd.Flags().String("config", "liquidator.toml", "path of the TOML configuration")
	cmd.Flags().Bool("dry-run", false, "find and log liquidations without sending any (overrides dry_run)")
	return cmd
}

func configCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Write or check a configuration file"}
	cmd.AddCommand(&cobra.Command{
		Use:     "default",
		Short:   "Print the default configuration (a local network's first node) as TOML",
		Example: "ballast-liquidator config default > liquidator.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), liquidator.DefaultConfigTOML)
			return err
		},
	}, &cobra.Command{
		Use:     "validate [file]",
		Short:   "Check a configuration file and name what is wrong",
		Example: "ballast-liquidator config validate liquidator.toml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := liquidator.LoadConfig(args[0]); err != nil {
				return err
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", args[0])
			return err
		},
	})
	return cmd
}

// passphraseEnv holds the passphrase of a `file` keyring: a daemon has no
// terminal to ask on.
const passphraseEnv = "BALLAST_LIQUIDATOR_PASSPHRASE"

// keyringInput answers the keyring's passphrase prompts.
func keyringInput(backend string) (io.Reader, error) {
	if backend != "file" {
		return os.Stdin, nil
	}
	pass := os.Getenv(passphraseEnv)
	if pass == "" {
		return nil, fmt.Errorf("keyring_backend file: set %s to the keyring passphrase", passphraseEnv)
	}
	return strings.NewReader(strings.Repeat(pass+"\n", 4)), nil
}
