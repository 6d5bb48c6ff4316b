package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func validGenesis() *types.GenesisState {
	gs := types.DefaultGenesis()
	gs.CollateralTypes = []types.CollateralType{{
		Name: "atom-a", Denom: "uatom", OracleSymbol: "ATOM", Decimals: 6,
		LiquidationRatio: dec("1.5"), StabilityFee: dec("1.000000001547125957"),
		DebtCeiling: sdkmath.NewInt(10_000_000_000_000), DebtFloor: sdkmath.NewInt(100_000_000),
		LiquidationPenalty: dec("0.13"), StartMultiplier: dec("1.2"), StepSeconds: 90, Cut: dec("0.99"),
		ResetAfterSeconds: 7200, ResetBelowFraction: dec("0.4"), Tip: sdkmath.NewInt(10_000_000), Chip: dec("0.001"),
		MaxInAuction: sdkmath.NewInt(1_000_000_000_000),
	}}
	gs.Psm = &types.PSMParams{Denom: "uusdc", Decimals: 6, FeeIn: dec("0.001"), FeeOut: dec("0.001"), Ceiling: sdkmath.NewInt(1_000_000_000_000)}
	return gs
}

func TestGenesisValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*types.GenesisState)
		want   error
	}{
		{"valid", func(*types.GenesisState) {}, nil},
		{"duplicate type", func(gs *types.GenesisState) {
			gs.CollateralTypes = append(gs.CollateralTypes, gs.CollateralTypes[0])
		}, types.ErrInvalidType},
		{"type on BSD", func(gs *types.GenesisState) { gs.CollateralTypes[0].Denom = "ubsd" }, types.ErrInvalidType},
		{"type on the PSM denom", func(gs *types.GenesisState) { gs.CollateralTypes[0].Denom = "uusdc" }, types.ErrInvalidType},
		{"PSM on BSD", func(gs *types.GenesisState) { gs.Psm.Denom = "ubsd" }, types.ErrInvalidParams},
		{"PSM fee of 10%", func(gs *types.GenesisState) { gs.Psm.FeeIn = dec("0.1") }, types.ErrInvalidParams},
		{"ratio of 1", func(gs *types.GenesisState) { gs.CollateralTypes[0].LiquidationRatio = dec("1") }, types.ErrInvalidType},
		{"fee above the cap", func(gs *types.GenesisState) { gs.CollateralTypes[0].StabilityFee = dec("1.00000002") }, types.ErrInvalidType},
		{"vault of an unknown type", func(gs *types.GenesisState) {
			gs.Vaults = []types.Vault{{Id: 1, Type: "doge-a"}}
			gs.NextVaultId = 2
		}, types.ErrUnknownType},
		{"vault id not below next", func(gs *types.GenesisState) {
			gs.Vaults = []types.Vault{{Id: 5, Type: "atom-a"}}
			gs.NextVaultId = 5
		}, types.ErrInvalidParams},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := validGenesis()
			tc.mutate(gs)
			err := gs.Validate()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}
