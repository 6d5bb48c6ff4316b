// Package prepaid charges a heavy message's gas before its work
// (ATTACKS 27, DESIGN §9 "Gas is charged before work").
//
// A message whose work is expensive (a health evaluation over all of an
// account's positions with oracle prices, a liquidation, an auction take)
// must not be able to fail cheaply after doing the expensive part: fees are
// gas limit × price, so a failure that stops the meter early would sell the
// work for less than a successful message of the same shape pays. Run
// charges the shape's cost up front, from the transaction's meter, and then
// runs the work on a meter that holds exactly that cost: store gas is not
// charged twice, and a success and a failure of the same shape cost the
// same.
package prepaid

import (
	"context"
	"fmt"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Run consumes cost from ctx's gas meter, described as "<what> (charged
// before work)", and then runs work on a context whose gas meter is limited
// to cost. The charge comes first: a gas limit below it runs out of gas
// before anything is read or written.
//
// cost must be an upper bound of the store gas work uses. Work that goes
// beyond it runs out of gas, reported as "<what>: work exceeded the <cost>
// gas charged before it": a bound that is too small is a bug in the bound,
// which each module's tests pin.
//
// A cost of 0 means the message is not charged before its work (its shape
// is light): work runs on ctx as it is.
func Run[T any](ctx context.Context, cost storetypes.Gas, what string, work func(context.Context) (T, error)) (T, error) {
	if cost == 0 {
		return work(ctx)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	sdkCtx.GasMeter().ConsumeGas(cost, what+" (charged before work)")
	meter := storetypes.NewGasMeter(cost)
	defer func() {
		if r := recover(); r != nil {
			if oog, ok := r.(storetypes.ErrorOutOfGas); ok && meter.IsPastLimit() {
				panic(storetypes.ErrorOutOfGas{Descriptor: fmt.Sprintf("%s: work exceeded the %d gas charged before it (at %s)", what, cost, oog.Descriptor)})
			}
			panic(r)
		}
	}()
	return work(sdkCtx.WithGasMeter(meter))
}
