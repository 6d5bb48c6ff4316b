// Command ballast-loadgen drives a Ballast network with pre-signed
// transactions and prints what it committed (see README.md).
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
