// Package fuzzmsg fuzzes a module's protobuf messages: whatever bytes
// decode must pass the stateless checks a msg server runs without
// panicking, re-encode stably, and stay valid across re-encoding. One fuzz
// target per module covers all of its messages, the first byte of the
// input choosing the type.
package fuzzmsg

import (
	"math/big"
	"reflect"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

// Wire is a message with its generated protobuf codec.
type Wire interface {
	proto.Message
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// Target is one message type under fuzzing: a valid seed, and the checks.
type Target struct {
	seed      Wire
	seedCheck func() error
	check     func(t *testing.T, bz []byte)
}

// Of decodes bz as a P; whatever decodes must pass through validate
// without panicking, re-encode to the same message, and stay valid after
// re-encoding if it was valid. seed must be valid.
func Of[T any, P interface {
	*T
	Wire
}](seed P, validate func(P) error) Target {
	return Target{seed: seed, seedCheck: func() error { return validate(seed) }, check: func(t *testing.T, bz []byte) {
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

// Seed adds each target's valid seed, whole and truncated, prefixed by the
// target's index; it fails if a seed does not take the valid path.
func Seed(f *testing.F, targets []Target) {
	f.Helper()
	for i, tg := range targets {
		require.NoError(f, tg.seedCheck(), "seed %d must take the valid path", i)
		bz, err := tg.seed.Marshal()
		require.NoError(f, err)
		f.Add(append([]byte{byte(i)}, bz...))
		f.Add(append([]byte{byte(i)}, bz[:len(bz)/2]...)) // truncated
	}
}

// Fuzz runs the targets: the first byte picks one, the rest is its input.
func Fuzz(f *testing.F, targets []Target) {
	f.Fuzz(func(t *testing.T, bz []byte) {
		if len(bz) == 0 {
			return
		}
		targets[int(bz[0])%len(targets)].check(t, bz[1:])
	})
}

// FirstErr is the first non-nil of errs. Go evaluates every argument, so
// it only joins checks that are safe to run whatever the others found.
func FirstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// MaxDec is the largest LegacyDec that decodes: 2^256 - 10^-18.
func MaxDec() sdkmath.LegacyDec {
	i := new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 256), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
	return sdkmath.LegacyNewDecFromBigIntWithPrec(i.Sub(i, big.NewInt(1)), sdkmath.LegacyPrecision)
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
