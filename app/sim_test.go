package app_test

import (
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	simcli "github.com/cosmos/cosmos-sdk/x/simulation/client/cli"

	"github.com/ballast-chain/ballast/app"
)

func init() {
	simcli.GetSimulatorFlags()
}

func setupStateFactory(a *app.BallastApp) simsx.SimStateFactory {
	return simsx.SimStateFactory{
		Codec:         a.AppCodec(),
		AppStateFn:    simtestutil.AppStateFn(a.AppCodec(), a.SimulationManager(), a.DefaultGenesis()),
		BlockedAddr:   app.BlockedAddresses(),
		AccountSource: a.AccountKeeper,
		BalanceSource: a.BankKeeper,
	}
}

// setDefaultFlag sets a simulator flag unless the command line did.
func setDefaultFlag(t *testing.T, name, value string) {
	t.Helper()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	if !set {
		require.NoError(t, flag.Set(name, value))
	}
}

// TestAppSimulation runs random messages of every module through the real
// app (simsx factories), exports and re-imports the state, and checks the
// lending invariants. `make test` runs two seeds over 20 blocks; `make
// test-sim` runs every default seed (BALLAST_SIM_ALL_SEEDS=1) longer
// (-NumBlocks, -BlockSize flags).
func TestAppSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	setDefaultFlag(t, "NumBlocks", "20")
	setDefaultFlag(t, "BlockSize", "30")
	setDefaultFlag(t, "Commit", "true")
	seeds := []int64{1, 7}
	if os.Getenv("BALLAST_SIM_ALL_SEEDS") != "" {
		simsx.Run(t, app.New, setupStateFactory, checkInvariants)
		return
	}
	simsx.RunWithSeeds(t, app.New, setupStateFactory, seeds, nil, checkInvariants)
}

// checkInvariants runs after each simulation: the lending books and the
// BSD ledger hold.
func checkInvariants(tb testing.TB, ti simsx.TestInstance[*app.BallastApp], _ []simtypes.Account) {
	tb.Helper()
	a := ti.App
	ctx := a.NewContext(true)
	require.NoError(tb, a.LendingKeeper.CheckInvariants(ctx, a.BankKeeper.GetBalance))
	require.NoError(tb, a.StablecoinKeeper.CheckInvariants(ctx))
	gs, err := a.LendingKeeper.ExportGenesis(ctx)
	require.NoError(tb, err)
	tb.Logf("lending after simulation: %d account(s) with positions", len(gs.Accounts))
}
