// Package systest drives real ballastd binaries on loopback: it lays out an
// N-validator network with `ballastd testnet init-files`, starts, kills and
// restarts node processes, and runs CLI commands against them. Module issues
// reuse it for their end-to-end tests.
package systest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
)

// Environment variables naming the binaries under test; `make test` sets them.
const (
	EnvBinary       = "BALLASTD_BIN"
	EnvFeederBinary = "BALLAST_PRICEFEEDER_BIN"
	EnvLiquidator   = "BALLAST_LIQUIDATOR_BIN"
	EnvLoadgen      = "BALLAST_LOADGEN_BIN"
)

// built caches binaries built by this test process, by command name.
var built = struct {
	sync.Mutex
	paths map[string]string
}{paths: map[string]string{}}

// Binary returns the ballastd to test: $BALLASTD_BIN, or one built once per
// test process from this checkout.
func Binary(tb testing.TB) string { return binary(tb, EnvBinary, "ballastd") }

// FeederBinary returns the ballast-pricefeeder to test.
func FeederBinary(tb testing.TB) string { return binary(tb, EnvFeederBinary, "ballast-pricefeeder") }

// LiquidatorBinary returns the ballast-liquidator to test.
func LiquidatorBinary(tb testing.TB) string { return binary(tb, EnvLiquidator, "ballast-liquidator") }

// LoadgenBinary returns the ballast-loadgen to test.
func LoadgenBinary(tb testing.TB) string { return binary(tb, EnvLoadgen, "ballast-loadgen") }

func binary(tb testing.TB, env, name string) string {
	tb.Helper()
	if p := os.Getenv(env); p != "" {
		abs, err := filepath.Abs(p)
		require.NoError(tb, err)
		require.FileExists(tb, abs, "%s points to a missing binary", env)
		return abs
	}
	built.Lock()
	defer built.Unlock()
	if p, ok := built.paths[name]; ok {
		return p
	}
	dir, err := os.MkdirTemp("", name+"-systest-")
	require.NoError(tb, err)
	root, err := moduleRoot()
	require.NoError(tb, err)
	path := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", path, "./cmd/"+name)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(tb, err, "building %s: %s", name, out)
	built.paths[name] = path
	return path
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// Network is a local network of real ballastd processes.
type Network struct {
	t          testing.TB
	Bin        string
	Home       string
	Validators int
	PortOffset int

	mu    sync.Mutex
	procs map[string]*proc // "node0", "feeder0", ...
}

// proc is a started node process; done closes when it has exited.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// NewNetwork lays out (but does not start) an n-validator network in a temp
// dir, on ports clear of a running `make localnet` and of other tests.
// Extra arguments go to `ballastd testnet init-files`.
func NewNetwork(tb testing.TB, n int, initArgs ...string) *Network {
	tb.Helper()
	net := &Network{
		t:          tb,
		Bin:        Binary(tb),
		Home:       filepath.Join(tb.TempDir(), "net"),
		Validators: n,
		PortOffset: freePortOffset(tb, n),
		procs:      map[string]*proc{},
	}
	args := append([]string{
		"testnet", "init-files",
		"--validators", strconv.Itoa(n),
		"--output-dir", net.Home,
		"--port-offset", strconv.Itoa(net.PortOffset),
		"--timeout-commit", "500ms",
	}, initArgs...)
	out, err := exec.Command(net.Bin, args...).CombinedOutput()
	require.NoError(tb, err, "init-files: %s", out)
	tb.Cleanup(net.StopAll)
	return net
}

// Attach wraps node homes laid out by other means (home/node<i>, ports at
// offset) so tests can start and query them like a NewNetwork network.
func Attach(tb testing.TB, home string, n, offset int) *Network {
	tb.Helper()
	net := &Network{t: tb, Bin: Binary(tb), Home: home, Validators: n, PortOffset: offset, procs: map[string]*proc{}}
	tb.Cleanup(net.StopAll)
	return net
}

// FreePortOffset finds a port offset at which an n-node network fits.
func FreePortOffset(tb testing.TB, n int) int { return freePortOffset(tb, n) }

// freePortOffset finds an offset at which every port of an n-node network is free.
func freePortOffset(tb testing.TB, n int) int {
	tb.Helper()
	start := 20000 + (os.Getpid()%40)*400
	for k := 0; k < 40; k++ {
		offset := 20000 + (start-20000+k*400)%16000
		if portsFree(n, offset) {
			return offset
		}
	}
	tb.Fatalf("no free port range for a %d-node network", n)
	return 0
}

func portsFree(n, offset int) bool {
	for i := 0; i < n; i++ {
		p := localnet.NodePorts(i, offset)
		for _, port := range []int{p.P2P, p.RPC, p.ABCI, p.Prometheus, p.GRPC, p.API, p.PProf, p.Feeder, p.FeederMetrics, p.Liquidator} {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				return false
			}
			_ = l.Close()
		}
	}
	return true
}

