package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func (k Keeper) vault(ctx context.Context, id uint64) (types.Vault, error) {
	v, err := k.Vaults.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return v, types.ErrUnknownVault.Wrapf("%d", id)
	}
	return v, err
}

func (k Keeper) ownedVault(ctx context.Context, owner sdk.AccAddress, id uint64) (types.Vault, error) {
	v, err := k.vault(ctx, id)
	if err != nil {
		return v, err
	}
	if v.Owner != k.addr(owner) {
		return v, types.ErrNotOwner.Wrapf("vault %d belongs to %s", id, v.Owner)
	}
	return v, nil
}

// save writes a vault and moves its index entry; the index holds exactly
// the vaults with debt, keyed by their collateral/art ratio.
func (k Keeper) save(ctx context.Context, old, v types.Vault) error {
	if old.Art.IsPositive() {
		if err := k.Index.Remove(ctx, collections.Join3(old.Type, types.RatioKey(old.Collateral, old.Art), old.Id)); err != nil {
			return err
		}
	}
	if v.Art.IsPositive() {
		if err := k.Index.Set(ctx, collections.Join3(v.Type, types.RatioKey(v.Collateral, v.Art), v.Id)); err != nil {
			return err
		}
	}
	return k.Vaults.Set(ctx, v.Id, v)
}

// OpenVault creates a vault of typeName with collateral, minting mint BSD.
func (k Keeper) OpenVault(ctx context.Context, owner sdk.AccAddress, typeName string, collateral sdk.Coin, mint sdkmath.Int) (uint64, error) {
	ct, err := k.collateralType(ctx, typeName)
	if err != nil {
		return 0, err
	}
	if collateral.Denom != ct.Denom || !collateral.Amount.IsPositive() {
		return 0, types.ErrInvalidAmount.Wrapf("%s vaults take a positive amount of %s, got %s", typeName, ct.Denom, collateral)
	}
	id, err := k.NextVaultID.Next(ctx)
	if err != nil {
		return 0, err
	}
	v := types.Vault{Id: id, Owner: k.addr(owner), Type: typeName, Collateral: sdkmath.ZeroInt(), Art: sdkmath.ZeroInt()}
	if err := k.Vaults.Set(ctx, id, v); err != nil {
		return 0, err
	}
	if err := k.VaultsByOwner.Set(ctx, collections.Join(owner, id)); err != nil {
		return 0, err
	}
	if err := k.Deposit(ctx, owner, id, collateral.Amount); err != nil {
		return 0, err
	}
	if mint.IsPositive() {
		if err := k.Mint(ctx, owner, id, mint); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// Deposit adds collateral; it needs no price.
func (k Keeper) Deposit(ctx context.Context, owner sdk.AccAddress, id uint64, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("deposit must be positive")
	}
	v, err := k.ownedVault(ctx, owner, id)
	if err != nil {
		return err
	}
	ct, err := k.collateralType(ctx, v.Type)
	if err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, owner, types.ModuleName, sdk.NewCoins(sdk.NewCoin(ct.Denom, amount))); err != nil {
		return err
	}
	old := v
	v.Collateral = v.Collateral.Add(amount)
	if err := k.save(ctx, old, v); err != nil {
		return err
	}
	return k.emitVault(ctx, v, "deposit")
}

// Withdraw takes collateral back while the vault stays safe at the
// conservative collateral price (min of spot and TWAP).
func (k Keeper) Withdraw(ctx context.Context, owner sdk.AccAddress, id uint64, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("withdrawal must be positive")
	}
	v, err := k.ownedVault(ctx, owner, id)
	if err != nil {
		return err
	}
	if amount.GT(v.Collateral) {
		return types.ErrInvalidAmount.Wrapf("vault %d holds %s", id, v.Collateral)
	}
	ct, st, err := k.touch(ctx, v.Type)
	if err != nil {
		return err
	}
	old := v
	v.Collateral = v.Collateral.Sub(amount)
	if err := k.requireSafe(ctx, ct, st, v); err != nil {
		return err
	}
	if err := k.save(ctx, old, v); err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, owner, sdk.NewCoins(sdk.NewCoin(ct.Denom, amount))); err != nil {
		return err
	}
	return k.emitVaultAt(ctx, v, st.Rate, "withdraw")
}

// requireSafe: a vault with debt must be safe at the conservative price;
// a stale price fails with the oracle's ErrStalePrice.
func (k Keeper) requireSafe(ctx context.Context, ct types.CollateralType, st types.TypeState, v types.Vault) error {
	if !v.Art.IsPositive() {
		return nil
	}
	price, _, err := k.oracle.ConservativePrices(ctx, ct.OracleSymbol)
	if err != nil {
		return err
	}
	if !types.IsSafe(v.Collateral, v.Art, st.Rate, price, ct.LiquidationRatio, ct.Decimals) {
		return types.ErrUnsafe.Wrapf("vault %d: collateral %s at %s below %s × debt %s", v.Id, v.Collateral, price, ct.LiquidationRatio, types.DebtOf(v.Art, st.Rate))
	}
	return nil
}

