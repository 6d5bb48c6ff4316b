package types

// Gas charged before work (ATTACKS 27, DESIGN §9). A message that evaluates
// an account's health (borrow, withdraw, disabling collateral) or
// liquidates it is charged its shape's gas before it reads anything, and
// its work then runs on a meter holding exactly that gas
// (internal/prepaid): a failure costs what a success of the same shape
// costs, so no gas limit buys the health evaluation for less.
//
// The shape is the number of the account's positions (the denoms it
// supplies or owes, with a borrow's denom counted when new) and the
// oracle's gas for one spot and one conservative price (x/oracle
// types/gas.go, which grows with its TWAP window). Each charge is a fixed
// part, the message's own reads and writes and its bank transfers, plus a
// part per position.
//
// The constants are measured upper bounds, about 1.5× the most the
// successful paths used (in brackets) on entries far larger than the local
// network's: 128-letter denoms, 32-byte accounts, 64-digit amounts, a full
// TWAP window. keeper/gas_before_work_test.go measures every message for
// 1 to all markets as positions and fails if any exceeds its charge; a
// charge too small would make the message run out of gas at any limit.
// All of it is store gas at the SDK's default KV gas config.
const (
	// PositionGas is one position of a health evaluation, without its
	// price: the account's supply and debt keys, the market, its state,
	// the params, the supply, the debt and the collateral flag [10,100].
	PositionGas uint64 = 16_000
	// BorrowFixedGas: accrue and write the market, the debt, the borrower
	// index, the dust check's params, and the transfer [92,000].
	BorrowFixedGas uint64 = 140_000
	// WithdrawFixedGas: accrue and write the market, the supply, the
	// borrower index, and the transfer [88,000].
	WithdrawFixedGas uint64 = 130_000
	// DisableCollateralFixedGas: the market, the flag, the borrower index
	// [3,000].
	DisableCollateralFixedGas uint64 = 15_000
	// LiquidateFixedGas: accrue both markets, the params, the repayment
	// and the seizure (their writes and two transfers), the bad-debt
	// haircut's writes, the borrower index [180,000].
	LiquidateFixedGas uint64 = 250_000
	// WriteOffGas is one debt written off: accrue and write the market,
	// delete the debt [40,000].
	WriteOffGas uint64 = 60_000
)

// Shape is what a heavy message's charge depends on.
type Shape struct {
	Positions            uint64 // the account's positions, after the message
	SpotPriceGas         uint64 // x/oracle: one GetPrice
	ConservativePriceGas uint64 // x/oracle: one ConservativePrices
}

// health is one health evaluation over the positions at priceGas a price.
func (s Shape) health(priceGas uint64) uint64 { return s.Positions * (PositionGas + priceGas) }

// BorrowGas: the fixed part, the dust check's spot price, and the health
// evaluation at conservative prices.
func (s Shape) BorrowGas() uint64 {
	return BorrowFixedGas + s.SpotPriceGas + s.health(s.ConservativePriceGas)
}

// WithdrawGas: the fixed part and the health evaluation at conservative prices.
func (s Shape) WithdrawGas() uint64 {
	return WithdrawFixedGas + s.health(s.ConservativePriceGas)
}

// DisableCollateralGas: the fixed part and the health evaluation at
// conservative prices (enabling collateral is not charged: one write).
func (s Shape) DisableCollateralGas() uint64 {
	return DisableCollateralFixedGas + s.health(s.ConservativePriceGas)
}

// LiquidateGas: the fixed part, two health evaluations at spot prices (the
// liquidation's and the bad-debt check's) and a write-off per position.
func (s Shape) LiquidateGas() uint64 {
	return LiquidateFixedGas + 2*s.health(s.SpotPriceGas) + s.Positions*WriteOffGas
}
