// Package liquidator is the keeper sidecar beside a Ballast node: it
// mirrors every lending account with debt and every vault, screens them
// each block against the oracle's prices, checks candidates exactly with
// the chain's own math (x/lending/types, x/stablecoin/types), and submits
// liquidations (see cmd/ballast-liquidator/README.md).
package liquidator

import (
	"math"
	"slices"

	sdkmath "cosmossdk.io/math"
)

// The mirror keeps what screening needs in floats: screening may be
// approximate (a position near the threshold is checked exactly before
// anything is sent), and float math is what makes a million positions a
// second possible. Nothing here is consensus code.

// MarketRef is a lending market as the screen sees it.
type MarketRef struct {
	Denom     string
	Symbol    string
	Decimals  uint32
	Threshold float64 // liquidation threshold
	Bonus     float64
	// From the market state and the oracle, refreshed each block.
	LiquidityIndex float64
	BorrowIndex    float64
	Price          float64 // USD per whole unit; 0 while unknown or stale
	unit           float64 // 10^decimals
}

// Position is one account's holding in one market, in scaled units:
// supply × liquidity index and debt × borrow index are the accrued amounts.
type Position struct {
	Market       uint16
	Collateral   bool
	ScaledSupply float64
	ScaledDebt   float64
}

// Account is a mirrored lending account.
type Account struct {
	Address   string
	Positions []Position
	Health    float64 // last screened health factor (+Inf without debt)
}

// VaultRef is a mirrored vault.
type VaultRef struct {
	ID         uint64
	Owner      string
	Type       uint16
	Collateral float64 // base units
	Art        float64 // normalized debt, ubsd
	Ratio      float64 // last screened collateral ratio over the type's minimum (< 1: unsafe)
	InAuction  bool
}

// TypeRef is a vault type as the screen sees it.
type TypeRef struct {
	Name             string
	Denom            string
	Symbol           string
	Decimals         uint32
	LiquidationRatio float64
	Rate             float64 // accrued rate, refreshed each block
	Price            float64
	unit             float64
}

// Mirror is the liquidator's copy of the chain's positions.
type Mirror struct {
	Markets []MarketRef
	Types   []TypeRef

	Accounts []Account
	Vaults   []VaultRef

	accountIndex map[string]int
	vaultIndex   map[uint64]int
	marketIndex  map[string]uint16
	typeIndex    map[string]uint16
}

// NewMirror returns an empty mirror.
func NewMirror() *Mirror {
	return &Mirror{
		accountIndex: map[string]int{}, vaultIndex: map[uint64]int{},
		marketIndex: map[string]uint16{}, typeIndex: map[string]uint16{},
	}
}

// upsert puts v under key in list, indexed by index, and returns its place.
func upsert[T any](list *[]T, index map[string]uint16, key string, v T) uint16 {
	if i, ok := index[key]; ok {
		(*list)[i] = v
		return i
	}
	i := uint16(len(*list))
	*list = append(*list, v)
	index[key] = i
	return i
}

// SetMarket adds or updates a market and returns its index.
func (m *Mirror) SetMarket(ref MarketRef) uint16 {
	ref.unit = math.Pow10(int(ref.Decimals))
	return upsert(&m.Markets, m.marketIndex, ref.Denom, ref)
}

// MarketIndex finds a market by denom.
func (m *Mirror) MarketIndex(denom string) (uint16, bool) {
	i, ok := m.marketIndex[denom]
	return i, ok
}

// SetType adds or updates a vault type and returns its index.
func (m *Mirror) SetType(ref TypeRef) uint16 {
	ref.unit = math.Pow10(int(ref.Decimals))
	return upsert(&m.Types, m.typeIndex, ref.Name, ref)
}

// TypeIndex finds a vault type by name.
func (m *Mirror) TypeIndex(name string) (uint16, bool) {
	i, ok := m.typeIndex[name]
	return i, ok
}

// PutAccount replaces an account's positions; an account without debt
// leaves the mirror (nothing to liquidate).
func (m *Mirror) PutAccount(a Account) {
	hasDebt := slices.ContainsFunc(a.Positions, func(p Position) bool { return p.ScaledDebt > 0 })
	i, ok := m.accountIndex[a.Address]
	switch {
	case !hasDebt && ok:
		last := len(m.Accounts) - 1
		m.Accounts[i] = m.Accounts[last]
		m.accountIndex[m.Accounts[i].Address] = i
		m.Accounts = m.Accounts[:last]
		delete(m.accountIndex, a.Address)
	case !hasDebt:
	case ok:
		m.Accounts[i] = a
	default:
		m.accountIndex[a.Address] = len(m.Accounts)
		m.Accounts = append(m.Accounts, a)
	}
}

// PutVault replaces a vault; a vault without debt or collateral leaves.
func (m *Mirror) PutVault(v VaultRef) {
	i, ok := m.vaultIndex[v.ID]
	gone := v.Art <= 0 && !v.InAuction
	switch {
	case gone && ok:
		last := len(m.Vaults) - 1
		m.Vaults[i] = m.Vaults[last]
		m.vaultIndex[m.Vaults[i].ID] = i
		m.Vaults = m.Vaults[:last]
		delete(m.vaultIndex, v.ID)
	case gone:
	case ok:
		m.Vaults[i] = v
	default:
		m.vaultIndex[v.ID] = len(m.Vaults)
		m.Vaults = append(m.Vaults, v)
	}
}

// RemoveVault drops a vault (closed, or its auction finished).
func (m *Mirror) RemoveVault(id uint64) { m.PutVault(VaultRef{ID: id}) }

// Account returns a mirrored account.
func (m *Mirror) Account(addr string) (Account, bool) {
	i, ok := m.accountIndex[addr]
	if !ok {
		return Account{}, false
	}
	return m.Accounts[i], true
}

// Scaled converts an accrued amount to scaled units at index (for the
// mirror; the chain's own conversion rounds, this one need not).
func Scaled(amount sdkmath.Int, index sdkmath.LegacyDec) float64 {
	return scaledAt(amount, Float(index))
}

// scaledAt is Scaled with the index already a float; 0 without an index.
func scaledAt(amount sdkmath.Int, index float64) float64 {
	if amount.IsNil() || index <= 0 {
		return 0
	}
	a, _ := amount.ToLegacyDec().Float64()
	return a / index
}

// Float converts a decimal for screening.
func Float(d sdkmath.LegacyDec) float64 {
	if d.IsNil() {
		return 0
	}
	f, _ := d.Float64()
	return f
}
