package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

var (
	_ sdk.Msg = (*MsgSupply)(nil)
	_ sdk.Msg = (*MsgWithdraw)(nil)
	_ sdk.Msg = (*MsgSetCollateral)(nil)
	_ sdk.Msg = (*MsgBorrow)(nil)
	_ sdk.Msg = (*MsgRepay)(nil)
	_ sdk.Msg = (*MsgLiquidate)(nil)
	_ sdk.Msg = (*MsgUpdateParams)(nil)
	_ sdk.Msg = (*MsgSetMarket)(nil)
	_ sdk.Msg = (*MsgGuardianAct)(nil)
)

// positiveCoin checks a message amount: a valid denom and a positive amount.
func positiveCoin(c sdk.Coin) error {
	if err := denomOnly(c); err != nil {
		return err
	}
	if c.Amount.IsNil() || !c.Amount.IsPositive() {
		return ErrInvalidAmount.Wrapf("amount must be positive, got %s", c.Amount)
	}
	return nil
}

// denomOnly checks a coin whose amount is ignored ("all" variants).
func denomOnly(c sdk.Coin) error {
	if err := sdk.ValidateDenom(c.Denom); err != nil {
		return ErrInvalidAmount.Wrap(err.Error())
	}
	return nil
}

// ValidateAmount checks the amount of a supply.
func (m *MsgSupply) ValidateAmount() error { return positiveCoin(m.Amount) }

// ValidateAmount checks the amount of a withdrawal.
func (m *MsgWithdraw) ValidateAmount() error {
	if m.All {
		return denomOnly(m.Amount)
	}
	return positiveCoin(m.Amount)
}

// ValidateAmount checks the amount of a borrow.
func (m *MsgBorrow) ValidateAmount() error { return positiveCoin(m.Amount) }

// ValidateAmount checks the amount of a repayment.
func (m *MsgRepay) ValidateAmount() error {
	if m.All {
		return denomOnly(m.Amount)
	}
	return positiveCoin(m.Amount)
}
