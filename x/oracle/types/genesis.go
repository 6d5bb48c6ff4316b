package types

import "fmt"

// DefaultGenesis has the default params and no markets: a chain adds markets
// at genesis (a local network has DefaultMarkets) or by governance.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks params, markets (unique ids and symbols, at most
// MaxMarkets) and that every price belongs to a market.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if len(gs.Markets) > MaxMarkets {
		return fmt.Errorf("%w: %d markets, at most %d", ErrTooManyMarkets, len(gs.Markets), MaxMarkets)
	}
	ids := make(map[uint32]bool, len(gs.Markets))
	symbols := make(map[string]bool, len(gs.Markets))
	for _, m := range gs.Markets {
		if err := m.Validate(); err != nil {
			return err
		}
		if ids[m.Id] || symbols[m.Symbol] {
			return fmt.Errorf("%w: duplicate market id %d or symbol %s", ErrInvalidMarket, m.Id, m.Symbol)
		}
		ids[m.Id], symbols[m.Symbol] = true, true
	}
	seen := make(map[string]bool, len(gs.Prices))
	for _, p := range gs.Prices {
		if !symbols[p.Symbol] || seen[p.Symbol] {
			return fmt.Errorf("%w: price for unknown or repeated market %q", ErrUnknownMarket, p.Symbol)
		}
		seen[p.Symbol] = true
		if p.Price.IsNil() || !p.Price.IsPositive() {
			return fmt.Errorf("%w: price of %s must be positive", ErrInvalidMarket, p.Symbol)
		}
		if p.Height < 0 {
			return fmt.Errorf("%w: price of %s has negative height", ErrInvalidMarket, p.Symbol)
		}
	}
	return nil
}
