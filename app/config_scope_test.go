package app_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/app"
)

// Importing the app names the SDK's config scope, so GetConfig (called on
// every address decode) is a lookup, not a readlink and a hostname read;
// and the named config is the one carrying Ballast's prefixes.
func TestConfigScopeIsNamedAndCarriesTheBallastPrefixes(t *testing.T) {
	require.NotEmpty(t, os.Getenv(sdk.EnvConfigScope), "the scope is named at init")
	cfg := sdk.GetConfig()
	require.Same(t, cfg, sdk.GetConfig(), "one config for the process")
	require.Equal(t, app.AccountAddressPrefix, cfg.GetBech32AccountAddrPrefix())
	require.Equal(t, app.Bech32PrefixValAddr, cfg.GetBech32ValidatorAddrPrefix())

	addr := sdk.AccAddress("twenty-byte-address!")
	back, err := sdk.AccAddressFromBech32(addr.String())
	require.NoError(t, err)
	require.Equal(t, addr, back)
	require.Contains(t, addr.String(), app.AccountAddressPrefix+"1")
}

// BenchmarkAddressDecode is the per-address cost GetConfig adds to every
// message signer and keeper address check.
func BenchmarkAddressDecode(b *testing.B) {
	s := sdk.AccAddress("twenty-byte-address!").String()
	for b.Loop() {
		if _, err := sdk.AccAddressFromBech32(s); err != nil {
			b.Fatal(err)
		}
	}
}
