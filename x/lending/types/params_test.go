package types

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

func TestDefaultParams(t *testing.T) {
	p := DefaultParams()
	require.NoError(t, p.Validate())
	requireDec(t, "10", p.MinBorrowValue)
	requireDec(t, "2000", p.SmallPositionValue)
	requireDec(t, "1000", p.MinLeftoverValue)
	requireDec(t, "0.5", p.CloseFactor)
	requireDec(t, "0.95", p.FullCloseHealth)
	requireDec(t, "10", p.MaxBorrowRate)
	require.Empty(t, p.Guardian, "no guardian by default")
}

func TestParamsValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Params)
		ok   bool
	}{
		{"zero floors are allowed", func(p *Params) {
			p.MinBorrowValue, p.SmallPositionValue, p.MinLeftoverValue = dec("0"), dec("0"), dec("0")
		}, true},
		{"close factor of one is allowed", func(p *Params) { p.CloseFactor = dec("1") }, true},
		{"full close health of one is allowed", func(p *Params) { p.FullCloseHealth = dec("1") }, true},
		{"max borrow rate of 100 is allowed", func(p *Params) { p.MaxBorrowRate = dec("100") }, true},

		{"negative min_borrow_value", func(p *Params) { p.MinBorrowValue = dec("-1") }, false},
		{"missing min_borrow_value", func(p *Params) { p.MinBorrowValue = sdkmath.LegacyDec{} }, false},
		{"negative small_position_value", func(p *Params) { p.SmallPositionValue = dec("-0.000000000000000001") }, false},
		{"missing small_position_value", func(p *Params) { p.SmallPositionValue = sdkmath.LegacyDec{} }, false},
		{"negative min_leftover_value", func(p *Params) { p.MinLeftoverValue = dec("-1000") }, false},
		{"missing min_leftover_value", func(p *Params) { p.MinLeftoverValue = sdkmath.LegacyDec{} }, false},
		{"zero close factor", func(p *Params) { p.CloseFactor = dec("0") }, false},
		{"close factor above one", func(p *Params) { p.CloseFactor = dec("1.000000000000000001") }, false},
		{"missing close factor", func(p *Params) { p.CloseFactor = sdkmath.LegacyDec{} }, false},
		{"zero full close health", func(p *Params) { p.FullCloseHealth = dec("0") }, false},
		{"full close health above one", func(p *Params) { p.FullCloseHealth = dec("1.01") }, false},
		{"missing full close health", func(p *Params) { p.FullCloseHealth = sdkmath.LegacyDec{} }, false},
		{"zero max borrow rate", func(p *Params) { p.MaxBorrowRate = dec("0") }, false},
		{"negative max borrow rate", func(p *Params) { p.MaxBorrowRate = dec("-1") }, false},
		{"max borrow rate above 100", func(p *Params) { p.MaxBorrowRate = dec("100.000000000000000001") }, false},
		{"missing max borrow rate", func(p *Params) { p.MaxBorrowRate = sdkmath.LegacyDec{} }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			tc.edit(&p)
			err := p.Validate()
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrInvalidParams)
			}
		})
	}
}
