package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// writeOffIfBankrupt writes off all of an account's debt once it has no
// collateral left. Each written-off amount goes into its market's deficit,
// which is covered at once: first from that market's reserves, then by a
// pro-rata cut of the liquidity index (every supplier of the market loses
// the same fraction), each step evented. A deficit remains only when the
// market has no suppliers left to absorb it, and stays visible in the
// market's state. Nothing is silently unbacked.
func (k Keeper) writeOffIfBankrupt(ctx context.Context, addr sdk.AccAddress) (sdk.Coins, error) {
	ps, err := k.positions(ctx, addr, spotPrices)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Collateral && p.Supplied.IsPositive() {
			return nil, nil // still has collateral: not bankrupt
		}
	}
	var written sdk.Coins
	for _, p := range ps {
		if !p.Debt.IsPositive() {
			continue
		}
		if err := k.writeOff(ctx, addr, p.Denom, p.Debt); err != nil {
			return nil, err
		}
		written = written.Add(sdk.NewCoin(p.Denom, p.Debt))
	}
	return written, nil
}

func (k Keeper) writeOff(ctx context.Context, addr sdk.AccAddress, denom string, amount sdkmath.Int) error {
	_, st, err := k.touch(ctx, denom)
	if err != nil {
		return err
	}
	owed, err := scaled(ctx, k.Borrows, addr, denom)
	if err != nil {
		return err
	}
	st.TotalScaledBorrows = st.TotalScaledBorrows.Sub(owed)
	if err := setScaled(ctx, k.Borrows, addr, denom, sdkmath.ZeroInt()); err != nil {
		return err
	}
	st.Deficit = st.Deficit.Add(amount)

	cover := sdkmath.MinInt(st.Reserves, st.Deficit)
	st.Reserves = st.Reserves.Sub(cover)
	st.Deficit = st.Deficit.Sub(cover)

	socialized := sdkmath.ZeroInt()
	supply := types.ScaledToSupply(st.TotalScaledSupply, st.LiquidityIndex)
	if st.Deficit.IsPositive() && supply.IsPositive() {
		socialized = sdkmath.MinInt(st.Deficit, supply)
		old := st.LiquidityIndex
		// index × (supply − loss) / supply, rounded down; never zero, so the
		// market's arithmetic survives even a total loss.
		st.LiquidityIndex = sdkmath.LegacyMaxDec(
			old.MulInt(supply.Sub(socialized)).QuoTruncate(sdkmath.LegacyNewDecFromInt(supply)),
			sdkmath.LegacySmallestDec())
		st.Deficit = st.Deficit.Sub(socialized)
		if err := k.emit(ctx, &types.EventIndexHaircut{Denom: denom, OldIndex: old, NewIndex: st.LiquidityIndex, Loss: socialized}); err != nil {
			return err
		}
	}
	if err := k.MarketStates.Set(ctx, denom, st); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventBadDebt{
		Account: addr.String(), Amount: sdk.NewCoin(denom, amount), CoveredByReserves: cover, Socialized: socialized,
	})
}
