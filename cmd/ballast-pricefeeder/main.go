// Command ballast-pricefeeder is the oracle sidecar a validator runs next to
// ballastd: it polls price providers and serves prices to its node over gRPC.
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
