package keeper_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// ATTACKS 27: modules that charge gas before work price their lookups
// with PriceGas. It must bound what the lookups use, with a full ring
// buffer, whatever the buffer and window sizes, on the largest entries (a
// 16-letter symbol, the largest price a report can carry).
func TestPriceGasBoundsTheLookups(t *testing.T) {
	for _, tc := range []struct{ size, window uint64 }{
		{60, 30},    // the defaults
		{10, 30},    // a window longer than the buffer
		{1000, 999}, // the largest buffer
	} {
		t.Run(fmt.Sprintf("history %d, window %d", tc.size, tc.window), func(t *testing.T) {
			const symbol = "X234567890123456"
			f := setup(t, func(gs *types.GenesisState) {
				gs.Params.HistorySize, gs.Params.TwapWindowBlocks = uint32(tc.size), tc.window
				gs.Params.MaxAgeBlocks = 1 << 40
				gs.Markets = append(gs.Markets, types.Market{Id: uint32(len(gs.Markets)), Symbol: symbol, Enabled: true})
			})
			id := uint32(len(types.DefaultMarkets()))
			for h := range int64(tc.size + 1) {
				f.atHeight(1_000_000 + h)
				_, err := f.k.Aggregate(f.ctx, []types.ValidatorReports{{ConsAddr: []byte("a"), Power: 1, Reports: []types.Report{{MarketID: id, Price: math.MaxUint64 - uint64(h)}}}})
				require.NoError(t, err)
			}
			spot, conservative, err := f.k.PriceGas(f.ctx)
			require.NoError(t, err)

			ctx := f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			_, err = f.k.GetPrice(ctx, symbol)
			require.NoError(t, err)
			used := ctx.GasMeter().GasConsumed()
			t.Logf("spot: %d gas, bound %d", used, spot)
			require.LessOrEqual(t, used, spot)

			ctx = f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			_, _, err = f.k.ConservativePrices(ctx, symbol)
			require.NoError(t, err)
			used = ctx.GasMeter().GasConsumed()
			t.Logf("conservative: %d gas, bound %d", used, conservative)
			require.LessOrEqual(t, used, conservative)
		})
	}
}
