package keeper

import (
	"bytes"
	"context"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/flashloan/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// FlashLoan lends assets to the borrower, runs msgs as the borrower, and
// takes each asset back with its fee. The loan runs in a branch of the
// state written only when everything succeeded: whoever dispatches a flash
// loan, a failure leaves no lent coins, no inner effects, no guard set and
// none of the inner events behind.
func (k Keeper) FlashLoan(ctx context.Context, borrower sdk.AccAddress, assets sdk.Coins, msgs []sdk.Msg) (sdk.Coins, []*codectypes.Any, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	handlers, err := k.check(ctx, params, borrower, assets, msgs)
	if err != nil {
		return nil, nil, err
	}
	branch, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	if err := k.setActive(branch, true); err != nil {
		return nil, nil, err
	}
	for _, coin := range assets {
		if err := k.lend(branch, params, borrower, coin); err != nil {
			return nil, nil, err
		}
	}
	results, err := k.run(branch, msgs, handlers)
	if err != nil {
		return nil, nil, err
	}
	fees := sdk.NewCoins()
	for _, coin := range assets {
		fee := params.Fee(coin.Amount)
		if err := k.collect(branch, borrower, coin, fee, params.Income(coin.Amount)); err != nil {
			return nil, nil, err
		}
		fees = fees.Add(sdk.NewCoin(coin.Denom, fee))
	}
	if err := k.setActive(branch, false); err != nil {
		return nil, nil, err
	}
	write()
	addr, err := k.addressCodec.BytesToString(borrower)
	if err != nil {
		return nil, nil, err
	}
	return fees, results, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventFlashLoan{
		Borrower: addr, Assets: assets, Fees: fees, Msgs: uint32(len(msgs)),
	})
}

// check refuses a loan before anything moves: no nesting, a bounded
// number of routable messages each signed by the borrower alone, and
// valid assets. It returns each message's handler.
func (k Keeper) check(ctx context.Context, params types.Params, borrower sdk.AccAddress, assets sdk.Coins, msgs []sdk.Msg) ([]baseapp.MsgServiceHandler, error) {
	nested, err := k.active(ctx)
	if err != nil {
		return nil, err
	}
	if nested {
		return nil, types.ErrNested.Wrap("a flash loan cannot run inside another")
	}
	if err := assets.Validate(); err != nil || assets.Empty() {
		return nil, types.ErrInvalidLoan.Wrapf("assets %q: must be positive, sorted, one per denom (%v)", assets, err)
	}
	switch {
	case len(msgs) == 0:
		return nil, types.ErrInvalidLoan.Wrap("no inner messages")
	case len(msgs) > int(params.MaxMsgs):
		return nil, types.ErrTooManyMsgs.Wrapf("%d inner messages, at most %d", len(msgs), params.MaxMsgs)
	}
	handlers := make([]baseapp.MsgServiceHandler, 0, len(msgs))
	for i, msg := range msgs {
		name := sdk.MsgTypeURL(msg)
		if _, ok := msg.(*types.MsgFlashLoan); ok {
			return nil, types.ErrNested.Wrapf("inner message %d is a flash loan", i)
		}
		signers, _, err := k.cdc.GetMsgV1Signers(msg)
		if err != nil {
			return nil, types.ErrInvalidLoan.Wrapf("inner message %d (%s): %v", i, name, err)
		}
		for _, s := range signers {
			if !bytes.Equal(s, borrower) {
				return nil, types.ErrForeignSigner.Wrapf("inner message %d (%s) needs the signature of %s", i, name, sdk.AccAddress(s))
			}
		}
		if len(signers) == 0 {
			return nil, types.ErrForeignSigner.Wrapf("inner message %d (%s) has no signer", i, name)
		}
		h := k.router.Handler(msg)
		if h == nil {
			return nil, types.ErrInvalidLoan.Wrapf("inner message %d (%s): no handler", i, name)
		}
		handlers = append(handlers, h)
		if v, ok := msg.(sdk.HasValidateBasic); ok {
			if err := v.ValidateBasic(); err != nil {
				return nil, errorsmod.Wrapf(err, "flash loan inner message %d (%s)", i, name)
			}
		}
	}
	return handlers, nil
}

// lend moves one asset to the borrower: BSD is always flash-minted (a BSD
// lending market, should one exist, is never flash-borrowed from), any
// other denom comes out of its lending market's available cash.
func (k Keeper) lend(ctx context.Context, params types.Params, borrower sdk.AccAddress, coin sdk.Coin) error {
	if coin.Denom != stabletypes.StableDenom {
		return k.lending.FlashLend(ctx, borrower, coin)
	}
	if coin.Amount.GT(params.MaxFlashMint) {
		return types.ErrInsufficientLiq.Wrapf("flash mint of %s above max_flash_mint %s", coin, params.MaxFlashMint)
	}
	return k.stablecoin.FlashMint(ctx, borrower, coin.Amount)
}

// run executes the inner messages in order through the router, as a
// top-level transaction would, and re-emits their events.
func (k Keeper) run(ctx context.Context, msgs []sdk.Msg, handlers []baseapp.MsgServiceHandler) ([]*codectypes.Any, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	results := make([]*codectypes.Any, 0, len(msgs))
	for i, msg := range msgs {
		res, err := handlers[i](sdkCtx, msg)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "flash loan inner message %d (%s)", i, sdk.MsgTypeURL(msg))
		}
		sdkCtx.EventManager().EmitEvents(res.GetEvents())
		results = append(results, res.MsgResponses...)
	}
	return results, nil
}

// collect takes one asset back with its fee, or says exactly what is short.
// income is the fee before rounding up, what lenders may earn.
func (k Keeper) collect(ctx context.Context, borrower sdk.AccAddress, coin sdk.Coin, fee, income sdkmath.Int) error {
	owed := coin.Amount.Add(fee)
	if have := k.bank.SpendableCoin(ctx, borrower, coin.Denom).Amount; have.LT(owed) {
		return types.ErrNotRepaid.Wrapf("owes %s%s (%s lent + %s fee), holds %s%s", owed, coin.Denom, coin.Amount, fee, have, coin.Denom)
	}
	if coin.Denom == stabletypes.StableDenom {
		return k.stablecoin.FlashBurn(ctx, borrower, coin.Amount, fee)
	}
	return k.lending.FlashRepay(ctx, borrower, coin, fee, income)
}
