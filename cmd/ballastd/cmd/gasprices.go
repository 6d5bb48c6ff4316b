package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/ballast-chain/ballast/app"
)

// defaultGasAdjustment pads simulated gas: state can change between the
// simulation and the block (interest accrues, other txs land).
const defaultGasAdjustment = "1.5"

// applyTxDefaults makes `ballastd tx ...` work without fee flags: gas is
// simulated (--gas auto, padded by 1.5) unless --gas is given, and the
// network's floor gas price is paid unless --fees or --gas-prices is given.
// A liquidation or a flash loan costs more than the SDK's fixed 200k default.
func applyTxDefaults(cmd *cobra.Command) error {
	f := cmd.Flags()
	gasPrices, fees := f.Lookup(flags.FlagGasPrices), f.Lookup(flags.FlagFees)
	if gasPrices == nil || fees == nil || !strings.HasPrefix(cmd.CommandPath(), cmd.Root().Name()+" tx ") {
		return nil // not a transaction (gentx, for one, has no node to simulate against)
	}
	if gas := f.Lookup(flags.FlagGas); gas != nil && !gas.Changed && !generateOnly(cmd) {
		if err := f.Set(flags.FlagGas, flags.GasFlagAuto); err != nil {
			return err
		}
		if adj := f.Lookup(flags.FlagGasAdjustment); adj != nil && !adj.Changed {
			if err := f.Set(flags.FlagGasAdjustment, defaultGasAdjustment); err != nil {
				return err
			}
		}
	}
	if gasPrices.Changed || fees.Changed {
		return nil
	}
	return f.Set(flags.FlagGasPrices, app.DefaultMinGasPrices)
}

// generateOnly: offline tx generation cannot simulate.
func generateOnly(cmd *cobra.Command) bool {
	for _, name := range []string{flags.FlagGenerateOnly, flags.FlagOffline} {
		if v, err := cmd.Flags().GetBool(name); err == nil && v {
			return true
		}
	}
	return false
}
