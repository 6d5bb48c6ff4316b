#!/usr/bin/env bash
# make demo: the Ballast story, narrated, on a running `make localnet`.
#
# alice lends USDC; bob borrows it against ATOM; carol mints BSD in an ATOM
# vault and swaps some through the PSM; ATOM crashes 35%; the liquidator
# liquidates bob and auctions and buys carol's collateral; erin, holding no
# USDC and no BSD, liquidates dave with a flash loan; the books are shown
# and checked. Every step prints the command it runs and what changed, and
# the script exits non-zero the moment a step does not do what it says.
#
#   LOCALNET_HOME  the network's home (default ./.localnet)
#   BALLASTD       the ballastd binary (default ./build/ballastd, then PATH)
#   DEMO_TIMEOUT   seconds to wait for any one thing to happen on chain (default 120)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
LOCALNET="$here/localnet.sh"
LOCALNET_HOME="${LOCALNET_HOME:-./.localnet}"
DEMO_TIMEOUT="${DEMO_TIMEOUT:-120}"
if [[ -z "${BALLASTD:-}" ]]; then
  if [[ -x ./build/ballastd ]]; then BALLASTD=./build/ballastd; else BALLASTD=ballastd; fi
fi
command -v "$BALLASTD" >/dev/null 2>&1 || { echo "ballastd not found ($BALLASTD): run 'make build'" >&2; exit 1; }
command -v jq >/dev/null 2>&1 || { echo "the demo needs jq (apt-get install jq)" >&2; exit 1; }
[[ -d "$LOCALNET_HOME/node0" ]] || { echo "no local network in $LOCALNET_HOME: run 'make localnet' first" >&2; exit 1; }
LOCALNET_HOME="$(cd "$LOCALNET_HOME" && pwd)"
export LOCALNET_HOME BALLASTD
export BALLAST_HOME="$LOCALNET_HOME"
OFFSET="$(cat "$LOCALNET_HOME/port_offset" 2>/dev/null || echo 0)"
NODE="tcp://127.0.0.1:$((26657 + OFFSET))"
RPC_HTTP="http://127.0.0.1:$((26657 + OFFSET))"
LIQUIDATOR_HTTP="http://127.0.0.1:$((9464 + OFFSET))"

# ---------------------------------------------------------------- output

