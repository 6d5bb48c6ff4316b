package types_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec/address"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
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

// FuzzOracleMsgs feeds both x/oracle message types arbitrary bytes: the
// first byte picks the type, the rest is its wire encoding.
func FuzzOracleMsgs(f *testing.F) {
	ac := address.NewBech32Codec("ballast")
	account := func(s string) error {
		_, err := ac.StringToBytes(s)
		return err
	}
	gov, err := ac.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(f, err)
	other, err := ac.BytesToString(bytes.Repeat([]byte{7}, 20))
	require.NoError(f, err)

	targets := []msgTarget{
		targetOf(&types.MsgUpdateParams{Authority: gov, Params: types.DefaultParams()}, func(m *types.MsgUpdateParams) error {
			return firstErr(account(m.Authority), m.Params.Validate())
		}),
		targetOf(&types.MsgSetMarket{Authority: gov, Symbol: "ATOM", PriceDecimals: 6, Enabled: true}, func(m *types.MsgSetMarket) error {
			return firstErr(account(m.Authority), m.Validate())
		}),
	}

	for i, tg := range targets {
		require.NoError(f, tg.seedCheck(), "seed %d must take the valid path", i)
		bz, err := tg.seed.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
		f.Add(append([]byte{byte(i)}, bz[:len(bz)/2]...)) // truncated
	}
	for i, m := range []wireMsg{
		&types.MsgUpdateParams{Authority: other, Params: types.Params{MinPowerShare: sdkmath.LegacyOneDec(), MaxMissRate: sdkmath.LegacyOneDec(), SlashFraction: sdkmath.LegacyNewDecWithPrec(1, 1), MaxAgeBlocks: ^uint64(0), RewardBandBps: 10_000, SlashWindow: 1, HistorySize: types.MaxHistorySize, TwapWindowBlocks: 1}},
		&types.MsgSetMarket{Authority: other, Symbol: "A234567890123456", PriceDecimals: types.MaxPriceDecimals},
	} {
		bz, err := m.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
	}
	f.Add([]byte{})
	f.Add([]byte{1, 0x12, 0x04, 'a', 't', 'o', 'm'})
	f.Add([]byte{1, 0x12, 0x02, 0xc3, 0x28}) // invalid UTF-8 symbol
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
