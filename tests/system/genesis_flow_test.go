package system

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// The chain starts from the plain operator flow: init, keys add,
// add-genesis-account, gentx, collect-gentxs, validate, start. Ports are set
// with `ballastd config set`, which the test exercises along the way.
func TestNodeStartsFromInitAndCollectGentxs(t *testing.T) {
	skipIfShort(t)
	root := filepath.Join(t.TempDir(), "net")
	home := filepath.Join(root, "node0")
	offset := systest.FreePortOffset(t, 1)
	net := systest.Attach(t, root, 1, offset)
	p := net.Ports(0)
	const chainID = "ballast-flow-1"

	steps := [][]string{
		{"init", "flow-node", "--chain-id", chainID},
		{"keys", "add", "operator", "--keyring-backend", "test"},
		{"genesis", "add-genesis-account", "operator", "100000000000ubal,5000uatom", "--keyring-backend", "test"},
		{"genesis", "gentx", "operator", "1000000000ubal", "--chain-id", chainID, "--keyring-backend", "test"},
		{"genesis", "collect-gentxs"},
		{"genesis", "validate"},
		{"config", "set", "comet", "rpc.laddr", p.RPCURL()},
		{"config", "set", "comet", "p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", p.P2P)},
		{"config", "set", "comet", "proxy_app", fmt.Sprintf("tcp://127.0.0.1:%d", p.ABCI)},
		{"config", "set", "comet", "rpc.pprof_laddr", fmt.Sprintf("127.0.0.1:%d", p.PProf)},
		{"config", "set", "comet", "consensus.timeout_commit", "500ms"},
		{"config", "set", "app", "grpc.address", p.GRPCAddr()},
		{"config", "set", "app", "api.address", fmt.Sprintf("tcp://127.0.0.1:%d", p.API)},
	}
	for _, args := range steps {
		res := systest.Run(t, net.Bin, append(args, "--home", home)...)
		require.Zerof(t, res.ExitCode, "ballastd %v: %s", args, res.Stderr)
	}

	genesis, err := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
	require.NoError(t, err)
	require.Contains(t, string(genesis), `"bond_denom": "ubal"`, "default genesis must stake ubal")

	net.Start(0)
	net.WaitHeight(3, 60*time.Second)
}

// Bad values to `ballastd config set` change nothing.
func TestConfigSetRejectsValuesOfTheWrongKind(t *testing.T) {
	skipIfShort(t)
	home := t.TempDir()
	bin := systest.Binary(t)
	res := systest.Run(t, bin, "init", "n", "--chain-id", "x-1", "--home", home)
	require.Zero(t, res.ExitCode, res.Stderr)
	before, err := os.ReadFile(filepath.Join(home, "config", "app.toml"))
	require.NoError(t, err)

	for _, args := range [][]string{
		{"config", "set", "app", "api.enable", "yes"},
		{"config", "set", "app", "no-such-key", "1"},
		{"config", "set", "nosuchfile", "a", "1"},
		{"config", "set", "app", "halt-height", "many"},
	} {
		res := systest.Run(t, bin, append(args, "--home", home)...)
		require.NotZerof(t, res.ExitCode, "ballastd %v must fail", args)
		require.Contains(t, res.Stderr, "Error:")
	}
	after, err := os.ReadFile(filepath.Join(home, "config", "app.toml"))
	require.NoError(t, err)
	require.Equal(t, string(before), string(after))

	res = systest.Run(t, bin, "config", "get", "app", "minimum-gas-prices", "--home", home)
	require.Zero(t, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, "0.0025ubal")
}