if [[ -t 1 ]]; then B=$'\e[1m' D=$'\e[2m' G=$'\e[32m' R=$'\e[31m' N=$'\e[0m'; else B= D= G= R= N=; fi
STEP=0
step() { STEP=$((STEP + 1)); printf '\n%s== %d. %s%s\n' "$B" "$STEP" "$*" "$N"; }
say() { printf '%s\n' "$*"; }
showcmd() { printf '%s$ ballastd %s%s\n' "$D" "$*" "$N"; }
ok() { printf '  %s✓%s %s\n' "$G" "$N" "$*"; }
fail() {
  printf '\n%s✗ step %d failed: %s%s\n' "$R" "$STEP" "$*" "$N" >&2
  printf 'node log: %s/node0.log, liquidator log: %s/liquidator.log\n' "$LOCALNET_HOME" "$LOCALNET_HOME" >&2
  exit 1
}
# check DESCRIPTION TEST...: the test must pass, or the demo stops.
check() {
  local what="$1"; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

# ---------------------------------------------------------------- chain

bd() { "$BALLASTD" "$@"; }
# q ARGS...: a JSON query against node0 (not printed).
q() { bd q "$@" --node "$NODE" -o json; }
addr() { bd keys show "$1" -a --keyring-backend test; }
height() { bd status --node "$NODE" 2>/dev/null | jq -r '.sync_info.latest_block_height // 0'; }
# bal KEY_OR_ADDR DENOM: a balance in base units.
bal() {
  local a="$1"
  [[ "$a" == ballast1* ]] || a="$(addr "$a")"
  q bank balances "$a" | jq -r --arg d "$2" '[.balances[] | select(.denom == $d) | .amount][0] // "0"'
}
oracle_price() { q oracle prices | jq -r --arg s "$1" '.prices[] | select(.price.symbol == $s) | .price.price'; }

# tx FROM ARGS...: print the command, broadcast it, wait for its block; fail
# unless it succeeded. Sets TX_HEIGHT.
TX_HEIGHT=0
tx() {
  local from="$1"; shift
  showcmd "tx $* --from $from -y"
  local out hash res code err
  err="$(mktemp)"
  if ! out="$(bd tx "$@" --from "$from" -y --keyring-backend test --node "$NODE" -o json 2>"$err")"; then
    out="$(cat "$err")"; rm -f "$err"
    fail "the transaction was refused: $out"
  fi
  rm -f "$err"
  hash="$(jq -r '.txhash // empty' <<<"$out" 2>/dev/null || true)"
  [[ -n "$hash" ]] || fail "no transaction hash: $out"
  code="$(jq -r '.code' <<<"$out")"
  [[ "$code" == 0 ]] || fail "CheckTx refused it (code $code): $(jq -r .raw_log <<<"$out")"
  local deadline=$((SECONDS + 30))
  while (( SECONDS < deadline )); do
    if res="$(q tx "$hash" 2>/dev/null)" && [[ -n "$res" ]]; then
      code="$(jq -r '.code' <<<"$res")"
      [[ "$code" == 0 ]] || fail "the transaction failed in its block (code $code): $(jq -r .raw_log <<<"$res")"
      TX_HEIGHT="$(jq -r .height <<<"$res")"
      printf '  %sincluded at height %s, gas %s%s\n' "$D" "$TX_HEIGHT" "$(jq -r .gas_used <<<"$res")" "$N"
      return 0
    fi
    sleep 0.5
  done
  fail "transaction $hash not included within 30s"
}

# find_event TYPE KEY VALUE FROM: the first ballast.*.v1.TYPE event with
# KEY = VALUE in blocks FROM..now (transactions and end blockers alike), as
# one JSON object of its attributes plus "height".
find_event() {
  local type="ballast.$1" key="$2" value="$3" h="$4" top found
  top="$(height)"
  for (( ; h <= top; h++)); do
    found="$(curl -sf "$RPC_HTTP/block_results?height=$h" | jq -c --arg t "$type" --arg k "$key" --arg v "$value" --argjson h "$h" '
      [(.result.txs_results // [])[].events[]?, (.result.finalize_block_events // [])[]]
      | map(select(.type == $t) | .attributes | map({(.key): (.value | fromjson? // .)}) | add + {height: $h})
      | map(select(.[$k] == $v)) | .[0] // empty')"
    if [[ -n "$found" ]]; then echo "$found"; return 0; fi
  done
}

# wait_for DESCRIPTION TEST...: poll the test each half second.
wait_for() {
  local what="$1"; shift
  local deadline=$((SECONDS + DEMO_TIMEOUT))
  printf '  %swaiting: %s%s\n' "$D" "$what" "$N"
  until "$@"; do
    (( SECONDS < deadline )) || fail "timed out after ${DEMO_TIMEOUT}s: $what"
    sleep 0.5
  done
}

# set_price SYMBOL USD: every feeder reports USD; wait until the chain has it.
set_price() {
  printf '%s$ scripts/localnet.sh price %s %s%s\n' "$D" "$1" "$2" "$N"
  LOCALNET_HOME="$LOCALNET_HOME" "$LOCALNET" price "$1" "$2" 2>/dev/null || fail "the feeders refused the price"
  local want
  want="$(printf '%.18f' "$2")"
  wait_for "the validators' vote extensions carry $1 = \$$2 on chain" price_is "$1" "$want"
  PRICE_HEIGHT="$(q oracle prices | jq -r --arg s "$1" '.prices[] | select(.price.symbol == $s) | .price.height')"
  ok "$1 is \$$2 on chain from height $PRICE_HEIGHT"
}
price_is() { [[ "$(oracle_price "$1")" == "$2" ]]; }

# usd N: base units of a 6-decimal asset as a decimal amount.
usd() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e6 }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
eq() { [[ "$1" == "$2" ]]; }

account() { q lending account "$1"; }
health() { account "$1" | jq -r '.account.health_factor'; }
debt_of() { account "$1" | jq -r --arg d "$2" '[.account.positions[] | select(.denom == $d) | .debt][0] // "0"'; }
vault_of() { q stablecoin vaults --owner "$1" | jq -r '[.vaults[]?.vault.id][0] // empty'; }

# ---------------------------------------------------------------- preflight

bd status --node "$NODE" >/dev/null 2>&1 || fail "node0 does not answer on $NODE: is 'make localnet' running?"
ALICE="$(addr alice)" BOB="$(addr bob)" CAROL="$(addr carol)" LIQ="$(addr liquidator)"
if [[ "$(q lending account "$BOB" | jq '.account.positions | length')" != 0 ]] || [[ -n "$(vault_of "$CAROL")" ]]; then
  fail "this network has already seen the demo (bob has positions or carol a vault). For a fresh one: make localnet-clean && make localnet"
fi
curl -sf "$LIQUIDATOR_HTTP/health" >/dev/null || fail "the liquidator does not answer on $LIQUIDATOR_HTTP/health (scripts/localnet.sh liquidator)"

cat <<EOT
${B}Ballast: a lending chain that keeps working through a crash.${N}
Network: $LOCALNET_HOME, node $NODE, height $(height).
Cast: alice (lender), bob (borrower), carol (BSD minter), the liquidator (a bot
beside node0), dave and erin (later). Prices come from the validators' feeders;
the demo pins them by hand so the numbers below are exact.
EOT

step "Pin the prices: ATOM \$10, USDC \$1"
set_price ATOM 10
set_price USDC 1

# ---------------------------------------------------------------- lending

step "alice supplies 10,000 USDC to the lending pool"
before="$(bal alice uusdc)"
supply_before="$(q lending market uusdc | jq -r .market.total_supply)"
tx alice lending supply 10000000000uusdc
after="$(bal alice uusdc)"
supply_after="$(q lending market uusdc | jq -r .market.total_supply)"
say "  alice's USDC: $(usd "$before") -> $(usd "$after"); the pool's USDC supply: $(usd "$supply_before") -> $(usd "$supply_after")"
check "alice paid exactly 10,000 USDC" eq "$((before - after))" 10000000000
check "the pool grew by 10,000 USDC" eq "$((supply_after - supply_before))" 10000000000

step "bob supplies 1,000 ATOM, uses it as collateral and borrows 6,000 USDC"
say "  1,000 ATOM x \$10 = \$10,000; ATOM's loan-to-value is 65% (limit \$6,500), liquidation threshold 75%."
tx bob lending supply 1000000000uatom
tx bob lending set-collateral uatom true
usdc_before="$(bal bob uusdc)"
tx bob lending borrow 6000000000uusdc
v="$(account "$BOB")"
say "  bob: borrow limit \$$(jq -r .account.borrow_limit <<<"$v" | xargs printf '%.2f'), debt \$$(jq -r .account.debt_value <<<"$v" | xargs printf '%.2f'), health factor $(jq -r .account.health_factor <<<"$v" | xargs printf '%.3f')"
check "bob received 6,000 USDC" eq "$(($(bal bob uusdc) - usdc_before))" 6000000000
check "bob's health is above 1 (7,500 / 6,000 = 1.25)" ge "$(jq -r .account.health_factor <<<"$v")" 1.2

# ---------------------------------------------------------------- stablecoin

step "carol opens an ATOM vault: 1,000 ATOM in, 5,000 BSD out"
say "  \$10,000 of ATOM against 5,000 BSD: a collateral ratio of 2.0; the vault is unsafe below 1.6."
tx carol stablecoin open-vault atom-a 1000000000uatom 5000000000
CAROL_VAULT="$(vault_of "$CAROL")"
[[ -n "$CAROL_VAULT" ]] || fail "carol has no vault"
vr="$(q stablecoin vault "$CAROL_VAULT")"
say "  vault $CAROL_VAULT: collateral $(jq -r .vault.vault.collateral <<<"$vr") uatom, debt $(jq -r .vault.debt <<<"$vr") ubsd, ratio $(jq -r .vault.ratio <<<"$vr" | xargs printf '%.3f')"
check "carol holds 5,000 BSD" eq "$(bal carol ubsd)" 5000000000

step "carol swaps 1,000 BSD for USDC through the peg stability module (0.1% fee)"
usdc_before="$(bal carol uusdc)"
tx carol stablecoin psm-swap-out 1000000000
got=$(($(bal carol uusdc) - usdc_before))
say "  carol: $(usd "$(bal carol ubsd)") BSD, +$(usd "$got") USDC"
check "1,000 BSD bought 999 USDC" eq "$got" 999000000
check "carol has 4,000 BSD left" eq "$(bal carol ubsd)" 4000000000

# ---------------------------------------------------------------- crash

step "ATOM crashes 35%: \$10 -> \$6.50"
say "  bob:   1,000 ATOM x \$6.50 x 75% = \$4,875 against \$6,000 of debt: health 0.81, liquidatable."
say "  carol: \$6,500 of ATOM against 5,000 BSD: ratio 1.30 < 1.60, unsafe."
liq_atom_before="$(bal liquidator uatom)"
liq_bsd_before="$(bal liquidator ubsd)"
carol_atom_before="$(bal carol uatom)"
set_price ATOM 6.5
h="$(q lending account "$BOB" --height "$PRICE_HEIGHT" | jq -r .account.health_factor)"
say "  at height $PRICE_HEIGHT bob's health factor is $(printf '%.3f' "$h")"
check "bob is liquidatable once the price lands" lt "$h" 1

step "The liquidator liquidates bob"
bob_repaid() { [[ "$(debt_of "$BOB" uusdc)" == 0 ]]; }
wait_for "the liquidator repays bob's USDC debt" bob_repaid
liq="$(find_event lending.v1.EventLiquidate account "$BOB" "$PRICE_HEIGHT")"
[[ -n "$liq" ]] || fail "no liquidation event for bob"
liq_height="$(jq -r .height <<<"$liq")"
say "  liquidation at height $liq_height, $((liq_height - PRICE_HEIGHT)) block(s) after the price, by $(jq -r .liquidator <<<"$liq")"
jq -r '"  repaid \(.repaid.amount) uusdc, seized \(.seized.amount) uatom (of which the protocol keeps \(.protocol_fee.amount))"' <<<"$liq"
v="$(account "$BOB")"
say "  bob now: debt \$$(jq -r .account.debt_value <<<"$v" | xargs printf '%.2f'), collateral \$$(jq -r .account.collateral_value <<<"$v" | xargs printf '%.2f') (what the bonus left him)"
check "bob's debt is fully repaid" bob_repaid
check "the liquidator gained ATOM" lt "$liq_atom_before" "$(bal liquidator uatom)"
check "it landed within 2 blocks of the price" ge 2 "$((liq_height - PRICE_HEIGHT))"
say "  the liquidator's own measure ($LIQUIDATOR_HTTP/metrics):"
curl -sf "$LIQUIDATOR_HTTP/metrics" | grep -E '^liquidator_price_to_inclusion_blocks_(sum|count)' | sed 's/^/    /' || true

step "Carol's vault goes to auction; the liquidator buys the collateral"
say "  Keepers earn 10 BSD + 0.1% for starting auctions; the chain's end blocker is the"
say "  backstop and auctions up to 5 unsafe vaults a block itself, without the reward."
say "  The auction starts 10% above the oracle price and falls 2% every 6 s; the"
say "  liquidator buys with its BSD once the price is 5% below the oracle's."
started() { AUCTION_EVENT="$(find_event stablecoin.v1.EventAuctionStarted vault_id "$CAROL_VAULT" "$PRICE_HEIGHT")"; [[ -n "$AUCTION_EVENT" ]]; }
wait_for "vault $CAROL_VAULT goes to auction" started
AUCTION="$(jq -r .auction_id <<<"$AUCTION_EVENT")"
start_height="$(jq -r .height <<<"$AUCTION_EVENT")"
if [[ "$(jq -r .fallback <<<"$AUCTION_EVENT")" == true ]]; then by="the chain's fallback (no keeper was faster)"; else by="keeper $(jq -r .keeper <<<"$AUCTION_EVENT")"; fi
say "  auction $AUCTION started at height $start_height by $by: lot $(jq -r .lot <<<"$AUCTION_EVENT") uatom, tab $(jq -r .tab <<<"$AUCTION_EVENT") ubsd (debt + 13% penalty), top $(jq -r .top <<<"$AUCTION_EVENT" | xargs printf '%.3f')"
check "the auction started within 2 blocks of the price" ge 2 "$((start_height - PRICE_HEIGHT))"
last=""
taken() {
  local a
  if ! a="$(q stablecoin auction "$AUCTION" 2>/dev/null)"; then return 0; fi
  local p
  p="$(jq -r '.price // .auction.price // empty' <<<"$a" | xargs printf '%.3f' 2>/dev/null || true)"
  if [[ -n "$p" && "$p" != "$last" ]]; then printf '  %sauction price %s BSD/ATOM%s\n' "$D" "$p" "$N"; last="$p"; fi
  return 1
}
wait_for "the liquidator takes auction $AUCTION" taken
take="$(find_event stablecoin.v1.EventAuctionTaken auction_id "$AUCTION" "$start_height")"
[[ -n "$take" ]] || fail "auction $AUCTION ended without a take"
jq -r '"  taken at height \(.height) by \(.buyer): \(.bought) uatom for \(.paid) ubsd at \(.price | tonumber * 1000 | round / 1000) BSD/ATOM"' <<<"$take"
check "the liquidator bought it" eq "$(jq -r .buyer <<<"$take")" "$LIQ"
check "the liquidator spent BSD" lt "$(bal liquidator ubsd)" "$liq_bsd_before"
closed="$(find_event stablecoin.v1.EventAuctionClosed auction_id "$AUCTION" "$start_height")"
[[ -n "$closed" ]] || fail "auction $AUCTION did not close"
say "  the tab is covered: $(jq -r .returned <<<"$closed") uatom go back to carol, bad debt $(jq -r .bad_debt <<<"$closed")"
check "carol got back the collateral the auction did not need" eq "$(($(bal carol uatom) - carol_atom_before))" "$(jq -r .returned <<<"$closed")"
check "carol keeps her 4,000 BSD" eq "$(bal carol ubsd)" 4000000000

# ---------------------------------------------------------------- flash loan

step "A capital-free liquidation with a flash loan"
say "  The liquidator steps aside for this one, so that erin gets there first."
printf '%s$ scripts/localnet.sh liquidator-stop%s\n' "$D" "$N"
"$LOCALNET" liquidator-stop 2>/dev/null
for k in dave erin; do
  bd keys show "$k" --keyring-backend test >/dev/null 2>&1 || bd keys add "$k" --keyring-backend test >/dev/null 2>&1
done
DAVE="$(addr dave)" ERIN="$(addr erin)"
say "  alice funds dave (1,000 ATOM) and erin (300 ATOM, no USDC, no BSD) and their fees."
tx alice bank send alice "$DAVE" 1000000000uatom,10000000ubal
tx alice bank send alice "$ERIN" 300000000uatom,10000000ubal
say "  dave borrows 4,000 USDC against 1,000 ATOM at \$6.50 (limit \$4,225)."
tx dave lending supply 1000000000uatom
tx dave lending set-collateral uatom true
tx dave lending borrow 4000000000uusdc
say "  ATOM slides on to \$5: 1,000 x \$5 x 75% = \$3,750 against \$4,000: health 0.94."
set_price ATOM 5
check "dave is liquidatable" lt "$(health "$DAVE")" 1

fee_bps="$(q flashloan params | jq -r .params.fee_bps)"
loan=2000000000
fee=$(( (loan * fee_bps + 9999) / 10000 ))
owed=$((loan + fee))
# psm-swap-out pays floor(m x 0.999): the least m that covers the loan and its fee.
mint=$(( (owed * 1000 + 998) / 999 ))
while (( mint * 999 / 1000 < owed )); do mint=$((mint + 1)); done
say "  erin's one transaction: flash-borrow 2,000 USDC (fee $(usd "$fee")), repay half of dave's debt"
say "  and seize 427 ATOM, put 720 ATOM (seized + her own) in a vault minting $(usd "$mint") BSD,"
say "  swap that BSD for $(usd "$owed") USDC in the PSM; the module takes the loan and fee back."
msgs="$(mktemp)"
trap 'rm -f "$msgs"' EXIT
for m in "lending liquidate $DAVE uusdc uatom $loan" "stablecoin open-vault atom-a 720000000uatom $mint" "stablecoin psm-swap-out $mint"; do
  showcmd "tx $m --from erin --generate-only | jq -c '.body.messages[]'" >&2
  # shellcheck disable=SC2086
  bd tx $m --from erin --keyring-backend test --node "$NODE" --generate-only 2>/dev/null | jq -c '.body.messages[]'
done | jq -s '{messages: .}' >"$msgs"
erin_atom_before="$(bal erin uatom)"
tx erin flashloan execute "${loan}uusdc" "$msgs" --gas 1500000
ERIN_VAULT="$(vault_of "$ERIN")"
[[ -n "$ERIN_VAULT" ]] || fail "erin has no vault"
vr="$(q stablecoin vault "$ERIN_VAULT")"
vault_atom="$(jq -r .vault.vault.collateral <<<"$vr")"
vault_debt="$(jq -r .vault.debt <<<"$vr")"
erin_atom="$(bal erin uatom)"
gain="$(awk -v c="$vault_atom" -v w="$erin_atom" -v w0="$erin_atom_before" -v d="$vault_debt" 'BEGIN { printf "%.2f", (c + w - w0) / 1e6 * 5 - d / 1e6 }')"
say "  erin now: a vault with $(usd "$vault_atom") ATOM owing $(usd "$vault_debt") BSD, $(usd "$erin_atom") ATOM in her wallet (had $(usd "$erin_atom_before"))"
say "  her gain at \$5/ATOM: \$$gain = the 6.75% bonus on 2,000 (\$135) less the flash fee and the PSM fee"
check "erin still holds no USDC and no BSD" eq "$(bal erin uusdc)$(bal erin ubsd)" 00
check "dave's debt was halved" lt "$(debt_of "$DAVE" uusdc)" 2000100000
check "erin gained about \$132" ge "$gain" 131
printf '%s$ scripts/localnet.sh liquidator-start%s\n' "$D" "$N"
"$LOCALNET" liquidator-start 2>/dev/null

# ---------------------------------------------------------------- books

step "The books after the crash (wallets in whole units)"
for k in alice bob carol dave erin liquidator; do
  printf '  %-10s %s\n' "$k" "$(q bank balances "$(addr "$k")" | jq -r '{uatom: "ATOM", uusdc: "USDC", ubsd: "BSD"} as $n
    | [.balances[] | select($n[.denom]) | "\(.amount | tonumber / 1e6 * 100 | floor / 100) \($n[.denom])"] | join(", ")')"
done
say "  lending markets (reserves earn the protocol's share; deficit is bad debt nobody covered):"
q lending markets | jq -r '.markets[] | "    \(.market.denom)\tsupply \(.total_supply)\tborrows \(.total_borrows)\treserves \(.market.state.reserves // .state.reserves // "0")\tdeficit \(.market.state.deficit // .state.deficit // "0")"'
ledger="$(q stablecoin ledger)"
say "  BSD ledger: surplus $(jq -r .ledger.surplus <<<"$ledger") ubsd, bad debt $(jq -r .ledger.bad_debt <<<"$ledger") ubsd, PSM-minted $(jq -r .ledger.psm_minted <<<"$ledger") ubsd"
deficits="$(q lending markets | jq -r '[.markets[] | (.market.state.deficit // .state.deficit // "0") | tonumber] | add')"
check "no lending bad debt (every market's deficit is 0)" eq "$deficits" 0
check "no BSD bad debt" eq "$(jq -r .ledger.bad_debt <<<"$ledger")" 0
check "the USDC market earned reserves" lt 0 "$(q lending market uusdc | jq -r .market.state.reserves)"

cat <<EOT

${G}${B}The story held: every step did what it said.${N}
ATOM stays pinned at \$5; hand it back to the simulated market with:
  scripts/localnet.sh price-clear ATOM && scripts/localnet.sh price-clear USDC
EOT
