package cmd

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmttime "github.com/cometbft/cometbft/types/time"
	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	srvconfig "github.com/cosmos/cosmos-sdk/server/config"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
)

const (
	flagValidators     = "validators"
	flagOutputDir      = "output-dir"
	flagAccounts       = "accounts"
	flagAccountCoins   = "account-coins"
	flagValidatorCoins = "validator-coins"
	flagSelfBond       = "self-bond"
	flagVotingPeriod   = "voting-period"
	flagTimeoutCommit  = "timeout-commit"
	flagPortOffset     = "port-offset"
	maxTestnetNodes    = 32
)

// NewTestnetCmd groups the commands that set up local multi-validator networks.
func NewTestnetCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Set up local multi-validator networks",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(testnetInitFilesCmd(basics))
	return cmd
}

type testnetArgs struct {
	validators     int
	outputDir      string
	chainID        string
	keyringBackend string
	accounts       []string
	accountCoins   sdk.Coins
	validatorCoins sdk.Coins
	selfBond       sdk.Coin
	votingPeriod   time.Duration
	timeoutCommit  time.Duration
	portOffset     int
	minGasPrices   string
}

func testnetInitFilesCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init-files",
		Short: "Write the homes, keys and genesis of an N-validator network on 127.0.0.1",
		Long: `init-files writes everything an N-validator network on this machine needs:

  <output-dir>/node<i>/         home of validator i (config, genesis, node and validator keys)
  <output-dir>/config/client.toml  client config (chain-id, test keyring, node0's RPC)
  <output-dir>/keyring-test/    one keyring with keys val0..valN-1 and the --accounts keys
  <output-dir>/gentxs/          the genesis transactions

Node i listens on the default ports shifted by i*10 (+ --port-offset):
p2p 26656, rpc 26657, abci 26658, prometheus 26660, grpc 9090, api 1317, pprof 6060.
Start node i with: ballastd start --home <output-dir>/node<i>`,
		Example: `ballastd testnet init-files --validators 4 --output-dir ./.localnet
ballastd testnet init-files --validators 1 --accounts alice,bob --voting-period 20s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			args, err := readTestnetArgs(cmd)
			if err != nil {
				return err
			}
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			if err := initTestnetFiles(cmd, clientCtx, basics, args); err != nil {
				return err
			}
			cmd.PrintErrf("initialised %d validator home(s) in %s (chain-id %s)\n", args.validators, args.outputDir, args.chainID)
			return nil
		},
	}
	f := cmd.Flags()
	f.Int(flagValidators, 4, "number of validators (1-32)")
	f.StringP(flagOutputDir, "o", "./.localnet", "directory for the network; must not exist yet")
	f.String(flags.FlagChainID, app.LocalChainID, "chain-id")
	f.String(flags.FlagKeyringBackend, keyring.BackendTest, "keyring backend of the network keyring (test|file)")
	f.StringSlice(flagAccounts, localnet.DefaultUsers, "user keys to create and fund (comma separated)")
	f.String(flagAccountCoins, localnet.DefaultUserCoins, "coins each user account receives")
	f.String(flagValidatorCoins, localnet.DefaultValidatorCoins, "coins each validator account receives")
	f.String(flagSelfBond, localnet.DefaultSelfBond, "each validator's self-delegation")
	f.Duration(flagVotingPeriod, 30*time.Second, "governance voting period")
	f.Duration(flagTimeoutCommit, time.Second, "CometBFT timeout_commit (sets the block time)")
	f.Int(flagPortOffset, 0, "added to every port (run a second network beside a first)")
	f.String("minimum-gas-prices", app.DefaultMinGasPrices, "each node's minimum gas prices")
	return cmd
}

func readTestnetArgs(cmd *cobra.Command) (testnetArgs, error) {
	f := cmd.Flags()
	var a testnetArgs
	var err error
	a.validators, _ = f.GetInt(flagValidators)
	a.outputDir, _ = f.GetString(flagOutputDir)
	a.chainID, _ = f.GetString(flags.FlagChainID)
	a.keyringBackend, _ = f.GetString(flags.FlagKeyringBackend)
	a.accounts, _ = f.GetStringSlice(flagAccounts)
	a.votingPeriod, _ = f.GetDuration(flagVotingPeriod)
	a.timeoutCommit, _ = f.GetDuration(flagTimeoutCommit)
	a.portOffset, _ = f.GetInt(flagPortOffset)
	a.minGasPrices, _ = f.GetString("minimum-gas-prices")

	if a.validators < 1 || a.validators > maxTestnetNodes {
		return a, fmt.Errorf("--%s must be between 1 and %d, got %d", flagValidators, maxTestnetNodes, a.validators)
	}
	if a.chainID == "" {
		return a, fmt.Errorf("--%s must not be empty", flags.FlagChainID)
	}
	if a.keyringBackend != keyring.BackendTest && a.keyringBackend != keyring.BackendFile {
		return a, fmt.Errorf("--%s must be test or file, got %q", flags.FlagKeyringBackend, a.keyringBackend)
	}
	if a.portOffset < 0 || a.portOffset+maxTestnetNodes*localnet.PortStep+26660 > 65535 {
		return a, fmt.Errorf("--%s %d puts ports outside 1-65535", flagPortOffset, a.portOffset)
	}
	if a.timeoutCommit <= 0 {
		return a, fmt.Errorf("--%s must be positive", flagTimeoutCommit)
	}
	seen := map[string]bool{}
	for _, name := range a.accounts {
		if name == "" || strings.HasPrefix(name, "val") || seen[name] {
			return a, fmt.Errorf("--%s: %q is empty, reserved (val*) or repeated", flagAccounts, name)
		}
		seen[name] = true
	}
	if _, err := sdk.ParseDecCoins(a.minGasPrices); err != nil {
		return a, fmt.Errorf("--minimum-gas-prices: %w", err)
	}
	if a.accountCoins, err = parseCoinsFlag(f.Lookup(flagAccountCoins).Value.String(), flagAccountCoins); err != nil {
		return a, err
	}
	if a.validatorCoins, err = parseCoinsFlag(f.Lookup(flagValidatorCoins).Value.String(), flagValidatorCoins); err != nil {
		return a, err
	}
	if a.selfBond, err = sdk.ParseCoinNormalized(f.Lookup(flagSelfBond).Value.String()); err != nil {
		return a, fmt.Errorf("--%s: %w", flagSelfBond, err)
	}
	if a.selfBond.Denom != app.BondDenom || !a.selfBond.IsPositive() {
		return a, fmt.Errorf("--%s must be a positive amount of %s, got %s", flagSelfBond, app.BondDenom, a.selfBond)
	}
	if a.validatorCoins.AmountOf(app.BondDenom).LT(a.selfBond.Amount) {
		return a, fmt.Errorf("--%s (%s) holds less %s than --%s (%s)", flagValidatorCoins, a.validatorCoins, app.BondDenom, flagSelfBond, a.selfBond)
	}
	if _, err := os.Stat(a.outputDir); err == nil {
		return a, fmt.Errorf("%s already exists: remove it or choose another --%s", a.outputDir, flagOutputDir)
	}
	if err := (localnet.GenesisOptions{VotingPeriod: a.votingPeriod}).Validate(); err != nil {
		return a, fmt.Errorf("--%s: %w", flagVotingPeriod, err)
	}
	return a, nil
}

func parseCoinsFlag(s, name string) (sdk.Coins, error) {
	coins, err := sdk.ParseCoinsNormalized(s)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	if coins.Empty() {
		return nil, fmt.Errorf("--%s must not be empty", name)
	}
	return coins, nil
}

// node is what init-files learns about one validator before genesis exists.
type node struct {
	moniker string
	home    string
	cfg     *cmtcfg.Config
	id      string
	pubKey  cryptotypes.PubKey
}

func initTestnetFiles(cmd *cobra.Command, clientCtx client.Context, basics module.BasicManager, a testnetArgs) (err error) {
	if err := os.MkdirAll(a.outputDir, 0o755); err != nil {
		return err
	}
	// Leave nothing half-written behind on failure.
	defer func() {
		if err != nil {
			_ = os.RemoveAll(a.outputDir)
		}
	}()

	kr, err := keyring.New(sdk.KeyringServiceName(), a.keyringBackend, a.outputDir, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
	if err != nil {
		return err
	}
	gentxDir := filepath.Join(a.outputDir, "gentxs")
	var (
		nodes    []node
		accounts []authtypes.GenesisAccount
		balances []banktypes.Balance
	)
	addAccount := func(name string, coins sdk.Coins) (sdk.AccAddress, error) {
		rec, _, err := kr.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
		if err != nil {
			return nil, fmt.Errorf("creating key %s: %w", name, err)
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, authtypes.NewBaseAccount(addr, nil, 0, 0))
		balances = append(balances, banktypes.Balance{Address: addr.String(), Coins: coins})
		return addr, nil
	}

	for i := 0; i < a.validators; i++ {
		n := node{moniker: fmt.Sprintf("node%d", i), home: filepath.Join(a.outputDir, fmt.Sprintf("node%d", i))}
		n.cfg = nodeCometConfig(n.home, n.moniker, localnet.NodePorts(i, a.portOffset), a.timeoutCommit)
		if err := os.MkdirAll(filepath.Join(n.home, "config"), 0o755); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(n.home, "data"), 0o755); err != nil {
			return err
		}
		if n.id, n.pubKey, err = genutil.InitializeNodeValidatorFiles(n.cfg); err != nil {
			return err
		}
		addr, err := addAccount(fmt.Sprintf("val%d", i), a.validatorCoins)
		if err != nil {
			return err
		}
		memo := fmt.Sprintf("%s@127.0.0.1:%d", n.id, localnet.NodePorts(i, a.portOffset).P2P)
		if err := writeGentx(cmd, clientCtx, kr, a, n, addr, memo, filepath.Join(gentxDir, n.moniker+".json")); err != nil {
			return err
		}
		if err := writeAppConfig(n.home, localnet.NodePorts(i, a.portOffset), a.minGasPrices); err != nil {
			return err
		}
		nodes = append(nodes, n)
	}
	for _, name := range a.accounts {
		if _, err := addAccount(name, a.accountCoins); err != nil {
			return err
		}
	}

	genState := basics.DefaultGenesis(clientCtx.Codec)
	if err := setAccounts(clientCtx, genState, accounts, balances); err != nil {
		return err
	}
	if err := localnet.ApplyGenesisDefaults(clientCtx.Codec, genState, localnet.GenesisOptions{VotingPeriod: a.votingPeriod}); err != nil {
		return err
	}
	appStateJSON, err := json.MarshalIndent(genState, "", "  ")
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := genutiltypes.NewAppGenesisWithVersion(a.chainID, appStateJSON).SaveAs(n.cfg.GenesisFile()); err != nil {
			return err
		}
	}
	if err := collectGentxs(clientCtx, a.chainID, gentxDir, nodes); err != nil {
		return err
	}
	return writeClientConfig(a.outputDir, a.chainID, a.keyringBackend, localnet.NodePorts(0, a.portOffset).RPCURL())
}

// nodeCometConfig is config.toml of one node on loopback.
func nodeCometConfig(home, moniker string, p localnet.Ports, timeoutCommit time.Duration) *cmtcfg.Config {
	cfg := initCometBFTConfig()
	cfg.SetRoot(home)
	cfg.Moniker = moniker
	cfg.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", p.P2P)
	cfg.P2P.AllowDuplicateIP = true // every peer is 127.0.0.1
	cfg.P2P.AddrBookStrict = false  // loopback addresses are not routable
	cfg.RPC.ListenAddress = p.RPCURL()
	cfg.RPC.PprofListenAddress = fmt.Sprintf("127.0.0.1:%d", p.PProf)
	cfg.ProxyApp = fmt.Sprintf("tcp://127.0.0.1:%d", p.ABCI)
	cfg.Instrumentation.Prometheus = true
	cfg.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", p.Prometheus)
	cfg.Consensus.TimeoutCommit = timeoutCommit
	return cfg
}

// LocalnetIndexEvents are the event attributes a local node indexes for
// `q txs --query`, besides tx.hash and tx.height (always indexed): the
// searches "my transactions" and "transactions of this type". Indexing
// every attribute (app.toml's default, index-events = []) cost a loaded
// node 20-25% of its throughput within five minutes: each flush of
// tx_index.db's level 0 rewrote its whole level 1, which grows with every
// block (docs/BENCHMARKS.md). A node that must search more sets its own list.
var LocalnetIndexEvents = []string{"message.action", "message.sender"}

func writeAppConfig(home string, p localnet.Ports, minGasPrices string) error {
	tmpl, cfgAny := initAppConfig()
	cfg, ok := cfgAny.(AppConfig)
	if !ok {
		return errors.New("unexpected app config type")
	}
	cfg.MinGasPrices = minGasPrices
	cfg.IndexEvents = LocalnetIndexEvents
	cfg.API.Address = fmt.Sprintf("tcp://127.0.0.1:%d", p.API)
	cfg.GRPC.Address = p.GRPCAddr()
	cfg.Oracle.FeederAddress = p.FeederAddr()
	srvconfig.SetConfigTemplate(tmpl)
	srvconfig.WriteConfigFile(filepath.Join(home, "config", "app.toml"), cfg)
	return nil
}

func writeGentx(cmd *cobra.Command, clientCtx client.Context, kr keyring.Keyring, a testnetArgs, n node, addr sdk.AccAddress, memo, path string) error {
	valAddr, err := clientCtx.TxConfig.SigningContext().ValidatorAddressCodec().BytesToString(addr)
	if err != nil {
		return err
	}
	msg, err := stakingtypes.NewMsgCreateValidator(valAddr, n.pubKey, a.selfBond,
		stakingtypes.NewDescription(n.moniker, "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(10, 2), sdkmath.LegacyNewDecWithPrec(20, 2), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	if err != nil {
		return err
	}
	txBuilder := clientCtx.TxConfig.NewTxBuilder()
	if err := txBuilder.SetMsgs(msg); err != nil {
		return err
	}
	txBuilder.SetMemo(memo)
	txf := tx.Factory{}.WithChainID(a.chainID).WithMemo(memo).WithKeybase(kr).WithTxConfig(clientCtx.TxConfig)
	keyName := "val" + strings.TrimPrefix(n.moniker, "node")
	if err := tx.Sign(cmd.Context(), txf, keyName, txBuilder, true); err != nil {
		return err
	}
	bz, err := clientCtx.TxConfig.TxJSONEncoder()(txBuilder.GetTx())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, bz, 0o600)
}

func setAccounts(clientCtx client.Context, genState app.GenesisState, accounts []authtypes.GenesisAccount, balances []banktypes.Balance) error {
	cdc := clientCtx.Codec
	var authGen authtypes.GenesisState
	if err := cdc.UnmarshalJSON(genState[authtypes.ModuleName], &authGen); err != nil {
		return err
	}
	packed, err := authtypes.PackAccounts(accounts)
	if err != nil {
		return err
	}
	authGen.Accounts = packed
	if genState[authtypes.ModuleName], err = cdc.MarshalJSON(&authGen); err != nil {
		return err
	}

	var bankGen banktypes.GenesisState
	if err := cdc.UnmarshalJSON(genState[banktypes.ModuleName], &bankGen); err != nil {
		return err
	}
	bankGen.Balances = banktypes.SanitizeGenesisBalances(balances)
	bankGen.Supply = sdk.NewCoins()
	for _, b := range bankGen.Balances {
		bankGen.Supply = bankGen.Supply.Add(b.Coins...)
	}
	genState[banktypes.ModuleName], err = cdc.MarshalJSON(&bankGen)
	return err
}

// collectGentxs puts every gentx into every node's genesis, fills in each
// node's persistent peers, and gives all nodes one genesis time.
func collectGentxs(clientCtx client.Context, chainID, gentxDir string, nodes []node) error {
	var appState json.RawMessage
	genTime := cmttime.Now()
	valCodec := clientCtx.TxConfig.SigningContext().ValidatorAddressCodec()
	for _, n := range nodes {
		initCfg := genutiltypes.NewInitConfig(chainID, gentxDir, n.id, n.pubKey)
		appGenesis, err := genutiltypes.AppGenesisFromFile(n.cfg.GenesisFile())
		if err != nil {
			return err
		}
		nodeAppState, err := genutil.GenAppStateFromConfig(clientCtx.Codec, clientCtx.TxConfig, n.cfg, initCfg, appGenesis,
			banktypes.GenesisBalancesIterator{}, genutiltypes.DefaultMessageValidator, valCodec)
		if err != nil {
			return fmt.Errorf("%s: %w", n.moniker, err)
		}
		if appState == nil {
			appState = nodeAppState
		}
		final := genutiltypes.NewAppGenesisWithVersion(chainID, appState)
		final.GenesisTime = genTime
		final.Consensus.Params = localnet.ConsensusParams()
		if err := final.SaveAs(n.cfg.GenesisFile()); err != nil {
			return err
		}
	}
	return nil
}

const clientTomlTemplate = `# Client configuration of a local Ballast network (written by ballastd testnet init-files).
chain-id = %q
keyring-backend = %q
keyring-default-keyname = ""
output = "text"
node = %q
broadcast-mode = "sync"
`

func writeClientConfig(dir, chainID, keyringBackend, node string) error {
	if err := os.MkdirAll(filepath.Join(dir, "config"), 0o755); err != nil {
		return err
	}
	body := fmt.Sprintf(clientTomlTemplate, chainID, keyringBackend, node)
	return os.WriteFile(filepath.Join(dir, "config", "client.toml"), []byte(body), 0o600)
}
