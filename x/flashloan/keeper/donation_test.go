package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

// ATTACKS 1 with booked fees (Radiant, 2024): the only supplier of a thin
// market flash-borrows from itself again and again so that the fees pump
// the exchange rate, after which small supplies buy no shares and every
// later supply and withdrawal loses up to a unit of the rate to rounding.
// Fees on thin markets go to reserves, and the rounding-up unit always
// does: the liquidity index does not move.
func TestFlashFeesCannotPumpAThinMarket(t *testing.T) {
	for _, supplied := range []int64{1, 999_999} {
		e := setup(t)
		bob := e.bob.Address.String()
		e.ok(e.bob, &lendingtypes.MsgSupply{Supplier: bob, Amount: coin(supplied, eth)})
		before, err := e.app.LendingKeeper.MarketStates.Get(e.ctx(), eth)
		require.NoError(t, err)
		loans := make([]sdk.Msg, 10)
		for i := range loans {
			loans[i] = e.flash(e.bob, sdk.NewCoins(coin(supplied, eth)),
				&banktypes.MsgSend{FromAddress: bob, ToAddress: bob, Amount: sdk.NewCoins(coin(1, bal))})
		}
		e.ok(e.bob, loans...)
		after, err := e.app.LendingKeeper.MarketStates.Get(e.ctx(), eth)
		require.NoError(t, err)
		require.Equal(t, before.LiquidityIndex, after.LiquidityIndex, "supplied %d: the index did not move", supplied)
		fee := sdkmath.NewInt(supplied).MulRaw(5).AddRaw(9_999).QuoRaw(10_000) // 5 bps, rounded up
		require.Equal(t, fee.MulRaw(10), after.Reserves.Sub(before.Reserves), "supplied %d: ten fees to reserves", supplied)
		e.invariants()
	}
}
