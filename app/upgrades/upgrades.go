// Package upgrades describes chain upgrades: one sub-package per version
// (v2/, v3/, ...) exports an Upgrade, and the app registers the list.
package upgrades

import (
	"context"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrade is one named software upgrade: the handler that migrates state when
// the chain reaches the upgrade height under the new binary, and the stores
// the new binary adds, renames or deletes.
type Upgrade struct {
	// Name must equal the name in the governance upgrade plan.
	Name string

	// CreateHandler builds the handler. The default (DefaultHandler) runs every
	// module's registered migrations, which is all most upgrades need.
	CreateHandler func(mm *module.Manager, cfg module.Configurator) upgradetypes.UpgradeHandler

	// StoreUpgrades lists stores to add, rename or delete at the upgrade height.
	StoreUpgrades storetypes.StoreUpgrades
}

// DefaultHandler runs the module migrations from the stored version map to the
// binary's module versions.
func DefaultHandler(mm *module.Manager, cfg module.Configurator) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		return mm.RunMigrations(ctx, cfg, fromVM)
	}
}
