package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func usdcPSM() types.PSMParams {
	return types.PSMParams{Denom: "uusdc", Decimals: 6, FeeIn: d("0.001"), FeeOut: d("0.001"), Ceiling: sdkmath.NewInt(1_000_000_000_000)}
}

// Governance may re-tune a type or the PSM but never re-point the denom a
// book holds: vaults would be paid out in a denom they never deposited,
// or the PSM reserve could be paid from vault collateral. Each refusal is
// a clear error and changes nothing.
func TestGovernanceCannotMixTheBooks(t *testing.T) {
	withOutstandingPSM := func(f *fixture) {
		_, err := f.k.PSMSwapIn(f.ctx, f.bob, sdk.NewCoin("uusdc", sdkmath.NewInt(1_000_000)))
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name    string
		prepare func(*fixture)
		act     func(*fixture) error
		want    error
	}{
		{"existing type changes denom", nil, func(f *fixture) error {
			ct := atomA()
			ct.Denom = "uosmo"
			return f.k.SetCollateralType(f.ctx, ct)
		}, types.ErrInvalidType},
		{"existing type changes decimals", nil, func(f *fixture) error {
			ct := atomA()
			ct.Decimals = 8
			return f.k.SetCollateralType(f.ctx, ct)
		}, types.ErrInvalidType},
		{"new type on the PSM's denom", nil, func(f *fixture) error {
			ct := atomA()
			ct.Name, ct.Denom = "usdc-a", "uusdc"
			return f.k.SetCollateralType(f.ctx, ct)
		}, types.ErrInvalidType},
		{"new type on BSD itself", nil, func(f *fixture) error {
			ct := atomA()
			ct.Name, ct.Denom = "bsd-a", "ubsd"
			return f.k.SetCollateralType(f.ctx, ct)
		}, types.ErrInvalidType},
		{"PSM on a collateral denom", nil, func(f *fixture) error {
			p := usdcPSM()
			p.Denom = "uatom"
			return f.k.SetPSM(f.ctx, p)
		}, types.ErrInvalidType},
		{"PSM on BSD itself", nil, func(f *fixture) error {
			p := usdcPSM()
			p.Denom = "ubsd"
			return f.k.SetPSM(f.ctx, p)
		}, types.ErrInvalidParams},
		{"PSM changes denom with BSD outstanding", withOutstandingPSM, func(f *fixture) error {
			p := usdcPSM()
			p.Denom = "uusdt"
			return f.k.SetPSM(f.ctx, p)
		}, types.ErrInvalidParams},
		{"PSM changes decimals with BSD outstanding", withOutstandingPSM, func(f *fixture) error {
			p := usdcPSM()
			p.Decimals = 18
			return f.k.SetPSM(f.ctx, p)
		}, types.ErrInvalidParams},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.open(f.alice, 1_000_000_000, 1_000_000_000)
			if tc.prepare != nil {
				tc.prepare(f)
			}
			before, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.ErrorIs(t, tc.act(f), tc.want)
			after, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.Equal(t, before, after)
			f.invariants()
		})
	}
}

// What governance may do: re-tune risk on an existing type, and move the
// PSM to another denom once nothing minted through it is outstanding.
func TestGovernanceRetunesWithinTheRules(t *testing.T) {
	f := setup(t)
	f.open(f.alice, 1_000_000_000, 1_000_000_000)
	ct := atomA()
	ct.LiquidationRatio, ct.LiquidationPenalty = d("1.7"), d("0.1")
	require.NoError(t, f.k.SetCollateralType(f.ctx, ct))
	got, err := f.k.Types.Get(f.ctx, "atom-a")
	require.NoError(t, err)
	require.Equal(t, d("1.7"), got.LiquidationRatio)

	p := usdcPSM()
	p.Denom = "uusdt"
	require.NoError(t, f.k.SetPSM(f.ctx, p), "nothing minted through the PSM yet")
	f.invariants()
}
