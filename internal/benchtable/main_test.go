package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
pkg: github.com/ballast-chain/ballast/x/lending/keeper
BenchmarkBorrow/accounts=1k-2         	     200	     50000 ns/op	     41000 gas/op	   30000 B/op	     400 allocs/op
BenchmarkBorrow/accounts=1M-2         	     200	     60000 ns/op	     41500 gas/op	   30100 B/op	     401 allocs/op
    bench_test.go:12: a log line
pkg: github.com/ballast-chain/ballast/x/oracle/keeper
BenchmarkAggregate100Validators50Markets-2   	     200	   1500000 ns/op
PASS
`

func TestTableRatiosAgainstTheSmallestSize(t *testing.T) {
	rows, err := parse(strings.NewReader(sample))
	require.NoError(t, err)
	require.Len(t, rows, 3)
	var out bytes.Buffer
	write(&out, rows)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Equal(t, []string{
		"| package | benchmark | size | iterations | ns/op | vs smallest | other metrics |",
		"|---|---|---|---:|---:|---:|---|",
		"| x/lending/keeper | Borrow | accounts=1k | 200 | 50000 | 1.00 | 41000 gas/op, 30000 B/op, 400 allocs/op |",
		"| x/lending/keeper | Borrow | accounts=1M | 200 | 60000 | 1.20 | 41500 gas/op, 30100 B/op, 401 allocs/op |",
		"| x/oracle/keeper | Aggregate100Validators50Markets |  | 200 | 1500000 | 1.00 |  |",
	}, lines)
}

func TestMalformedMetricIsAnError(t *testing.T) {
	_, err := parse(strings.NewReader("BenchmarkX-2 10 abc ns/op\n"))
	require.ErrorContains(t, err, `"BenchmarkX-2 10 abc ns/op"`)
}
