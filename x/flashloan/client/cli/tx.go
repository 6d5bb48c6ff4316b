// Package cli holds the flash-loan transaction command that AutoCLI cannot
// build: its inner messages come from a JSON file.
package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/flashloan/types"
)

// TxCmd is `ballastd tx flashloan`; AutoCLI adds the generated commands.
func TxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Flash loans: borrow, act and repay in one transaction",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(ExecuteCmd())
	return cmd
}

// ExecuteCmd is `ballastd tx flashloan execute [assets] [msgs.json]`.
func ExecuteCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "execute [assets] [msgs.json]",
		Short: "Borrow assets, run the messages in msgs.json as --from, and repay the assets plus the fee",
		Long: `Borrow assets (lending-market denoms from their cash, ubsd flash-minted), run the
messages in msgs.json signed by --from, then repay each asset plus fee_bps. If any
message fails or the repayment falls short, nothing happens.

msgs.json holds the inner messages in the SDK's JSON form: a transaction as
'ballastd tx ... --generate-only' prints it, {"messages": [...]}, or a list.
Every inner message must be signed by --from alone.`,
		Example: `ballastd tx lending liquidate <bob> uusdc uatom 1000000000 --from liquidator --generate-only > step1.json
ballastd tx flashloan execute 1000000000uusdc msgs.json --from liquidator`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			assets, err := parseAssets(args[0])
			if err != nil {
				return err
			}
			msgs, err := ReadMsgs(clientCtx, args[1])
			if err != nil {
				return err
			}
			from := clientCtx.GetFromAddress()
			for i, m := range msgs {
				signers, _, err := clientCtx.Codec.GetMsgV1Signers(m)
				if err != nil {
					return fmt.Errorf("%s: message %d (%s): %w", args[1], i, sdk.MsgTypeURL(m), err)
				}
				for _, s := range signers {
					if !bytes.Equal(s, from) {
						return fmt.Errorf("%s: message %d (%s) must be signed by %s, not %s", args[1], i, sdk.MsgTypeURL(m), from, sdk.AccAddress(s))
					}
				}
			}
			msg, err := types.NewMsgFlashLoan(from.String(), assets, msgs)
			if err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// parseAssets reads the coins to borrow: whole base units, at least one
// positive amount. (sdk.ParseCoinsNormalized would truncate 1.5uusdc to
// 1uusdc and 0.5uusdc to a zero loan without a word.)
func parseAssets(s string) (sdk.Coins, error) {
	dec, err := sdk.ParseDecCoins(s)
	if err != nil {
		return nil, fmt.Errorf("assets %q: want coins such as 1000000uusdc,5000000ubsd: %w", s, err)
	}
	assets, fraction := dec.TruncateDecimal()
	if !fraction.IsZero() {
		return nil, fmt.Errorf("assets %q: amounts must be whole base units, without a fraction", s)
	}
	if assets.Empty() {
		return nil, fmt.Errorf("assets %q: nothing to borrow: amounts must be positive", s)
	}
	return assets, nil
}

// ReadMsgs reads messages from a JSON file: a transaction (as
// --generate-only prints it), {"messages": [...]}, or a list of messages.
func ReadMsgs(clientCtx client.Context, path string) ([]sdk.Msg, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading messages: %w", err)
	}
	var shape struct {
		Body     json.RawMessage   `json:"body"`
		Messages []json.RawMessage `json:"messages"`
	}
	var list []json.RawMessage
	switch trimmed := bytes.TrimSpace(bz); {
	case len(trimmed) > 0 && trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, fmt.Errorf("%s: not JSON: %w", path, err)
		}
	default:
		if err := json.Unmarshal(trimmed, &shape); err != nil {
			return nil, fmt.Errorf("%s: not JSON: %w", path, err)
		}
		if shape.Body != nil {
			decoded, err := clientCtx.TxConfig.TxJSONDecoder()(trimmed)
			if err != nil {
				return nil, fmt.Errorf("%s: not a transaction: %w", path, err)
			}
			return nonEmpty(path, decoded.GetMsgs())
		}
		list = shape.Messages
	}
	msgs := make([]sdk.Msg, len(list))
	for i, raw := range list {
		if err := clientCtx.Codec.UnmarshalInterfaceJSON(raw, &msgs[i]); err != nil {
			return nil, fmt.Errorf("%s: message %d: %w", path, i, err)
		}
	}
	return nonEmpty(path, msgs)
}

func nonEmpty(path string, msgs []sdk.Msg) ([]sdk.Msg, error) {
	if len(msgs) == 0 {
		return nil, fmt.Errorf("%s: no messages", path)
	}
	return msgs, nil
}
