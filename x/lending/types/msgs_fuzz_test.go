package types_test

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/testutil/fuzzmsg"
	"github.com/ballast-chain/ballast/x/lending/types"
)

func fuzzMarket() types.Market {
	d := sdkmath.LegacyMustNewDecFromStr
	return types.Market{
		Denom: "uatom", OracleSymbol: "ATOM", Decimals: 6,
		Ltv: d("0.75"), LiquidationThreshold: d("0.8"), LiquidationBonus: d("0.05"),
		LiquidationProtocolFee: d("0.1"), ReserveFactor: d("0.1"),
		BaseRate: d("0.02"), Slope1: d("0.04"), Slope2: d("0.75"), OptimalUtilization: d("0.8"),
		SupplyCap: sdkmath.NewInt(1_000_000), BorrowCap: sdkmath.ZeroInt(),
		BorrowEnabled: true, CollateralEnabled: true, FlashloanEnabled: true,
	}
}

// FuzzLendingMsgs feeds every x/lending message type arbitrary bytes: the
// first byte picks the type, the rest is its wire encoding.
func FuzzLendingMsgs(f *testing.F) {
	ac := address.NewBech32Codec("ballast")
	account := func(s string) error {
		_, err := ac.StringToBytes(s)
		return err
	}
	alice, err := ac.BytesToString(bytes.Repeat([]byte{1}, 20))
	require.NoError(f, err)
	bob, err := ac.BytesToString(bytes.Repeat([]byte{2}, 32))
	require.NoError(f, err)
	gov, err := ac.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(f, err)
	atom := sdk.NewInt64Coin("uatom", 1_000_000)
	params := types.DefaultParams()

	// Each check is the msg server's, in its order, up to the first state read.
	targets := []fuzzmsg.Target{
		fuzzmsg.Of(&types.MsgSupply{Supplier: alice, Amount: atom}, func(m *types.MsgSupply) error {
			return fuzzmsg.FirstErr(account(m.Supplier), m.ValidateAmount())
		}),
		fuzzmsg.Of(&types.MsgWithdraw{Supplier: alice, Amount: atom, All: true}, func(m *types.MsgWithdraw) error {
			return fuzzmsg.FirstErr(account(m.Supplier), m.ValidateAmount())
		}),
		fuzzmsg.Of(&types.MsgSetCollateral{Owner: alice, Denom: "uatom", Enabled: true}, func(m *types.MsgSetCollateral) error {
			return account(m.Owner)
		}),
		fuzzmsg.Of(&types.MsgBorrow{Borrower: bob, Amount: atom}, func(m *types.MsgBorrow) error {
			return fuzzmsg.FirstErr(account(m.Borrower), m.ValidateAmount())
		}),
		fuzzmsg.Of(&types.MsgRepay{Payer: alice, Borrower: bob, Amount: atom}, func(m *types.MsgRepay) error {
			if err := account(m.Payer); err != nil {
				return err
			}
			if m.Borrower != "" {
				if err := account(m.Borrower); err != nil {
					return err
				}
			}
			return m.ValidateAmount()
		}),
		fuzzmsg.Of(&types.MsgLiquidate{Liquidator: alice, Borrower: bob, DebtDenom: "uusdc", CollateralDenom: "uatom", MaxRepay: sdkmath.NewInt(5)}, func(m *types.MsgLiquidate) error {
			if err := fuzzmsg.FirstErr(account(m.Liquidator), account(m.Borrower)); err != nil {
				return err
			}
			if m.MaxRepay.IsNil() || !m.MaxRepay.IsPositive() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		fuzzmsg.Of(&types.MsgUpdateParams{Authority: gov, Params: params}, func(m *types.MsgUpdateParams) error {
			if err := fuzzmsg.FirstErr(account(m.Authority), m.Params.Validate()); err != nil {
				return err
			}
			// The msg server re-checks every market against the new params.
			if err := fuzzMarket().ValidateAgainst(m.Params); err != nil {
				return err
			}
			if m.Params.Guardian != "" {
				return account(m.Params.Guardian)
			}
			return nil
		}),
		fuzzmsg.Of(&types.MsgSetMarket{Authority: gov, Market: fuzzMarket()}, func(m *types.MsgSetMarket) error {
			return fuzzmsg.FirstErr(account(m.Authority), m.Market.ValidateAgainst(params))
		}),
		fuzzmsg.Of(&types.MsgGuardianAct{Authority: alice, Denom: "uatom", Action: types.GUARDIAN_ACTION_LOWER_SUPPLY_CAP, Cap: sdkmath.NewInt(10)}, func(m *types.MsgGuardianAct) error {
			if err := account(m.Authority); err != nil {
				return err
			}
			safer, err := fuzzMarket().ApplyGuardian(m.Action, m.Cap)
			if err != nil {
				return err
			}
			// Only safer: a valid market stays valid.
			if err := safer.ValidateAgainst(params); err != nil {
				panic("a guardian action made a valid market invalid: " + err.Error())
			}
			return nil
		}),
	}

	fuzzmsg.Seed(f, targets)
	// Edge values: the largest decimals and integers that decode. The first
	// three markets made Market.Validate panic (1 + bonus, and the sum of
	// the rates, overflowed LegacyDec) before it bounded them.
	maxInt := sdkmath.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	hugeBonus := fuzzMarket()
	hugeBonus.LiquidationBonus = fuzzmsg.MaxDec()
	hugeBonusNoThreshold := hugeBonus
	hugeBonusNoThreshold.Ltv, hugeBonusNoThreshold.LiquidationThreshold = sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()
	hugeRates := fuzzMarket()
	hugeRates.BaseRate, hugeRates.Slope1, hugeRates.Slope2 = fuzzmsg.MaxDec(), fuzzmsg.MaxDec(), fuzzmsg.MaxDec()
	hugeCaps := fuzzMarket()
	hugeCaps.SupplyCap, hugeCaps.BorrowCap = maxInt, maxInt
	for _, m := range []types.Market{hugeBonus, hugeBonusNoThreshold, hugeRates, hugeCaps} {
		bz, err := (&types.MsgSetMarket{Authority: gov, Market: m}).Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{7}, bz...))
	}
	bz, err := (&types.MsgGuardianAct{Authority: alice, Denom: "uatom", Action: types.GUARDIAN_ACTION_LOWER_BORROW_CAP, Cap: maxInt}).Marshal()
	require.NoError(f, err)
	f.Add(append([]byte{8}, bz...))
	f.Add([]byte{})
	f.Add([]byte{0})
	f.Add([]byte{5, 0x2a, 0x03, '0', 'x', '1'}) // max_repay "0x1"
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})

	fuzzmsg.Fuzz(f, targets)
}
