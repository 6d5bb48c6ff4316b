package types

import (
	"fmt"

	sdkmath "cosmossdk.io/math"
)

// DefaultGenesis has the default params, no types and no PSM. Ids start
// at 1 so that no vault or auction is the proto zero value.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params: DefaultParams(), NextVaultId: 1, NextAuctionId: 1,
		Ledger: Ledger{Surplus: sdkmath.ZeroInt(), BadDebt: sdkmath.ZeroInt(), PsmMinted: sdkmath.ZeroInt()},
	}
}

// Validate checks params, types (unique names), the PSM and references.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	names := map[string]bool{}
	for _, ct := range gs.CollateralTypes {
		if err := ct.Validate(gs.Params); err != nil {
			return err
		}
		if names[ct.Name] {
			return fmt.Errorf("%w: duplicate type %s", ErrInvalidType, ct.Name)
		}
		names[ct.Name] = true
	}
	for _, v := range gs.Vaults {
		if !names[v.Type] {
			return fmt.Errorf("%w: vault %d of unknown type %s", ErrUnknownType, v.Id, v.Type)
		}
		if v.Id >= gs.NextVaultId {
			return fmt.Errorf("%w: vault id %d not below next_vault_id %d", ErrInvalidParams, v.Id, gs.NextVaultId)
		}
	}
	for _, a := range gs.Auctions {
		if a.Id >= gs.NextAuctionId {
			return fmt.Errorf("%w: auction id %d not below next_auction_id %d", ErrInvalidParams, a.Id, gs.NextAuctionId)
		}
	}
	if gs.Psm != nil {
		if err := gs.Psm.Validate(); err != nil {
			return err
		}
		for _, ct := range gs.CollateralTypes {
			if err := ct.SeparateFrom(*gs.Psm); err != nil {
				return err
			}
		}
	}
	return nil
}
