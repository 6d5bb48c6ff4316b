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
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

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
	targets := []fuzzmsg.Target{
		fuzzmsg.Of(&types.MsgOpenVault{Owner: alice, Type: "atom-a", Collateral: sdk.NewInt64Coin("uatom", 1_000_000_000), Mint: ten}, func(m *types.MsgOpenVault) error {
			if err := account(m.Owner); err != nil {
				return err
			}
			if m.Collateral.Amount.IsNil() || orZero(m.Mint).IsNegative() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		fuzzmsg.Of(&types.MsgDeposit{Owner: alice, VaultId: 1, Amount: ten}, func(m *types.MsgDeposit) error { return account(m.Owner) }),
		fuzzmsg.Of(&types.MsgWithdraw{Owner: alice, VaultId: 1, Amount: ten}, func(m *types.MsgWithdraw) error { return account(m.Owner) }),
		fuzzmsg.Of(&types.MsgMint{Owner: alice, VaultId: 1, Amount: ten}, func(m *types.MsgMint) error { return account(m.Owner) }),
		fuzzmsg.Of(&types.MsgRepay{Payer: bob, VaultId: 1, Amount: ten, All: true}, func(m *types.MsgRepay) error { return account(m.Payer) }),
		fuzzmsg.Of(&types.MsgCloseVault{Owner: alice, VaultId: 1}, func(m *types.MsgCloseVault) error { return account(m.Owner) }),
		fuzzmsg.Of(&types.MsgLiquidate{Keeper: bob, VaultId: 1}, func(m *types.MsgLiquidate) error { return account(m.Keeper) }),
		fuzzmsg.Of(&types.MsgTake{Buyer: bob, AuctionId: 1, Amount: ten, MaxPrice: sdkmath.LegacyMustNewDecFromStr("9.5")}, func(m *types.MsgTake) error {
			if err := account(m.Buyer); err != nil {
				return err
			}
			if m.MaxPrice.IsNil() || !m.MaxPrice.IsPositive() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		fuzzmsg.Of(&types.MsgRedo{Keeper: bob, AuctionId: 1}, func(m *types.MsgRedo) error { return account(m.Keeper) }),
		fuzzmsg.Of(&types.MsgPSMSwapIn{Sender: alice, Amount: sdk.NewInt64Coin("uusdc", 1_000_000)}, func(m *types.MsgPSMSwapIn) error {
			if err := account(m.Sender); err != nil {
				return err
			}
			if m.Amount.Amount.IsNil() {
				return types.ErrInvalidAmount
			}
			return nil
		}),
		fuzzmsg.Of(&types.MsgPSMSwapOut{Sender: alice, Amount: ten}, func(m *types.MsgPSMSwapOut) error { return account(m.Sender) }),
		fuzzmsg.Of(&types.MsgUpdateParams{Authority: gov, Params: params}, func(m *types.MsgUpdateParams) error {
			if err := fuzzmsg.FirstErr(account(m.Authority), m.Params.Validate()); err != nil {
				return err
			}
			// The msg server re-checks every collateral type against the new params.
			return fuzzCollateralType().Validate(m.Params)
		}),
		fuzzmsg.Of(&types.MsgSetCollateralType{Authority: gov, CollateralType: fuzzCollateralType()}, func(m *types.MsgSetCollateralType) error {
			if err := fuzzmsg.FirstErr(account(m.Authority), m.CollateralType.Validate(params)); err != nil {
				return err
			}
			return m.CollateralType.SeparateFrom(fuzzPSM())
		}),
		fuzzmsg.Of(&types.MsgSetPSM{Authority: gov, Psm: fuzzPSM()}, func(m *types.MsgSetPSM) error {
			if err := fuzzmsg.FirstErr(account(m.Authority), m.Psm.Validate()); err != nil {
				return err
			}
			return fuzzCollateralType().SeparateFrom(m.Psm)
		}),
	}

	fuzzmsg.Seed(f, targets)
	// Edge values: the largest decimals and integers that decode.
	maxInt := sdkmath.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	huge := fuzzCollateralType()
	huge.LiquidationRatio, huge.StabilityFee, huge.StartMultiplier, huge.Chip = fuzzmsg.MaxDec(), fuzzmsg.MaxDec(), fuzzmsg.MaxDec(), fuzzmsg.MaxDec()
	huge.DebtCeiling, huge.DebtFloor, huge.Tip, huge.MaxInAuction = maxInt, maxInt, maxInt, maxInt
	hugePSM := fuzzPSM()
	hugePSM.FeeIn, hugePSM.FeeOut, hugePSM.Ceiling = fuzzmsg.MaxDec(), fuzzmsg.MaxDec(), maxInt
	for i, m := range map[int]fuzzmsg.Wire{
		0:  &types.MsgOpenVault{Owner: alice, Type: "atom-a", Collateral: sdk.Coin{Denom: "uatom", Amount: maxInt}, Mint: maxInt},
		7:  &types.MsgTake{Buyer: bob, AuctionId: ^uint64(0), Amount: maxInt, MaxPrice: fuzzmsg.MaxDec()},
		11: &types.MsgUpdateParams{Authority: gov, Params: types.Params{GlobalDebtCeiling: maxInt, FallbackLiquidationsPerBlock: ^uint32(0), MaxFeePerSecond: fuzzmsg.MaxDec()}},
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

	fuzzmsg.Fuzz(f, targets)
}

// orZero reads an amount a client may have left out as zero, as the msg
// server does.
func orZero(i sdkmath.Int) sdkmath.Int {
	if i.IsNil() {
		return sdkmath.ZeroInt()
	}
	return i
}
