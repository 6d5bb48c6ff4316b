#!/usr/bin/env bash
# Throughput benchmark on a fresh local network: starts it, runs the load
# generator, stops it, prints the table (make bench, make bench-4).
#
#   VALIDATORS   validators of the network (default 1)
#   WORKLOADS    load generator workloads, in order; a repeated one is pooled
#                (default bank,mix,mix,bank: the node slows as its databases
#                grow, and this gives both the same average place in the run)
#   DURATION     how long each workload sends (default 30s)
#   RATE         offered tx/s (default 0: as fast as the node accepts)
#   ACCOUNTS     load accounts (default 400)
#   BENCH_HOME   where the network and the results live (default ./.bench/localnet-$VALIDATORS)
#   PORT_OFFSET  port shift, so a running `make localnet` is left alone (default 600)
#   BENCH_LIQUIDATOR on (default) or off: whether the localnet's liquidator runs
#                beside node0 (off shows what reading every block costs the node)
#   LOADGEN_ARGS further ballast-loadgen run flags (the targets to check)
#
# The network is wiped before and stopped after. The table is also saved in
# $BENCH_HOME/bench.txt and the block-by-block results in results.json.
set -euo pipefail

VALIDATORS="${VALIDATORS:-1}"
WORKLOADS="${WORKLOADS:-bank,mix,mix,bank}"
DURATION="${DURATION:-30s}"
RATE="${RATE:-0}"
ACCOUNTS="${ACCOUNTS:-400}"
BENCH_HOME="${BENCH_HOME:-./.bench/localnet-$VALIDATORS}"
PORT_OFFSET="${PORT_OFFSET:-600}"
BUILDDIR="${BUILDDIR:-./build}"
LOADGEN="${LOADGEN:-$BUILDDIR/ballast-loadgen}"
[[ -x "$LOADGEN" ]] || { echo "ballast-loadgen not found at $LOADGEN: run 'make build'" >&2; exit 1; }

mkdir -p "$(dirname "$BENCH_HOME")"
BENCH_HOME="$(cd "$(dirname "$BENCH_HOME")" && pwd)/$(basename "$BENCH_HOME")"
export LOCALNET_HOME="$BENCH_HOME" PORT_OFFSET VALIDATORS
net() { BALLASTD="$BUILDDIR/ballastd" scripts/localnet.sh "$@"; }

net clean >/dev/null 2>&1 || true
trap 'net stop >/dev/null 2>&1 || true' EXIT
net start >/dev/null
case "${BENCH_LIQUIDATOR:-on}" in
  on) ;;
  off) net liquidator-stop >/dev/null 2>&1 ;;
  *) echo "BENCH_LIQUIDATOR must be on or off, got '$BENCH_LIQUIDATOR'" >&2; exit 2 ;;
esac

grpc="" rpc="" pids=""
for ((i = 0; i < VALIDATORS; i++)); do
  grpc+="${grpc:+,}127.0.0.1:$((9090 + PORT_OFFSET + 10 * i))"
  rpc+="${rpc:+,}http://127.0.0.1:$((26657 + PORT_OFFSET + 10 * i))"
  pids+="${pids:+,}$(cat "$BENCH_HOME/pids/node$i.pid")"
done

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
mem="$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores ($cpu), $mem"
  echo "# $VALIDATORS validator(s), $ACCOUNTS accounts, workloads $WORKLOADS, $DURATION each, offered $( [[ "$RATE" == 0 ]] && echo 'max' || echo "$RATE tx/s"), liquidator ${BENCH_LIQUIDATOR:-on}"
} | tee "$BENCH_HOME/bench.txt"

# shellcheck disable=SC2086
"$LOADGEN" run --keyring-dir "$BENCH_HOME" --grpc "$grpc" --rpc "$rpc" --pid "$pids" \
  --accounts "$ACCOUNTS" --workloads "$WORKLOADS" --duration "$DURATION" --rate "$RATE" \
  --json "$BENCH_HOME/results.json" ${LOADGEN_ARGS:-} | tee -a "$BENCH_HOME/bench.txt"
