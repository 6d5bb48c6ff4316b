package app

import (
	"fmt"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ballast-chain/ballast/app/upgrades"
)

// Upgrades are the software upgrades this binary knows. A new version adds
// its package under app/upgrades and appends it here.
var Upgrades = []upgrades.Upgrade{}

// registerUpgradeHandlers runs from New, before the stores load: handlers for
// every known upgrade, and the store loader of the one pending on disk.
func (app *BallastApp) registerUpgradeHandlers() {
	if err := app.RegisterUpgrades(Upgrades); err != nil {
		panic(err)
	}
	if err := app.setUpgradeStoreLoader(Upgrades); err != nil {
		panic(err)
	}
}

// RegisterUpgrades registers each upgrade's handler with x/upgrade, which runs
// it once, at the height of the governance plan of the same name.
func (app *BallastApp) RegisterUpgrades(list []upgrades.Upgrade) error {
	seen := make(map[string]bool, len(list))
	for _, u := range list {
		if u.Name == "" || seen[u.Name] {
			return fmt.Errorf("upgrade %q: empty or duplicate name", u.Name)
		}
		seen[u.Name] = true
		create := u.CreateHandler
		if create == nil {
			create = upgrades.DefaultHandler
		}
		keepers := upgrades.Keepers{Bank: app.BankKeeper, Lending: app.LendingKeeper, Stablecoin: app.StablecoinKeeper}
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, create(app.ModuleManager, app.configurator, keepers))
	}
	return nil
}

// setUpgradeStoreLoader installs the store changes of the upgrade the old
// binary halted for (x/upgrade writes its name and height to disk), so the
// new binary mounts added stores before the upgrade block runs.
func (app *BallastApp) setUpgradeStoreLoader(list []upgrades.Upgrade) error {
	info, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		return fmt.Errorf("reading upgrade info: %w", err)
	}
	if info.Name == "" || app.UpgradeKeeper.IsSkipHeight(info.Height) {
		return nil
	}
	for _, u := range list {
		if u.Name == info.Name {
			storeUpgrades := u.StoreUpgrades
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(info.Height, &storeUpgrades))
		}
	}
	return nil
}
