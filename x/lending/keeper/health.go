package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// pricing chooses the prices of a health computation.
type pricing int

const (
	// spotPrices: liquidation (DESIGN §4: liquidation uses spot).
	spotPrices pricing = iota
	// conservativePrices: checks after borrow, withdraw and collateral
	// disable value collateral at min(spot, TWAP) and debt at max(spot, TWAP).
	conservativePrices
)

// positions returns the account's positions with interest accrued to now,
// priced by mode. Only positions that count (collateral-enabled supply and
// debt) need a price; any stale one fails with oracle's ErrStalePrice.
func (k Keeper) positions(ctx context.Context, addr sdk.AccAddress, mode pricing) ([]types.PricedPosition, error) {
	denoms, err := k.accountDenoms(ctx, addr)
	if err != nil {
		return nil, err
	}
	out := make([]types.PricedPosition, 0, len(denoms))
	for _, denom := range denoms {
		p, m, _, err := k.position(ctx, addr, denom)
		if err != nil {
			return nil, err
		}
		if (p.Collateral && p.Supplied.IsPositive()) || p.Debt.IsPositive() {
			if p.CollateralPrice, p.DebtPrice, err = k.prices(ctx, m.OracleSymbol, mode); err != nil {
				return nil, err
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// position is one accrued, unpriced position, with the market and its
// accrued state it was read from.
func (k Keeper) position(ctx context.Context, addr sdk.AccAddress, denom string) (types.PricedPosition, types.Market, types.MarketState, error) {
	m, st, err := k.accrued(ctx, denom)
	if err != nil {
		return types.PricedPosition{}, m, st, err
	}
	sup, err := scaled(ctx, k.Supplies, addr, denom)
	if err != nil {
		return types.PricedPosition{}, m, st, err
	}
	debt, err := scaled(ctx, k.Borrows, addr, denom)
	if err != nil {
		return types.PricedPosition{}, m, st, err
	}
	coll, err := k.Collateral.Has(ctx, pos(addr, denom))
	if err != nil {
		return types.PricedPosition{}, m, st, err
	}
	return types.PricedPosition{
		Denom: denom, Decimals: m.Decimals,
		Supplied: types.ScaledToSupply(sup, st.LiquidityIndex), Debt: types.ScaledToDebt(debt, st.BorrowIndex),
		Collateral: coll, LTV: m.Ltv, LiquidationThreshold: m.LiquidationThreshold,
		CollateralPrice: sdkmath.LegacyZeroDec(), DebtPrice: sdkmath.LegacyZeroDec(),
	}, m, st, nil
}

// prices returns (collateral price, debt price) for symbol.
func (k Keeper) prices(ctx context.Context, symbol string, mode pricing) (sdkmath.LegacyDec, sdkmath.LegacyDec, error) {
	if mode == conservativePrices {
		return k.oracle.ConservativePrices(ctx, symbol)
	}
	p, err := k.oracle.GetPrice(ctx, symbol)
	if err != nil {
		return sdkmath.LegacyDec{}, sdkmath.LegacyDec{}, err
	}
	return p.Price, p.Price, nil
}

// requireWithinBorrowLimit is the check after every risk-increasing action:
// with conservative prices, the account's debt fits under its borrow limit.
// An account without debt needs no prices at all.
func (k Keeper) requireWithinBorrowLimit(ctx context.Context, addr sdk.AccAddress) error {
	owes, err := k.Borrowers.Has(ctx, addr)
	if err != nil || !owes {
		return err
	}
	ps, err := k.positions(ctx, addr, conservativePrices)
	if err != nil {
		return err
	}
	h := types.ComputeHealth(ps)
	if !h.WithinBorrowLimit() {
		return types.ErrUndercollateralized.Wrapf("debt %s USD above borrow limit %s USD", h.DebtValue, h.BorrowLimit)
	}
	return nil
}
