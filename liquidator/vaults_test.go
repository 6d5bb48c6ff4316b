package liquidator_test

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/liquidator"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// The vault screen flags every vault the chain's IsSafe calls unsafe
// (with a margin for float precision), and only those near the line.
func TestVaultScreenAgreesWithTheChainsMath(t *testing.T) {
	m := liquidator.NewMirror()
	rate, price, ratio := dec("1.0213"), dec("7.5"), dec("1.6")
	typ := m.SetType(liquidator.TypeRef{
		Name: "atom-a", Denom: "uatom", Symbol: "ATOM", Decimals: 6,
		LiquidationRatio: liquidator.Float(ratio), Rate: liquidator.Float(rate), Price: liquidator.Float(price),
	})
	r := rand.New(rand.NewSource(3))
	type exact struct{ collateral, art sdkmath.Int }
	vaults := map[uint64]exact{}
	for id := uint64(1); id <= 2_000; id++ {
		collateral := sdkmath.NewInt(1_000_000 + r.Int63n(1_000_000_000_000))
		// debt around collateral value / ratio
		value := liquidator.Float(stabletypes.CollateralValue(collateral, price, 6))
		art := sdkmath.NewInt(int64(value / 1.6 / 1.0213 * (0.9 + 0.2*r.Float64()) * 1e6))
		vaults[id] = exact{collateral, art}
		m.PutVault(liquidator.VaultRef{ID: id, Owner: "o", Type: typ, Collateral: liquidator.Scaled(collateral, sdkmath.LegacyOneDec()), Art: liquidator.Scaled(art, sdkmath.LegacyOneDec())})
	}
	flagged := map[uint64]bool{}
	for _, i := range m.ScreenVaults(1 + 1e-6) {
		flagged[m.Vaults[i].ID] = true
	}
	unsafe := 0
	for id, v := range vaults {
		if !stabletypes.IsSafe(v.collateral, v.art, rate, price, ratio, 6) {
			unsafe++
			require.True(t, flagged[id], "vault %d: chain says unsafe, screen missed it", id)
		}
	}
	require.Greater(t, unsafe, 100)
	require.Less(t, len(flagged)-unsafe, 10, "only vaults at the line are flagged beyond the unsafe ones")

	// A vault in auction is not a candidate again; a repaid one leaves.
	i := m.ScreenVaults(1 + 1e-6)[0]
	v := m.Vaults[i]
	v.InAuction = true
	m.PutVault(v)
	for _, j := range m.ScreenVaults(1 + 1e-6) {
		require.NotEqual(t, v.ID, m.Vaults[j].ID)
	}
	n := len(m.Vaults)
	m.RemoveVault(v.ID)
	require.Len(t, m.Vaults, n-1)
}
