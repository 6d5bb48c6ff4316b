package flashloan

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/ballast-chain/ballast/x/flashloan/types"
)

// NoDelegatedLoansDecorator refuses a flash loan executed through authz on
// someone else's behalf. A flash loan runs arbitrary messages as its
// borrower and authz checks the grant of the outer message only, so a grant
// for MsgFlashLoan would hand over the whole account. A borrower's own
// loan inside its own MsgExec is allowed (and harmless).
type NoDelegatedLoansDecorator struct{}

// AnteHandle walks the transaction's MsgExecs, nested ones included.
func (NoDelegatedLoansDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if err := checkDelegated(tx.GetMsgs(), 0); err != nil {
		return ctx, err
	}
	return next(ctx, tx, simulate)
}

// maxExecDepth bounds the walk; authz itself allows any depth, but a
// deeper transaction has no honest use.
const maxExecDepth = 8

func checkDelegated(msgs []sdk.Msg, depth int) error {
	for _, msg := range msgs {
		exec, ok := msg.(*authz.MsgExec)
		if !ok {
			continue
		}
		if depth >= maxExecDepth {
			return types.ErrInvalidLoan.Wrapf("authz MsgExec nested more than %d deep", maxExecDepth)
		}
		inner, err := exec.GetMessages()
		if err != nil {
			return err
		}
		for _, m := range inner {
			if loan, ok := m.(*types.MsgFlashLoan); ok && loan.Borrower != exec.Grantee {
				return types.ErrForeignSigner.Wrapf("a flash loan for %s cannot be executed through authz by %s: it would run any message as %s", loan.Borrower, exec.Grantee, loan.Borrower)
			}
		}
		if err := checkDelegated(inner, depth+1); err != nil {
			return err
		}
	}
	return nil
}
