package app_test

import (
	"context"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/app/upgrades"
	"github.com/ballast-chain/ballast/testutil/apptesting"
)

func TestUpgradeHaltsOldBinaryAndRunsNewHandlerOnce(t *testing.T) {
	ballast, _ := apptesting.Setup(t, 1, sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(1))))

	// Governance schedules the plan; the running binary knows no handler.
	planHeight := ballast.LastBlockHeight() + 3
	branch := ballast.CommitMultiStore().CacheMultiStore()
	ctx := apptesting.Context(ballast).WithMultiStore(branch)
	require.NoError(t, ballast.UpgradeKeeper.ScheduleUpgrade(ctx, upgradetypes.Plan{Name: "v2-drill", Height: planHeight}))
	branch.Write()
	for ballast.LastBlockHeight() < planHeight-1 {
		apptesting.NextBlock(t, ballast, time.Second)
	}

	// The old binary refuses the plan height.
	_, err := ballast.FinalizeBlock(&abci.RequestFinalizeBlock{Height: planHeight, Time: apptesting.Context(ballast).BlockTime().Add(time.Second)})
	require.ErrorContains(t, err, `UPGRADE "v2-drill" NEEDED`)

	// The new binary brings the handler and runs it exactly once.
	runs := 0
	require.NoError(t, ballast.RegisterUpgrades([]upgrades.Upgrade{{
		Name: "v2-drill",
		CreateHandler: func(mm *module.Manager, cfg module.Configurator, k upgrades.Keepers) upgradetypes.UpgradeHandler {
			inner := upgrades.DefaultHandler(mm, cfg, k)
			return func(ctx context.Context, plan upgradetypes.Plan, vm module.VersionMap) (module.VersionMap, error) {
				runs++
				return inner(ctx, plan, vm)
			}
		},
	}}))
	for ballast.LastBlockHeight() < planHeight+2 {
		apptesting.NextBlock(t, ballast, time.Second)
	}
	require.Equal(t, 1, runs)
	done, err := ballast.UpgradeKeeper.GetDoneHeight(apptesting.Context(ballast), "v2-drill")
	require.NoError(t, err)
	require.Equal(t, planHeight, done)
}

func TestRegisterUpgradesRejectsDuplicateNames(t *testing.T) {
	ballast := apptesting.NewApp(t, dbm.NewMemDB())
	err := ballast.RegisterUpgrades([]upgrades.Upgrade{{Name: "v2"}, {Name: "v2"}})
	require.ErrorContains(t, err, "duplicate")
}
