// Command ballastd is the Ballast node and CLI.
package main

import (
	"fmt"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/cmd/ballastd/cmd"
)

func main() {
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, "BALLAST", app.DefaultNodeHome); err != nil {
		_, _ = fmt.Fprintf(rootCmd.ErrOrStderr(), "Error: %v\n", err)
		os.Exit(1)
	}
}