// NodeHome is the home directory of node i.
func (n *Network) NodeHome(i int) string { return filepath.Join(n.Home, fmt.Sprintf("node%d", i)) }

// Ports are node i's ports.
func (n *Network) Ports(i int) localnet.Ports { return localnet.NodePorts(i, n.PortOffset) }

// LogPath is where node i's output goes.
func (n *Network) LogPath(i int) string { return filepath.Join(n.Home, fmt.Sprintf("node%d.log", i)) }

// StartAll starts every node and waits until all of them have committed height 2.
func (n *Network) StartAll() {
	n.t.Helper()
	for i := 0; i < n.Validators; i++ {
		n.Start(i)
	}
	n.WaitHeight(2, 90*time.Second)
}

// StartAllWithFeeders starts every node with its price feeder and waits for height 2.
func (n *Network) StartAllWithFeeders() {
	n.t.Helper()
	for i := 0; i < n.Validators; i++ {
		n.StartFeeder(i)
	}
	n.StartAll()
}

// BlockEvents returns the types of the finalize-block events of height h
// (begin/end block and pre-block events, not transaction events).
func (n *Network) BlockEvents(i int, h int64) []string {
	n.t.Helper()
	var res struct {
		Events []struct {
			Type string `json:"type"`
		} `json:"finalize_block_events"`
	}
	require.NoError(n.t, n.rpc(i, fmt.Sprintf("/block_results?height=%d", h), &res))
	out := make([]string, 0, len(res.Events))
	for _, e := range res.Events {
		out = append(out, e.Type)
	}
	return out
}

// TxEvents returns the event types of height h's successful transactions
// and of the block itself (where the chain's own liquidations report).
func (n *Network) TxEvents(i int, h int64) []string {
	n.t.Helper()
	type event struct {
		Type string `json:"type"`
	}
	var res struct {
		Txs []struct {
			Code   uint32  `json:"code"`
			Events []event `json:"events"`
		} `json:"txs_results"`
		Block []event `json:"finalize_block_events"`
	}
	require.NoError(n.t, n.rpc(i, fmt.Sprintf("/block_results?height=%d", h), &res))
	var out []string
	for _, tx := range res.Txs {
		if tx.Code != 0 {
			continue
		}
		for _, e := range tx.Events {
			out = append(out, e.Type)
		}
	}
	for _, e := range res.Block {
		out = append(out, e.Type)
	}
	return out
}

// Start starts node i (it must not be running).
func (n *Network) Start(i int) {
	n.t.Helper()
	n.startProc(fmt.Sprintf("node%d", i), n.LogPath(i), n.Bin, "start", "--home", n.NodeHome(i), "--log_no_color")
}

// StartFeeder starts node i's price feeder (simulated provider), writing
// its default config on first use.
func (n *Network) StartFeeder(i int) {
	n.t.Helper()
	bin := FeederBinary(n.t)
	cfg := filepath.Join(n.NodeHome(i), "feeder.toml")
	if _, err := os.Stat(cfg); err != nil {
		p := n.Ports(i)
		res := Run(n.t, bin, "config", "default", "--grpc", p.FeederAddr(),
			"--http", fmt.Sprintf("127.0.0.1:%d", p.FeederMetrics), "--noise-seed", strconv.Itoa(i+1))
		require.Zero(n.t, res.ExitCode, res.Stderr)
		require.NoError(n.t, os.WriteFile(cfg, []byte(res.Stdout), 0o600))
	}
	n.startProc(fmt.Sprintf("feeder%d", i), filepath.Join(n.Home, fmt.Sprintf("feeder%d.log", i)), bin, "start", "--config", cfg)
}

