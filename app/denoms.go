package app

import (
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// DenomMetadata documents a denom's base unit and exponent on chain, so that
// wallets, the CLI and the lending markets agree on decimals.
func DenomMetadata(base, display, symbol, name string, exponent uint32) banktypes.Metadata {
	return banktypes.Metadata{
		Description: name,
		Base:        base,
		Display:     display,
		Name:        name,
		Symbol:      symbol,
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: base, Exponent: 0},
			{Denom: display, Exponent: exponent},
		},
	}
}

// NativeDenomMetadata is the metadata of the chain's own denoms.
func NativeDenomMetadata() []banktypes.Metadata {
	return []banktypes.Metadata{
		DenomMetadata(BondDenom, "bal", "BAL", "Ballast staking token", 6),
		DenomMetadata(StableDenom, "bsd", "BSD", "Ballast Stable Dollar", 6),
	}
}
