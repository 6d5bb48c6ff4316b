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

	"github.com/ballast-chain/ballast/localnet"
)

// EnvBinary names the ballastd binary under test; `make test` sets it.
const EnvBinary = "BALLASTD_BIN"

var buildOnce struct {
	sync.Once
	path string
	err  error
}

// Binary returns the ballastd to test: $BALLASTD_BIN, or one built once per
// test process from this checkout.
func Binary(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv(EnvBinary); p != "" {
		abs, err := filepath.Abs(p)
		require.NoError(tb, err)
		require.FileExists(tb, abs, "%s points to a missing binary", EnvBinary)
		return abs
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ballastd-systest-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "ballastd")
		root, err := moduleRoot()
		if err != nil {
			buildOnce.err = err
			return
		}
		cmd := exec.Command("go", "build", "-o", buildOnce.path, "./cmd/ballastd")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildOnce.err = fmt.Errorf("building ballastd: %w\n%s", err, out)
		}
	})
	require.NoError(tb, buildOnce.err)
	return buildOnce.path
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
	procs []*proc
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
		procs:      make([]*proc, n),
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
	net := &Network{t: tb, Bin: Binary(tb), Home: home, Validators: n, PortOffset: offset, procs: make([]*proc, n)}
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
		for _, port := range []int{p.P2P, p.RPC, p.ABCI, p.Prometheus, p.GRPC, p.API, p.PProf, p.Feeder, p.FeederMetrics} {
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

// Start starts node i (it must not be running).
func (n *Network) Start(i int) {
	n.t.Helper()
	logf, err := os.OpenFile(n.LogPath(i), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	require.NoError(n.t, err)
	cmd := exec.Command(n.Bin, "start", "--home", n.NodeHome(i), "--log_no_color")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(n.t, cmd.Start())
	p := &proc{cmd: cmd, done: make(chan struct{})}
	n.mu.Lock()
	n.procs[i] = p
	n.mu.Unlock()
	go func() { _ = cmd.Wait(); _ = logf.Close(); close(p.done) }()
}

// Signal sends sig to node i (SIGKILL for a crash, SIGSTOP / SIGCONT to freeze).
func (n *Network) Signal(i int, sig syscall.Signal) {
	n.t.Helper()
	n.mu.Lock()
	p := n.procs[i]
	n.mu.Unlock()
	require.NotNil(n.t, p, "node%d is not running", i)
	require.NoError(n.t, p.cmd.Process.Signal(sig))
	if sig == syscall.SIGKILL {
		<-p.done
		n.mu.Lock()
		n.procs[i] = nil
		n.mu.Unlock()
	}
}

// Stop stops node i gracefully (SIGTERM, then SIGKILL after 20 s).
func (n *Network) Stop(i int) {
	n.mu.Lock()
	p := n.procs[i]
	n.procs[i] = nil
	n.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGCONT) // a frozen node cannot handle SIGTERM
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// StopAll stops every node; it is registered as a test cleanup.
func (n *Network) StopAll() {
	for i := range n.procs {
		n.Stop(i)
	}
	if n.t.Failed() {
		for i := range n.procs {
			n.t.Logf("--- last lines of node%d.log ---\n%s", i, tail(n.LogPath(i), 40))
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
	return n.procs[i] != nil
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
