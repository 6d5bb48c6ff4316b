package types

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"
)

// The scaled conversions: what a user is owed rounds down, what a user owes
// rounds up (DESIGN §4, ATTACKS 2-3).

func TestConversionsRoundInTheProtocolsFavour(t *testing.T) {
	tiny := dec("1.000000000000000001")
	cases := []struct {
		name                         string
		amount                       sdkmath.Int
		index                        sdkmath.LegacyDec
		supplyShares, withdrawShares int64
		borrowShares, repayShares    int64
		// ScaledToSupply / ScaledToDebt of `amount` taken as scaled units.
		sharesToSupplyWant, sharesToDebtWant string
		// When the share counts are checked as strings.
		supplySharesBig, withdrawSharesBig string
		useBig                             bool
	}{
		{
			name: "index one is exact", amount: i64(1000), index: dec("1"),
			supplyShares: 1000, withdrawShares: 1000, borrowShares: 1000, repayShares: 1000,
			sharesToSupplyWant: "1000", sharesToDebtWant: "1000",
		},
		{
			name: "one unit at index 1.5 buys no supply share but records one debt share", amount: i64(1), index: dec("1.5"),
			supplyShares: 0, withdrawShares: 1, borrowShares: 1, repayShares: 0,
			sharesToSupplyWant: "1", sharesToDebtWant: "2",
		},
		{
			name: "seven units at index 1.5", amount: i64(7), index: dec("1.5"),
			supplyShares: 4, withdrawShares: 5, borrowShares: 5, repayShares: 4,
			sharesToSupplyWant: "10", sharesToDebtWant: "11",
		},
		{
			name: "index just above one costs a share on 10^18 units", amount: ints("1000000000000000000"), index: tiny,
			useBig: true, supplySharesBig: "999999999999999999", withdrawSharesBig: "1000000000000000000",
			sharesToSupplyWant: "1000000000000000001", sharesToDebtWant: "1000000000000000001",
		},
		{
			name: "one unit at index just above one", amount: i64(1), index: tiny,
			supplyShares: 0, withdrawShares: 1, borrowShares: 1, repayShares: 0,
			sharesToSupplyWant: "1", sharesToDebtWant: "2",
		},
		{
			name: "index with all 18 decimals", amount: i64(1_000_000), index: dec("3.141592653589793238"),
			supplyShares: 318309, withdrawShares: 318310, borrowShares: 318310, repayShares: 318309,
			sharesToSupplyWant: "3141592", sharesToDebtWant: "3141593",
		},
		{
			name: "large index", amount: i64(999_999), index: dec("999999.999999999999999999"),
			supplyShares: 0, withdrawShares: 1, borrowShares: 1, repayShares: 0,
			sharesToSupplyWant: "999998999999", sharesToDebtWant: "999999000000",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.useBig {
				require.Equal(t, tc.supplySharesBig, SupplyShares(tc.amount, tc.index).String())
				require.Equal(t, tc.withdrawSharesBig, WithdrawShares(tc.amount, tc.index).String())
				require.Equal(t, tc.withdrawSharesBig, BorrowShares(tc.amount, tc.index).String())
				require.Equal(t, tc.supplySharesBig, RepayShares(tc.amount, tc.index).String())
			} else {
				require.Equal(t, tc.supplyShares, SupplyShares(tc.amount, tc.index).Int64(), "SupplyShares")
				require.Equal(t, tc.withdrawShares, WithdrawShares(tc.amount, tc.index).Int64(), "WithdrawShares")
				require.Equal(t, tc.borrowShares, BorrowShares(tc.amount, tc.index).Int64(), "BorrowShares")
				require.Equal(t, tc.repayShares, RepayShares(tc.amount, tc.index).Int64(), "RepayShares")
			}
			require.Equal(t, tc.sharesToSupplyWant, ScaledToSupply(tc.amount, tc.index).String(), "ScaledToSupply")
			require.Equal(t, tc.sharesToDebtWant, ScaledToDebt(tc.amount, tc.index).String(), "ScaledToDebt")
		})
	}
}

