// Package localnet holds what a local multi-validator network needs beyond a
// plain `ballastd init`: the fixed port layout, the test assets and the
// genesis defaults. `ballastd testnet init-files`, scripts/localnet.sh and the
// system-test harness in testutil all read it from here.
package localnet

import "fmt"

// PortStep separates the ports of consecutive nodes: node i listens on the
// default port + i×PortStep (+ the network's offset). Ten leaves room for the
// four CometBFT ports (26656 p2p, 26657 rpc, 26658 abci, 26660 prometheus).
const PortStep = 10

// Ports are one node's listen ports.
type Ports struct {
	P2P, RPC, ABCI, Prometheus, GRPC, API, PProf int
	// Feeder is the node's ballast-pricefeeder gRPC port; FeederMetrics its
	// Prometheus and health port.
	Feeder, FeederMetrics int
	// Liquidator is the metrics and health port of a liquidator beside the node.
	Liquidator int
}

// NodePorts returns the ports of node i of a network shifted by offset (0 for
// `make localnet`; tests use a large offset to stay clear of a running localnet).
func NodePorts(i, offset int) Ports {
	d := offset + i*PortStep
	return Ports{
		P2P:           26656 + d,
		RPC:           26657 + d,
		ABCI:          26658 + d,
		Prometheus:    26660 + d,
		GRPC:          9090 + d,
		API:           1317 + d,
		PProf:         6060 + d,
		Feeder:        7171 + d,
		FeederMetrics: 7172 + d,
		Liquidator:    9464 + d,
	}
}

// RPCURL is the CometBFT RPC address a client passes as --node.
func (p Ports) RPCURL() string { return fmt.Sprintf("tcp://127.0.0.1:%d", p.RPC) }

// GRPCAddr is the gRPC address (host:port).
func (p Ports) GRPCAddr() string { return fmt.Sprintf("127.0.0.1:%d", p.GRPC) }

// FeederAddr is the price feeder's gRPC address (host:port).
func (p Ports) FeederAddr() string { return fmt.Sprintf("127.0.0.1:%d", p.Feeder) }

// APIURL is the REST base URL.
func (p Ports) APIURL() string { return fmt.Sprintf("http://127.0.0.1:%d", p.API) }
