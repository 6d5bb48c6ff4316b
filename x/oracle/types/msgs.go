package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

var (
	_ sdk.Msg = (*MsgUpdateParams)(nil)
	_ sdk.Msg = (*MsgSetMarket)(nil)
)

// The governance messages are checked statelessly here and against the
// authority in the msg server; the signer comes from the proto annotation.

// Validate checks a MsgSetMarket's fields.
func (m *MsgSetMarket) Validate() error {
	return Market{Symbol: m.Symbol, PriceDecimals: m.PriceDecimals, Enabled: m.Enabled}.Validate()
}
