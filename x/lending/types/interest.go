package types

import (
	"time"

	sdkmath "cosmossdk.io/math"
)

// SecondsPerYear converts annual rates to per-second ones (365 days).
const SecondsPerYear = 365 * 24 * 60 * 60

// MaxAccrualSeconds bounds one accrual interval (100 years).
const MaxAccrualSeconds = 100 * SecondsPerYear

// Totals are a market's accrued totals in base units.
func (s MarketState) Totals() (supply, borrows sdkmath.Int) {
	return ScaledToSupply(s.TotalScaledSupply, s.LiquidityIndex), ScaledToDebt(s.TotalScaledBorrows, s.BorrowIndex)
}

// Available is the cash borrowers and withdrawers may take: cash minus
// reserves (the protocol's part stays as a buffer).
func (s MarketState) Available() sdkmath.Int {
	a := s.Cash.Sub(s.Reserves)
	if a.IsNegative() {
		return sdkmath.ZeroInt()
	}
	return a
}

// Utilization is borrows / (available + borrows), in [0, 1].
func Utilization(available, borrows sdkmath.Int) sdkmath.LegacyDec {
	denom := available.Add(borrows)
	if !denom.IsPositive() || !borrows.IsPositive() {
		return sdkmath.LegacyZeroDec()
	}
	u := sdkmath.LegacyNewDecFromInt(borrows).QuoInt(denom)
	return sdkmath.LegacyMinDec(u, sdkmath.LegacyOneDec())
}

// BorrowRate is the kinked annual rate at utilization u, capped at maxRate.
func (m Market) BorrowRate(u, maxRate sdkmath.LegacyDec) sdkmath.LegacyDec {
	var r sdkmath.LegacyDec
	if u.LTE(m.OptimalUtilization) {
		r = m.BaseRate.Add(m.Slope1.Mul(u).Quo(m.OptimalUtilization))
	} else {
		excess := u.Sub(m.OptimalUtilization).Quo(sdkmath.LegacyOneDec().Sub(m.OptimalUtilization))
		r = m.BaseRate.Add(m.Slope1).Add(m.Slope2.Mul(excess))
	}
	return sdkmath.LegacyMinDec(r, maxRate)
}

// SupplyRate is what suppliers earn per year at utilization u.
func (m Market) SupplyRate(u, maxRate sdkmath.LegacyDec) sdkmath.LegacyDec {
	return m.BorrowRate(u, maxRate).Mul(u).Mul(sdkmath.LegacyOneDec().Sub(m.ReserveFactor))
}

// Accrue brings the market's indices to now. Interest on borrows is simple
// over the interval since the last accrual (it compounds from one accrual
// to the next); the reserve factor's share goes to reserves and the rest
// raises the liquidity index. Indices never fall, dt ≤ 0 is a no-op, and
// the rate cap bounds the growth of any interval. Rounding: the borrow
// index rounds up, the liquidity index and reserves round down.
func Accrue(s MarketState, m Market, maxRate sdkmath.LegacyDec, now time.Time) MarketState {
	// Whole seconds only; the remainder waits for the next touch. A gap
	// beyond MaxAccrualSeconds (Go durations saturate near 292 years) is
	// accrued as MaxAccrualSeconds and the clock jumps to now.
	secs := int64(now.Sub(s.LastAccrual) / time.Second)
	if secs <= 0 {
		return s
	}
	if secs > MaxAccrualSeconds {
		secs, s.LastAccrual = MaxAccrualSeconds, now
	} else {
		s.LastAccrual = s.LastAccrual.Add(time.Duration(secs) * time.Second)
	}
	if !s.TotalScaledBorrows.IsPositive() {
		return s
	}
	oldBorrows := ScaledToDebt(s.TotalScaledBorrows, s.BorrowIndex)
	rate := m.BorrowRate(Utilization(s.Available(), oldBorrows), maxRate)
	growth := rate.MulInt64(secs).QuoRoundUp(sdkmath.LegacyNewDec(SecondsPerYear))
	s.BorrowIndex = s.BorrowIndex.MulRoundUp(sdkmath.LegacyOneDec().Add(growth))
	interest := ScaledToDebt(s.TotalScaledBorrows, s.BorrowIndex).Sub(oldBorrows)
	if !interest.IsPositive() {
		return s
	}
	return s.Earn(m, interest)
}

// MinIncomeShares is the scaled supply below which flash-loan fees all go
// to reserves (see FlashIncome).
const MinIncomeShares = 1_000_000

// FlashIncome books a flash-loan fee. Only income, the fee before rounding
// up, and only in a market with at least MinIncomeShares of scaled supply,
// raises the liquidity index; the rest goes to reserves. Otherwise the
// only supplier of a thin market could pump the exchange rate with loans
// to itself (a 1-unit loan's 1-unit fee would double a 1-share index), the
// donation attack of ATTACKS 1 paid for with booked fees (Radiant, 2024).
// With both rules, a loan, at most the market's supply, raises the index
// by at most fee_bps.
func (s MarketState) FlashIncome(m Market, fee, income sdkmath.Int) MarketState {
	if s.TotalScaledSupply.LT(sdkmath.NewInt(MinIncomeShares)) {
		income = sdkmath.ZeroInt()
	}
	s = s.Earn(m, income)
	s.Reserves = s.Reserves.Add(fee.Sub(income))
	return s
}

// Earn shares income (interest, flash-loan fees) between reserves, by the
// reserve factor, and suppliers, by raising the liquidity index. With no
// suppliers the protocol keeps it all. Rounding: both round down.
func (s MarketState) Earn(m Market, income sdkmath.Int) MarketState {
	toReserves := m.ReserveFactor.MulInt(income).TruncateInt()
	toSuppliers := income.Sub(toReserves)
	supply := ScaledToSupply(s.TotalScaledSupply, s.LiquidityIndex)
	if supply.IsPositive() {
		// index + income / scaled supply, rounded down. (Scaling by the
		// rounded-down supply would pay the fraction it drops a second time.)
		s.LiquidityIndex = s.LiquidityIndex.Add(sdkmath.LegacyNewDecFromInt(toSuppliers).QuoTruncate(sdkmath.LegacyNewDecFromInt(s.TotalScaledSupply)))
	} else {
		toReserves = income // nobody to pay: the protocol keeps it
	}
	s.Reserves = s.Reserves.Add(toReserves)
	return s
}
