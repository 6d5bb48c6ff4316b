package app_test

import (
	"encoding/json"
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	transfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	clienttypes "github.com/cosmos/ibc-go/v11/modules/core/02-client/types"
	ibctesting "github.com/cosmos/ibc-go/v11/testing"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/testutil/apptesting"
)

func newIBCTestingApp(t *testing.T) ibctesting.AppCreator {
	return func() (ibctesting.TestingApp, map[string]json.RawMessage) {
		ballast := apptesting.NewApp(t, dbm.NewMemDB())
		return ballast, ballast.DefaultGenesis()
	}
}

func ballastOf(chain *ibctesting.TestChain) *app.BallastApp {
	return chain.App.(*app.BallastApp)
}

// Two Ballast chains connected over IBC: ubal goes from A to B as a voucher
// and comes back, leaving both balances and A's escrow as they were.
func TestIBCTransferToAnotherBallastChainAndBack(t *testing.T) {
	coord := ibctesting.NewCustomAppCoordinator(t, 2, newIBCTestingApp(t))
	chainA := coord.GetChain(ibctesting.GetChainID(1))
	chainB := coord.GetChain(ibctesting.GetChainID(2))

	path := ibctesting.NewTransferPath(chainA, chainB)
	path.Setup()

	senderA := chainA.SenderAccount.GetAddress()
	receiverB := chainB.SenderAccount.GetAddress()
	bankA, bankB := ballastOf(chainA).BankKeeper, ballastOf(chainB).BankKeeper
	startA := bankA.GetBalance(chainA.GetContext(), senderA, app.BondDenom)
	amount := sdkmath.NewInt(1_234_567)
	timeout := clienttypes.NewHeight(1, 1_000)

	// A → B
	msg := transfertypes.NewMsgTransfer(path.EndpointA.ChannelConfig.PortID, path.EndpointA.ChannelID,
		sdk.NewCoin(app.BondDenom, amount), senderA.String(), receiverB.String(), timeout, 0, "")
	res, err := chainA.SendMsgs(msg)
	require.NoError(t, err)
	packet, err := ibctesting.ParseV1PacketFromEvents(res.Events)
	require.NoError(t, err)
	require.NoError(t, path.RelayPacket(packet))

	voucher := transfertypes.NewDenom(app.BondDenom, transfertypes.NewHop(path.EndpointB.ChannelConfig.PortID, path.EndpointB.ChannelID))
	require.Equal(t, amount, bankB.GetBalance(chainB.GetContext(), receiverB, voucher.IBCDenom()).Amount)
	escrow := transfertypes.GetEscrowAddress(path.EndpointA.ChannelConfig.PortID, path.EndpointA.ChannelID)
	require.Equal(t, amount, bankA.GetBalance(chainA.GetContext(), escrow, app.BondDenom).Amount)

	// B → A: the voucher is burned on B and the escrow released on A.
	msg = transfertypes.NewMsgTransfer(path.EndpointB.ChannelConfig.PortID, path.EndpointB.ChannelID,
		sdk.NewCoin(voucher.IBCDenom(), amount), receiverB.String(), senderA.String(), timeout, 0, "")
	res, err = chainB.SendMsgs(msg)
	require.NoError(t, err)
	packet, err = ibctesting.ParseV1PacketFromEvents(res.Events)
	require.NoError(t, err)
	require.NoError(t, path.RelayPacket(packet))

	require.True(t, bankB.GetBalance(chainB.GetContext(), receiverB, voucher.IBCDenom()).IsZero())
	require.True(t, bankB.GetSupply(chainB.GetContext(), voucher.IBCDenom()).IsZero(), "voucher supply must be burned")
	require.True(t, bankA.GetBalance(chainA.GetContext(), escrow, app.BondDenom).IsZero())
	// Fees on the in-process chains are zero, so A's balance is exactly restored.
	require.Equal(t, startA, bankA.GetBalance(chainA.GetContext(), senderA, app.BondDenom))
}
