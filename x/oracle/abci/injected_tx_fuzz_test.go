package abci

import (
	"bytes"
	"slices"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// FuzzDecodeOracleTx feeds the injected transaction's decoder arbitrary
// block transactions, and what decodes through the path PreBlocker takes
// to prices: the reports read out of the commit and, per market, the
// stake-weighted median of the votes Aggregate gathers.
func FuzzDecodeOracleTx(f *testing.F) {
	ext := func(reports ...types.Report) []byte {
		bz, err := types.EncodeExtension(reports)
		require.NoError(f, err)
		return bz
	}
	vote := func(addr byte, power int64, flag cmtproto.BlockIDFlag, extension []byte) abci.ExtendedVoteInfo {
		v := abci.ExtendedVoteInfo{
			Validator:   abci.Validator{Address: bytes.Repeat([]byte{addr}, 20), Power: power},
			BlockIdFlag: flag,
		}
		if flag == cmtproto.BlockIDFlagCommit {
			v.VoteExtension, v.ExtensionSignature = extension, bytes.Repeat([]byte{addr}, 64)
		}
		return v
	}
	commit := cmtproto.BlockIDFlagCommit
	for _, ec := range []abci.ExtendedCommitInfo{
		{Round: 0, Votes: []abci.ExtendedVoteInfo{
			vote(1, 10, commit, ext(types.Report{MarketID: 0, Price: 10_000_000}, types.Report{MarketID: 1, Price: 3_000_000_000})),
			vote(2, 20, commit, ext(types.Report{MarketID: 0, Price: 10_100_000})),
			vote(3, 30, commit, nil),
			vote(4, 40, cmtproto.BlockIDFlagAbsent, nil),
			vote(5, 5, commit, []byte{1, 1, 0x81, 0x00, 5}), // undecodable: a miss
		}},
		{Round: 3},
		{Votes: []abci.ExtendedVoteInfo{vote(1, 1<<62, commit, ext(types.Report{MarketID: 2, Price: 1})), vote(2, 1<<62, commit, ext(types.Report{MarketID: 2, Price: 2}))}},
	} {
		tx, err := EncodeOracleTx(ec)
		require.NoError(f, err)
		f.Add(tx)
	}
	f.Add(bytes.Clone(oracleTxMarker))
	f.Add(append(bytes.Clone(oracleTxMarker), 0xff, 0xff, 0xff))
	f.Add([]byte{0x0a, 0x02, 0x08, 0x01}) // a user tx: no marker
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, tx []byte) {
		ec, err := decodeOracleTx(tx)
		if err != nil {
			require.ErrorIs(t, err, types.ErrInvalidOracleTx)
			return
		}
		require.True(t, IsOracleTx(tx))
		require.LessOrEqual(t, len(tx), MaxOracleTxBytes)

		// Re-encoding keeps every vote (empty and absent bytes both encode
		// as nothing) and is stable.
		enc, err := EncodeOracleTx(ec)
		require.NoError(t, err)
		again, err := decodeOracleTx(enc)
		require.NoError(t, err, "re-encoding does not decode")
		reenc, err := EncodeOracleTx(again)
		require.NoError(t, err)
		require.Equal(t, enc, reenc, "re-encoding is not stable")
		require.Equal(t, ec.Round, again.Round)
		require.Len(t, again.Votes, len(ec.Votes))
		for i, v := range ec.Votes {
			w := again.Votes[i]
			require.Equal(t, v.BlockIdFlag, w.BlockIdFlag)
			require.Equal(t, v.Validator.Power, w.Validator.Power)
			require.True(t, bytes.Equal(v.Validator.Address, w.Validator.Address))
			require.True(t, bytes.Equal(v.VoteExtension, w.VoteExtension))
			require.True(t, bytes.Equal(v.ExtensionSignature, w.ExtensionSignature))
		}

		// One entry per vote; reports only from commits whose extension decodes.
		validators := ReportsFromCommit(ec)
		require.Len(t, validators, len(ec.Votes))
		byMarket := map[uint32][]types.Vote{}
		for i, vr := range validators {
			v := ec.Votes[i]
			require.Equal(t, v.Validator.Power, vr.Power)
			want, derr := types.DecodeExtension(v.VoteExtension)
			if v.BlockIdFlag != cmtproto.BlockIDFlagCommit || derr != nil {
				require.Nil(t, vr.Reports)
			} else {
				require.Equal(t, want, vr.Reports)
			}
			if vr.Power <= 0 { // Aggregate skips them
				continue
			}
			for _, r := range vr.Reports {
				byMarket[r.MarketID] = append(byMarket[r.MarketID], types.Vote{Power: vr.Power, Price: r.Price})
			}
		}

		// The median is a reported price backed by more than half the
		// power, or an error (total power overflowing), never a panic.
		for _, votes := range byMarket {
			median, err := types.WeightedMedian(votes)
			if err != nil {
				continue
			}
			var total, atOrBelow uint64
			reported := false
			for _, v := range votes {
				total += uint64(v.Power)
				if v.Price <= median {
					atOrBelow += uint64(v.Power)
				}
				reported = reported || v.Price == median
				if v.Price == median {
					require.False(t, types.IsOutlier(v.Price, median, 0))
				}
			}
			require.True(t, reported, "median %d is not a reported price", median)
			require.Greater(t, 2*atOrBelow, total, "median %d lacks a majority", median)
			if !slices.ContainsFunc(votes, func(v types.Vote) bool { return v.Price != median }) {
				require.Zero(t, types.DispersionBps(votes, median), "one price, yet a spread")
			} else {
				_ = types.DispersionBps(votes, median)
			}
		}
	})
}
