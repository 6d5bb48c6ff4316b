package pricefeeder

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

const stepPath = `offset_seconds,market,price_usd
0,ATOM,10
60,ATOM,20
120,ATOM,20
120,ATOM,6.5
600,ATOM,6.5
`

func TestScenarioInterpolatesStepsAndHoldsTheEnd(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	s, err := ParseScenario(strings.NewReader(stepPath), 1, clk.now)
	require.NoError(t, err)
	cases := []struct {
		after time.Duration
		want  string
	}{
		{0, "10"},
		{30 * time.Second, "15"},
		{60 * time.Second, "20"},
		{119 * time.Second, "20"},
		{120 * time.Second, "6.5"}, // the step row wins from its offset on
		{121 * time.Second, "6.5"},
		{time.Hour, "6.5"}, // held after the end
	}
	for _, tc := range cases {
		clk.t = s.start.Add(tc.after)
		qs, err := s.Quotes(context.Background(), []string{"ATOM", "ETH"})
		require.NoError(t, err)
		require.Len(t, qs, 1, "ETH is not in the path")
		require.Equal(t, tc.want, strings.TrimRight(strings.TrimRight(qs[0].Price.String(), "0"), "."), "at %s", tc.after)
	}
}

func TestScenarioSpeedScalesTime(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	s, err := ParseScenario(strings.NewReader(stepPath), 20, clk.now)
	require.NoError(t, err)
	clk.t = s.start.Add(8 * time.Second) // 160 s into the path
	qs, err := s.Quotes(context.Background(), []string{"ATOM"})
	require.NoError(t, err)
	require.Equal(t, "6.500000000000000000", qs[0].Price.String())
}

func TestScenarioFileOfTheRepoLoads(t *testing.T) {
	for _, f := range []string{"../scenarios/atom-minus-35-one-block.csv", "../scenarios/black-thursday-2020.csv"} {
		s, err := LoadScenario(f, 1, time.Now)
		require.NoError(t, err, f)
		require.Equal(t, []string{"ATOM", "BAL", "BTC", "ETH", "USDC"}, s.Markets())
	}
}

func TestScenarioRejectsBadFiles(t *testing.T) {
	cases := map[string]string{
		"wrong header":    "t,market,price\n0,ATOM,1\n",
		"negative offset": "offset_seconds,market,price_usd\n-1,ATOM,1\n",
		"zero price":      "offset_seconds,market,price_usd\n0,ATOM,0\n",
		"garbage price":   "offset_seconds,market,price_usd\n0,ATOM,abc\n",
		"offsets go back": "offset_seconds,market,price_usd\n5,ATOM,1\n4,ATOM,1\n",
		"missing column":  "offset_seconds,market,price_usd\n0,ATOM\n",
		"no rows":         "offset_seconds,market,price_usd\n",
		"empty market":    "offset_seconds,market,price_usd\n0,,1\n",
	}
	for name, body := range cases {
		_, err := ParseScenario(strings.NewReader(body), 1, time.Now)
		require.Error(t, err, name)
	}
	_, err := ParseScenario(strings.NewReader(stepPath), 0, time.Now)
	require.Error(t, err, "speed 0")
}
