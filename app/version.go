package app

import "github.com/cosmos/cosmos-sdk/version"

// versionString is the app version reported over ABCI Info, set at build time
// through -ldflags on github.com/cosmos/cosmos-sdk/version.Version.
func versionString() string {
	if version.Version == "" {
		return "dev"
	}
	return version.Version
}
