package abci_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/ballast-chain/ballast/testutil/apptesting"
	oracleabci "github.com/ballast-chain/ballast/x/oracle/abci"
	"github.com/ballast-chain/ballast/x/oracle/types"
)

func ext(t *testing.T, atomMicroUSD uint64) []byte {
	t.Helper()
	bz, err := types.EncodeExtension([]types.Report{{MarketID: 0, Price: atomMicroUSD}, {MarketID: 1, Price: 3_000_000_000}})
	require.NoError(t, err)
	return bz
}

func process(net *apptesting.Network, h int64, txs [][]byte, lastCommit abci.CommitInfo) abci.ResponseProcessProposal_ProposalStatus {
	res, err := net.App.ProcessProposal(&abci.RequestProcessProposal{
		Height: h, Txs: txs, ProposedLastCommit: lastCommit, Time: time.Now(),
	})
	if err != nil {
		return abci.ResponseProcessProposal_REJECT
	}
	return res.Status
}

func TestPrepareInjectsAValidCommitThatProcessAccepts(t *testing.T) {
	net := apptesting.SetupValidators(t, 4)
	h := net.App.LastBlockHeight() + 1
	ec := net.ExtendedCommit(t, h, [][]byte{ext(t, 10_000_000), ext(t, 10_100_000), ext(t, 9_900_000), ext(t, 10_000_000)})

	prep, err := net.App.PrepareProposal(&abci.RequestPrepareProposal{Height: h, LocalLastCommit: ec, MaxTxBytes: 1 << 20, Time: time.Now()})
	require.NoError(t, err)
	require.NotEmpty(t, prep.Txs)
	require.True(t, oracleabci.IsOracleTx(prep.Txs[0]), "tx 0 is the injected commit")

	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, process(net, h, prep.Txs, apptesting.LastCommit(ec)))

	// Executing the block writes the median and the injected tx changes nothing else.
	res, err := net.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: h, Txs: prep.Txs, Time: time.Now()})
	require.NoError(t, err)
	require.Len(t, res.TxResults, 1)
	require.NotZero(t, res.TxResults[0].Code, "the injected tx is never routed to a message handler")
	_, err = net.App.Commit()
	require.NoError(t, err)
	p, err := net.App.OracleKeeper.GetPrice(apptesting.Context(net.App), "ATOM")
	require.NoError(t, err)
	require.Equal(t, sdkmath.LegacyMustNewDecFromStr("10"), p.Price)
}

func TestPreparePrunesAnExtensionThatDoesNotVerify(t *testing.T) {
	net := apptesting.SetupValidators(t, 4)
	h := net.App.LastBlockHeight() + 1
	bad := []byte{1, 1, 99, 5} // market 99 does not exist
	ec := net.ExtendedCommit(t, h, [][]byte{ext(t, 10_000_000), bad, ext(t, 10_000_000), ext(t, 10_000_000)})

	prep, err := net.App.PrepareProposal(&abci.RequestPrepareProposal{Height: h, LocalLastCommit: ec, MaxTxBytes: 1 << 20, Time: time.Now()})
	require.NoError(t, err)
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, process(net, h, prep.Txs, apptesting.LastCommit(ec)))
}

// ATTACKS 12: proposer games. Each tampered proposal is rejected.
func TestProcessRejectsTamperedOracleTx(t *testing.T) {
	net := apptesting.SetupValidators(t, 4)
	h := net.App.LastBlockHeight() + 1
	exts := [][]byte{ext(t, 10_000_000), ext(t, 10_000_000), ext(t, 10_000_000), ext(t, 10_000_000)}
	good := net.ExtendedCommit(t, h, exts)
	last := apptesting.LastCommit(good)
	encode := func(ec abci.ExtendedCommitInfo) []byte {
		bz, err := oracleabci.EncodeOracleTx(ec)
		require.NoError(t, err)
		return bz
	}
	clone := func() abci.ExtendedCommitInfo {
		c := good
		c.Votes = append([]abci.ExtendedVoteInfo(nil), good.Votes...)
		return c
	}

	cases := []struct {
		name string
		txs  func() [][]byte
		last abci.CommitInfo
	}{
		{"no transactions at all", func() [][]byte { return nil }, last},
		{"oracle tx dropped, user tx first", func() [][]byte { return [][]byte{{0x0a, 0x01, 0x00}} }, last},
		{"oracle tx not first", func() [][]byte { return [][]byte{{0x0a, 0x01, 0x00}, encode(good)} }, last},
		{"two oracle txs", func() [][]byte { return [][]byte{encode(good), encode(good)} }, last},
		{"undecodable commit", func() [][]byte { return [][]byte{append(encode(good)[:25], 0xff, 0xff)} }, last},
		{"duplicated validator extension", func() [][]byte {
			c := clone()
			c.Votes[1] = c.Votes[0]
			return [][]byte{encode(c)}
		}, last},
		{"inflated voting power", func() [][]byte {
			c := clone()
			c.Votes[2].Validator.Power = 100
			return [][]byte{encode(c)}
		}, last},
		{"a vote dropped", func() [][]byte {
			c := clone()
			c.Votes = c.Votes[:3]
			return [][]byte{encode(c)}
		}, last},
		{"forged extension (bad signature)", func() [][]byte {
			c := clone()
			c.Votes[3].VoteExtension = ext(t, 1)
			return [][]byte{encode(c)}
		}, last},
		{"vote claimed as commit that was absent", func() [][]byte { return [][]byte{encode(good)} }, func() abci.CommitInfo {
			l := apptesting.LastCommit(good)
			l.Votes = append([]abci.VoteInfo(nil), l.Votes...)
			l.Votes[3].BlockIdFlag = cmtproto.BlockIDFlagAbsent
			return l
		}()},
		{"absent vote carrying an extension", func() [][]byte {
			c := clone()
			c.Votes[3].BlockIdFlag = cmtproto.BlockIDFlagAbsent
			return [][]byte{encode(c)}
		}, last},
		{"signed extension that does not verify", func() [][]byte {
			bad := net.ExtendedCommit(t, h, [][]byte{exts[0], {1, 1, 99, 5}, exts[2], exts[3]})
			return [][]byte{encode(bad)}
		}, last},
		{"less than 2/3 with valid extensions", func() [][]byte {
			c := clone()
			for i := 1; i < 4; i++ {
				c.Votes[i].BlockIdFlag = cmtproto.BlockIDFlagAbsent
				c.Votes[i].VoteExtension, c.Votes[i].ExtensionSignature = nil, nil
			}
			return [][]byte{encode(c)}
		}, last},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, abci.ResponseProcessProposal_REJECT, process(net, h, tc.txs(), tc.last))
		})
	}
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, process(net, h, [][]byte{encode(good)}, last), "the untampered proposal passes")
}

