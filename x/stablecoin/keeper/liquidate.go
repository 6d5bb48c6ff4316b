package keeper

import (
	"bytes"
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Liquidate starts the Dutch auction of an unsafe vault (at spot price):
// the vault's collateral becomes the lot and its debt plus the penalty the
// tab. The caller earns tip + chip × tab from the surplus (any shortfall is
// minted as bad debt). keeper is nil for the end blocker's fallback, which
// pays no incentive.
func (k Keeper) Liquidate(ctx context.Context, keeper sdk.AccAddress, vaultID uint64) (uint64, sdkmath.Int, error) {
	v, err := k.vault(ctx, vaultID)
	if err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	if !v.Art.IsPositive() {
		return 0, sdkmath.ZeroInt(), types.ErrSafeVault.Wrapf("vault %d has no debt", vaultID)
	}
	if !v.Collateral.IsPositive() {
		// Cannot happen through messages (a withdrawal must leave the vault
		// safe); an auction of nothing would hold its tab forever and pay
		// a keeper for it. Left for governance, and skipped by the fallback.
		return 0, sdkmath.ZeroInt(), types.ErrInvalidAmount.Wrapf("vault %d owes debt but holds no collateral: nothing to auction", vaultID)
	}
	ct, st, err := k.touch(ctx, v.Type)
	if err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	p, err := k.oracle.GetPrice(ctx, ct.OracleSymbol)
	if err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	if types.IsSafe(v.Collateral, v.Art, st.Rate, p.Price, ct.LiquidationRatio, ct.Decimals) {
		return 0, sdkmath.ZeroInt(), types.ErrSafeVault.Wrapf("vault %d", vaultID)
	}
	before := types.DebtOf(st.TotalArt, st.Rate)
	st.TotalArt = st.TotalArt.Sub(v.Art)
	debt := before.Sub(types.DebtOf(st.TotalArt, st.Rate)) // exactly what leaves the type's books
	tab := ct.Tab(debt)
	if ct.MaxInAuction.IsPositive() && st.InAuction.Add(tab).GT(ct.MaxInAuction) {
		return 0, sdkmath.ZeroInt(), types.ErrAuctionLimit.Wrapf("%s in auction, limit %s", st.InAuction, ct.MaxInAuction)
	}
	st.InAuction = st.InAuction.Add(tab)
	id, err := k.NextAuctionID.Next(ctx)
	if err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	a := types.Auction{
		Id: id, VaultId: v.Id, Type: v.Type, Owner: v.Owner, Tab: tab, Lot: v.Collateral,
		Top: p.Price.Mul(ct.StartMultiplier), Start: sdk.UnwrapSDKContext(ctx).BlockTime(), Debt: debt,
	}
	old := v
	v.Art, v.Collateral = sdkmath.ZeroInt(), sdkmath.ZeroInt()
	if err := k.save(ctx, old, v); err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	if err := k.TypeStates.Set(ctx, v.Type, st); err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	if err := k.Auctions.Set(ctx, id, a); err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	incentive, keeperName := sdkmath.ZeroInt(), ""
	if keeper != nil {
		incentive, keeperName = ct.KeeperIncentive(tab), k.addr(keeper)
		if err := k.payFromSurplus(ctx, keeper, incentive); err != nil {
			return 0, sdkmath.ZeroInt(), err
		}
	}
	if err := k.emit(ctx, &types.EventAuctionStarted{
		AuctionId: id, VaultId: v.Id, Owner: v.Owner, Keeper: keeperName, Tab: tab, Lot: a.Lot, Top: a.Top, Fallback: keeper == nil,
	}); err != nil {
		return 0, sdkmath.ZeroInt(), err
	}
	return id, incentive, k.emitVaultAt(ctx, v, st.Rate, "liquidate")
}

// payFromSurplus pays amount of BSD from the surplus; what the surplus
// lacks is minted and booked as bad debt, visibly.
func (k Keeper) payFromSurplus(ctx context.Context, to sdk.AccAddress, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	l, err := k.ledger(ctx)
	if err != nil {
		return err
	}
	fromSurplus := sdkmath.MinInt(l.Surplus, amount)
	if short := amount.Sub(fromSurplus); short.IsPositive() {
		if err := k.bank.MintCoins(ctx, types.ModuleName, bsd(short)); err != nil {
			return err
		}
		l.BadDebt = l.BadDebt.Add(short)
	}
	l.Surplus = l.Surplus.Sub(fromSurplus)
	if err := k.Ledger.Set(ctx, l); err != nil {
		return err
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, bsd(amount))
}

func (k Keeper) auction(ctx context.Context, id uint64) (types.Auction, error) {
	a, err := k.Auctions.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return a, types.ErrUnknownAuction.Wrapf("%d", id)
	}
	return a, err
}

