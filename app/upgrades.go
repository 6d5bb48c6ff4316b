package app

import (
	"fmt"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ballast-chain/ballast/app/upgrades"
)

// Upgrades are the software upgrades this binary knows. A new version adds
// its package under app/upgrades and appends it here.
var Upgrades = []upgrades.Upgrade{}

func (app *BallastApp) registerUpgradeHandlers() {
	if err := app.setUpgrades(Upgrades); err != nil {
		panic(err)
	}
}

// setUpgrades registers each upgrade's handler and, when the node restarts
// at a pending upgrade height, installs that upgrade's store loader.
func (app *BallastApp) setUpgrades(list []upgrades.Upgrade) error {
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
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, create(app.ModuleManager, app.configurator))
	}

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
