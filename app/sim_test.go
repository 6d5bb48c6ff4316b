package app_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	simcli "github.com/cosmos/cosmos-sdk/x/simulation/client/cli"

	"github.com/ballast-chain/ballast/app"
	stablesim "github.com/ballast-chain/ballast/x/stablecoin/simulation"
)

func init() {
	simcli.GetSimulatorFlags()
}

func setupStateFactory(a *app.BallastApp) simsx.SimStateFactory {
	return simsx.SimStateFactory{
		Codec:         a.AppCodec(),
		AppStateFn:    withStableBalances(a.AppCodec(), simtestutil.AppStateFn(a.AppCodec(), a.SimulationManager(), a.DefaultGenesis())),
		BlockedAddr:   app.BlockedAddresses(),
		AccountSource: a.AccountKeeper,
		BalanceSource: a.BankKeeper,
	}
}

// withStableBalances gives every simulation account (not module accounts) 10^6 of the PSM's
// stable denom (the SDK funds only the bond denom), so PSM swaps run.
func withStableBalances(cdc codec.JSONCodec, inner simtypes.AppStateFn) simtypes.AppStateFn {
	return func(r *rand.Rand, accs []simtypes.Account, config simtypes.Config) (json.RawMessage, []simtypes.Account, string, time.Time) {
		raw, accs, chainID, genTime := inner(r, accs, config)
		var state map[string]json.RawMessage
		if err := json.Unmarshal(raw, &state); err != nil {
			panic(err)
		}
		var bank banktypes.GenesisState
		cdc.MustUnmarshalJSON(state[banktypes.ModuleName], &bank)
		each := sdk.NewCoin(stablesim.SimStableDenom, sdkmath.NewInt(1_000_000_000_000))
		users := map[string]bool{}
		for _, acc := range accs {
			users[acc.Address.String()] = true
		}
		for i, b := range bank.Balances {
			if users[b.Address] {
				bank.Balances[i].Coins = b.Coins.Add(each)
				bank.Supply = bank.Supply.Add(each)
			}
		}
		// Sendable whatever the random default_send_enabled, as USDC is.
		bank.SendEnabled = append(bank.SendEnabled, banktypes.SendEnabled{Denom: each.Denom, Enabled: true})
		state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bank)
		raw, err := json.Marshal(state)
		if err != nil {
			panic(err)
		}
		return raw, accs, chainID, genTime
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
	seeds := []int64{2, 5}
	if v := os.Getenv("BALLAST_SIM_SEEDS"); v != "" {
		seeds = nil
		for _, f := range strings.Split(v, ",") {
			seed, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			require.NoError(t, err, "BALLAST_SIM_SEEDS=%q", v)
			seeds = append(seeds, seed)
		}
	}
	if os.Getenv("BALLAST_SIM_ALL_SEEDS") != "" {
		simsx.Run(t, app.New, setupStateFactory, checkInvariants)
		return
	}
	simsx.RunWithSeeds(t, app.New, setupStateFactory, seeds, nil, checkInvariants)
}

// TestAppStateDeterminism runs the same simulation several times per seed
// and requires the same app hash every time (ATTACKS 28): 3 seeds x 5 runs,
// of 10 blocks in `make test` and of 50 blocks in `make test-sim`
// (BALLAST_SIM_DETERMINISM_RUNS, -NumBlocks, -BlockSize).
func TestAppStateDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	setDefaultFlag(t, "NumBlocks", "10")
	setDefaultFlag(t, "BlockSize", "20")
	setDefaultFlag(t, "Commit", "true")
	runs := 5
	if v := os.Getenv("BALLAST_SIM_DETERMINISM_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "BALLAST_SIM_DETERMINISM_RUNS")
		runs = n
	}
	cfg := simcli.NewConfigFromFlags()
	cfg.ChainID = simsx.SimAppChainID
	for _, seed := range []int64{2, 5, 11} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			hashes := make([][]byte, 0, runs)
			for range runs {
				simsx.RunWithSeed(t, cfg, app.New, setupStateFactory, seed, nil,
					func(_ testing.TB, ti simsx.TestInstance[*app.BallastApp], _ []simtypes.Account) {
						hashes = append(hashes, ti.App.LastCommitID().Hash)
					})
			}
			require.Len(t, hashes, runs)
			for i := 1; i < runs; i++ {
				require.Equalf(t, hashes[0], hashes[i], "seed %d: run %d ended at app hash %X, run 1 at %X", seed, i+1, hashes[i], hashes[0])
			}
			t.Logf("seed %d: %d runs, app hash %X", seed, runs, hashes[0])
		})
	}
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
	sgs, err := a.StablecoinKeeper.ExportGenesis(ctx)
	require.NoError(tb, err)
	tb.Logf("stablecoin after simulation: %d vault(s), %d auction(s) running, next auction id %d, surplus %s, bad debt %s, psm minted %s",
		len(sgs.Vaults), len(sgs.Auctions), sgs.NextAuctionId, sgs.Ledger.Surplus, sgs.Ledger.BadDebt, sgs.Ledger.PsmMinted)
	// The simulated state survives export and import store by store.
	requireRoundTrip(tb, a)
}