func TestZeroConvertsToZero(t *testing.T) {
	for _, idx := range []sdkmath.LegacyDec{dec("1"), dec("1.5"), dec("123.456789012345678901")} {
		require.True(t, SupplyShares(i64(0), idx).IsZero())
		require.True(t, WithdrawShares(i64(0), idx).IsZero())
		require.True(t, BorrowShares(i64(0), idx).IsZero())
		require.True(t, RepayShares(i64(0), idx).IsZero())
		require.True(t, ScaledToSupply(i64(0), idx).IsZero())
		require.True(t, ScaledToDebt(i64(0), idx).IsZero())
	}
}

func TestOneUnitBorrowRecordsAtLeastOneUnitOfDebt(t *testing.T) {
	for _, idx := range []string{"1", "1.000000000000000001", "1.5", "2", "3.141592653589793238", "1000000.000000000000000001"} {
		index := dec(idx)
		shares := BorrowShares(i64(1), index)
		require.True(t, shares.GTE(i64(1)), "index %s: shares %s", idx, shares)
		require.True(t, ScaledToDebt(shares, index).GTE(i64(1)), "index %s", idx)
	}
}

// Property: every conversion is the exact quotient or product rounded in the
// protocol's favour, and by less than one unit.
func TestConversionsRoundingProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := genAmount(t, "amount")
		index := genIndex(t, "index", rapid.SampledFrom([]int64{1, 2, 10, 1_000_000}).Draw(t, "max_index"))
		rx, ri := ratInt(x), ratDec(index)
		exact := ratQuo(rx, ri) // x / index

		sup := SupplyShares(x, index)
		require.True(t, ratInt(sup).Cmp(exact) <= 0, "SupplyShares above the exact quotient")
		require.True(t, ratInt(sup.AddRaw(1)).Cmp(exact) > 0, "SupplyShares more than one below")
		require.True(t, ScaledToSupply(sup, index).LTE(x), "supply then read back gains")

		wd := WithdrawShares(x, index)
		require.True(t, ratInt(wd).Cmp(exact) >= 0, "WithdrawShares below the exact quotient")
		if wd.IsPositive() {
			require.True(t, ratInt(wd.SubRaw(1)).Cmp(exact) < 0, "WithdrawShares more than one above")
		}

		bs := BorrowShares(x, index)
		require.True(t, ratInt(bs).Cmp(exact) >= 0, "BorrowShares below the exact quotient")
		require.True(t, ScaledToDebt(bs, index).GTE(x), "borrow then read back owes less than borrowed")
		if x.IsPositive() {
			require.True(t, bs.GTE(i64(1)), "a positive borrow records no debt")
		}

		rp := RepayShares(x, index)
		require.True(t, ratInt(rp).Cmp(exact) <= 0, "RepayShares above the exact quotient")

		// The scaled → base conversions are floor / ceil of the exact product.
		s := genAmount(t, "scaled")
		prod := ratMul(ratInt(s), ri)
		floor := new(big.Int).Quo(prod.Num(), prod.Denom())
		require.Equal(t, floor.String(), ScaledToSupply(s, index).String(), "ScaledToSupply is not floor(s × index)")
		ceil := new(big.Int).Set(floor)
		if !prod.IsInt() {
			ceil.Add(ceil, big.NewInt(1))
		}
		require.Equal(t, ceil.String(), ScaledToDebt(s, index).String(), "ScaledToDebt is not ceil(s × index)")

		// Withdrawing the balance shown never needs more shares than held;
		// repaying the debt shown always clears it.
		requireLTE(t, WithdrawShares(ScaledToSupply(s, index), index), s, "withdraw-all by amount")
		require.True(t, RepayShares(ScaledToDebt(s, index), index).GTE(s), "repay-all by amount leaves debt")
	})
}

// pool is a minimal money market using only the conversions, for round trips.
type pool struct {
	index  sdkmath.LegacyDec
	cash   sdkmath.Int
	scaled sdkmath.Int // total scaled supply
}

func (p *pool) supply(x sdkmath.Int) sdkmath.Int {
	s := SupplyShares(x, p.index)
	p.cash = p.cash.Add(x)
	p.scaled = p.scaled.Add(s)
	return s
}

