package abci

import (
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ballast-chain/ballast/x/oracle/keeper"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

// PreBlocker turns the block's injected commit into prices, then takes
// every market's TWAP for the block's transactions (with or without new
// prices: the window moves every block). It never fails the block: a
// missing or broken oracle tx (possible only on replay of blocks from
// before extensions were enabled) means no price update, and an
// aggregation or snapshot error is logged and its writes dropped (the
// block's health checks then work the TWAP out from the history).
func PreBlocker(k keeper.Keeper) func(sdk.Context, *abci.RequestFinalizeBlock) {
	return func(ctx sdk.Context, req *abci.RequestFinalizeBlock) {
		aggregate(ctx, k, req)
		cacheCtx, write := ctx.CacheContext()
		if err := k.SnapshotTWAPs(cacheCtx); err != nil {
			k.Logger(ctx).Error("oracle TWAP snapshot failed; the block reads TWAPs from the history", "height", req.Height, "err", err)
			return
		}
		write()
	}
}

// aggregate writes the block's prices from its injected commit, if any.
func aggregate(ctx sdk.Context, k keeper.Keeper, req *abci.RequestFinalizeBlock) {
	if !extensionsIn(ctx, req.Height) || len(req.Txs) == 0 || !IsOracleTx(req.Txs[0]) {
		return
	}
	ec, err := decodeOracleTx(req.Txs[0])
	if err != nil {
		k.Logger(ctx).Error("undecodable oracle tx in a committed block", "height", req.Height, "err", err)
		return
	}
	cacheCtx, write := ctx.CacheContext()
	res, err := k.Aggregate(cacheCtx, ReportsFromCommit(ec))
	if err != nil {
		k.Logger(ctx).Error("oracle aggregation failed; prices unchanged this block", "height", req.Height, "err", err)
		return
	}
	write()
	if len(res.Skipped) > 0 {
		k.Logger(ctx).Info("oracle markets without enough reporting power", "height", req.Height, "markets", res.Skipped)
	}
}

// ReportsFromCommit reads every validator's reports out of an extended
// commit. Absent votes and undecodable extensions yield nil reports (a miss).
func ReportsFromCommit(ec abci.ExtendedCommitInfo) []types.ValidatorReports {
	out := make([]types.ValidatorReports, 0, len(ec.Votes))
	for _, v := range ec.Votes {
		vr := types.ValidatorReports{ConsAddr: v.Validator.Address, Power: v.Validator.Power}
		if v.BlockIdFlag == cmtproto.BlockIDFlagCommit {
			if reports, err := types.DecodeExtension(v.VoteExtension); err == nil {
				vr.Reports = reports
			}
		}
		out = append(out, vr)
	}
	return out
}
