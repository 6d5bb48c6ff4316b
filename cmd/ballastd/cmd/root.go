// Package cmd builds the ballastd command tree.
package cmd

import (
	"os"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/app"
)

// EnvHome names the environment variable that sets --home.
const EnvHome = "BALLAST_HOME"

// NewRootCmd builds `ballastd`: node commands, genesis tooling, keys, and
// AutoCLI-generated `tx` / `query` commands for every module.
func NewRootCmd() *cobra.Command {
	// A throwaway app instance supplies codecs and the module list; it never
	// touches disk (in-memory DB, temporary home).
	tempHome, err := os.MkdirTemp("", "ballastd-tmp-")
	if err != nil {
		panic(err)
	}
	defer func() { _ = os.RemoveAll(tempHome) }()
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(tempHome))

	initClientCtx := client.Context{}.
		WithCodec(tempApp.AppCodec()).
		WithInterfaceRegistry(tempApp.InterfaceRegistry()).
		WithTxConfig(tempApp.TxConfig()).
		WithLegacyAmino(tempApp.LegacyAmino()).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome).
		WithViper("BALLAST")

	rootCmd := &cobra.Command{
		Use:           "ballastd",
		Short:         "Ballast: an overcollateralized lending app-chain (node and CLI)",
		SilenceErrors: true,
		// Errors print as one clear line (main); usage is one --help away, not
		// dumped after every failed transaction.
		SilenceUsage: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())

			// BALLAST_HOME stands in for --home when the flag is absent.
			if home := os.Getenv(EnvHome); home != "" && !cmd.Flags().Changed(flags.FlagHome) {
				if err := cmd.Flags().Set(flags.FlagHome, home); err != nil {
					return err
				}
			}
			clientCtx := initClientCtx.WithCmdContext(cmd.Context())
			clientCtx, err := client.ReadPersistentCommandFlags(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			clientCtx, err = config.ReadFromClientConfig(clientCtx)
			if err != nil {
				return err
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}
			if err := applyTxDefaults(cmd); err != nil {
				return err
			}
			appTemplate, appConfig := initAppConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appConfig, initCometBFTConfig())
		},
	}

	initRootCmd(rootCmd, tempApp)

	autoCliOpts := tempApp.AutoCliOpts()
	autoCliOpts.ClientCtx = initClientCtx
	if err := autoCliOpts.EnhanceRootCommandWithBuilder(rootCmd, autoCLIBuilder(autoCliOpts)); err != nil {
		panic(err)
	}
	return rootCmd
}