func (p *pool) withdrawAll(s sdkmath.Int) sdkmath.Int {
	out := ScaledToSupply(s, p.index)
	p.cash = p.cash.Sub(out)
	p.scaled = p.scaled.Sub(s)
	return out
}

func TestSupplyWithdrawRoundTripsNeverGain(t *testing.T) {
	for _, idx := range []string{"1", "1.000000000000000001", "1.5", "2.718281828459045235", "99.999999999999999999"} {
		t.Run("x=1 index "+idx, func(t *testing.T) {
			index := dec(idx)
			// Another supplier is already in the market.
			p := &pool{index: index, cash: i64(0), scaled: i64(0)}
			whale := p.supply(ints("1000000000000000000000"))
			start := i64(10_000)
			wallet := start
			for i := 0; i < 10_000; i++ {
				s := p.supply(i64(1))
				wallet = wallet.SubRaw(1)
				wallet = wallet.Add(p.withdrawAll(s))
				require.True(t, wallet.LTE(start), "round trip %d gained: %s", i, wallet)
				require.False(t, p.cash.IsNegative())
			}
			// The pool can still pay the other supplier in full.
			require.True(t, ScaledToSupply(whale, index).LTE(p.cash))
		})
	}
}

func TestSupplyWithdrawRoundTripsRandomNeverGain(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		index := genIndex(t, "index", 100)
		p := &pool{index: index, cash: i64(0), scaled: i64(0)}
		other := p.supply(genAmount(t, "other"))
		start := ints("1000000000000000000000000000000000000000") // 10^39
		wallet := start
		n := rapid.IntRange(1, 200).Draw(t, "rounds")
		for i := 0; i < n; i++ {
			x := genAmount(t, "x")
			s := p.supply(x)
			wallet = wallet.Sub(x)
			if rapid.Bool().Draw(t, "by_amount") {
				// Withdraw the shown balance by amount: burns ≤ the shares held.
				amt := ScaledToSupply(s, index)
				burn := WithdrawShares(amt, index)
				requireLTE(t, burn, s)
				p.cash = p.cash.Sub(amt)
				p.scaled = p.scaled.Sub(burn)
				wallet = wallet.Add(amt)
				// Whatever is left over stays in the pool (and may still be claimed).
				left := s.Sub(burn)
				wallet = wallet.Add(p.withdrawAll(left))
			} else {
				wallet = wallet.Add(p.withdrawAll(s))
			}
			require.True(t, wallet.LTE(start), "round %d gained %s", i, wallet.Sub(start))
		}
		require.True(t, ScaledToSupply(other, index).LTE(p.cash), "the other supplier can no longer be paid")
	})
}

func TestBorrowRepayLoopsNeverShrinkDebt(t *testing.T) {
	for _, idx := range []string{"1", "1.000000000000000001", "1.5", "7.123456789012345678"} {
		t.Run("index "+idx, func(t *testing.T) {
			index := dec(idx)
			// Borrow 1 / repay what is shown as owed: pays back at least what it borrowed.
			debtShares := i64(0)
			borrowed, repaid := i64(0), i64(0)
			for i := 0; i < 10_000; i++ {
				debtShares = debtShares.Add(BorrowShares(i64(1), index))
				borrowed = borrowed.AddRaw(1)
				owed := ScaledToDebt(debtShares, index)
				require.True(t, owed.GTE(i64(1)))
				cleared := RepayShares(owed, index)
				require.True(t, cleared.GTE(debtShares), "repaying the shown debt leaves debt")
				debtShares = i64(0)
				repaid = repaid.Add(owed)
			}
			require.True(t, repaid.GTE(borrowed))

			// Borrow 1 / repay 1: the recorded debt never falls below borrowed − repaid.
			debtShares = i64(0)
			for i := 0; i < 10_000; i++ {
				debtShares = debtShares.Add(BorrowShares(i64(1), index))
				cleared := sdkmath.MinInt(RepayShares(i64(1), index), debtShares)
				debtShares = debtShares.Sub(cleared)
				require.False(t, ScaledToDebt(debtShares, index).IsNegative())
			}
		})
	}
}
