package app

import (
	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"

	ibcante "github.com/cosmos/ibc-go/v11/modules/core/ante"

	"github.com/ballast-chain/ballast/x/flashloan"
)

// MinGasPriceFloor is the lowest gas price any Ballast node accepts into its
// mempool, whatever its app.toml says: a validator may raise its own price,
// not lower the network's spam floor below it.
var MinGasPriceFloor = sdk.NewDecCoinFromDec(BondDenom, sdkmath.LegacyNewDecWithPrec(25, 4)) // 0.0025ubal

func (app *BallastApp) newAnteHandler() sdk.AnteHandler {
	k := &app.Keepers
	opts := ante.HandlerOptions{
		AccountKeeper:   k.AccountKeeper,
		BankKeeper:      k.BankKeeper,
		FeegrantKeeper:  k.FeeGrantKeeper,
		SignModeHandler: app.txConfig.SignModeHandler(),
		SigGasConsumer:  ante.DefaultSigVerificationGasConsumer,
		TxFeeChecker:    checkTxFee,
	}
	decorators := []sdk.AnteDecorator{
		ante.NewSetUpContextDecorator(), // must be first: sets the gas meter
		ante.NewExtensionOptionsDecorator(opts.ExtensionOptionChecker),
		ante.NewValidateBasicDecorator(),
		flashloan.NoDelegatedLoansDecorator{},
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(opts.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(opts.AccountKeeper),
		ante.NewDeductFeeDecorator(opts.AccountKeeper, opts.BankKeeper, opts.FeegrantKeeper, opts.TxFeeChecker),
		ante.NewSetPubKeyDecorator(opts.AccountKeeper), // before any signature check
		ante.NewValidateSigCountDecorator(opts.AccountKeeper),
		ante.NewSigGasConsumeDecorator(opts.AccountKeeper, opts.SigGasConsumer),
		ante.NewSigVerificationDecorator(opts.AccountKeeper, opts.SignModeHandler),
		ante.NewIncrementSequenceDecorator(opts.AccountKeeper),
		ibcante.NewRedundantRelayDecorator(k.IBCKeeper),
	}
	return sdk.ChainAnteDecorators(decorators...)
}

// checkTxFee is the mempool fee rule. In CheckTx the fee must cover gas at the
// higher of the node's minimum-gas-prices and MinGasPriceFloor. Block
// execution does not re-check it (the proposer already did, and genesis
// transactions carry no fee). The priority is the ubal gas price, so a
// liquidator in a hurry can pay to be first.
func checkTxFee(ctx sdk.Context, tx sdk.Tx) (sdk.Coins, int64, error) {
	feeTx, ok := tx.(sdk.FeeTx)
	if !ok {
		return nil, 0, errorsmod.Wrap(sdkerrors.ErrTxDecode, "transaction must be a FeeTx")
	}
	fee := feeTx.GetFee()
	gas := feeTx.GetGas()

	if ctx.IsCheckTx() {
		required := requiredFees(ctx.MinGasPrices(), gas)
		if !required.IsZero() && !fee.IsAnyGTE(required) {
			return nil, 0, errorsmod.Wrapf(sdkerrors.ErrInsufficientFee,
				"insufficient fees; got: %s required: %s (gas %d at %s)", fee, required, gas, effectiveGasPrices(ctx.MinGasPrices()))
		}
	}
	return fee, txPriority(fee, gas), nil
}

// effectiveGasPrices raises the node's ubal price to the floor, keeping any
// other denoms the node chose to accept.
func effectiveGasPrices(node sdk.DecCoins) sdk.DecCoins {
	if node.AmountOf(BondDenom).GTE(MinGasPriceFloor.Amount) {
		return node
	}
	out := sdk.DecCoins{MinGasPriceFloor}
	for _, c := range node {
		if c.Denom != BondDenom {
			out = out.Add(c)
		}
	}
	return out
}

// requiredFees is gas × price per accepted denom, rounded up.
func requiredFees(node sdk.DecCoins, gas uint64) sdk.Coins {
	prices := effectiveGasPrices(node)
	gasDec := sdkmath.LegacyNewDecFromInt(sdkmath.NewIntFromUint64(gas))
	required := make(sdk.Coins, 0, len(prices))
	for _, p := range prices {
		amt := p.Amount.Mul(gasDec).Ceil().RoundInt()
		if amt.IsPositive() {
			required = append(required, sdk.NewCoin(p.Denom, amt))
		}
	}
	return required.Sort()
}

// txPriority is the ubal paid per million units of gas, saturating at MaxInt64.
// The scale keeps fractional gas prices apart (the floor is 2500).
func txPriority(fee sdk.Coins, gas uint64) int64 {
	if gas == 0 {
		return 0
	}
	p := fee.AmountOf(BondDenom).MulRaw(1_000_000).Quo(sdkmath.NewIntFromUint64(gas))
	if !p.IsInt64() {
		return int64(^uint64(0) >> 1)
	}
	return p.Int64()
}