func TestVerifyVoteExtensionRejectsOnlyMalformedBytes(t *testing.T) {
	net := apptesting.SetupValidators(t, 1)
	h := net.App.LastBlockHeight() + 1
	cases := []struct {
		name string
		ext  []byte
		want abci.ResponseVerifyVoteExtension_VerifyStatus
	}{
		{"empty", nil, abci.ResponseVerifyVoteExtension_ACCEPT},
		{"valid", ext(t, 10_000_000), abci.ResponseVerifyVoteExtension_ACCEPT},
		{"absurd but well-formed price", []byte{1, 1, 0, 0x01}, abci.ResponseVerifyVoteExtension_ACCEPT},
		{"garbage", []byte("hello"), abci.ResponseVerifyVoteExtension_REJECT},
		{"unknown market", []byte{1, 1, 99, 5}, abci.ResponseVerifyVoteExtension_REJECT},
		{"oversized", make([]byte, types.MaxExtensionBytes+1), abci.ResponseVerifyVoteExtension_REJECT},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := net.App.VerifyVoteExtension(&abci.RequestVerifyVoteExtension{
				Height: h, VoteExtension: tc.ext, ValidatorAddress: net.Validators[0].Address,
			})
			require.NoError(t, err)
			require.Equal(t, tc.want, res.Status)
		})
	}
}

// ATTACKS 13 and the feeder-down case: with no feeder ExtendVote answers at
// once with the empty extension; with a slow feeder it answers within the
// timeout. See TestExtendVoteNeverWaitsLongerThanTheTimeout.
func TestExtendVoteWithoutFeederIsEmpty(t *testing.T) {
	net := apptesting.SetupValidators(t, 1)
	res, err := net.App.ExtendVote(t.Context(), &abci.RequestExtendVote{Height: net.App.LastBlockHeight() + 1})
	require.NoError(t, err)
	require.Empty(t, res.VoteExtension)
}

// The PreBlocker takes each market's TWAP every block, with new prices or
// without (the window moves either way), and the snapshot is the history's.
func TestPreBlockerSnapshotsTheTWAPEveryBlock(t *testing.T) {
	net := apptesting.SetupValidators(t, 4)
	h := net.App.LastBlockHeight() + 1
	ec := net.ExtendedCommit(t, h, [][]byte{ext(t, 10_000_000), ext(t, 10_000_000), ext(t, 10_000_000), ext(t, 10_000_000)})
	prep, err := net.App.PrepareProposal(&abci.RequestPrepareProposal{Height: h, LocalLastCommit: ec, MaxTxBytes: 1 << 20, Time: time.Now()})
	require.NoError(t, err)
	for _, blk := range []struct {
		height int64
		txs    [][]byte
	}{{h, prep.Txs}, {h + 1, nil}, {h + 2, nil}} {
		_, err := net.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: blk.height, Txs: blk.txs, Time: time.Now()})
		require.NoError(t, err)
		_, err = net.App.Commit()
		require.NoError(t, err)

		ctx := apptesting.Context(net.App)
		snap, err := net.App.OracleKeeper.Twaps.Get(ctx, 0)
		require.NoError(t, err, "height %d", blk.height)
		require.Equal(t, blk.height, snap.Height)
		fresh, _ := ctx.CacheContext()
		require.NoError(t, net.App.OracleKeeper.Twaps.Clear(fresh, nil))
		twap, ok, err := net.App.OracleKeeper.TWAP(fresh, "ATOM")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, twap, snap.Price, "height %d", blk.height)
	}
}
