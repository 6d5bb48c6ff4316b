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

	"github.com/ballast-chain/ballast/x/stablecoin/types"
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

func fuzzCollateralType() types.CollateralType {
	d := sdkmath.LegacyMustNewDecFromStr
	return types.CollateralType{
		Name: "atom-a", Denom: "uatom", OracleSymbol: "ATOM", Decimals: 6,
		LiquidationRatio: d("1.5"), StabilityFee: d("1.000000001547125957"),
		DebtCeiling: sdkmath.NewInt(10_000_000_000_000), DebtFloor: sdkmath.NewInt(100_000_000),
		LiquidationPenalty: d("0.13"), StartMultiplier: d("1.2"), StepSeconds: 90, Cut: d("0.99"),
		ResetAfterSeconds: 7200, ResetBelowFraction: d("0.4"), Tip: sdkmath.NewInt(10_000_000), Chip: d("0.001"),
		MaxInAuction: sdkmath.NewInt(1_000_000_000_000),
	}
}

func fuzzPSM() types.PSMParams {
	d := sdkmath.LegacyMustNewDecFromStr
	return types.PSMParams{Denom: "uusdc", Decimals: 6, FeeIn: d("0.001"), FeeOut: d("0.001"), Ceiling: sdkmath.NewInt(1_000_000_000_000)}
}

// FuzzStablecoinMsgs feeds every x/stablecoin message type arbitrary bytes:
// the first byte picks the type, the rest is its wire encoding.
func FuzzStablecoinMsgs(f *testing.F) {
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
	params := types.DefaultParams()
	ten := sdkmath.NewInt(10_000_000)

	// Each check is the msg server's, in its order, up to the first state
	// read; amounts a client may leave out are read as zero there.
	targets := []msgTarget{
		targetOf(&types.MsgOpenVault{Owner: alice, Type: "atom-a", Collateral: sdk.NewInt64Coin("uatom", 1_000_000_000), Mint: ten}, func(m *types.MsgOpenVault) error {
			if err := account(m.Owner); err != nil {
				return err
			}
			if m.Collateral.Amount.IsNil() || orZero(m.Mint).IsNegative() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		targetOf(&types.MsgDeposit{Owner: alice, VaultId: 1, Amount: ten}, func(m *types.MsgDeposit) error { return account(m.Owner) }),
		targetOf(&types.MsgWithdraw{Owner: alice, VaultId: 1, Amount: ten}, func(m *types.MsgWithdraw) error { return account(m.Owner) }),
		targetOf(&types.MsgMint{Owner: alice, VaultId: 1, Amount: ten}, func(m *types.MsgMint) error { return account(m.Owner) }),
		targetOf(&types.MsgRepay{Payer: bob, VaultId: 1, Amount: ten, All: true}, func(m *types.MsgRepay) error { return account(m.Payer) }),
		targetOf(&types.MsgCloseVault{Owner: alice, VaultId: 1}, func(m *types.MsgCloseVault) error { return account(m.Owner) }),
		targetOf(&types.MsgLiquidate{Keeper: bob, VaultId: 1}, func(m *types.MsgLiquidate) error { return account(m.Keeper) }),
		targetOf(&types.MsgTake{Buyer: bob, AuctionId: 1, Amount: ten, MaxPrice: sdkmath.LegacyMustNewDecFromStr("9.5")}, func(m *types.MsgTake) error {
			if err := account(m.Buyer); err != nil {
				return err
			}
			if m.MaxPrice.IsNil() || !m.MaxPrice.IsPositive() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		targetOf(&types.MsgRedo{Keeper: bob, AuctionId: 1}, func(m *types.MsgRedo) error { return account(m.Keeper) }),
		targetOf(&types.MsgPSMSwapIn{Sender: alice, Amount: sdk.NewInt64Coin("uusdc", 1_000_000)}, func(m *types.MsgPSMSwapIn) error {
			if err := account(m.Sender); err != nil {
				return err
			}
			if m.Amount.Amount.IsNil() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		targetOf(&types.MsgPSMSwapOut{Sender: alice, Amount: ten}, func(m *types.MsgPSMSwapOut) error { return account(m.Sender) }),
		targetOf(&types.MsgUpdateParams{Authority: gov, Params: params}, func(m *types.MsgUpdateParams) error {
			if err := firstErr(account(m.Authority), m.Params.Validate()); err != nil {
				return err
			}
			// The msg server re-checks every collateral type against the new params.
			return fuzzCollateralType().Validate(m.Params)
		}),
		targetOf(&types.MsgSetCollateralType{Authority: gov, CollateralType: fuzzCollateralType()}, func(m *types.MsgSetCollateralType) error {
			if err := firstErr(account(m.Authority), m.CollateralType.Validate(params)); err != nil {
				return err
			}
			return m.CollateralType.SeparateFrom(fuzzPSM())
		}),
		targetOf(&types.MsgSetPSM{Authority: gov, Psm: fuzzPSM()}, func(m *types.MsgSetPSM) error {
			if err := firstErr(account(m.Authority), m.Psm.Validate()); err != nil {
				return err
			}
			return fuzzCollateralType().SeparateFrom(m.Psm)
		}),
	}

	for i, tg := range targets {
		require.NoError(f, tg.seedCheck(), "seed %d must take the valid path", i)
		bz, err := tg.seed.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
		f.Add(append([]byte{byte(i)}, bz[:len(bz)/2]...)) // truncated
	}
	// Edge values: the largest decimals and integers that decode.
	maxInt := sdkmath.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	huge := fuzzCollateralType()
	huge.LiquidationRatio, huge.StabilityFee, huge.StartMultiplier, huge.Chip = maxDec(), maxDec(), maxDec(), maxDec()
	huge.DebtCeiling, huge.DebtFloor, huge.Tip, huge.MaxInAuction = maxInt, maxInt, maxInt, maxInt
	hugePSM := fuzzPSM()
	hugePSM.FeeIn, hugePSM.FeeOut, hugePSM.Ceiling = maxDec(), maxDec(), maxInt
	for i, m := range map[int]wireMsg{
		0:  &types.MsgOpenVault{Owner: alice, Type: "atom-a", Collateral: sdk.Coin{Denom: "uatom", Amount: maxInt}, Mint: maxInt},
		7:  &types.MsgTake{Buyer: bob, AuctionId: ^uint64(0), Amount: maxInt, MaxPrice: maxDec()},
		11: &types.MsgUpdateParams{Authority: gov, Params: types.Params{GlobalDebtCeiling: maxInt, FallbackLiquidationsPerBlock: ^uint32(0), MaxFeePerSecond: maxDec()}},
		12: &types.MsgSetCollateralType{Authority: gov, CollateralType: huge},
		13: &types.MsgSetPSM{Authority: gov, Psm: hugePSM},
	} {
		bz, err := m.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
	}
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Add([]byte{7, 0x22, 0x02, '-', '1'}) // max_price "-1"
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})

	f.Fuzz(func(t *testing.T, bz []byte) {
		if len(bz) == 0 {
			return
		}
		targets[int(bz[0])%len(targets)].check(t, bz[1:])
	})
}

// orZero reads an amount a client may have left out as zero, as the msg
// server does.
func orZero(i sdkmath.Int) sdkmath.Int {
	if i.IsNil() {
		return sdkmath.ZeroInt()
	}
	return i
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