// Mint draws amount of BSD against the vault.
func (k Keeper) Mint(ctx context.Context, owner sdk.AccAddress, id uint64, amount sdkmath.Int) error {
	if !amount.IsPositive() {
		return types.ErrInvalidAmount.Wrap("mint must be positive")
	}
	v, err := k.ownedVault(ctx, owner, id)
	if err != nil {
		return err
	}
	ct, st, err := k.touch(ctx, v.Type)
	if err != nil {
		return err
	}
	art := types.ArtToMint(amount, st.Rate)
	before := types.DebtOf(st.TotalArt, st.Rate)
	old := v
	v.Art = v.Art.Add(art)
	st.TotalArt = st.TotalArt.Add(art)
	after := types.DebtOf(st.TotalArt, st.Rate)

	if debt := types.DebtOf(v.Art, st.Rate); debt.LT(ct.DebtFloor) {
		return types.ErrDebtFloor.Wrapf("vault debt %s below the %s floor", debt, ct.DebtFloor)
	}
	if ct.DebtCeiling.IsPositive() && after.GT(ct.DebtCeiling) {
		return types.ErrDebtCeiling.Wrapf("%s debt would be %s, ceiling %s", ct.Name, after, ct.DebtCeiling)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	total, err := k.totalDebt(ctx)
	if err != nil {
		return err
	}
	if total = total.Add(after.Sub(before)); params.GlobalDebtCeiling.IsPositive() && total.GT(params.GlobalDebtCeiling) {
		return types.ErrDebtCeiling.Wrapf("total debt would be %s, global ceiling %s", total, params.GlobalDebtCeiling)
	}
	if err := k.requireSafe(ctx, ct, st, v); err != nil {
		return err
	}
	if err := k.TypeStates.Set(ctx, v.Type, st); err != nil {
		return err
	}
	if err := k.save(ctx, old, v); err != nil {
		return err
	}
	if err := k.mintTo(ctx, owner, amount); err != nil {
		return err
	}
	// The debt rose by at least amount; the rounding is the system's.
	if err := k.toSurplus(ctx, after.Sub(before).Sub(amount)); err != nil {
		return err
	}
	return k.emitVaultAt(ctx, v, st.Rate, "mint")
}

// Repay burns payer's BSD against the vault's debt: amount (at most the
// debt) or all of it. It needs no price. What is left must be zero or at
// least the debt floor.
func (k Keeper) Repay(ctx context.Context, payer sdk.AccAddress, id uint64, amount sdkmath.Int, all bool) (sdkmath.Int, error) {
	v, err := k.vault(ctx, id)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	ct, st, err := k.touch(ctx, v.Type)
	if err != nil {
		return sdkmath.ZeroInt(), err
	}
	debt := types.DebtOf(v.Art, st.Rate)
	if !debt.IsPositive() {
		return sdkmath.ZeroInt(), types.ErrInvalidAmount.Wrapf("vault %d has no debt", id)
	}
	art := v.Art
	if all || amount.GTE(debt) {
		amount = debt
	} else {
		if !amount.IsPositive() {
			return sdkmath.ZeroInt(), types.ErrInvalidAmount.Wrap("repayment must be positive")
		}
		art = types.ArtRepaid(amount, st.Rate)
		if left := types.DebtOf(v.Art.Sub(art), st.Rate); left.LT(ct.DebtFloor) {
			return sdkmath.ZeroInt(), types.ErrDebtFloor.Wrapf("%s left below the %s floor: repay all or less", left, ct.DebtFloor)
		}
	}
	before := types.DebtOf(st.TotalArt, st.Rate)
	old := v
	v.Art = v.Art.Sub(art)
	st.TotalArt = st.TotalArt.Sub(art)
	after := types.DebtOf(st.TotalArt, st.Rate)
	if err := k.burnFrom(ctx, payer, amount); err != nil {
		return sdkmath.ZeroInt(), err
	}
	if err := k.TypeStates.Set(ctx, v.Type, st); err != nil {
		return sdkmath.ZeroInt(), err
	}
	if err := k.save(ctx, old, v); err != nil {
		return sdkmath.ZeroInt(), err
	}
	// The debt fell by at most amount; the rest is the system's rounding.
	if err := k.toSurplus(ctx, amount.Sub(before.Sub(after))); err != nil {
		return sdkmath.ZeroInt(), err
	}
	return amount, k.emitVaultAt(ctx, v, st.Rate, "repay")
}

// CloseVault repays all debt from the owner, returns all collateral and deletes the vault.
func (k Keeper) CloseVault(ctx context.Context, owner sdk.AccAddress, id uint64) error {
	v, err := k.ownedVault(ctx, owner, id)
	if err != nil {
		return err
	}
	if v.Art.IsPositive() {
		if _, err := k.Repay(ctx, owner, id, sdkmath.ZeroInt(), true); err != nil {
			return err
		}
		if v, err = k.vault(ctx, id); err != nil {
			return err
		}
	}
	ct, err := k.collateralType(ctx, v.Type)
	if err != nil {
		return err
	}
	if v.Collateral.IsPositive() {
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, owner, sdk.NewCoins(sdk.NewCoin(ct.Denom, v.Collateral))); err != nil {
			return err
		}
	}
	if err := k.Vaults.Remove(ctx, id); err != nil {
		return err
	}
	if err := k.VaultsByOwner.Remove(ctx, collections.Join(owner, id)); err != nil {
		return err
	}
	v.Collateral = sdkmath.ZeroInt()
	return k.emitVault(ctx, v, "close")
}

// emitVault reads the type's rate for the event; actions that already
// hold the type's state call emitVaultAt.
func (k Keeper) emitVault(ctx context.Context, v types.Vault, action string) error {
	st, err := k.TypeStates.Get(ctx, v.Type)
	if err != nil {
		return err
	}
	return k.emitVaultAt(ctx, v, st.Rate, action)
}

func (k Keeper) emitVaultAt(ctx context.Context, v types.Vault, rate sdkmath.LegacyDec, action string) error {
	return k.emit(ctx, &types.EventVaultChanged{
		VaultId: v.Id, Owner: v.Owner, Type: v.Type, Action: action,
		Collateral: v.Collateral, Debt: types.DebtOf(v.Art, rate),
	})
}
