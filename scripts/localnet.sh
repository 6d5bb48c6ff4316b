#!/usr/bin/env bash
# Local Ballast network on 127.0.0.1: start | stop | clean | status.
#
#   VALIDATORS     number of validators (default 1)
#   LOCALNET_HOME  where node homes, the keyring and logs live (default ./.localnet)
#   BALLASTD       the ballastd binary (default ./build/ballastd, then PATH)
#   PRICEFEEDER    the ballast-pricefeeder binary (default next to BALLASTD)
#   LIQUIDATOR     the ballast-liquidator binary (default next to BALLASTD)
#   START_TIMEOUT  seconds to wait for the first blocks (default 120)
#   PORT_OFFSET    shift every port by this much (default 0), e.g. for a second network
#
# Node i uses the default ports + 10*i + PORT_OFFSET (see localnet/ports.go):
#   rpc 26657  p2p 26656  grpc 9090  rest 1317  prometheus 26660
#   its price feeder: grpc 7171, http (metrics, health, admin) 7172
# One liquidator beside node0 (key `liquidator`): metrics and health on 9464.
#
# Also: price SYMBOL USD | price-clear SYMBOL | scenario FILE [SPEED] | scenario-stop
#       liquidator (status) | liquidator-stop | liquidator-start
set -euo pipefail

VALIDATORS_SET="${VALIDATORS+x}"
VALIDATORS="${VALIDATORS:-1}"
LOCALNET_HOME="${LOCALNET_HOME:-./.localnet}"
START_TIMEOUT="${START_TIMEOUT:-120}"
PORT_STEP=10
PORT_OFFSET="${PORT_OFFSET:-0}"
[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] || { echo "PORT_OFFSET must be a number, got '$PORT_OFFSET'" >&2; exit 2; }
CHAIN_ID="ballast-local-1"

if [[ -z "${BALLASTD:-}" ]]; then
  if [[ -x ./build/ballastd ]]; then BALLASTD=./build/ballastd; else BALLASTD=ballastd; fi
fi
command -v "$BALLASTD" >/dev/null 2>&1 || { echo "ballastd not found ($BALLASTD): run 'make build'" >&2; exit 1; }
BALLASTD="$(cd "$(dirname "$(command -v "$BALLASTD")")" && pwd)/$(basename "$BALLASTD")"
PRICEFEEDER="${PRICEFEEDER:-$(dirname "$BALLASTD")/ballast-pricefeeder}"
[[ -x "$PRICEFEEDER" ]] || PRICEFEEDER="$(command -v ballast-pricefeeder || true)"
[[ -n "$PRICEFEEDER" ]] || { echo "ballast-pricefeeder not found: run 'make build'" >&2; exit 1; }
LIQUIDATOR="${LIQUIDATOR:-$(dirname "$BALLASTD")/ballast-liquidator}"
[[ -x "$LIQUIDATOR" ]] || LIQUIDATOR="$(command -v ballast-liquidator || true)"
[[ -n "$LIQUIDATOR" ]] || { echo "ballast-liquidator not found: run 'make build'" >&2; exit 1; }
LIQUIDATOR_HTTP="127.0.0.1:$((9464 + PORT_OFFSET))"

mkdir -p "$(dirname "$LOCALNET_HOME")"
LOCALNET_HOME="$(cd "$(dirname "$LOCALNET_HOME")" && pwd)/$(basename "$LOCALNET_HOME")"
PID_DIR="$LOCALNET_HOME/pids"
# A network keeps the ports it was laid out with.
if [[ -f "$LOCALNET_HOME/port_offset" ]]; then
  saved="$(cat "$LOCALNET_HOME/port_offset")"
  if [[ "${PORT_OFFSET}" != 0 && "$PORT_OFFSET" != "$saved" ]]; then
    echo "note: $LOCALNET_HOME was laid out with PORT_OFFSET=$saved; using it" >&2
  fi
  PORT_OFFSET="$saved"
fi

log() { printf '%s\n' "$*" >&2; }