// Take buys up to amount of an auction's collateral at its current price,
// if that price is at most maxPrice. An auction past its time or price
// bounds must be redone first. The BSD paid first retires the auction's
// debt (burned) and then its penalty (surplus). When the tab is paid the
// rest of the lot goes back to the vault owner; when the lot runs out
// first, the unpaid debt becomes bad debt.
func (k Keeper) Take(ctx context.Context, buyer sdk.AccAddress, auctionID uint64, amount sdkmath.Int, maxPrice sdkmath.LegacyDec) (types.Take, error) {
	a, err := k.auction(ctx, auctionID)
	if err != nil {
		return types.Take{}, err
	}
	ct, err := k.collateralType(ctx, a.Type)
	if err != nil {
		return types.Take{}, err
	}
	elapsed := sdk.UnwrapSDKContext(ctx).BlockTime().Sub(a.Start)
	if ct.NeedsRedo(a.Top, elapsed) {
		return types.Take{}, types.ErrNeedsRedo.Wrapf("auction %d", auctionID)
	}
	price := ct.AuctionPrice(a.Top, elapsed)
	if maxPrice.IsNil() || price.GT(maxPrice) {
		return types.Take{}, types.ErrPriceAboveMax.Wrapf("price %s, max %s", price, maxPrice)
	}
	tk, err := types.ComputeTake(a.Tab, a.Lot, amount, price, ct.Decimals, ct.Tab(ct.DebtFloor))
	if err != nil {
		return types.Take{}, err
	}
	// Payment: the debt part is burned, the penalty part is surplus.
	if err := k.bank.SendCoinsFromAccountToModule(ctx, buyer, types.ModuleName, bsd(tk.Owe)); err != nil {
		return types.Take{}, err
	}
	debtPart := sdkmath.MinInt(tk.Owe, a.Debt)
	if debtPart.IsPositive() {
		if err := k.bank.BurnCoins(ctx, types.ModuleName, bsd(debtPart)); err != nil {
			return types.Take{}, err
		}
	}
	l, err := k.ledger(ctx)
	if err != nil {
		return types.Take{}, err
	}
	l.Surplus = l.Surplus.Add(tk.Owe.Sub(debtPart))
	if err := k.netBadDebt(ctx, l); err != nil {
		return types.Take{}, err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, buyer, sdk.NewCoins(sdk.NewCoin(ct.Denom, tk.Slice))); err != nil {
		return types.Take{}, err
	}
	a.Tab, a.Lot, a.Debt = a.Tab.Sub(tk.Owe), a.Lot.Sub(tk.Slice), a.Debt.Sub(debtPart)
	if err := k.reduceInAuction(ctx, a.Type, tk.Owe); err != nil {
		return types.Take{}, err
	}
	if err := k.emit(ctx, &types.EventAuctionTaken{AuctionId: a.Id, Buyer: k.addr(buyer), Bought: tk.Slice, Paid: tk.Owe, Price: price}); err != nil {
		return types.Take{}, err
	}
	if a.Tab.IsZero() || a.Lot.IsZero() {
		return tk, k.closeAuction(ctx, a, ct)
	}
	return tk, k.Auctions.Set(ctx, a.Id, a)
}