// StartLiquidator starts a liquidator beside node0 with the `liquidator`
// key, its default config with the network's addresses and the given
// lines replacing the default ones by key (e.g. "max_per_block = 500").
func (n *Network) StartLiquidator(overrides ...string) {
	n.t.Helper()
	bin := LiquidatorBinary(n.t)
	cfg := filepath.Join(n.Home, "liquidator.toml")
	if _, err := os.Stat(cfg); err != nil {
		res := Run(n.t, bin, "config", "default")
		require.Zero(n.t, res.ExitCode, res.Stderr)
		p := n.Ports(0)
		lines := strings.Split(res.Stdout, "\n")
		set := append([]string{
			fmt.Sprintf("grpc_address = %q", fmt.Sprintf("127.0.0.1:%d", p.GRPC)),
			fmt.Sprintf("rpc_address = %q", fmt.Sprintf("http://127.0.0.1:%d", p.RPC)),
			fmt.Sprintf("keyring_dir = %q", n.Home),
			fmt.Sprintf("http_address = %q", fmt.Sprintf("127.0.0.1:%d", p.Liquidator)),
			fmt.Sprintf("chain_id = %q", app.LocalChainID),
		}, overrides...)
		for _, kv := range set {
			key := strings.TrimSpace(strings.SplitN(kv, "=", 2)[0])
			found := false
			for i, l := range lines {
				if strings.HasPrefix(l, key+" ") || strings.HasPrefix(l, key+"=") {
					lines[i], found = kv, true
				}
			}
			require.True(n.t, found, "liquidator config has no key %s", key)
		}
		require.NoError(n.t, os.WriteFile(cfg, []byte(strings.Join(lines, "\n")), 0o600))
	}
	n.startProc("liquidator", filepath.Join(n.Home, "liquidator.log"), bin, "start", "--config", cfg)
}

// KillLiquidator kills the liquidator with SIGKILL (a crash).
func (n *Network) KillLiquidator() {
	n.t.Helper()
	n.mu.Lock()
	p := n.procs["liquidator"]
	delete(n.procs, "liquidator")
	n.mu.Unlock()
	require.NotNil(n.t, p, "the liquidator is not running")
	require.NoError(n.t, p.cmd.Process.Kill())
	<-p.done
}

// LiquidatorURL is the liquidator's metrics and health base URL.
func (n *Network) LiquidatorURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d", n.Ports(0).Liquidator)
}

// LiquidatorLog is the liquidator's log file.
func (n *Network) LiquidatorLog() string { return filepath.Join(n.Home, "liquidator.log") }

// FeederAdmin is node i's feeder admin URL (for `ballast-pricefeeder --admin`).
func (n *Network) FeederAdmin(i int) string {
	return fmt.Sprintf("http://127.0.0.1:%d", n.Ports(i).FeederMetrics)
}

// StopFeeder stops node i's price feeder.
func (n *Network) StopFeeder(i int) { n.stopProc(fmt.Sprintf("feeder%d", i)) }

func (n *Network) startProc(name, logPath, bin string, args ...string) {
	n.t.Helper()
	n.mu.Lock()
	running := n.procs[name] != nil
	n.mu.Unlock()
	require.False(n.t, running, "%s is already running", name)
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	require.NoError(n.t, err)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(n.t, cmd.Start())
	p := &proc{cmd: cmd, done: make(chan struct{})}
	n.mu.Lock()
	n.procs[name] = p
	n.mu.Unlock()
	go func() { _ = cmd.Wait(); _ = logf.Close(); close(p.done) }()
}

// Signal sends sig to node i (SIGKILL for a crash, SIGSTOP / SIGCONT to freeze).
func (n *Network) Signal(i int, sig syscall.Signal) {
	n.t.Helper()
	name := fmt.Sprintf("node%d", i)
	n.mu.Lock()
	p := n.procs[name]
	n.mu.Unlock()
	require.NotNil(n.t, p, "%s is not running", name)
	require.NoError(n.t, p.cmd.Process.Signal(sig))
	if sig == syscall.SIGKILL {
		<-p.done
		n.mu.Lock()
		delete(n.procs, name)
		n.mu.Unlock()
	}
}

// Stop stops node i gracefully (SIGTERM, then SIGKILL after 20 s).
func (n *Network) Stop(i int) { n.stopProc(fmt.Sprintf("node%d", i)) }

