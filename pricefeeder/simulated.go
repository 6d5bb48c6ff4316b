package pricefeeder

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	sdkmath "cosmossdk.io/math"
)

// SimulatedMarket is a simulated market's starting price and volatility.
type SimulatedMarket struct {
	Base       float64 // price at the walk's origin
	Volatility float64 // typical relative move over a day, e.g. 0.05
}

// Simulated is a seeded random walk that is a pure function of wall-clock
// time: every feeder with the same seed sees the same market at the same
// instant, plus a little private noise, as validators watching the same
// exchanges would. The walk is fractal value noise (octaves of smoothed
// hashed values with amplitude growing as the square root of their period),
// which moves like a random walk at every scale from the step to weeks.
type Simulated struct {
	seed    uint64
	step    time.Duration
	noise   float64
	markets map[string]SimulatedMarket
	now     Clock

	mu  sync.Mutex
	rng *rand.Rand
}

var _ Provider = (*Simulated)(nil)

// NewSimulated builds the provider. noise is the private relative noise per
// quote (e.g. 0.0005); noiseSeed makes it differ between feeders.
func NewSimulated(seed uint64, step time.Duration, noise float64, noiseSeed uint64, markets map[string]SimulatedMarket, now Clock) (*Simulated, error) {
	if step <= 0 {
		return nil, fmt.Errorf("simulated: step must be positive")
	}
	if !(noise >= 0 && noise <= 0.05) { // also rejects NaN
		return nil, fmt.Errorf("simulated: noise %v outside [0, 0.05]", noise)
	}
	for sym, m := range markets {
		if !(m.Base > 0) || math.IsInf(m.Base, 0) {
			return nil, fmt.Errorf("simulated: %s base price must be positive", sym)
		}
		if !(m.Volatility >= 0 && m.Volatility <= 1) { // also rejects NaN
			return nil, fmt.Errorf("simulated: %s volatility %v outside [0, 1]", sym, m.Volatility)
		}
	}
	return &Simulated{
		seed: seed, step: step, noise: noise, markets: markets, now: now,
		rng: rand.New(rand.NewPCG(noiseSeed, seed^0x9e3779b97f4a7c15)), //nolint:gosec // price noise, not a secret
	}, nil
}

// Name is "simulated".
func (*Simulated) Name() string { return "simulated" }

// Quotes returns the walk's value now for each configured symbol asked.
func (s *Simulated) Quotes(_ context.Context, symbols []string) ([]Quote, error) {
	t := s.now()
	out := make([]Quote, 0, len(symbols))
	for _, sym := range symbols {
		if _, ok := s.markets[sym]; !ok {
			continue
		}
		p := s.PriceAt(sym, t)
		s.mu.Lock()
		p *= 1 + s.noise*(2*s.rng.Float64()-1)
		s.mu.Unlock()
		d, err := decFromFloat(p)
		if err != nil {
			return nil, fmt.Errorf("simulated %s: %w", sym, err)
		}
		out = append(out, Quote{Symbol: sym, Price: d, Time: t})
	}
	return out, nil
}

// octaves of the walk: periods step·2^0 … step·2^(octaves-1) (about 18 h at 1 s).
const octaves = 16

// PriceAt is the noiseless walk of symbol at t: base·exp(vol·W(t)), where W
// has unit variance per day-ish and is the same on every machine.
func (s *Simulated) PriceAt(symbol string, t time.Time) float64 {
	m := s.markets[symbol]
	x := float64(t.UnixNano()) / float64(s.step)
	var w, norm float64
	for o := 0; o < octaves; o++ {
		period := math.Ldexp(1, o)
		amp := math.Sqrt(period)
		w += amp * s.valueNoise(symbol, o, x/period)
		norm += amp * amp
	}
	// Scale so that W's spread over the longest octave is about one "volatility".
	w /= math.Sqrt(norm)
	return m.Base * math.Exp(m.Volatility*w)
}

// valueNoise interpolates smoothly between hashed values in [-1, 1] at integer x.
func (s *Simulated) valueNoise(symbol string, octave int, x float64) float64 {
	i := math.Floor(x)
	f := x - i
	f = f * f * (3 - 2*f) // smoothstep: continuous slope at the lattice points
	a := s.lattice(symbol, octave, int64(i))
	b := s.lattice(symbol, octave, int64(i)+1)
	return a + (b-a)*f
}

func (s *Simulated) lattice(symbol string, octave int, i int64) float64 {
	h := fnv.New64a()
	var buf [24]byte
	binary.LittleEndian.PutUint64(buf[0:], s.seed)
	binary.LittleEndian.PutUint64(buf[8:], uint64(octave))
	binary.LittleEndian.PutUint64(buf[16:], uint64(i))
	_, _ = h.Write(buf[:])
	_, _ = h.Write([]byte(symbol))
	v := h.Sum64()
	return float64(v>>11)/float64(1<<53)*2 - 1
}

// decFromFloat renders a positive float with 10 significant digits as a LegacyDec.
func decFromFloat(f float64) (sdkmath.LegacyDec, error) {
	if !(f > 0) || math.IsInf(f, 0) {
		return sdkmath.LegacyDec{}, fmt.Errorf("price %v is not a positive number", f)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	d, err := sdkmath.LegacyNewDecFromStr(s)
	if err != nil {
		// More than 18 decimals: round to 18.
		d, err = sdkmath.LegacyNewDecFromStr(strconv.FormatFloat(f, 'f', 18, 64))
	}
	if err != nil {
		return sdkmath.LegacyDec{}, err
	}
	if !d.IsPositive() {
		return sdkmath.LegacyDec{}, fmt.Errorf("price %v rounds to zero", f)
	}
	return d, nil
}
