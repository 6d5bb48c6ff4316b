package keeper_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ballast-chain/ballast/x/oracle"
	"github.com/ballast-chain/ballast/x/oracle/keeper"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

// fakeStaking knows validators by consensus address.
type fakeStaking struct {
	byCons map[string]stakingtypes.Validator
}

func (f fakeStaking) GetValidatorByConsAddr(_ context.Context, c sdk.ConsAddress) (stakingtypes.Validator, error) {
	v, ok := f.byCons[string(c)]
	if !ok {
		return v, errors.New("no validator")
	}
	return v, nil
}

func (f fakeStaking) GetValidator(context.Context, sdk.ValAddress) (stakingtypes.Validator, error) {
	return stakingtypes.Validator{}, errors.New("not used")
}

func (fakeStaking) ValidatorAddressCodec() address.Codec {
	return addresscodec.NewBech32Codec("ballastvaloper")
}

func (fakeStaking) PowerReduction(context.Context) sdkmath.Int { return sdk.DefaultPowerReduction }

// fakeSlashing records penalties.
type fakeSlashing struct {
	slashed []string
	jailed  []string
	fail    bool
}

func (f *fakeSlashing) Slash(_ context.Context, c sdk.ConsAddress, _ sdkmath.LegacyDec, _, _ int64) error {
	if f.fail {
		return errors.New("slashing exploded")
	}
	f.slashed = append(f.slashed, string(c))
	return nil
}

func (f *fakeSlashing) Jail(_ context.Context, c sdk.ConsAddress) error {
	f.jailed = append(f.jailed, string(c))
	return nil
}

type fixture struct {
	ctx      sdk.Context
	k        keeper.Keeper
	slashing *fakeSlashing
}

var govAddr = authtypes.NewModuleAddress("gov")

func setup(t testing.TB, mutate ...func(*types.GenesisState)) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t"))
	ctx = ctx.WithBlockHeight(100).WithBlockTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	enc := moduletestutil.MakeTestEncodingConfig(oracle.AppModule{})
	ac := addresscodec.NewBech32Codec("ballast")
	authority, err := ac.BytesToString(govAddr)
	require.NoError(t, err)
	sl := &fakeSlashing{}
	k := keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(key), ac, fakeStaking{}, sl, authority)
	gs := types.DefaultGenesis()
	gs.Markets = types.DefaultMarkets()
	for _, m := range mutate {
		m(gs)
	}
	require.NoError(t, k.InitGenesis(ctx, *gs))
	return &fixture{ctx: ctx, k: k, slashing: sl}
}

// reports builds one validator's commit entry: id → price at 6 decimals.
func val(addr string, power int64, prices map[uint32]uint64) types.ValidatorReports {
	v := types.ValidatorReports{ConsAddr: []byte(addr), Power: power}
	for id := uint32(0); id < 10; id++ {
		if p, ok := prices[id]; ok {
			v.Reports = append(v.Reports, types.Report{MarketID: id, Price: p})
		}
	}
	return v
}

func (f *fixture) atHeight(h int64) { f.ctx = f.ctx.WithBlockHeight(h) }
