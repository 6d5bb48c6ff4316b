#!/usr/bin/env bash
# Price-to-liquidation latency on a fresh 1-validator local network, twice:
# with the liquidator running, then with only the chain's own fallback
# (make bench-latency). Each run opens the book, shocks the price through
# the feeders and times every liquidation (ballast-loadgen latency).
#
#   BORROWERS    lending positions (default 10000)
#   VAULTS       vaults (default 1000)
#   SHOCK        price fall as a fraction (default 0.2)
#   MODES        which runs, in order (default "liquidator fallback")
#   BENCH_HOME   where the networks and results live (default ./.bench/latency)
#   PORT_OFFSET  port shift (default 700)
#   LATENCY_ARGS further ballast-loadgen latency flags for the liquidator run (the target)
set -euo pipefail

BORROWERS="${BORROWERS:-10000}"
VAULTS="${VAULTS:-1000}"
SHOCK="${SHOCK:-0.2}"
MODES="${MODES:-liquidator fallback}"
BENCH_HOME="${BENCH_HOME:-./.bench/latency}"
PORT_OFFSET="${PORT_OFFSET:-700}"
BUILDDIR="${BUILDDIR:-./build}"
LOADGEN="${LOADGEN:-$BUILDDIR/ballast-loadgen}"
[[ -x "$LOADGEN" ]] || { echo "ballast-loadgen not found at $LOADGEN: run 'make build'" >&2; exit 1; }
mkdir -p "$BENCH_HOME"
BENCH_HOME="$(cd "$BENCH_HOME" && pwd)"
export PORT_OFFSET VALIDATORS=1

status=0
for mode in $MODES; do
  export LOCALNET_HOME="$BENCH_HOME/$mode"
  net() { BALLASTD="$BUILDDIR/ballastd" scripts/localnet.sh "$@"; }
  net clean >/dev/null 2>&1 || true
  trap 'net stop >/dev/null 2>&1 || true' EXIT
  net start >/dev/null
  args=()
  case "$mode" in
    liquidator) read -r -a args <<<"${LATENCY_ARGS:-}" ;;
    fallback) net liquidator-stop >/dev/null 2>&1 ;;
    *) echo "unknown mode $mode (liquidator or fallback)" >&2; exit 2 ;;
  esac
  {
    echo
    echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores, 1 validator, $mode"
    echo "# $BORROWERS borrowers, $VAULTS vaults, ATOM -$SHOCK"
  } | tee "$LOCALNET_HOME/latency.txt"
  "$LOADGEN" latency --keyring-dir "$LOCALNET_HOME" \
    --grpc "127.0.0.1:$((9090 + PORT_OFFSET))" --rpc "http://127.0.0.1:$((26657 + PORT_OFFSET))" \
    --feeder-admin "http://127.0.0.1:$((7172 + PORT_OFFSET))" \
    --borrowers "$BORROWERS" --vaults "$VAULTS" --shock "$SHOCK" \
    --json "$LOCALNET_HOME/latency.json" "${args[@]}" | tee -a "$LOCALNET_HOME/latency.txt" || status=1
  net stop >/dev/null 2>&1 || true
done
exit "$status"
