#!/usr/bin/env bash
# Module benchmarks in one run and one table (make bench-micro): per-message
# cost at 1k / 100k / 1M accounts, the stablecoin's keeper query and
# fallback blocker at 10k / 1M vaults and its storm, the oracle's
# aggregation, and the liquidator's re-evaluation at 10k / 1M accounts.
# Several minutes and about 4 GB of RAM (the 1M stores).
#
#   OUT  where the raw output and the table go (default ./.bench/micro)
set -euo pipefail
GO="${GO:-go}"
OUT="${OUT:-./.bench/micro}"
mkdir -p "$OUT"
raw="$OUT/raw.txt"
: >"$raw"
bench() { "$GO" test -p 1 -run XXX -timeout 60m "$@" | tee -a "$raw"; }

bench -bench . -benchtime 200x ./x/lending/keeper
bench -bench 'UnsafeVaults|FallbackEndBlocker' -benchtime 200x ./x/stablecoin/keeper
bench -bench FallbackStorm -benchtime 1x ./x/stablecoin/keeper
bench -bench . -benchtime 200x ./x/oracle/keeper
bench -bench ScreenAccounts -benchtime 5x ./liquidator

{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores"
  echo
  "$GO" run ./internal/benchtable <"$raw"
} | tee "$OUT/table.md"
