package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/ballast-chain/ballast/app"
)

// applyDefaultGasPrices makes `ballastd tx ...` pay the network's floor gas
// price when the user gave neither --fees nor --gas-prices, so a plain
// `ballastd tx bank send alice bob 1uatom` is not refused for a zero fee.
func applyDefaultGasPrices(cmd *cobra.Command) error {
	gasPrices := cmd.Flags().Lookup(flags.FlagGasPrices)
	fees := cmd.Flags().Lookup(flags.FlagFees)
	if gasPrices == nil || fees == nil || gasPrices.Changed || fees.Changed {
		return nil
	}
	return cmd.Flags().Set(flags.FlagGasPrices, app.DefaultMinGasPrices)
}
