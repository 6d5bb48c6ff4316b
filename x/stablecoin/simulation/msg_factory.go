package simulation

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/ballast-chain/ballast/internal/simutil"
	"github.com/ballast-chain/ballast/x/stablecoin/keeper"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

// The factories build messages that should succeed: amounts come from the
// vault's own state and MaxMint. A factory that finds nothing sensible to
// do skips. Earlier transactions in the same block may have used the room
// or the balance a factory planned with, so those refusals are tolerated.

// Register adds every stablecoin message factory with its default weight.
func Register(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("msg_stablecoin_open_vault", 60), simutil.Tolerate(MsgOpenVaultFactory(), sdkerrors.ErrInsufficientFunds))
	reg.Add(weights.Get("msg_stablecoin_deposit", 40), simutil.Tolerate(MsgDepositFactory(k), sdkerrors.ErrInsufficientFunds))
	reg.Add(weights.Get("msg_stablecoin_mint", 60), simutil.Tolerate(MsgMintFactory(k), types.ErrUnsafe, types.ErrDebtCeiling))
	reg.Add(weights.Get("msg_stablecoin_repay", 40), simutil.Tolerate(MsgRepayFactory(k), sdkerrors.ErrInsufficientFunds, types.ErrDebtFloor))
	reg.Add(weights.Get("msg_stablecoin_withdraw", 20), simutil.Tolerate(MsgWithdrawFactory(k), types.ErrUnsafe, types.ErrInvalidAmount))
	reg.Add(weights.Get("msg_stablecoin_close", 10), simutil.Tolerate(MsgCloseVaultFactory(k), types.ErrInvalidAmount))
	registerAuctions(weights, reg, k)
	registerPSM(weights, reg, k)
}

// vaults returns up to 50 vaults that match, in id order.
func vaults(ctx context.Context, k keeper.Keeper, match func(types.Vault) bool) []types.Vault {
	var out []types.Vault
	_ = k.Vaults.Walk(ctx, nil, func(_ uint64, v types.Vault) (bool, error) {
		if match(v) {
			out = append(out, v)
		}
		return len(out) >= 50, nil
	})
	return out
}

// pickVault picks one of the vaults and its owner's simulation account.
func pickVault(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, vs []types.Vault) (types.Vault, simsx.SimAccount) {
	if len(vs) == 0 {
		reporter.Skip("no candidate vault")
		return types.Vault{}, simsx.SimAccount{}
	}
	v := vs[testData.Rand().Intn(len(vs))]
	owner, err := sdk.AccAddressFromBech32(v.Owner)
	if err != nil {
		reporter.Skip(err.Error())
		return v, simsx.SimAccount{}
	}
	return v, testData.GetAccountbyAccAddr(reporter, owner)
}

func hasDebt(v types.Vault) bool { return v.Art.IsPositive() }

// MsgOpenVaultFactory opens a vault with part of an account's balance and no debt.
func MsgOpenVaultFactory() simsx.SimMsgFactoryFn[*types.MsgOpenVault] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgOpenVault) {
		from := testData.AnyAccount(reporter, simsx.WithDenomBalance(SimType().Denom))
		coin := from.LiquidBalance().RandSubsetCoin(reporter, SimType().Denom)
		if reporter.IsSkipped() || !coin.Amount.IsPositive() {
			reporter.Skip("nothing to deposit")
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgOpenVault{Owner: from.AddressBech32, Type: SimType().Name, Collateral: coin, Mint: sdkmath.ZeroInt()}
	}
}

// MsgDepositFactory adds part of the owner's balance to a vault.
func MsgDepositFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDeposit] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDeposit) {
		v, owner := pickVault(testData, reporter, vaults(ctx, k, func(types.Vault) bool { return true }))
		if reporter.IsSkipped() {
			return nil, nil
		}
		coin := owner.LiquidBalance().RandSubsetCoin(reporter, SimType().Denom)
		if reporter.IsSkipped() || !coin.Amount.IsPositive() {
			reporter.Skip("nothing to deposit")
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgDeposit{Owner: owner.AddressBech32, VaultId: v.Id, Amount: coin.Amount}
	}
}

// MsgMintFactory mints up to the vault's room, at least the debt floor.
// One mint in four takes all the room: the fee accrued by the next block
// then makes the vault unsafe, which is how simulations reach liquidation
// with static prices.
func MsgMintFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgMint] {
	floor := SimType().DebtFloor
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgMint) {
		v, owner := pickVault(testData, reporter, vaults(ctx, k, func(types.Vault) bool { return true }))
		if reporter.IsSkipped() {
			return nil, nil
		}
		room, err := k.MaxMint(ctx, v.Id)
		if err != nil || room.LT(floor) {
			reporter.Skip("no room to mint")
			return nil, nil
		}
		amt := room
		if testData.Rand().Intn(4) > 0 {
			var err error
			if amt, err = testData.Rand().PositiveSDKIntInRange(floor, room); err != nil {
				reporter.Skip(err.Error())
				return nil, nil
			}
		}
		return []simsx.SimAccount{owner}, &types.MsgMint{Owner: owner.AddressBech32, VaultId: v.Id, Amount: amt}
	}
}

// MsgRepayFactory repays all of a vault's debt when the owner can, else a
// part that leaves at least the floor.
func MsgRepayFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRepay] {
	q := keeper.NewQueryServerImpl(k)
	floor := SimType().DebtFloor
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRepay) {
		v, owner := pickVault(testData, reporter, vaults(ctx, k, hasDebt))
		if reporter.IsSkipped() {
			return nil, nil
		}
		res, err := q.Vault(ctx, &types.QueryVaultRequest{Id: v.Id})
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		debt := res.Vault.Debt
		bal := owner.LiquidBalance().AmountOf(keeper.StableDenom)
		msg := &types.MsgRepay{Payer: owner.AddressBech32, VaultId: v.Id, Amount: sdkmath.ZeroInt()}
		switch {
		case bal.GT(debt.MulRaw(2)): // room for the fee accrued until delivery
			msg.All = true
		case debt.Sub(floor).IsPositive() && bal.IsPositive():
			msg.Amount = sdkmath.MinInt(bal, debt.Sub(floor))
		default:
			reporter.Skip("nothing to repay with")
			return nil, nil
		}
		return []simsx.SimAccount{owner}, msg
	}
}

// MsgWithdrawFactory takes part of a vault's collateral out: any part of
// a vault without debt, up to a tenth of one with debt (refused when that
// would make it unsafe).
func MsgWithdrawFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgWithdraw] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgWithdraw) {
		v, owner := pickVault(testData, reporter, vaults(ctx, k, func(v types.Vault) bool { return v.Collateral.IsPositive() }))
		if reporter.IsSkipped() {
			return nil, nil
		}
		most := v.Collateral
		if hasDebt(v) {
			most = most.QuoRaw(10)
		}
		if !most.IsPositive() {
			reporter.Skip("too little collateral")
			return nil, nil
		}
		amt, err := testData.Rand().PositiveSDKIntInRange(sdkmath.OneInt(), most.AddRaw(1))
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgWithdraw{Owner: owner.AddressBech32, VaultId: v.Id, Amount: amt}
	}
}

// MsgCloseVaultFactory closes a vault without debt.
func MsgCloseVaultFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCloseVault] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCloseVault) {
		v, owner := pickVault(testData, reporter, vaults(ctx, k, func(v types.Vault) bool { return !hasDebt(v) }))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgCloseVault{Owner: owner.AddressBech32, VaultId: v.Id}
	}
}
