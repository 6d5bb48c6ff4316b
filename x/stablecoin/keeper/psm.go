package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func (k Keeper) psm(ctx context.Context) (types.PSMParams, error) {
	p, err := k.PSM.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrInvalidParams.Wrap("no PSM configured")
	}
	return p, err
}

// SetPSM configures the PSM (governance). While BSD minted through it is
// outstanding its denom and decimals are fixed: the reserve is held in
// them. No collateral type may use its denom.
func (k Keeper) SetPSM(ctx context.Context, p types.PSMParams) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := k.Types.Walk(ctx, nil, func(_ string, ct types.CollateralType) (bool, error) {
		return false, ct.SeparateFrom(p)
	}); err != nil {
		return err
	}
	old, err := k.PSM.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
	case err != nil:
		return err
	case old.Denom != p.Denom || old.Decimals != p.Decimals:
		l, err := k.ledger(ctx)
		if err != nil {
			return err
		}
		if l.PsmMinted.IsPositive() {
			return types.ErrInvalidParams.Wrapf("psm: %subsd minted against %s is outstanding; its denom and decimals are fixed", l.PsmMinted, old.Denom)
		}
	}
	return k.PSM.Set(ctx, p)
}

// PSMSwapIn takes amount of the PSM's stable denom into the reserve and
// mints BSD 1:1 less fee_in (the fee stays as surplus), up to the ceiling.
func (k Keeper) PSMSwapIn(ctx context.Context, sender sdk.AccAddress, amount sdk.Coin) (sdkmath.Int, error) {
	p, err := k.psm(ctx)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	if amount.Denom != p.Denom || !amount.Amount.IsPositive() {
		return sdkmath.ZeroInt(), types.ErrInvalidAmount.Wrapf("the PSM takes a positive amount of %s, got %s", p.Denom, amount)
	}
	l, err := k.ledger(ctx)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	gross := p.SwapIn(amount.Amount) // what the user gets
	full := p.ToBSD(amount.Amount)   // 1:1 value
	if !gross.IsPositive() {
		return sdkmath.ZeroInt(), types.ErrInvalidAmount.Wrapf("%s swaps to no BSD", amount)
	}
	if l.PsmMinted.Add(full).GT(p.Ceiling) {
		return sdkmath.ZeroInt(), types.ErrPSMCeiling.Wrapf("%subsd minted, ceiling %s", l.PsmMinted, p.Ceiling)
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, sender, types.ModuleName, sdk.NewCoins(amount)); err != nil {
		return sdkmath.ZeroInt(), err
	}
	if err := k.mintTo(ctx, sender, gross); err != nil {
		return sdkmath.ZeroInt(), err
	}
	// The fee is BSD minted into the surplus: one ledger write with the mint.
	l.PsmMinted = l.PsmMinted.Add(full)
	if fee := full.Sub(gross); fee.IsPositive() {
		if err := k.bank.MintCoins(ctx, types.ModuleName, bsd(fee)); err != nil {
			return sdkmath.ZeroInt(), err
		}
		l.Surplus = l.Surplus.Add(fee)
	}
	if err := k.netBadDebt(ctx, l); err != nil {
		return sdkmath.ZeroInt(), err
	}
	return gross, k.emit(ctx, &types.EventPSMSwap{Account: k.addr(sender), In: true, Stable: amount.Amount, Bsd: gross})
}

// PSMSwapOut burns bsd of the sender's BSD less fee_out (the fee goes to
// the surplus) and pays the same value of the stable denom from the reserve.
func (k Keeper) PSMSwapOut(ctx context.Context, sender sdk.AccAddress, bsdAmount sdkmath.Int) (sdk.Coin, error) {
	p, err := k.psm(ctx)
	if err != nil {
		return sdk.Coin{}, err
	}
	if !bsdAmount.IsPositive() {
		return sdk.Coin{}, types.ErrInvalidAmount.Wrap("swap must be positive")
	}
	l, err := k.ledger(ctx)
	if err != nil {
		return sdk.Coin{}, err
	}
	fee := p.FeeOut.MulInt(bsdAmount).Ceil().TruncateInt()
	net := bsdAmount.Sub(fee)
	out := p.SwapOut(bsdAmount)
	// Only whole units of the stable denom leave; burn exactly what they are worth.
	worth := p.ToBSD(out)
	if !out.IsPositive() || worth.GT(net) {
		return sdk.Coin{}, types.ErrInvalidAmount.Wrapf("%subsd swaps to nothing", bsdAmount)
	}
	if worth.GT(l.PsmMinted) {
		return sdk.Coin{}, types.ErrPSMReserve.Wrapf("the reserve backs %subsd", l.PsmMinted)
	}
	if err := k.burnFrom(ctx, sender, worth); err != nil {
		return sdk.Coin{}, err
	}
	if surplus := bsdAmount.Sub(worth); surplus.IsPositive() {
		if err := k.bank.SendCoinsFromAccountToModule(ctx, sender, types.ModuleName, bsd(surplus)); err != nil {
			return sdk.Coin{}, err
		}
		l.Surplus = l.Surplus.Add(surplus)
	}
	l.PsmMinted = l.PsmMinted.Sub(worth)
	if err := k.netBadDebt(ctx, l); err != nil {
		return sdk.Coin{}, err
	}
	paid := sdk.NewCoin(p.Denom, out)
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, sender, sdk.NewCoins(paid)); err != nil {
		return sdk.Coin{}, err
	}
	return paid, k.emit(ctx, &types.EventPSMSwap{Account: k.addr(sender), In: false, Stable: out, Bsd: bsdAmount})
}
