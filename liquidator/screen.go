package liquidator

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Screening: per market, one factor turns a scaled amount into USD (times
// the liquidation threshold for collateral); an account's health is then a
// handful of multiply-adds. A stale price (0) makes the factor 0: such
// collateral counts for nothing and such debt for nothing, and the exact
// check (which needs fresh prices) has the last word.

type factors struct {
	collateral []float64 // USD × threshold per scaled supply unit
	debt       []float64 // USD per scaled debt unit
}

func (m *Mirror) factors() factors {
	f := factors{collateral: make([]float64, len(m.Markets)), debt: make([]float64, len(m.Markets))}
	for i, mk := range m.Markets {
		if mk.Price <= 0 || mk.unit == 0 {
			continue
		}
		perUnit := mk.Price / mk.unit
		f.collateral[i] = mk.LiquidityIndex * perUnit * mk.Threshold
		f.debt[i] = mk.BorrowIndex * perUnit
	}
	return f
}

func (f factors) health(a *Account) float64 {
	var coll, debt float64
	for _, p := range a.Positions {
		if p.Collateral {
			coll += p.ScaledSupply * f.collateral[p.Market]
		}
		debt += p.ScaledDebt * f.debt[p.Market]
	}
	if debt <= 0 {
		return math.Inf(1)
	}
	return coll / debt
}

// ScreenAccounts re-evaluates every mirrored account and returns the
// indexes of those with a health factor below threshold (1 + a margin for
// the screen's approximation), lowest first.
func (m *Mirror) ScreenAccounts(threshold float64) []int {
	f := m.factors()
	var out []int
	for i := range m.Accounts {
		a := &m.Accounts[i]
		a.Health = f.health(a)
		if a.Health < threshold {
			out = append(out, i)
		}
	}
	sortByHealth(m.Accounts, out)
	return out
}

// ScreenVaults re-evaluates every mirrored vault and returns the indexes
// of those whose ratio over the type's minimum is below threshold and that
// are not already in auction, lowest first.
func (m *Mirror) ScreenVaults(threshold float64) []int {
	per := make([]float64, len(m.Types)) // collateral USD per base unit / (rate × minimum ratio) per ubsd
	for i, t := range m.Types {
		if t.Price > 0 && t.Rate > 0 && t.LiquidationRatio > 0 {
			per[i] = t.Price / t.unit * 1e6 / (t.Rate * t.LiquidationRatio)
		}
	}
	var out []int
	for i := range m.Vaults {
		v := &m.Vaults[i]
		if v.Art <= 0 {
			v.Ratio = math.Inf(1)
			continue
		}
		v.Ratio = v.Collateral * per[v.Type] / v.Art
		if v.Ratio < threshold && !v.InAuction {
			out = append(out, i)
		}
	}
	sortVaults(m.Vaults, out)
	return out
}

// Ties break by address or id, so a ranking never depends on map or
// slice order.
func sortByHealth(accounts []Account, idx []int) {
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(accounts[a].Health, accounts[b].Health); c != 0 {
			return c
		}
		return strings.Compare(accounts[a].Address, accounts[b].Address)
	})
}

func sortVaults(vaults []VaultRef, idx []int) {
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(vaults[a].Ratio, vaults[b].Ratio); c != 0 {
			return c
		}
		return cmp.Compare(vaults[a].ID, vaults[b].ID)
	})
}
