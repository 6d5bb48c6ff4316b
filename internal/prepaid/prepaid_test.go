package prepaid_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/internal/prepaid"
)

func TestRun(t *testing.T) {
	key := storetypes.NewKVStoreKey("prepaid")
	write := func(ctx context.Context) (bool, error) { // about 2,000 gas
		sdk.UnwrapSDKContext(ctx).KVStore(key).Set([]byte("k"), []byte("v"))
		return true, nil
	}
	cases := []struct {
		name         string
		limit, cost  uint64
		work         func(context.Context) (bool, error)
		wantConsumed uint64 // of the transaction's meter
		wantPanic    string // the out-of-gas descriptor, if any
		wantWorked   bool
	}{
		{"the charge is the whole cost", 1_000_000, 50_000, write, 50_000, "", true},
		{"a limit below the charge stops before the work", 10_000, 50_000, write, 50_000, "heavy (charged before work)", false},
		{"work beyond the charge runs out of its gas", 1_000_000, 100, write, 100, "heavy: work exceeded the 100 gas charged before it (at WriteFlat)", false},
		{"no charge: the work pays as it goes", 1_000_000, 0, write, 2_000 + 30*2, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t")).WithGasMeter(storetypes.NewGasMeter(tc.limit))
			var worked bool
			run := func() {
				worked, _ = prepaid.Run(ctx, tc.cost, "heavy", tc.work)
			}
			if tc.wantPanic == "" {
				require.NotPanics(t, run)
			} else {
				require.PanicsWithValue(t, storetypes.ErrorOutOfGas{Descriptor: tc.wantPanic}, run)
			}
			require.Equal(t, tc.wantConsumed, ctx.GasMeter().GasConsumed())
			require.Equal(t, tc.wantWorked, worked)
			written := ctx.WithGasMeter(storetypes.NewInfiniteGasMeter()).KVStore(key).Has([]byte("k"))
			require.Equal(t, tc.wantWorked, written, "the store saw the work")
		})
	}
}

// Panics other than running out of the prepaid gas pass through unchanged.
func TestRunPassesOtherPanicsOn(t *testing.T) {
	ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("prepaid"), storetypes.NewTransientStoreKey("t"))
	require.PanicsWithValue(t, "boom", func() {
		_, _ = prepaid.Run(ctx, 1_000, "heavy", func(context.Context) (int, error) { panic("boom") })
	})
}
