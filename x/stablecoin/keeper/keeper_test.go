package keeper_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	"github.com/ballast-chain/ballast/x/stablecoin/keeper"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// fakeBank is an in-memory bank: balances per address and supply per denom.
type fakeBank struct {
	balances map[string]sdk.Coins
	supply   sdk.Coins
}

func newFakeBank() *fakeBank { return &fakeBank{balances: map[string]sdk.Coins{}} }

// snapshot returns a function that puts the balances and supply back: a
// failed transaction reverts the bank with the rest of the state.
func (b *fakeBank) snapshot() (restore func()) {
	balances, supply := make(map[string]sdk.Coins, len(b.balances)), b.supply
	for k, v := range b.balances {
		balances[k] = v
	}
	return func() { b.balances, b.supply = balances, supply }
}

func (b *fakeBank) sub(addr sdk.AccAddress, amt sdk.Coins) error {
	have := b.balances[addr.String()]
	if !have.IsAllGTE(amt) {
		return errors.New("insufficient funds")
	}
	b.balances[addr.String()] = have.Sub(amt...)
	return nil
}

func (b *fakeBank) add(addr sdk.AccAddress, amt sdk.Coins) {
	b.balances[addr.String()] = b.balances[addr.String()].Add(amt...)
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	if err := b.sub(from, amt); err != nil {
		return err
	}
	b.add(authtypes.NewModuleAddress(module), amt)
	return nil
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	if err := b.sub(authtypes.NewModuleAddress(module), amt); err != nil {
		return err
	}
	b.add(to, amt)
	return nil
}

func (b *fakeBank) MintCoins(_ context.Context, module string, amt sdk.Coins) error {
	b.add(authtypes.NewModuleAddress(module), amt)
	b.supply = b.supply.Add(amt...)
	return nil
}

func (b *fakeBank) BurnCoins(_ context.Context, module string, amt sdk.Coins) error {
	if err := b.sub(authtypes.NewModuleAddress(module), amt); err != nil {
		return err
	}
	b.supply = b.supply.Sub(amt...)
	return nil
}

func (b *fakeBank) GetSupply(_ context.Context, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.supply.AmountOf(denom))
}

func (b *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.balances[addr.String()].AmountOf(denom))
}

// fakeOracle serves fixed prices; stale ones fail like x/oracle.
type fakeOracle struct {
	prices map[string]sdkmath.LegacyDec
	stale  bool
}

func (o *fakeOracle) GetPrice(_ context.Context, symbol string) (oracletypes.Price, error) {
	if o.stale {
		return oracletypes.Price{}, oracletypes.ErrStalePrice
	}
	return oracletypes.Price{Symbol: symbol, Price: o.prices[symbol]}, nil
}

func (o *fakeOracle) ConservativePrices(ctx context.Context, symbol string) (sdkmath.LegacyDec, sdkmath.LegacyDec, error) {
	p, err := o.GetPrice(ctx, symbol)
	return p.Price, p.Price, err
}

func (o *fakeOracle) PriceGas(context.Context) (spot, conservative uint64, err error) {
	spot, conservative = oracletypes.DefaultParams().PriceGas()
	return spot, conservative, nil
}

type fixture struct {
	t      testing.TB
	ctx    sdk.Context
	k      keeper.Keeper
	bank   *fakeBank
	oracle *fakeOracle
	alice  sdk.AccAddress
	bob    sdk.AccAddress
}

func d(s string) sdkmath.LegacyDec { return sdkmath.LegacyMustNewDecFromStr(s) }

// atomA is a localnet-like ATOM vault type: 150% ratio, ~5%/year fee, 13% penalty.
func atomA() types.CollateralType {
	return types.CollateralType{
		Name: "atom-a", Denom: "uatom", OracleSymbol: "ATOM", Decimals: 6,
		LiquidationRatio: d("1.5"), StabilityFee: d("1.000000001547125957"),
		DebtCeiling: sdkmath.NewInt(10_000_000_000_000), DebtFloor: sdkmath.NewInt(100_000_000),
		LiquidationPenalty: d("0.13"), StartMultiplier: d("1.2"), StepSeconds: 90, Cut: d("0.99"),
		ResetAfterSeconds: 7200, ResetBelowFraction: d("0.4"), Tip: sdkmath.NewInt(10_000_000), Chip: d("0.001"),
		MaxInAuction: sdkmath.NewInt(1_000_000_000_000),
	}
}

func setup(t testing.TB) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t")).
		WithBlockHeight(10).WithBlockTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	enc := moduletestutil.MakeTestEncodingConfig()
	ac := addresscodec.NewBech32Codec("ballast")
	gov, err := ac.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	bank := newFakeBank()
	oracle := &fakeOracle{prices: map[string]sdkmath.LegacyDec{"ATOM": d("10"), "USDC": d("1")}}
	k := keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(key), ac, bank, oracle, gov)
	require.NoError(t, k.Params.Set(ctx, types.DefaultParams()))
	require.NoError(t, k.SetCollateralType(ctx, atomA()))
	require.NoError(t, k.PSM.Set(ctx, types.PSMParams{Denom: "uusdc", Decimals: 6, FeeIn: d("0.001"), FeeOut: d("0.001"), Ceiling: sdkmath.NewInt(1_000_000_000_000)}))
	f := &fixture{
		t: t, ctx: ctx, k: k, bank: bank, oracle: oracle,
		alice: sdk.AccAddress("alice_______________"), bob: sdk.AccAddress("bob_________________"),
	}
	for _, a := range []sdk.AccAddress{f.alice, f.bob} {
		bank.add(a, sdk.NewCoins(sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000_000)), sdk.NewCoin("uusdc", sdkmath.NewInt(1_000_000_000_000))))
	}
	return f
}

func (f *fixture) invariants() {
	f.t.Helper()
	require.NoError(f.t, f.k.CheckInvariants(f.ctx))
}

func (f *fixture) bsd(a sdk.AccAddress) sdkmath.Int {
	return f.bank.GetBalance(f.ctx, a, keeper.StableDenom).Amount
}
