// Package simutil holds what the Ballast modules' simsx factories share.
package simutil

import (
	"context"
	"errors"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Tolerate wraps a factory so that the listed errors count as expected
// outcomes. Factories see the chain as of the start of the block, and
// earlier transactions in the same block may have spent the balance or
// used the room they planned with; the chain refusing such a transaction
// is correct behaviour, not a failure.
func Tolerate[T sdk.Msg](f simsx.SimMsgFactoryFn[T], expected ...error) simsx.SimMsgFactoryX {
	handler := func(err error) error {
		for _, e := range expected {
			if errors.Is(err, e) {
				return nil
			}
		}
		return err
	}
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, T, simsx.SimDeliveryResultHandler) {
		signers, msg := f(ctx, testData, reporter)
		return signers, msg, handler
	})
}
