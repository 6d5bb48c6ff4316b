package types

import (
	"fmt"
	"regexp"
)

// symbolPattern: 1-16 upper-case letters or digits, starting with a letter.
var symbolPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,15}$`)

// ValidateSymbol checks a market symbol such as "ATOM".
func ValidateSymbol(symbol string) error {
	if !symbolPattern.MatchString(symbol) {
		return fmt.Errorf("%w: symbol %q must be 1-16 upper-case letters or digits, starting with a letter", ErrInvalidMarket, symbol)
	}
	return nil
}

// Validate checks a market's fields.
func (m Market) Validate() error {
	if err := ValidateSymbol(m.Symbol); err != nil {
		return err
	}
	if m.PriceDecimals > MaxPriceDecimals {
		return fmt.Errorf("%w: %s price_decimals %d exceeds %d", ErrInvalidMarket, m.Symbol, m.PriceDecimals, MaxPriceDecimals)
	}
	return nil
}

// DefaultMarkets are the markets of a local network, all quoted in USD.
// Six decimals fit every one of them (BTC at 100k USD is 1e11 units).
func DefaultMarkets() []Market {
	return []Market{
		{Id: 0, Symbol: "ATOM", PriceDecimals: 6, Enabled: true},
		{Id: 1, Symbol: "ETH", PriceDecimals: 6, Enabled: true},
		{Id: 2, Symbol: "BTC", PriceDecimals: 6, Enabled: true},
		{Id: 3, Symbol: "USDC", PriceDecimals: 6, Enabled: true},
		{Id: 4, Symbol: "BAL", PriceDecimals: 6, Enabled: true},
	}
}
