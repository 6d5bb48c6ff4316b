package localnet

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The local network's BSD genesis is valid: every type fits the default
// params and prices through an oracle market the network feeds.
func TestStablecoinGenesisIsValid(t *testing.T) {
	gs := StablecoinGenesis()
	require.NoError(t, gs.Validate())
	require.Len(t, gs.CollateralTypes, 3)
	for _, ct := range gs.CollateralTypes {
		require.Contains(t, []string{"ATOM", "ETH", "BTC"}, ct.OracleSymbol, ct.Name)
	}
}
