package abci

import (
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/keeper"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

// ProposalHandler puts the extended commit into every block as tx 0 and
// rejects blocks that do not carry a valid one.
type ProposalHandler struct {
	keeper   keeper.Keeper
	valStore baseapp.ValidatorStore
	prepare  sdk.PrepareProposalHandler
	process  sdk.ProcessProposalHandler
}

// NewProposalHandler wraps the app's normal proposal handlers, which keep
// selecting and checking the user transactions.
func NewProposalHandler(k keeper.Keeper, valStore baseapp.ValidatorStore, prepare sdk.PrepareProposalHandler, process sdk.ProcessProposalHandler) *ProposalHandler {
	return &ProposalHandler{keeper: k, valStore: valStore, prepare: prepare, process: process}
}

// extensionsIn reports whether the block at height carries the vote
// extensions of height-1 (extensions exist from the enable height on).
func extensionsIn(ctx sdk.Context, height int64) bool {
	cp := ctx.ConsensusParams()
	return cp.Abci != nil && cp.Abci.VoteExtensionsEnableHeight != 0 && height > cp.Abci.VoteExtensionsEnableHeight
}

// PrepareProposal prunes extensions that fail verification, validates the
// commit, injects it as tx 0 and leaves the rest of the byte budget to the
// user transactions.
func (h *ProposalHandler) PrepareProposal() sdk.PrepareProposalHandler {
	return func(ctx sdk.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
		if !extensionsIn(ctx, req.Height) {
			return h.prepare(ctx, req)
		}
		commit := h.pruned(ctx, req.LocalLastCommit)
		if err := baseapp.ValidateVoteExtensions(ctx, h.valStore, req.Height, ctx.ChainID(), commit); err != nil {
			// Pruning cost the commit its 2/3: fall back to what CometBFT
			// gathered, whose undecodable extensions count as misses.
			h.keeper.Logger(ctx).Error("pruned oracle commit does not validate; injecting it unpruned", "height", req.Height, "err", err)
			commit = req.LocalLastCommit
		}
		oracleTx, err := EncodeOracleTx(commit)
		if err != nil {
			return nil, err
		}
		inner := *req
		inner.MaxTxBytes -= int64(len(oracleTx))
		inner.Txs = dropOracleTxs(req.Txs)
		resp, err := h.prepare(ctx, &inner)
		if err != nil {
			return nil, err
		}
		resp.Txs = append([][]byte{oracleTx}, resp.Txs...)
		return resp, nil
	}
}

// pruned marks votes whose extension fails verification as absent, so the
// commit carries only extensions every validator will accept.
func (h *ProposalHandler) pruned(ctx sdk.Context, ec abci.ExtendedCommitInfo) abci.ExtendedCommitInfo {
	out := abci.ExtendedCommitInfo{Round: ec.Round, Votes: make([]abci.ExtendedVoteInfo, len(ec.Votes))}
	for i, v := range ec.Votes {
		out.Votes[i] = v
		if v.BlockIdFlag != cmtproto.BlockIDFlagCommit {
			continue
		}
		if err := verifyExtension(ctx, h.keeper, v.VoteExtension); err != nil {
			out.Votes[i].BlockIdFlag = cmtproto.BlockIDFlagAbsent
			out.Votes[i].VoteExtension = nil
			out.Votes[i].ExtensionSignature = nil
		}
	}
	return out
}

func dropOracleTxs(txs [][]byte) [][]byte {
	out := make([][]byte, 0, len(txs))
	for _, tx := range txs {
		if !IsOracleTx(tx) {
			out = append(out, tx)
		}
	}
	return out
}

// ProcessProposal rejects, once extensions are on, a block whose tx 0 is not
// a valid extended commit for the real last commit: missing, undecodable,
// with forged or duplicated votes, inflated power, bad signatures, a vote
// marked as committed that was not, or an extension that fails verification.
func (h *ProposalHandler) ProcessProposal() sdk.ProcessProposalHandler {
	return func(ctx sdk.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
		if !extensionsIn(ctx, req.Height) {
			return h.process(ctx, req)
		}
		if err := h.checkOracleTx(ctx, req); err != nil {
			h.keeper.Logger(ctx).Error("rejecting proposal: bad oracle tx", "height", req.Height,
				"proposer", fmt.Sprintf("%X", req.ProposerAddress), "err", err)
			return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
		}
		inner := *req
		inner.Txs = req.Txs[1:]
		return h.process(ctx, &inner)
	}
}

func (h *ProposalHandler) checkOracleTx(ctx sdk.Context, req *abci.RequestProcessProposal) error {
	if len(req.Txs) == 0 {
		return fmt.Errorf("%w: block has no transactions", types.ErrInvalidOracleTx)
	}
	ec, err := decodeOracleTx(req.Txs[0])
	if err != nil {
		return err
	}
	for _, tx := range req.Txs[1:] {
		if IsOracleTx(tx) {
			return fmt.Errorf("%w: a second oracle tx", types.ErrInvalidOracleTx)
		}
	}
	real := req.ProposedLastCommit.Votes
	if len(ec.Votes) != len(real) {
		return fmt.Errorf("%w: %d votes, the last commit has %d", types.ErrInvalidOracleTx, len(ec.Votes), len(real))
	}
	for i, v := range ec.Votes {
		switch {
		case v.BlockIdFlag == cmtproto.BlockIDFlagCommit && real[i].BlockIdFlag != cmtproto.BlockIDFlagCommit:
			return fmt.Errorf("%w: vote %d claims a commit the last commit does not have", types.ErrInvalidOracleTx, i)
		case v.BlockIdFlag != cmtproto.BlockIDFlagCommit && (len(v.VoteExtension) > 0 || len(v.ExtensionSignature) > 0):
			return fmt.Errorf("%w: vote %d is not a commit but carries an extension", types.ErrInvalidOracleTx, i)
		}
	}
	// Order, duplicates, addresses, powers (against the real last commit),
	// signatures and the 2/3 threshold.
	if err := baseapp.ValidateVoteExtensions(ctx, h.valStore, req.Height, ctx.ChainID(), ec); err != nil {
		return fmt.Errorf("%w: %w", types.ErrInvalidOracleTx, err)
	}
	for i, v := range ec.Votes {
		if v.BlockIdFlag != cmtproto.BlockIDFlagCommit {
			continue
		}
		if err := verifyExtension(ctx, h.keeper, v.VoteExtension); err != nil {
			return fmt.Errorf("vote %d: %w", i, err)
		}
	}
	return nil
}
