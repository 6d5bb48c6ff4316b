#!/usr/bin/env bash
# Run every Go fuzz target of the module, one at a time, FUZZTIME each.
# Targets are found by their declaration (func FuzzXxx(f *testing.F)) in
# *_test.go files, so a new one runs without being listed anywhere.
#
#   FUZZTIME  how long each target fuzzes (default 10s; any -fuzztime value)
#   FUZZ      only targets whose name matches this extended regexp (default all)
#   GO        the go command (default go)
#
# Stops at the first failing target and says where Go saved the input that
# failed (commit it: `go test` then runs it as a regression case) and how to
# re-run it.
set -euo pipefail

FUZZTIME="${FUZZTIME:-10s}"
FUZZ="${FUZZ:-.}"
GO="${GO:-go}"
cd "$(dirname "$0")/.."

# "dir name" per target, sorted by package then name.
targets="$(grep -rE --include='*_test.go' --exclude-dir=.git --exclude-dir=build --exclude-dir=node_modules \
	'^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
	sed -E 's#^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#' |
	awk -v re="$FUZZ" '$2 ~ re' | sort -u)"
if [[ -z "$targets" ]]; then
	echo "no fuzz targets match FUZZ=$FUZZ" >&2
	exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
count=$(wc -l <<<"$targets")
i=0
start=$SECONDS
while read -r dir name; do
	i=$((i + 1))
	pkg="./${dir#./}"
	echo "==> [$i/$count] $name in $pkg ($FUZZTIME)"
	ok=1
	for attempt in 1 2; do
		if "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$pkg" >"$log" 2>&1; then
			ok=1
			break
		fi
		ok=0
		# Go's fuzzer can report "context deadline exceeded" when -fuzztime
		# ends while a worker is mid-input, with no failing input saved: the
		# harness timing out, not the target failing. Run such a target once
		# more; a real failure saves its input and is never retried.
		if (( attempt == 1 )) && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
			echo "    (fuzzer stopped at its deadline mid-input, no failing input: running $name once more)"
			continue
		fi
		break
	done
	if (( ! ok )); then
		cat "$log"
		echo
		echo "FAIL: $name in $pkg"
		saved="$(sed -nE 's#.*Failing input written to (testdata/fuzz/[^[:space:]]+).*#\1#p' "$log" | head -n1)"
		if [[ -n "$saved" ]]; then
			echo "failing input: ${pkg#./}/$saved"
			echo "re-run it:     $GO test -run '^${name}\$/${saved##*/}' $pkg"
		fi
		exit 1
	fi
	tail -n 1 "$log"
done <<<"$targets"
echo "all $count fuzz targets passed ($FUZZTIME each, $((SECONDS - start))s in all)"
