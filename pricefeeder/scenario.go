package pricefeeder

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	sdkmath "cosmossdk.io/math"
)

// scenarioPoint is one row of a price path.
type scenarioPoint struct {
	offset time.Duration
	price  sdkmath.LegacyDec
}

// Scenario replays a price path (CSV: offset_seconds,market,price_usd) from
// the moment it starts, optionally faster than real time. Between rows it
// interpolates linearly; after the last row it holds the last price.
type Scenario struct {
	path   string
	paths  map[string][]scenarioPoint
	start  time.Time
	speed  float64
	length time.Duration
	now    Clock
}

var _ Provider = (*Scenario)(nil)

// LoadScenario reads and validates a scenario file; replay starts at now().
func LoadScenario(path string, speed float64, now Clock) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	defer func() { _ = f.Close() }()
	s, err := ParseScenario(f, speed, now)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", path, err)
	}
	s.path = path
	return s, nil
}

// ParseScenario reads a scenario from r (see LoadScenario).
func ParseScenario(r io.Reader, speed float64, now Clock) (*Scenario, error) {
	if !(speed > 0) || speed > 1e6 {
		return nil, fmt.Errorf("speed %v must be in (0, 1e6]", speed)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	if strings.Join(header, ",") != "offset_seconds,market,price_usd" {
		return nil, fmt.Errorf("header %q, want offset_seconds,market,price_usd", strings.Join(header, ","))
	}
	s := &Scenario{paths: make(map[string][]scenarioPoint), speed: speed, now: now}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		secs, err := strconv.ParseFloat(rec[0], 64)
		if err != nil || secs < 0 || secs > 1e9 {
			return nil, fmt.Errorf("line %d: offset %q must be seconds in [0, 1e9]", line, rec[0])
		}
		symbol := strings.TrimSpace(rec[1])
		if symbol == "" {
			return nil, fmt.Errorf("line %d: empty market", line)
		}
		price, err := sdkmath.LegacyNewDecFromStr(strings.TrimSpace(rec[2]))
		if err != nil || !price.IsPositive() {
			return nil, fmt.Errorf("line %d: price %q must be a positive decimal", line, rec[2])
		}
		off := time.Duration(secs * float64(time.Second))
		pts := s.paths[symbol]
		if n := len(pts); n > 0 && off < pts[n-1].offset {
			return nil, fmt.Errorf("line %d: %s offsets go backwards", line, symbol)
		}
		s.paths[symbol] = append(pts, scenarioPoint{offset: off, price: price})
		s.length = max(s.length, off)
	}
	if len(s.paths) == 0 {
		return nil, fmt.Errorf("no rows")
	}
	s.start = now()
	return s, nil
}

// Name is "scenario".
func (*Scenario) Name() string { return "scenario" }

// Path is the file the scenario came from ("" when parsed from a reader).
func (s *Scenario) Path() string { return s.path }

// Markets lists the scenario's markets.
func (s *Scenario) Markets() []string {
	out := make([]string, 0, len(s.paths))
	for m := range s.paths {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// Elapsed is how far into the path the replay is.
func (s *Scenario) Elapsed() time.Duration {
	return time.Duration(float64(s.now().Sub(s.start)) * s.speed)
}

// Done reports whether the replay passed the last row.
func (s *Scenario) Done() bool { return s.Elapsed() >= s.length }

// Quotes returns the path's price now for each symbol it covers.
func (s *Scenario) Quotes(_ context.Context, symbols []string) ([]Quote, error) {
	t := s.now()
	at := s.Elapsed()
	out := make([]Quote, 0, len(symbols))
	for _, sym := range symbols {
		pts, ok := s.paths[sym]
		if !ok {
			continue
		}
		out = append(out, Quote{Symbol: sym, Price: priceOnPath(pts, at), Time: t})
	}
	return out, nil
}

// priceOnPath interpolates linearly between the last point at or before at
// and the next one. Of several rows at one offset the last wins: a step.
func priceOnPath(pts []scenarioPoint, at time.Duration) sdkmath.LegacyDec {
	// i is the first point strictly after at.
	i := sort.Search(len(pts), func(j int) bool { return pts[j].offset > at })
	switch {
	case i == 0:
		return pts[0].price
	case i == len(pts) || pts[i-1].offset == at:
		return pts[i-1].price
	}
	a, b := pts[i-1], pts[i]
	frac := sdkmath.LegacyNewDec(int64(at - a.offset)).QuoInt64(int64(b.offset - a.offset))
	return a.price.Add(b.price.Sub(a.price).Mul(frac))
}
