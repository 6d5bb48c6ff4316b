package types

// Gas of a price lookup, for the modules that charge a heavy message's gas
// before its work (ATTACKS 27): they need an upper bound of what their
// price lookups consume, and the lookups are this module's to size.
//
// A lookup is a fixed number of store reads, each costing the flat read
// cost and 3 gas a byte of key and value at the SDK's default KV gas config
// (1,000 + 3/byte). EntryBytes bounds the key and value of the symbol
// index, a market, the params, a price and the history head: the largest,
// a Price, is a 16-letter symbol, two decimals (a price of at most 96
// digits, a power share of at most 19), a height and a time, under 200
// bytes with its key. PointBytes bounds a history point: a price and a
// height, under 120 bytes with its 9-byte key.
const (
	EntryBytes    = 256
	PointBytes    = 128
	EntryReadGas  = 1_000 + 3*EntryBytes
	PointReadGas  = 1_000 + 3*PointBytes
	spotReads     = 4 // GetPrice: the symbol index, the market, the params, the price
	twapHeadReads = 1 // ConservativePrices adds the history head and the points
)

// HistoryReads is the most history points a TWAP reads: the window and
// one more, within the ring buffer.
func (p Params) HistoryReads() uint64 {
	return min(uint64(p.HistorySize), p.TwapWindowBlocks+1)
}

// PriceGas bounds the store gas of one GetPrice (spot) and one
// ConservativePrices (conservative) under p.
func (p Params) PriceGas() (spot, conservative uint64) {
	spot = spotReads * EntryReadGas
	return spot, spot + twapHeadReads*EntryReadGas + p.HistoryReads()*PointReadGas
}
