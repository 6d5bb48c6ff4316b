package apptesting

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/libs/protoio"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/cosmos/cosmos-sdk/testutil/mock"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ballast-chain/ballast/app"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
)

// Validator is a genesis validator whose consensus key a test holds.
type Validator struct {
	PV      mock.PV
	Address []byte // consensus address
	Power   int64
}

// Network is an in-process app with a known validator set and vote
// extensions enabled from height 1, for driving the ABCI++ handlers.
type Network struct {
	App        *app.BallastApp
	Validators []Validator // in CometBFT order: power descending, address ascending
}

// SetupValidators starts an app whose genesis has n validators of equal
// power (1), the oracle's default markets, and vote extensions enabled from
// height 1. It commits block 1.
func SetupValidators(tb testing.TB, n int) *Network {
	tb.Helper()
	ballast := NewApp(tb, dbm.NewMemDB())

	vals := make([]*cmttypes.Validator, n)
	pvs := make(map[string]mock.PV, n)
	for i := range vals {
		pv := mock.NewPV()
		pub, err := pv.GetPubKey()
		require.NoError(tb, err)
		vals[i] = cmttypes.NewValidator(pub, 1)
		pvs[string(pub.Address())] = pv
	}
	valSet := cmttypes.NewValidatorSet(vals)

	delegator := secp256k1.GenPrivKey()
	acc := authtypes.NewBaseAccount(delegator.PubKey().Address().Bytes(), delegator.PubKey(), 0, 0)
	bal := banktypes.Balance{Address: acc.GetAddress().String(), Coins: sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(1_000_000_000_000)))}
	genState, err := simtestutil.GenesisStateWithValSet(ballast.AppCodec(), ballast.DefaultGenesis(), valSet, []authtypes.GenesisAccount{acc}, bal)
	require.NoError(tb, err)

	// The SDK helper funds the bonded pool for one validator only; fund all.
	var bankGen banktypes.GenesisState
	require.NoError(tb, ballast.AppCodec().UnmarshalJSON(genState[banktypes.ModuleName], &bankGen))
	pool := authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String()
	bankGen.Supply = sdk.NewCoins()
	for i, b := range bankGen.Balances {
		if b.Address == pool {
			bankGen.Balances[i].Coins = sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdk.DefaultPowerReduction.MulRaw(int64(n))))
		}
		bankGen.Supply = bankGen.Supply.Add(bankGen.Balances[i].Coins...)
	}
	genState[banktypes.ModuleName] = ballast.AppCodec().MustMarshalJSON(&bankGen)

	var oracleGen oracletypes.GenesisState
	require.NoError(tb, ballast.AppCodec().UnmarshalJSON(genState[oracletypes.ModuleName], &oracleGen))
	oracleGen.Markets = oracletypes.DefaultMarkets()
	genState[oracletypes.ModuleName] = ballast.AppCodec().MustMarshalJSON(&oracleGen)
	stateBytes, err := json.Marshal(genState)
	require.NoError(tb, err)

	cp := *simtestutil.DefaultConsensusParams
	cp.Abci = &cmtproto.ABCIParams{VoteExtensionsEnableHeight: 1}
	_, err = ballast.InitChain(&abci.RequestInitChain{
		ChainId: ChainID, ConsensusParams: &cp, AppStateBytes: stateBytes, InitialHeight: 1,
	})
	require.NoError(tb, err)
	NextBlock(tb, ballast, time.Second)

	net := &Network{App: ballast}
	for _, v := range valSet.Validators { // the set sorts itself as CometBFT does
		net.Validators = append(net.Validators, Validator{PV: pvs[string(v.Address)], Address: v.Address, Power: 1})
	}
	return net
}

// ExtendedCommit builds the extended commit of height h-1 as CometBFT would
// hand it to the proposer of h: every validator signs its extension
// (exts[i], nil for none); absent[i] marks validators that did not vote.
func (n *Network) ExtendedCommit(tb testing.TB, h int64, exts [][]byte, absent ...int) abci.ExtendedCommitInfo {
	tb.Helper()
	ec := abci.ExtendedCommitInfo{Round: 0}
	for i, v := range n.Validators {
		vote := abci.ExtendedVoteInfo{
			Validator:   abci.Validator{Address: v.Address, Power: v.Power},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		}
		if slices.Contains(absent, i) {
			vote.BlockIdFlag = cmtproto.BlockIDFlagAbsent
		} else {
			var ext []byte
			if i < len(exts) {
				ext = exts[i]
			}
			vote.VoteExtension = ext
			vote.ExtensionSignature = n.SignExtension(tb, i, h-1, ext)
		}
		ec.Votes = append(ec.Votes, vote)
	}
	return ec
}

// SignExtension signs ext as validator i's vote extension at height.
func (n *Network) SignExtension(tb testing.TB, i int, height int64, ext []byte) []byte {
	tb.Helper()
	cve := cmtproto.CanonicalVoteExtension{Extension: ext, Height: height, Round: 0, ChainId: ChainID}
	var buf bytes.Buffer
	_, err := protoio.NewDelimitedWriter(&buf).WriteMsg(&cve)
	require.NoError(tb, err)
	sig, err := n.Validators[i].PV.PrivKey.Sign(buf.Bytes())
	require.NoError(tb, err)
	return sig
}

// LastCommit is the commit info matching ec, as ProcessProposal receives it.
func LastCommit(ec abci.ExtendedCommitInfo) abci.CommitInfo {
	ci := abci.CommitInfo{Round: ec.Round}
	for _, v := range ec.Votes {
		ci.Votes = append(ci.Votes, abci.VoteInfo{Validator: v.Validator, BlockIdFlag: v.BlockIdFlag})
	}
	return ci
}
