// Package drill is the upgrade the system tests rehearse (ATTACKS 33). Only
// a binary built with `-tags upgrade_drill` knows it: the normal build
// halts at the plan's height, and the drill build takes over from there,
// as a real v2 binary would.
package drill

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ballast-chain/ballast/app/upgrades"
)

// Name is the plan name a drill proposal uses.
const Name = "v2-drill"

// NewFeeIn is the PSM swap-in fee after the drill's migration.
var NewFeeIn = sdkmath.LegacyNewDecWithPrec(5, 4) // 0.0005

// Upgrade runs the module migrations, then migrates the PSM's swap-in fee
// from its genesis value to NewFeeIn (a parameter migration of the kind a
// chain ships with a new binary instead of a separate proposal), and
// refuses to finish if the lending or BSD books no longer hold.
var Upgrade = upgrades.Upgrade{
	Name: Name,
	CreateHandler: func(mm *module.Manager, cfg module.Configurator, k upgrades.Keepers) upgradetypes.UpgradeHandler {
		return func(ctx context.Context, plan upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
			vm, err := mm.RunMigrations(ctx, cfg, fromVM)
			if err != nil {
				return nil, err
			}
			psm, err := k.Stablecoin.PSM.Get(ctx)
			if err != nil {
				return nil, err
			}
			old := psm.FeeIn
			psm.FeeIn = NewFeeIn
			if err := k.Stablecoin.SetPSM(ctx, psm); err != nil {
				return nil, err
			}
			if err := k.CheckInvariants(ctx); err != nil {
				return nil, err
			}
			sdk.UnwrapSDKContext(ctx).Logger().Info("upgrade drill migrated the PSM", "plan", plan.Name, "fee_in_from", old, "fee_in_to", psm.FeeIn)
			return vm, nil
		}
	},
}