// closeAuction returns leftover collateral to the owner and books unpaid
// debt as bad debt.
func (k Keeper) closeAuction(ctx context.Context, a types.Auction, ct types.CollateralType) error {
	owner, err := k.addressCodec.StringToBytes(a.Owner)
	if err != nil {
		return err
	}
	if a.Lot.IsPositive() {
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, owner, sdk.NewCoins(sdk.NewCoin(ct.Denom, a.Lot))); err != nil {
			return err
		}
	}
	bad := a.Debt // unpaid debt: its BSD stays in circulation unbacked
	if bad.IsPositive() {
		l, err := k.ledger(ctx)
		if err != nil {
			return err
		}
		l.BadDebt = l.BadDebt.Add(bad)
		if err := k.netBadDebt(ctx, l); err != nil {
			return err
		}
	}
	if err := k.reduceInAuction(ctx, a.Type, a.Tab); err != nil {
		return err
	}
	if err := k.Auctions.Remove(ctx, a.Id); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventAuctionClosed{AuctionId: a.Id, Owner: a.Owner, Returned: a.Lot, BadDebt: bad})
}

func (k Keeper) reduceInAuction(ctx context.Context, typeName string, amount sdkmath.Int) error {
	st, err := k.TypeStates.Get(ctx, typeName)
	if err != nil {
		return err
	}
	st.InAuction = sdkmath.MaxInt(st.InAuction.Sub(amount), sdkmath.ZeroInt())
	return k.TypeStates.Set(ctx, typeName, st)
}

// Redo restarts an auction that ran past its bounds, at a fresh oracle price.
func (k Keeper) Redo(ctx context.Context, auctionID uint64) error {
	a, err := k.auction(ctx, auctionID)
	if err != nil {
		return err
	}
	ct, err := k.collateralType(ctx, a.Type)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if !ct.NeedsRedo(a.Top, now.Sub(a.Start)) {
		return types.ErrNoRedoNeeded.Wrapf("auction %d", auctionID)
	}
	p, err := k.oracle.GetPrice(ctx, ct.OracleSymbol)
	if err != nil {
		return err
	}
	a.Top, a.Start = p.Price.Mul(ct.StartMultiplier), now
	if err := k.Auctions.Set(ctx, a.Id, a); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventAuctionRedone{AuctionId: a.Id, Top: a.Top})
}

// UnsafeVaults returns up to limit vaults of typeName that are unsafe at
// the spot price, lowest collateral ratio first: a walk of the ratio index
// from its low end that stops at the threshold, O(k log n).
func (k Keeper) UnsafeVaults(ctx context.Context, typeName string, limit int) ([]types.Vault, error) {
	ct, st, err := k.accruedState(ctx, typeName)
	if err != nil {
		return nil, err
	}
	p, err := k.oracle.GetPrice(ctx, ct.OracleSymbol)
	if err != nil {
		return nil, err
	}
	threshold := types.UnsafeBelowKey(st.Rate, p.Price, ct.LiquidationRatio, ct.Decimals)
	var out []types.Vault
	rng := collections.NewPrefixedTripleRange[string, []byte, uint64](typeName)
	err = k.Index.Walk(ctx, rng, func(key collections.Triple[string, []byte, uint64]) (bool, error) {
		if bytes.Compare(key.K2(), threshold) >= 0 || len(out) >= limit {
			return true, nil
		}
		v, err := k.vault(ctx, key.K3())
		if err != nil {
			return true, err
		}
		if !types.IsSafe(v.Collateral, v.Art, st.Rate, p.Price, ct.LiquidationRatio, ct.Decimals) {
			out = append(out, v)
		}
		return false, nil
	})
	return out, err
}
