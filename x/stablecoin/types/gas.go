package types

// Gas charged before work (ATTACKS 27, DESIGN §9). A message that prices a
// vault (mint, withdraw, open with a mint), starts an auction or takes
// from one is charged its shape's gas before it reads anything, and its
// work then runs on a meter holding exactly that gas (internal/prepaid):
// a failure costs what a success of the same shape costs, so no gas limit
// buys the work for less.
//
// The shape is x/oracle's gas for one spot or conservative price (its
// types/gas.go; it grows with the TWAP window) and, for a mint, the number
// of collateral types: a mint sums every type's debt for the global
// ceiling. Each charge is a fixed part, the message's own reads and writes,
// mints, burns and transfers, plus its price and, for a mint, a part per
// type.
//
// The constants are measured upper bounds, about 1.5× the most the
// successful paths used (in brackets) on entries far larger than the local
// network's: 128-letter collateral denoms, 32-letter type names, 32-byte
// accounts, 61-digit amounts, 23 types, a full TWAP window.
// keeper/gas_before_work_test.go measures every message and fails if any
// exceeds its charge; a charge too small would make the message run out of
// gas at any limit. All of it is store gas at the SDK's default KV gas
// config.
const (
	// WithdrawFixedGas: the vault, accrue and write the type (its fee
	// minted to the surplus), move the vault's index entry, the transfer
	// [73,000].
	WithdrawFixedGas uint64 = 110_000
	// MintFixedGas: as a withdrawal, plus the params, the mint to the
	// owner and the rounding to the surplus [82,000].
	MintFixedGas uint64 = 125_000
	// TypeGas is one type's state in the debt sum for the global ceiling:
	// one iteration step over an entry of at most 390 bytes.
	TypeGas uint64 = 1_200
	// OpenVaultFixedGas: a vault id, the vault and its owner index, the
	// deposit's transfer, the type's state for the event [61,000].
	OpenVaultFixedGas uint64 = 90_000
	// LiquidateFixedGas: the vault, accrue the type, an auction id, the
	// auction, the vault and its index entry, the keeper's incentive
	// (minted when the surplus is short) [79,000].
	LiquidateFixedGas uint64 = 120_000
	// TakeFixedGas: the auction, its type, the payment in, the burn, the
	// ledger, the collateral out, the type's state; closing the auction
	// returns the rest of the lot and books bad debt [86,000].
	TakeFixedGas uint64 = 135_000
)

// WithdrawGas is MsgWithdraw's charge: the fixed part and the
// conservative price.
func WithdrawGas(conservativePriceGas uint64) uint64 { return WithdrawFixedGas + conservativePriceGas }

// MintGas is MsgMint's charge: the fixed part, every type's debt and the
// conservative price.
func MintGas(types, conservativePriceGas uint64) uint64 {
	return MintFixedGas + types*TypeGas + conservativePriceGas
}

// OpenVaultGas is the charge of a MsgOpenVault that mints: opening and
// depositing, and the mint. Opening without a mint is not charged before
// work: it reads no price and sums no debt.
func OpenVaultGas(types, conservativePriceGas uint64) uint64 {
	return OpenVaultFixedGas + MintGas(types, conservativePriceGas)
}

// LiquidateGas is MsgLiquidate's charge: the fixed part and the spot price.
func LiquidateGas(spotPriceGas uint64) uint64 { return LiquidateFixedGas + spotPriceGas }

// TakeGas is MsgTake's charge; a take reads no price.
const TakeGas = TakeFixedGas
