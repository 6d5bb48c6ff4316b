package types_test

import (
	"bytes"
	"math/big"
	"reflect"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/x/lending/types"
)

// wireMsg is a message with its generated protobuf codec.
type wireMsg interface {
	proto.Message
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// msgTarget is one message type under fuzzing: a valid seed, and the
// stateless checks the msg server runs before it touches state.
type msgTarget struct {
	seed      wireMsg
	seedCheck func() error
	check     func(t *testing.T, bz []byte)
}

// targetOf decodes bz as a P; whatever decodes must pass through validate
// without panicking, re-encode to the same message, and stay valid after
// re-encoding if it was valid.
func targetOf[T any, P interface {
	*T
	wireMsg
}](seed P, validate func(P) error) msgTarget {
	return msgTarget{seed: seed, seedCheck: func() error { return validate(seed) }, check: func(t *testing.T, bz []byte) {
		msg := P(new(T))
		if err := msg.Unmarshal(bz); err != nil {
			return
		}
		valid := validate(msg) == nil

		// Decode again for the round trip, away from what validate saw.
		first := P(new(T))
		require.NoError(t, first.Unmarshal(bz))
		enc, err := first.Marshal()
		require.NoError(t, err)
		again := P(new(T))
		require.NoError(t, again.Unmarshal(enc), "re-encoding does not decode")
		reenc, err := again.Marshal()
		require.NoError(t, err)
		require.Equal(t, enc, reenc, "re-encoding is not stable")
		zeroAbsentAmounts(reflect.ValueOf(first))
		require.Equal(t, first, again)
		if valid {
			require.NoError(t, validate(again), "valid before re-encoding, invalid after")
		}
	}}
}

// zeroAbsentAmounts sets every absent (nil) Int and LegacyDec reachable from
// v to zero, which is how the encoder writes them: the one change a round
// trip may make.
func zeroAbsentAmounts(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			zeroAbsentAmounts(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			zeroAbsentAmounts(v.Index(i))
		}
	case reflect.Struct:
		switch x := v.Addr().Interface().(type) {
		case *sdkmath.Int:
			if x.IsNil() {
				_ = x.Unmarshal([]byte("0"))
			}
		case *sdkmath.LegacyDec:
			if x.IsNil() {
				_ = x.Unmarshal([]byte("0"))
			}
		default:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					zeroAbsentAmounts(v.Field(i))
				}
			}
		}
	}
}

// maxDec is the largest LegacyDec that decodes: 2^256 - 10^-18.
func maxDec() sdkmath.LegacyDec {
	i := new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 256), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
	return sdkmath.LegacyNewDecFromBigIntWithPrec(i.Sub(i, big.NewInt(1)), sdkmath.LegacyPrecision)
}

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
	targets := []msgTarget{
		targetOf(&types.MsgSupply{Supplier: alice, Amount: atom}, func(m *types.MsgSupply) error {
			return firstErr(account(m.Supplier), m.ValidateAmount())
		}),
		targetOf(&types.MsgWithdraw{Supplier: alice, Amount: atom, All: true}, func(m *types.MsgWithdraw) error {
			return firstErr(account(m.Supplier), m.ValidateAmount())
		}),
		targetOf(&types.MsgSetCollateral{Owner: alice, Denom: "uatom", Enabled: true}, func(m *types.MsgSetCollateral) error {
			return account(m.Owner)
		}),
		targetOf(&types.MsgBorrow{Borrower: bob, Amount: atom}, func(m *types.MsgBorrow) error {
			return firstErr(account(m.Borrower), m.ValidateAmount())
		}),
		targetOf(&types.MsgRepay{Payer: alice, Borrower: bob, Amount: atom}, func(m *types.MsgRepay) error {
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
		targetOf(&types.MsgLiquidate{Liquidator: alice, Borrower: bob, DebtDenom: "uusdc", CollateralDenom: "uatom", MaxRepay: sdkmath.NewInt(5)}, func(m *types.MsgLiquidate) error {
			if err := firstErr(account(m.Liquidator), account(m.Borrower)); err != nil {
				return err
			}
			if m.MaxRepay.IsNil() || !m.MaxRepay.IsPositive() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		targetOf(&types.MsgUpdateParams{Authority: gov, Params: params}, func(m *types.MsgUpdateParams) error {
			if err := firstErr(account(m.Authority), m.Params.Validate()); err != nil {
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
		targetOf(&types.MsgSetMarket{Authority: gov, Market: fuzzMarket()}, func(m *types.MsgSetMarket) error {
			return firstErr(account(m.Authority), m.Market.ValidateAgainst(params))
		}),
		targetOf(&types.MsgGuardianAct{Authority: alice, Denom: "uatom", Action: types.GUARDIAN_ACTION_LOWER_SUPPLY_CAP, Cap: sdkmath.NewInt(10)}, func(m *types.MsgGuardianAct) error {
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

	for i, tg := range targets {
		require.NoError(f, tg.seedCheck(), "seed %d must take the valid path", i)
		bz, err := tg.seed.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
		f.Add(append([]byte{byte(i)}, bz[:len(bz)/2]...)) // truncated
	}
	// Edge values: the largest decimals and integers that decode. The first
	// three markets made Market.Validate panic (1 + bonus, and the sum of
	// the rates, overflowed LegacyDec) before it bounded them.
	maxInt := sdkmath.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	hugeBonus := fuzzMarket()
	hugeBonus.LiquidationBonus = maxDec()
	hugeBonusNoThreshold := hugeBonus
	hugeBonusNoThreshold.Ltv, hugeBonusNoThreshold.LiquidationThreshold = sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()
	hugeRates := fuzzMarket()
	hugeRates.BaseRate, hugeRates.Slope1, hugeRates.Slope2 = maxDec(), maxDec(), maxDec()
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

	f.Fuzz(func(t *testing.T, bz []byte) {
		if len(bz) == 0 {
			return
		}
		targets[int(bz[0])%len(targets)].check(t, bz[1:])
	})
}

// firstErr is the first non-nil of errs. Go evaluates every argument, so
// it only joins checks that are safe to run whatever the others found.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