func (n *Network) stopProc(name string) {
	n.mu.Lock()
	p := n.procs[name]
	delete(n.procs, name)
	n.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGCONT) // a frozen process cannot handle SIGTERM
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// StopAll stops every process; it is registered as a test cleanup.
func (n *Network) StopAll() {
	n.mu.Lock()
	names := make([]string, 0, len(n.procs))
	for name := range n.procs {
		names = append(names, name)
	}
	n.mu.Unlock()
	for _, name := range names {
		n.stopProc(name)
	}
	if n.t.Failed() {
		for i := 0; i < n.Validators; i++ {
			n.t.Logf("--- last lines of node%d.log ---\n%s", i, tail(n.LogPath(i), 40))
		}
		if _, err := os.Stat(n.LiquidatorLog()); err == nil {
			n.t.Logf("--- last lines of liquidator.log ---\n%s", tail(n.LiquidatorLog(), 40))
		}
	}
}

func tail(path string, lines int) string {
	bz, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(bz), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// rpc GETs a CometBFT RPC path from node i and decodes its "result".
func (n *Network) rpc(i int, path string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	url := fmt.Sprintf("http://127.0.0.1:%d%s", n.Ports(i).RPC, path)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var envelope struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	if len(envelope.Error) > 0 && string(envelope.Error) != "null" {
		return fmt.Errorf("%s: %s", url, envelope.Error)
	}
	return json.Unmarshal(envelope.Result, out)
}

// Height is node i's latest committed height (0 if it does not answer).
func (n *Network) Height(i int) int64 {
	var st struct {
		SyncInfo struct {
			LatestBlockHeight string `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	if err := n.rpc(i, "/status", &st); err != nil {
		return 0
	}
	h, _ := strconv.ParseInt(st.SyncInfo.LatestBlockHeight, 10, 64)
	return h
}

// WaitHeight waits until every running node has committed height h.
func (n *Network) WaitHeight(h int64, timeout time.Duration) {
	n.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		behind := -1
		for i := 0; i < n.Validators; i++ {
			if n.running(i) && n.Height(i) < h {
				behind = i
				break
			}
		}
		if behind < 0 {
			return
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("node%d did not reach height %d within %s (at %d)", behind, h, timeout, n.Height(behind))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (n *Network) running(i int) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.procs[fmt.Sprintf("node%d", i)] != nil
}

// AppHash is the app hash node i recorded in the header of block h (the
// state after block h-1).
func (n *Network) AppHash(i int, h int64) string {
	n.t.Helper()
	var res struct {
		Block struct {
			Header struct {
				AppHash string `json:"app_hash"`
			} `json:"header"`
		} `json:"block"`
	}
	require.NoError(n.t, n.rpc(i, fmt.Sprintf("/block?height=%d", h), &res))
	return res.Block.Header.AppHash
}

// CLIResult is the outcome of one ballastd command.
type CLIResult struct {
	Stdout, Stderr string
	ExitCode       int
}

// CLI runs ballastd with the network's client home and node0's RPC.
func (n *Network) CLI(args ...string) CLIResult {
	n.t.Helper()
	full := append([]string{"--home", n.Home}, args...)
	if needsNode(args) {
		// Flags go before a "--", after which everything is positional.
		nodeFlags := []string{"--node", n.Ports(0).RPCURL()}
		if i := slices.Index(full, "--"); i >= 0 {
			full = slices.Insert(full, i, nodeFlags...)
		} else {
			full = append(full, nodeFlags...)
		}
	}
	return Run(n.t, n.Bin, full...)
}

// needsNode tells commands that talk to a node from those that do not.
func needsNode(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "tx", "q", "query", "status":
		return true
	}
	return false
}

// Run runs bin with args (60 s limit) and returns its output and exit code.
func Run(tb testing.TB, bin string, args ...string) CLIResult {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := CLIResult{Stdout: stdout.String(), Stderr: stderr.String()}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		res.ExitCode = exitErr.ExitCode()
	} else if err != nil {
		tb.Fatalf("running %s %v: %v", bin, args, err)
	}
	return res
}

// Address returns the bech32 address of a key in the network keyring.
func (n *Network) Address(key string) string {
	n.t.Helper()
	res := n.CLI("keys", "show", key, "-a")
	require.Zero(n.t, res.ExitCode, "keys show %s: %s", key, res.Stderr)
	return strings.TrimSpace(res.Stdout)
}
