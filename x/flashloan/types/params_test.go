package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/flashloan/types"
)

func TestFeeRoundsUp(t *testing.T) {
	p := types.DefaultParams() // 5 bps
	for _, tc := range []struct{ amount, fee int64 }{
		{0, 0}, {1, 1}, {1_999, 1}, {2_000, 1}, {2_001, 2}, {1_000_000, 500}, {3_000_000_000, 1_500_000},
	} {
		require.Equal(t, sdkmath.NewInt(tc.fee), p.Fee(sdkmath.NewInt(tc.amount)), "fee on %d", tc.amount)
	}
	p.FeeBps = 0
	require.True(t, p.Fee(sdkmath.NewInt(1_000_000)).IsZero(), "a zero rate charges nothing")
}

func TestParamsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*types.Params)
		ok     bool
	}{
		{"defaults", func(*types.Params) {}, true},
		{"fee of 10%", func(p *types.Params) { p.FeeBps = 1000 }, true},
		{"fee above 10%", func(p *types.Params) { p.FeeBps = 1001 }, false},
		{"no flash mint", func(p *types.Params) { p.MaxFlashMint = sdkmath.ZeroInt() }, true},
		{"negative flash mint", func(p *types.Params) { p.MaxFlashMint = sdkmath.NewInt(-1) }, false},
		{"nil flash mint", func(p *types.Params) { p.MaxFlashMint = sdkmath.Int{} }, false},
		{"no messages", func(p *types.Params) { p.MaxMsgs = 0 }, false},
		{"65 messages", func(p *types.Params) { p.MaxMsgs = 65 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.mutate(&p)
			err := p.Validate()
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, types.ErrInvalidParams)
			}
		})
	}
}
