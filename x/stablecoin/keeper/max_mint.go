package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// MaxMint is how much more BSD a vault could mint now at the conservative
// price, before ceilings; zero when it has no room. One ubsd is kept back
// for the rounding of art.
func (k Keeper) MaxMint(ctx context.Context, id uint64) (sdkmath.Int, error) {
	v, err := k.vault(ctx, id)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	ct, st, err := k.accruedState(ctx, v.Type)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	price, _, err := k.oracle.ConservativePrices(ctx, ct.OracleSymbol)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	limit := types.CollateralValue(v.Collateral, price, ct.Decimals).Quo(ct.LiquidationRatio).
		MulInt(sdkmath.NewIntWithDecimal(1, types.StableDecimals)).TruncateInt()
	room := limit.Sub(types.DebtOf(v.Art, st.Rate)).SubRaw(1)
	if !room.IsPositive() {
		return sdkmath.ZeroInt(), nil
	}
	return room, nil
}
