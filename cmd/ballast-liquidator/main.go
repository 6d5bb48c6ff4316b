// Command ballast-liquidator is the keeper sidecar beside a Ballast node:
// it finds unsafe lending accounts and vaults each block and liquidates
// them (see README.md).
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
}
