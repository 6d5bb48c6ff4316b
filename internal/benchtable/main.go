// Command benchtable turns `go test -bench` output into one Markdown
// table: a row per benchmark and size, its metrics, and each size's ns/op
// as a ratio of the family's smallest size (the scaling figure the module
// issues ask for). Usage: go test -bench . ./... | go run ./internal/benchtable
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// row is one benchmark result line.
type row struct {
	pkg, family, size string
	iters             string
	metrics           []metric
}

type metric struct {
	value float64
	unit  string
}

func (r row) get(unit string) (float64, bool) {
	for _, m := range r.metrics {
		if m.unit == unit {
			return m.value, true
		}
	}
	return 0, false
}

// parse reads benchmark lines, remembering the package each belongs to.
func parse(in io.Reader) ([]row, error) {
	var rows []row
	pkg := ""
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(rest)
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || len(f)%2 != 0 {
			continue // a benchmark's own log line
		}
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // the GOMAXPROCS suffix
			}
		}
		name = strings.TrimPrefix(name, "Benchmark")
		family, size, _ := strings.Cut(name, "/")
		r := row{pkg: pkg, family: family, size: size, iters: f[1]}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", line, err)
			}
			r.metrics = append(r.metrics, metric{v, f[i+1]})
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

func format(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

func write(w io.Writer, rows []row) {
	_, _ = fmt.Fprintln(w, "| package | benchmark | size | iterations | ns/op | vs smallest | other metrics |")
	_, _ = fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---|")
	first := map[string]float64{}
	for _, r := range rows {
		key := r.pkg + "." + r.family
		ns, hasNS := r.get("ns/op")
		ratio := ""
		if hasNS {
			if base, ok := first[key]; ok && base > 0 {
				ratio = fmt.Sprintf("%.2f", ns/base)
			} else {
				first[key] = ns
				ratio = "1.00"
			}
		}
		var other []string
		for _, m := range r.metrics {
			if m.unit != "ns/op" {
				other = append(other, format(m.value)+" "+m.unit)
			}
		}
		pkg := r.pkg[strings.LastIndex(r.pkg, "ballast/")+len("ballast/"):]
		if !strings.Contains(r.pkg, "ballast/") {
			pkg = r.pkg
		}
		_, _ = fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", pkg, r.family, r.size, r.iters, format(ns), ratio, strings.Join(other, ", "))
	}
}

func main() {
	rows, err := parse(os.Stdin)
	if err != nil {
		_, _ = fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(rows) == 0 {
		_, _ = fmt.Fprintln(os.Stderr, "benchtable: no benchmark results in the input")
		os.Exit(1)
	}
	write(os.Stdout, rows)
}
