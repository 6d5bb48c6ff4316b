// Package upgrades describes chain upgrades: one sub-package per version
// (v2/, v3/, ...) exports an Upgrade, and the app registers the list.
package upgrades

import (
	"context"
	"fmt"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	lendingkeeper "github.com/ballast-chain/ballast/x/lending/keeper"
	stablecoinkeeper "github.com/ballast-chain/ballast/x/stablecoin/keeper"
)

// Upgrade is one named software upgrade: the handler that migrates state when
// the chain reaches the upgrade height under the new binary, and the stores
// the new binary adds, renames or deletes.
type Upgrade struct {
	// Name must equal the name in the governance upgrade plan.
	Name string

	// CreateHandler builds the handler. The default (DefaultHandler) runs every
	// module's registered migrations, which is all most upgrades need; the
	// keepers are there for the migrations that are not a module's own.
	CreateHandler func(mm *module.Manager, cfg module.Configurator, k Keepers) upgradetypes.UpgradeHandler

	// StoreUpgrades lists stores to add, rename or delete at the upgrade height.
	StoreUpgrades storetypes.StoreUpgrades
}

// Keepers are the app's keepers an upgrade handler may use.
type Keepers struct {
	Bank       bankkeeper.Keeper
	Lending    lendingkeeper.Keeper
	Stablecoin stablecoinkeeper.Keeper
}

// CheckInvariants runs the lending and BSD ledger invariants; a handler
// calls it after migrating, so that a migration that breaks the books
// fails the upgrade instead of starting the chain on them.
func (k Keepers) CheckInvariants(ctx context.Context) error {
	if err := k.Lending.CheckInvariants(ctx, k.Bank.GetBalance); err != nil {
		return fmt.Errorf("lending invariants after the upgrade: %w", err)
	}
	if err := k.Stablecoin.CheckInvariants(ctx); err != nil {
		return fmt.Errorf("stablecoin invariants after the upgrade: %w", err)
	}
	return nil
}

// DefaultHandler runs the module migrations from the stored version map to the
// binary's module versions.
func DefaultHandler(mm *module.Manager, cfg module.Configurator, _ Keepers) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		return mm.RunMigrations(ctx, cfg, fromVM)
	}
}
