package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/creachadair/tomledit"
	"github.com/creachadair/tomledit/parser"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
)

// configFiles maps the names users type to the files under <home>/config.
var configFiles = map[string]string{
	"client": "client.toml",
	"app":    "app.toml",
	"comet":  "config.toml",
}

// configCommand edits the node's TOML files in place, keeping comments:
//
//	ballastd config get app minimum-gas-prices
//	ballastd config set client chain-id ballast-local-1
//	ballastd config set comet consensus.timeout_commit 1s
//	ballastd config view client
func configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Read and edit client.toml, app.toml and config.toml (comet)",
		Long: `Read and edit the TOML files under <home>/config, keeping their comments.
FILE is one of: client (client.toml), app (app.toml), comet (config.toml).
KEY is a dotted path, e.g. api.enable or consensus.timeout_commit.`,
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:     "get FILE KEY",
			Short:   "Print the value of KEY in FILE",
			Example: "ballastd config get app minimum-gas-prices",
			Args:    cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				doc, _, err := loadConfigDoc(cmd, args[0])
				if err != nil {
					return err
				}
				entry, err := findEntry(doc, args[1])
				if err != nil {
					return err
				}
				cmd.Println(entry.Value.String())
				return nil
			},
		},
		&cobra.Command{
			Use:     "set FILE KEY VALUE",
			Short:   "Set KEY in FILE to VALUE (a key that exists already; type checked)",
			Example: "ballastd config set client chain-id ballast-local-1\nballastd config set app api.enable true",
			Args:    cobra.ExactArgs(3),
			RunE: func(cmd *cobra.Command, args []string) error {
				doc, path, err := loadConfigDoc(cmd, args[0])
				if err != nil {
					return err
				}
				entry, err := findEntry(doc, args[1])
				if err != nil {
					return err
				}
				val, err := tomlValueLike(entry.Value, args[2])
				if err != nil {
					return fmt.Errorf("%s: %w", args[1], err)
				}
				entry.Value = val
				var buf bytes.Buffer
				if err := tomledit.Format(&buf, doc); err != nil {
					return err
				}
				return os.WriteFile(path, buf.Bytes(), 0o600)
			},
		},
		&cobra.Command{
			Use:     "view FILE",
			Short:   "Print FILE",
			Example: "ballastd config view client",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				_, path, err := loadConfigDoc(cmd, args[0])
				if err != nil {
					return err
				}
				bz, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(bz)
				return err
			},
		},
	)
	return cmd
}

func loadConfigDoc(cmd *cobra.Command, file string) (*tomledit.Document, string, error) {
	name, ok := configFiles[file]
	if !ok {
		return nil, "", fmt.Errorf("unknown config file %q: use client, app or comet", file)
	}
	clientCtx := client.GetClientContextFromCmd(cmd)
	path := filepath.Join(clientCtx.HomeDir, "config", name)
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w (run `ballastd init` first or pass --home)", path, err)
	}
	defer func() { _ = f.Close() }()
	doc, err := tomledit.Parse(f)
	if err != nil {
		return nil, "", fmt.Errorf("parsing %s: %w", path, err)
	}
	return doc, path, nil
}

func findEntry(doc *tomledit.Document, key string) (*tomledit.Entry, error) {
	k, err := parser.ParseKey(key)
	if err != nil {
		return nil, fmt.Errorf("bad key %q: %w", key, err)
	}
	entry := doc.First(k...)
	if entry == nil || !entry.IsMapping() {
		return nil, fmt.Errorf("key %q not found", key)
	}
	return entry, nil
}

// tomlValueLike parses raw as a value of the same TOML kind as old: a quoted
// string stays a string (raw needs no quotes), a bool stays a bool, a number a
// number. A value of another kind is an error, so `set` cannot silently turn
// `enable = true` into `enable = "yes"`.
func tomlValueLike(old parser.Value, raw string) (parser.Value, error) {
	oldText := old.X.String()
	switch {
	case strings.HasPrefix(oldText, `"`) || strings.HasPrefix(oldText, `'`):
		return parser.ParseValue(strconv.Quote(raw))
	case oldText == "true" || oldText == "false":
		if _, err := strconv.ParseBool(raw); err != nil {
			return parser.Value{}, fmt.Errorf("want true or false, got %q", raw)
		}
		return parser.ParseValue(strings.ToLower(raw))
	default:
		v, err := parser.ParseValue(raw)
		if err != nil {
			return parser.Value{}, fmt.Errorf("not a TOML value: %q", raw)
		}
		if isNumber(oldText) && !isNumber(v.X.String()) {
			return parser.Value{}, fmt.Errorf("want a number, got %q", raw)
		}
		return v, nil
	}
}

func isNumber(s string) bool {
	_, errI := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, 64)
	_, errF := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	return errI == nil || errF == nil
}
