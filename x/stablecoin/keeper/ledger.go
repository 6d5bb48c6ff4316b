package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// The ledger keeps BSD supply exactly accounted for:
//
//	supply(ubsd) = Σ types DebtOf(total_art, rate) + Σ auctions' debt + psm_minted + bad_debt
//
// Every change of a type's debt mints or burns BSD so this holds: what a
// user mints or repays moves through the user's balance, and the rounding
// between it and the debt change (always in the system's favour) goes to
// the surplus, which is BSD held by this module.

func (k Keeper) ledger(ctx context.Context) (types.Ledger, error) {
	l, err := k.Ledger.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Ledger{Surplus: sdkmath.ZeroInt(), BadDebt: sdkmath.ZeroInt(), PsmMinted: sdkmath.ZeroInt()}, nil
	}
	return l, err
}

func bsd(amount sdkmath.Int) sdk.Coins { return sdk.NewCoins(sdk.NewCoin(StableDenom, amount)) }

// toSurplus mints amount of BSD into the module's surplus.
func (k Keeper) toSurplus(ctx context.Context, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	if err := k.bank.MintCoins(ctx, types.ModuleName, bsd(amount)); err != nil {
		return err
	}
	return k.bookSurplus(ctx, amount)
}

// bookSurplus books amount of BSD the module already holds as surplus,
// netted against bad debt.
func (k Keeper) bookSurplus(ctx context.Context, amount sdkmath.Int) error {
	l, err := k.ledger(ctx)
	if err != nil {
		return err
	}
	l.Surplus = l.Surplus.Add(amount)
	return k.netBadDebt(ctx, l)
}

// netBadDebt burns surplus against bad debt and saves the ledger.
func (k Keeper) netBadDebt(ctx context.Context, l types.Ledger) error {
	if n := sdkmath.MinInt(l.Surplus, l.BadDebt); n.IsPositive() {
		if err := k.bank.BurnCoins(ctx, types.ModuleName, bsd(n)); err != nil {
			return err
		}
		l.Surplus, l.BadDebt = l.Surplus.Sub(n), l.BadDebt.Sub(n)
	}
	return k.Ledger.Set(ctx, l)
}

// mintTo mints amount of BSD to addr: the user's side of a debt increase.
func (k Keeper) mintTo(ctx context.Context, addr sdk.AccAddress, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	if err := k.bank.MintCoins(ctx, types.ModuleName, bsd(amount)); err != nil {
		return err
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, bsd(amount))
}

// burnFrom takes amount of BSD from addr and burns it.
func (k Keeper) burnFrom(ctx context.Context, addr sdk.AccAddress, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, addr, types.ModuleName, bsd(amount)); err != nil {
		return err
	}
	return k.bank.BurnCoins(ctx, types.ModuleName, bsd(amount))
}
