// Package abci implements the oracle's ABCI++ flow: vote extensions carry
// each validator's prices, the proposer injects the extended commit as the
// first transaction, every validator checks it, and the pre-blocker turns it
// into prices. See x/oracle/README.md for the full flow and its failure modes.
package abci

import (
	"context"
	"fmt"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/keeper"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

// PriceSource is where a validator's node gets its prices: its local
// ballast-pricefeeder. It may be slow, down or wrong; ExtendVote copes.
type PriceSource interface {
	Prices(ctx context.Context, symbols []string) (map[string]sdkmath.LegacyDec, error)
}

// VoteExtensionHandler builds and checks vote extensions.
type VoteExtensionHandler struct {
	keeper  keeper.Keeper
	source  PriceSource
	timeout time.Duration
}

// NewVoteExtensionHandler wires the handler. source may be nil (a node
// without a feeder): it then always sends the empty extension.
func NewVoteExtensionHandler(k keeper.Keeper, source PriceSource, timeout time.Duration) *VoteExtensionHandler {
	return &VoteExtensionHandler{keeper: k, source: source, timeout: timeout}
}

// ExtendVote asks the feeder for prices with a short timeout and encodes
// those of enabled markets. Any failure yields the empty extension and a log
// line, never an error and never a wait beyond the timeout: consensus must
// not depend on a sidecar.
func (h *VoteExtensionHandler) ExtendVote() sdk.ExtendVoteHandler {
	return func(ctx sdk.Context, req *abci.RequestExtendVote) (*abci.ResponseExtendVote, error) {
		empty := &abci.ResponseExtendVote{VoteExtension: []byte{}}
		bz, err := h.extension(ctx)
		if err != nil {
			h.keeper.Logger(ctx).Info("sending empty oracle vote extension", "height", req.Height, "reason", err.Error())
			return empty, nil
		}
		return &abci.ResponseExtendVote{VoteExtension: bz}, nil
	}
}

func (h *VoteExtensionHandler) extension(ctx sdk.Context) ([]byte, error) {
	if h.source == nil {
		return nil, fmt.Errorf("no price feeder configured")
	}
	markets, err := h.keeper.AllMarkets(ctx)
	if err != nil {
		return nil, err
	}
	symbols := make([]string, 0, len(markets))
	for _, m := range markets {
		if m.Enabled {
			symbols = append(symbols, m.Symbol)
		}
	}
	if len(symbols) == 0 {
		return nil, fmt.Errorf("no enabled markets")
	}
	callCtx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	prices, err := h.source.Prices(callCtx, symbols)
	if err != nil {
		return nil, fmt.Errorf("price feeder: %w", err)
	}
	reports := make([]types.Report, 0, len(symbols))
	for _, m := range markets { // ordered by id: the encoding needs increasing ids
		p, ok := prices[m.Symbol]
		if !m.Enabled || !ok {
			continue
		}
		v, err := types.DecToPrice(p, m.PriceDecimals)
		if err != nil {
			h.keeper.Logger(ctx).Info("dropping unusable feeder price", "market", m.Symbol, "price", p.String(), "err", err)
			continue
		}
		reports = append(reports, types.Report{MarketID: m.Id, Price: v})
	}
	if len(reports) == 0 {
		return nil, fmt.Errorf("feeder returned no usable price")
	}
	return types.EncodeExtension(reports)
}

// VerifyVoteExtension accepts the empty extension and any extension that
// decodes strictly and names only markets that exist. It rejects only
// malformed bytes: a validator's prices are judged by the median, not here.
func (h *VoteExtensionHandler) VerifyVoteExtension() sdk.VerifyVoteExtensionHandler {
	return func(ctx sdk.Context, req *abci.RequestVerifyVoteExtension) (*abci.ResponseVerifyVoteExtension, error) {
		if err := verifyExtension(ctx, h.keeper, req.VoteExtension); err != nil {
			h.keeper.Logger(ctx).Info("rejecting oracle vote extension", "height", req.Height,
				"validator", fmt.Sprintf("%X", req.ValidatorAddress), "err", err.Error())
			return &abci.ResponseVerifyVoteExtension{Status: abci.ResponseVerifyVoteExtension_REJECT}, nil
		}
		return &abci.ResponseVerifyVoteExtension{Status: abci.ResponseVerifyVoteExtension_ACCEPT}, nil
	}
}

// verifyExtension is the deterministic validity rule shared by
// VerifyVoteExtension, PrepareProposal (pruning) and ProcessProposal.
func verifyExtension(ctx context.Context, k keeper.Keeper, bz []byte) error {
	reports, err := types.DecodeExtension(bz)
	if err != nil {
		return err
	}
	for _, r := range reports {
		has, err := k.Markets.Has(ctx, r.MarketID)
		if err != nil {
			return err
		}
		if !has {
			return fmt.Errorf("%w: unknown market id %d", types.ErrInvalidExtension, r.MarketID)
		}
	}
	return nil
}