# running_pids prints the PIDs from our pid files that are still alive.
running_pids() {
  [[ -d "$PID_DIR" ]] || return 0
  local f pid
  for f in "$PID_DIR"/*.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
  done
}

node_count() {
  local n=0
  for d in "$LOCALNET_HOME"/node*; do [[ -d "$d" ]] && n=$((n + 1)); done
  echo "$n"
}

rpc_port() { echo $((26657 + PORT_OFFSET + $1 * PORT_STEP)); }
grpc_port() { echo $((9090 + PORT_OFFSET + $1 * PORT_STEP)); }
api_port() { echo $((1317 + PORT_OFFSET + $1 * PORT_STEP)); }
prom_port() { echo $((26660 + PORT_OFFSET + $1 * PORT_STEP)); }
feeder_port() { echo $((7171 + PORT_OFFSET + $1 * PORT_STEP)); }
feeder_http() { echo "http://127.0.0.1:$((7172 + PORT_OFFSET + $1 * PORT_STEP))"; }

height() {
  "$BALLASTD" status --node "tcp://127.0.0.1:$(rpc_port "$1")" 2>/dev/null |
    grep -o '"latest_block_height":"[0-9]*"' | grep -o '[0-9]\+' || echo 0
}

cmd_init() {
  if ! [[ "$VALIDATORS" =~ ^[0-9]+$ ]] || (( VALIDATORS < 1 || VALIDATORS > 32 )); then
    log "VALIDATORS must be a number from 1 to 32, got '$VALIDATORS'"; exit 1
  fi
  log "initialising $VALIDATORS validator(s) in $LOCALNET_HOME"
  "$BALLASTD" testnet init-files \
    --validators "$VALIDATORS" \
    --output-dir "$LOCALNET_HOME" \
    --chain-id "$CHAIN_ID" \
    --port-offset "$PORT_OFFSET" \
    --voting-period 30s \
    --timeout-commit 800ms >/dev/null
  echo "$PORT_OFFSET" >"$LOCALNET_HOME/port_offset"
}

cmd_start() {
  if [[ -n "$(running_pids)" ]]; then
    log "the local network in $LOCALNET_HOME is already running (pids: $(running_pids | tr '\n' ' '))."
    log "stop it with 'make localnet-stop', or wipe it with 'make localnet-clean'."
    print_endpoints "$(node_count)"
    exit 0
  fi
  if [[ -d "$LOCALNET_HOME/node0" ]]; then
    local existing
    existing="$(node_count)"
    if [[ -n "${VALIDATORS_SET:-}" && "$existing" != "$VALIDATORS" ]]; then
      log "note: $LOCALNET_HOME holds a $existing-validator network; restarting it (make localnet-clean for a new one)"
    else
      log "restarting the existing network in $LOCALNET_HOME"
    fi
  else
    cmd_init
  fi

  local n i
  n="$(node_count)"
  mkdir -p "$PID_DIR"
  for ((i = 0; i < n; i++)); do
    start_feeder "$i"
    setsid nohup "$BALLASTD" start --home "$LOCALNET_HOME/node$i" \
      >"$LOCALNET_HOME/node$i.log" 2>&1 </dev/null &
    echo $! >"$PID_DIR/node$i.pid"
  done

  log "waiting for blocks (up to ${START_TIMEOUT}s)..."
  local deadline=$((SECONDS + START_TIMEOUT)) h=0
  while (( SECONDS < deadline )); do
    h="$(height 0)"
    if (( h >= 2 )); then break; fi
    for ((i = 0; i < n; i++)); do
      if ! kill -0 "$(cat "$PID_DIR/node$i.pid")" 2>/dev/null; then
        log "node$i exited during start-up; last lines of $LOCALNET_HOME/node$i.log:"
        tail -n 30 "$LOCALNET_HOME/node$i.log" >&2
        cmd_stop; exit 1
      fi
    done
    sleep 1
  done
  if (( h < 2 )); then
    log "no blocks after ${START_TIMEOUT}s; last lines of node0.log:"
    tail -n 30 "$LOCALNET_HOME/node0.log" >&2
    cmd_stop; exit 1
  fi
  log "blocks are being produced (height $h)."
  start_liquidator
  print_endpoints "$n"
}

# start_liquidator: the keeper beside node0. The first start also buys it
# BSD inventory through the PSM (for taking auctions); its other inventory
# is the liquidator key's genesis funds.
start_liquidator() {
  local cfg="$LOCALNET_HOME/liquidator.toml"
  if [[ ! -f "$cfg" ]]; then
    "$LIQUIDATOR" config default | sed \
      -e "s#^keyring_dir = .*#keyring_dir = \"$LOCALNET_HOME\"#" \
      -e "s#^grpc_address = .*#grpc_address = \"127.0.0.1:$(grpc_port 0)\"#" \
      -e "s#^rpc_address = .*#rpc_address = \"http://127.0.0.1:$(rpc_port 0)\"#" \
      -e "s#^http_address = .*#http_address = \"$LIQUIDATOR_HTTP\"#" >"$cfg"
  fi
  if [[ ! -f "$LOCALNET_HOME/liquidator.inventory" ]]; then
    if BALLAST_HOME="$LOCALNET_HOME" "$BALLASTD" tx stablecoin psm-swap-in 1000000000000uusdc --from liquidator -y \
      --node "tcp://127.0.0.1:$(rpc_port 0)" --keyring-backend test >/dev/null 2>&1; then
      touch "$LOCALNET_HOME/liquidator.inventory"
    else
      log "note: the liquidator's BSD inventory swap failed; it will not take auctions"
    fi
  fi
  setsid nohup "$LIQUIDATOR" start --config "$cfg" >"$LOCALNET_HOME/liquidator.log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/liquidator.pid"
}

# cmd_liquidator_stop stops the liquidator only (the demo uses it to let a
# user liquidate first); liquidator-start brings it back.
cmd_liquidator_stop() {
  local f="$PID_DIR/liquidator.pid" pid
  [[ -f "$f" ]] || { log "no liquidator running from $LOCALNET_HOME"; return 0; }
  pid="$(cat "$f")"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while (( SECONDS < deadline )) && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
  log "liquidator stopped"
}

cmd_liquidator_start() {
  [[ -d "$LOCALNET_HOME/node0" ]] || { log "no network in $LOCALNET_HOME"; exit 1; }
  if [[ -f "$PID_DIR/liquidator.pid" ]] && kill -0 "$(cat "$PID_DIR/liquidator.pid")" 2>/dev/null; then
    log "the liquidator is already running"; return 0
  fi
  mkdir -p "$PID_DIR"
  start_liquidator
  log "liquidator started (log $LOCALNET_HOME/liquidator.log)"
}

# cmd_liquidator: the liquidator's health, where its metrics are, and its last log lines.
cmd_liquidator() {
  echo "liquidator: health http://$LIQUIDATOR_HTTP/health  metrics http://$LIQUIDATOR_HTTP/metrics  log $LOCALNET_HOME/liquidator.log"
  curl -s "http://$LIQUIDATOR_HTTP/health" || echo "(not answering)"
  echo
  tail -n "${LINES_SHOWN:-20}" "$LOCALNET_HOME/liquidator.log" 2>/dev/null || true
}

# start_feeder i: node i's price feeder (simulated provider; config kept across restarts).
start_feeder() {
  local i="$1" cfg="$LOCALNET_HOME/node$1/feeder.toml"
  if [[ ! -f "$cfg" ]]; then
    "$PRICEFEEDER" config default --grpc "127.0.0.1:$(feeder_port "$i")" \
      --http "$(feeder_http "$i" | sed 's#http://##')" --noise-seed "$((i + 1))" >"$cfg"
  fi
  setsid nohup "$PRICEFEEDER" start --config "$cfg" >"$LOCALNET_HOME/feeder$i.log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/feeder$i.pid"
}

# each_feeder CMD...: run a pricefeeder admin command against every feeder.
each_feeder() {
  local n i
  n="$(node_count)"
  (( n > 0 )) || { log "no network in $LOCALNET_HOME"; exit 1; }
  for ((i = 0; i < n; i++)); do
    "$PRICEFEEDER" "$@" --admin "$(feeder_http "$i")" >/dev/null || { log "feeder$i refused: $*"; exit 1; }
  done
  log "all $n feeder(s): $*"
}

print_endpoints() {
  local n="$1" i
  cat <<EOT

Ballast local network: chain-id $CHAIN_ID, $n validator(s), home $LOCALNET_HOME
EOT
  for ((i = 0; i < n; i++)); do
    printf '  node%d  rpc http://127.0.0.1:%d  grpc 127.0.0.1:%d  rest http://127.0.0.1:%d  metrics http://127.0.0.1:%d/metrics  log %s\n' \
      "$i" "$(rpc_port "$i")" "$(grpc_port "$i")" "$(api_port "$i")" "$(prom_port "$i")" "$LOCALNET_HOME/node$i.log"
    printf '         feeder grpc 127.0.0.1:%d  admin/metrics %s  log %s\n' \
      "$(feeder_port "$i")" "$(feeder_http "$i")" "$LOCALNET_HOME/feeder$i.log"
  done
  printf '  liquidator  health http://%s/health  metrics http://%s/metrics  log %s  (%s liquidator)\n' \
    "$LIQUIDATOR_HTTP" "$LIQUIDATOR_HTTP" "$LOCALNET_HOME/liquidator.log" "$0"
  cat <<EOT

Keys (test keyring in $LOCALNET_HOME): $(seq -s ', ' -f 'val%g' 0 $((n - 1))), alice, bob, carol, liquidator

Next, act as alice:
  export BALLAST_HOME=$LOCALNET_HOME
  $BALLASTD q bank balances \$($BALLASTD keys show alice -a)
  $BALLASTD tx bank send alice \$($BALLASTD keys show bob -a) 1000000uatom -y
  curl -s http://127.0.0.1:$(api_port 0)/cosmos/bank/v1beta1/balances/\$($BALLASTD keys show alice -a)

Lending (alice lends USDC, bob borrows it against ATOM):
  $BALLASTD tx lending supply 10000000000uusdc --from alice -y
  $BALLASTD tx lending supply 1000000000uatom --from bob -y
  $BALLASTD tx lending set-collateral uatom true --from bob -y
  $BALLASTD tx lending borrow 5000000000uusdc --from bob -y
  $BALLASTD q lending account \$($BALLASTD keys show bob -a)

Oracle:
  $BALLASTD q oracle prices
  $0 price ATOM 4.20                       # every feeder reports 4.20 for ATOM
  $0 scenario scenarios/atom-minus-35-one-block.csv 10   # replay a crash at 10x

Stop with 'make localnet-stop'; wipe with 'make localnet-clean'.
EOT
}

cmd_stop() {
  local pids
  pids="$(running_pids)"
  if [[ -z "$pids" ]]; then
    log "no local network processes running from $LOCALNET_HOME"
    rm -rf "$PID_DIR"
    return 0
  fi
  log "stopping $(echo "$pids" | wc -l) process(es): $(echo "$pids" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while (( SECONDS < deadline )) && [[ -n "$(running_pids)" ]]; do sleep 0.5; done
  pids="$(running_pids)"
  if [[ -n "$pids" ]]; then
    log "force-killing: $pids"
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
  fi
  rm -rf "$PID_DIR"
}

cmd_clean() {
  cmd_stop
  log "removing $LOCALNET_HOME"
  rm -rf "$LOCALNET_HOME"
}

cmd_status() {
  local n i
  n="$(node_count)"
  if (( n == 0 )); then log "no network in $LOCALNET_HOME"; exit 1; fi
  for ((i = 0; i < n; i++)); do
    echo "node$i height $(height "$i")"
  done
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  clean) cmd_clean ;;
  status) cmd_status ;;
  price)
    [[ $# -eq 3 ]] || { log "usage: $0 price SYMBOL USD"; exit 2; }
    each_feeder price set "$2" "$3" ;;
  price-clear)
    [[ $# -eq 2 ]] || { log "usage: $0 price-clear SYMBOL"; exit 2; }
    each_feeder price clear "$2" ;;
  scenario)
    [[ $# -ge 2 ]] || { log "usage: $0 scenario FILE [SPEED]"; exit 2; }
    each_feeder scenario start "$2" --speed "${3:-1}" ;;
  scenario-stop) each_feeder scenario stop ;;
  liquidator) cmd_liquidator ;;
  liquidator-stop) cmd_liquidator_stop ;;
  liquidator-start) cmd_liquidator_start ;;
  *) log "usage: $0 start|stop|clean|status|price|price-clear|scenario|scenario-stop|liquidator|liquidator-stop|liquidator-start"; exit 2 ;;
esac
