#!/usr/bin/make -f
# Ballast: build, test, proto, localnet. `make help` lists the targets.

SHELL        := /usr/bin/env bash
BUILDDIR     ?= $(CURDIR)/build
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT       := $(shell git rev-parse HEAD 2>/dev/null)
GO           ?= go
GOLANGCI_VERSION := v2.15.0

ldflags := -X github.com/cosmos/cosmos-sdk/version.Name=ballast \
	-X github.com/cosmos/cosmos-sdk/version.AppName=ballastd \
	-X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
	-X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT)
BUILD_FLAGS := -trimpath -ldflags '$(ldflags)'

BINARIES := ballastd ballast-pricefeeder ballast-liquidator ballast-loadgen

.PHONY: all build install test test-e2e test-unit test-sim test-sim-long test-fuzz test-system bench bench-4 bench-latency bench-micro bench-liquidator proto-gen proto-check lint format \
	localnet localnet-stop localnet-clean demo help

all: build

help:
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## build the binaries into build/
	@mkdir -p $(BUILDDIR)
	$(GO) build $(BUILD_FLAGS) -o $(BUILDDIR)/ $(addprefix ./cmd/,$(BINARIES))

install: ## install the binaries into $GOPATH/bin
	$(GO) install $(BUILD_FLAGS) $(addprefix ./cmd/,$(BINARIES))

test: build ## the test suite (unit, sims, system tests on loopback, 2 s of each fuzz target); what CI runs
	BALLASTD_BIN=$(BUILDDIR)/ballastd BALLAST_PRICEFEEDER_BIN=$(BUILDDIR)/ballast-pricefeeder BALLAST_LIQUIDATOR_BIN=$(BUILDDIR)/ballast-liquidator BALLAST_LOADGEN_BIN=$(BUILDDIR)/ballast-loadgen \
		$(GO) test -count=1 -timeout 25m ./...
	FUZZTIME=2s GO=$(GO) ./scripts/fuzz.sh

test-e2e: build ## the demo's story on real binaries, on 1 and 4 validators (make test runs the 1-validator one)
	BALLAST_E2E_FULL=1 BALLASTD_BIN=$(BUILDDIR)/ballastd BALLAST_PRICEFEEDER_BIN=$(BUILDDIR)/ballast-pricefeeder BALLAST_LIQUIDATOR_BIN=$(BUILDDIR)/ballast-liquidator BALLAST_LOADGEN_BIN=$(BUILDDIR)/ballast-loadgen \
		$(GO) test -count=1 -timeout 30m -run 'TestDemoStory' -v ./tests/system

test-unit: ## unit tests only (no binaries, no network)
	$(GO) test -count=1 -short ./...

test-sim: ## app simulation: every default seed, 200 blocks of 50 txs, invariants and export/import after each run; determinism 3 seeds x 5 runs of 50 blocks (~12 min)
	BALLAST_SIM_ALL_SEEDS=1 $(GO) test ./app -run TestAppSimulation -count=1 -timeout 90m -NumBlocks=200 -BlockSize=50 -Commit=true
	$(GO) test ./app -run TestAppStateDeterminism -count=1 -timeout 60m -NumBlocks=50 -BlockSize=50 -Commit=true -v | grep -E 'app hash|^(ok|FAIL|---)'

test-sim-long: ## seeds 2 and 5, 500 blocks of 100 txs each on goleveldb (every version is kept: memdb would hold them all in RAM), invariants and export/import after each
	BALLAST_SIM_SEEDS=2,5 $(GO) test ./app -run TestAppSimulation -count=1 -timeout 4h -NumBlocks=500 -BlockSize=100 -Commit=true -DBBackend=goleveldb

FUZZTIME ?= 10s
test-fuzz: ## every fuzz target, one at a time, FUZZTIME each (default 10s; FUZZ=regexp picks targets); stops at the first failure
	FUZZTIME=$(FUZZTIME) GO=$(GO) ./scripts/fuzz.sh

bench-liquidator: build ## liquidator figures: screen rate and mirror memory at 1M accounts, initial sync of 100k accounts from a node
	$(GO) test -run XXX -bench . -benchtime 5x ./liquidator
	BALLAST_BENCH_SYNC=1 BALLASTD_BIN=$(BUILDDIR)/ballastd BALLAST_PRICEFEEDER_BIN=$(BUILDDIR)/ballast-pricefeeder \
		$(GO) test -count=1 -timeout 20m -run TestLiquidatorInitialSync100k -v ./tests/system | grep -E 'initial sync|PASS|FAIL|ok'

bench: build ## throughput on a fresh 1-validator localnet: bank, mix, mix, bank (30 s each, pooled); fails below mix/bank 0.70 (about 5 min)
	WORKLOADS=bank,mix,mix,bank DURATION=30s LOADGEN_ARGS="--target-mix-ratio 0.7" ./scripts/bench.sh

bench-4: build ## 4 validators, the lending mix at a steady 170 tx/s for 10 min; fails below 150 tx/s, off a 1 s ±20% median block, or on an app-hash mismatch
	VALIDATORS=4 WORKLOADS=mix RATE=170 DURATION=10m \
		LOADGEN_ARGS="--target-tps 150 --target-block-time 1s --block-time-tolerance 0.2" ./scripts/bench.sh

bench-latency: build ## price-to-liquidation latency: 10k borrowers and 1k vaults, ATOM -20%, with the liquidator and with only the fallback (about 6 min)
	LATENCY_ARGS="--target-p99-blocks 2" ./scripts/bench-latency.sh

bench-micro: ## module benchmarks in one table: per-message and blocker cost at 1k/100k/1M, oracle aggregation, liquidator re-evaluation (~10 min, ~4 GB RAM)
	GO=$(GO) ./scripts/bench-micro.sh

proto-gen: ## regenerate protobuf Go, gateway and OpenAPI code
	./scripts/protocgen.sh

proto-check: ## regenerate and fail if the committed generated code differs
	./scripts/protocgen.sh
	@git diff --exit-code -- '*.pb.go' '*.pb.gw.go' docs/ || \
		(echo "generated code is out of date: run 'make proto-gen' and commit" && exit 1)
	@test -z "$$(git status --porcelain -- '*.pb.go' '*.pb.gw.go' docs/)" || \
		(git status --porcelain -- '*.pb.go' '*.pb.gw.go' docs/; echo "untracked generated files: run 'make proto-gen' and commit" && exit 1)

GOLANGCI := $(BUILDDIR)/tools/golangci-lint
$(GOLANGCI)-$(GOLANGCI_VERSION):
	@mkdir -p $(BUILDDIR)/tools
	GOBIN=$(BUILDDIR)/tools $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)
	@touch $@

lint: $(GOLANGCI)-$(GOLANGCI_VERSION) ## golangci-lint (pinned) with gofumpt and gci
	$(GOLANGCI) run ./...

format: $(GOLANGCI)-$(GOLANGCI_VERSION) ## apply gofumpt and gci
	$(GOLANGCI) fmt ./...

localnet: build ## start a local network in the background (VALIDATORS=N, LOCALNET_HOME=dir)
	BALLASTD=$(BUILDDIR)/ballastd ./scripts/localnet.sh start

demo: ## the narrated story on a running `make localnet` (fresh network; needs jq)
	BALLASTD=$(BUILDDIR)/ballastd ./scripts/demo.sh

localnet-stop: ## stop exactly the processes `make localnet` started
	./scripts/localnet.sh stop

localnet-clean: ## stop the local network and delete its home
	./scripts/localnet.sh clean
