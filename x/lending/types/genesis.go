package types

import "fmt"

// DefaultGenesis has the default params and no markets.
func DefaultGenesis() *GenesisState { return &GenesisState{Params: DefaultParams()} }

// Validate checks params, markets (unique denoms) and that states and
// positions belong to markets.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	markets := make(map[string]bool, len(gs.Markets))
	for _, m := range gs.Markets {
		if err := m.ValidateAgainst(gs.Params); err != nil {
			return err
		}
		if markets[m.Denom] {
			return fmt.Errorf("%w: duplicate market %s", ErrInvalidMarket, m.Denom)
		}
		markets[m.Denom] = true
	}
	for _, s := range gs.MarketStates {
		if !markets[s.Denom] {
			return fmt.Errorf("%w: state for unknown market %s", ErrUnknownMarket, s.Denom)
		}
		if s.LiquidityIndex.IsNil() || !s.LiquidityIndex.IsPositive() || s.BorrowIndex.IsNil() || !s.BorrowIndex.IsPositive() {
			return fmt.Errorf("%w: %s indices must be positive", ErrInvalidMarket, s.Denom)
		}
		if s.LastAccrual.IsZero() {
			return fmt.Errorf("%w: %s last_accrual must be set", ErrInvalidMarket, s.Denom)
		}
	}
	for _, a := range gs.Accounts {
		for _, p := range a.Positions {
			if !markets[p.Denom] {
				return fmt.Errorf("%w: %s has a position in unknown market %s", ErrUnknownMarket, a.Address, p.Denom)
			}
		}
	}
	return nil
}
