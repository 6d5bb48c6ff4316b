package liquidator

import (
	"errors"
	"fmt"

	sdkmath "cosmossdk.io/math"

	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
)

// The exact check uses the chain's own math (x/lending/types) on state read
// from the node at the latest height: whatever the screen thought, only
// what this says is liquidatable is sent, sized as the chain will size it.

// ExactMarket is a market with its spot price, for the exact check.
type ExactMarket struct {
	Market lendingtypes.Market
	Price  sdkmath.LegacyDec // spot, USD per whole unit
}

// PricedPositions turns an account view (accrued amounts) into the
// positions the chain's health math takes.
func PricedPositions(view lendingtypes.AccountView, markets map[string]ExactMarket) ([]lendingtypes.PricedPosition, error) {
	out := make([]lendingtypes.PricedPosition, 0, len(view.Positions))
	for _, p := range view.Positions {
		m, ok := markets[p.Denom]
		if !ok {
			return nil, fmt.Errorf("account %s: no market %s", view.Address, p.Denom)
		}
		counts := (p.Collateral && p.Supplied.IsPositive()) || p.Debt.IsPositive()
		if counts && (m.Price.IsNil() || !m.Price.IsPositive()) {
			return nil, fmt.Errorf("account %s: no price for %s", view.Address, p.Denom)
		}
		out = append(out, lendingtypes.PricedPosition{
			Denom: p.Denom, Decimals: m.Market.Decimals,
			Supplied: orZero(p.Supplied), Debt: orZero(p.Debt), Collateral: p.Collateral,
			LTV: m.Market.Ltv, LiquidationThreshold: m.Market.LiquidationThreshold,
			CollateralPrice: m.Price, DebtPrice: m.Price,
		})
	}
	return out, nil
}

func orZero(i sdkmath.Int) sdkmath.Int {
	if i.IsNil() {
		return sdkmath.ZeroInt()
	}
	return i
}

// Plan is one liquidation to send: repay up to Repay of DebtDenom, seize
// CollateralDenom; Profit is the seized value to the liquidator minus the
// repaid value, in USD, as the chain computes both.
type Plan struct {
	Borrower        string
	DebtDenom       string
	CollateralDenom string
	Repay           sdkmath.Int
	Seize           sdkmath.Int // to the liquidator, after the protocol fee
	Profit          sdkmath.LegacyDec
	Health          sdkmath.LegacyDec
}

// ErrNotLiquidatable: the exact check says the account is healthy.
var ErrNotLiquidatable = errors.New("not liquidatable")

// PlanLiquidation picks the (debt, collateral) pair the chain would pay the
// most for, within maxRepay per debt denom (the liquidator's inventory or
// flash-loan limit; a missing denom means none), with ComputeLiquidation.
func PlanLiquidation(view lendingtypes.AccountView, markets map[string]ExactMarket, params lendingtypes.Params, maxRepay map[string]sdkmath.Int) (Plan, error) {
	positions, err := PricedPositions(view, markets)
	if err != nil {
		return Plan{}, err
	}
	health := lendingtypes.ComputeHealth(positions)
	if !health.Liquidatable() {
		return Plan{}, ErrNotLiquidatable
	}
	hf, _ := health.HealthFactor()
	var best Plan
	var lastErr error
	for _, d := range positions {
		limit, ok := maxRepay[d.Denom]
		if !d.Debt.IsPositive() || !ok || !limit.IsPositive() {
			continue
		}
		for _, c := range positions {
			if !c.Collateral || !c.Supplied.IsPositive() {
				continue
			}
			cm := markets[c.Denom].Market
			liq, err := lendingtypes.ComputeLiquidation(lendingtypes.LiquidationInput{
				Health: health, Debt: d, Collateral: c, Bonus: cm.LiquidationBonus, FeeRate: cm.LiquidationProtocolFee,
				MaxRepay: limit, Params: params,
			})
			if err != nil {
				lastErr = err
				continue
			}
			got := liq.Seize.Sub(liq.ProtocolFee)
			profit := lendingtypes.ValueDown(got, c.CollateralPrice, c.Decimals).Sub(lendingtypes.ValueUp(liq.Repay, d.DebtPrice, d.Decimals))
			if best.Profit.IsNil() || profit.GT(best.Profit) {
				best = Plan{
					Borrower: view.Address, DebtDenom: d.Denom, CollateralDenom: c.Denom,
					Repay: liq.Repay, Seize: got, Profit: profit, Health: hf,
				}
			}
		}
	}
	if best.Profit.IsNil() {
		if lastErr == nil {
			lastErr = errors.New("no debt the liquidator may repay")
		}
		return Plan{}, fmt.Errorf("account %s: %w", view.Address, lastErr)
	}
	return best, nil
}
