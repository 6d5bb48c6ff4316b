package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec/address"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/testutil/fuzzmsg"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

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

	targets := []fuzzmsg.Target{
		fuzzmsg.Of(&types.MsgUpdateParams{Authority: gov, Params: types.DefaultParams()}, func(m *types.MsgUpdateParams) error {
			return fuzzmsg.FirstErr(account(m.Authority), m.Params.Validate())
		}),
		fuzzmsg.Of(&types.MsgSetMarket{Authority: gov, Symbol: "ATOM", PriceDecimals: 6, Enabled: true}, func(m *types.MsgSetMarket) error {
			return fuzzmsg.FirstErr(account(m.Authority), m.Validate())
		}),
	}

	fuzzmsg.Seed(f, targets)
	for i, m := range []fuzzmsg.Wire{
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

	fuzzmsg.Fuzz(f, targets)
}
