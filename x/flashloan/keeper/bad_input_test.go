package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ballast-chain/ballast/testutil/apptesting"
	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// ATTACKS 21, 22, 23, 25 and the bad input: each flash loan is a
// real transaction that fails with a clear error, and the chain is exactly
// as before: balances, lending books, the BSD ledger and supplies. None of
// the reverted work's events survive.
func TestRejectedFlashLoansChangeNothing(t *testing.T) {
	e := setup(t)
	bob := e.bob.Address.String()
	// Bob holds exactly one unit less than the fee on 1,000 USDC.
	e.ok(e.bob, &banktypes.MsgSend{
		FromAddress: bob, ToAddress: e.alice.Address.String(),
		Amount: sdk.NewCoins(sdk.NewCoin(usdc, e.balance(e.bob, usdc).SubRaw(499_999))),
	})
	thousand := sdk.NewCoins(whole(1_000, usdc))
	send := func(from, to string, c sdk.Coin) sdk.Msg {
		return &banktypes.MsgSend{FromAddress: from, ToAddress: to, Amount: sdk.NewCoins(c)}
	}
	harmless := send(bob, bob, coin(1, bal))
	tooMany := make([]sdk.Msg, 17)
	for i := range tooMany {
		tooMany[i] = harmless
	}
	inner := e.flash(e.bob, thousand, harmless)
	exec := authz.NewMsgExec(e.bob.Address, []sdk.Msg{inner})

	for _, tc := range []struct {
		name   string
		assets sdk.Coins
		msgs   []sdk.Msg
		want   string
	}{
		{"repaid one unit short (ATTACKS 21)", thousand, []sdk.Msg{harmless}, "owes 1000500000uusdc (1000000000 lent + 500000 fee), holds 1000499999uusdc"},
		{"repaid in another denom (ATTACKS 21)", thousand, []sdk.Msg{&stabletypes.MsgPSMSwapIn{Sender: bob, Amount: whole(1_000, usdc)}}, "flash loan not repaid"},
		{"not repaid at all (ATTACKS 21)", thousand, []sdk.Msg{send(bob, e.alice.Address.String(), whole(1_000, usdc))}, "flash loan not repaid"},
		{"nested directly (ATTACKS 22)", thousand, []sdk.Msg{inner}, "inner message 0 is a flash loan"},
		{"nested through authz MsgExec (ATTACKS 22)", thousand, []sdk.Msg{&exec}, "a flash loan cannot run inside another"},
		{"health still holds (ATTACKS 23)", thousand, []sdk.Msg{
			&lendingtypes.MsgSupply{Supplier: bob, Amount: whole(1_000, usdc)},
			&lendingtypes.MsgSetCollateral{Owner: bob, Denom: usdc, Enabled: true},
			&lendingtypes.MsgBorrow{Borrower: bob, Amount: whole(50, atom)},
			&lendingtypes.MsgWithdraw{Supplier: bob, Amount: whole(1_000, usdc)},
		}, "borrow limit"},
		{"another signer inside (ATTACKS 25)", thousand, []sdk.Msg{send(e.alice.Address.String(), bob, whole(1, usdc))}, "needs the signature of " + e.alice.Address.String()},
		{"more inner messages than allowed", thousand, tooMany, "17 inner messages, at most 16"},
		{"no inner messages", thousand, nil, "no inner messages"},
		{"a market without flash loans", sdk.NewCoins(whole(1, bal)), []sdk.Msg{harmless}, "flash loans disabled on this market"},
		{"more than the market's liquidity", sdk.NewCoins(whole(2_000_000, usdc)), []sdk.Msg{harmless}, "available for flash loans"},
		{"a denom without a market", sdk.NewCoins(coin(1, "uosmo")), []sdk.Msg{harmless}, "unknown market"},
		{"flash mint above max_flash_mint", sdk.NewCoins(whole(10_000_001, bsd)), []sdk.Msg{harmless}, "above max_flash_mint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snapshot()
			res := e.deliver(e.bob, e.flash(e.bob, tc.assets, tc.msgs...))
			require.NotZero(t, res.Code, "must fail")
			require.Contains(t, res.Log, tc.want)
			require.NotContains(t, eventTypes(res), "ballast.", "no event of the reverted work")
			require.Equal(t, 1, strings.Count(eventTypes(res), "transfer"), "only the fee moved: %s", eventTypes(res))
			after := e.snapshot()
			// The transaction fee is the only change: Bob paid it in ubal.
			fee := int64(apptesting.DeliverGas / 400)
			before.balances[bob] = before.balances[bob].Sub(coin(fee, bal))
			require.Equal(t, before.balances, after.balances)
			require.Equal(t, before.lending, after.lending)
			require.Equal(t, before.ledger, after.ledger)
			require.Equal(t, before.supply, after.supply)
		})
	}
	e.invariants()
}

// A flash loan that works also pays for its inner work: its gas is at least
// that of the same messages sent on their own.
func TestInnerWorkIsChargedGas(t *testing.T) {
	e := setup(t)
	bob := e.bob.Address.String()
	msgs := []sdk.Msg{
		&lendingtypes.MsgSupply{Supplier: bob, Amount: whole(500, usdc)},
		&lendingtypes.MsgWithdraw{Supplier: bob, Amount: whole(500, usdc)},
	}
	plain := e.ok(e.bob, msgs...)
	flash := e.ok(e.bob, e.flash(e.bob, sdk.NewCoins(whole(500, usdc)), msgs...))
	require.Greater(t, flash.GasUsed, plain.GasUsed, "flash %d, plain %d", flash.GasUsed, plain.GasUsed)
	e.invariants()
}

// Flash-minted BSD exists only inside the transaction: the supply and the
// ledger are the same afterwards except for the fee, which is surplus.
func TestFlashMintLeavesOnlyTheFee(t *testing.T) {
	e := setup(t)
	bob := e.bob.Address.String()
	e.ok(e.bob, &stabletypes.MsgPSMSwapIn{Sender: bob, Amount: whole(10, usdc)}) // BSD for the fee
	before := e.snapshot()
	e.ok(e.bob, e.flash(e.bob, sdk.NewCoins(whole(10_000, bsd)),
		&stabletypes.MsgPSMSwapOut{Sender: bob, Amount: whole(1_000, bsd).Amount},
		&stabletypes.MsgPSMSwapIn{Sender: bob, Amount: whole(1_000, usdc)}))
	after := e.snapshot()
	fee := sdkmath.NewInt(5_000_000) // 5 bps of 10,000 BSD
	require.Equal(t, fee.Add(sdkmath.NewInt(2_000_000)), after.ledger.Surplus.Sub(before.ledger.Surplus), "flash fee + PSM fees (1 BSD each way)")
	e.invariants()
}

// ATTACKS 24 (Beanstalk): borrowed ubal cannot buy voting power. The local
// network's BAL market refuses flash loans; and were governance to enable
// them, stake bought with a flash loan cannot be unbonded in time to repay.
func TestFlashLoanCannotBuyVotes(t *testing.T) {
	e := setup(t)
	alice, bob := e.alice.Address.String(), e.bob.Address.String()
	res := e.deliver(e.bob, e.flash(e.bob, sdk.NewCoins(whole(1, bal)), &banktypes.MsgSend{FromAddress: bob, ToAddress: bob, Amount: sdk.NewCoins(coin(1, bal))}))
	require.Contains(t, res.Log, "flash loans disabled on this market")

	prop, err := govv1.NewMsgSubmitProposal(nil, sdk.NewCoins(whole(10, bal)), alice, "a text proposal", "text", "a vote", false)
	require.NoError(t, err)
	e.ok(e.alice, prop)
	apptesting.Mutate(e.app, func(ctx sdk.Context) {
		m, err := e.app.LendingKeeper.Markets.Get(ctx, bal)
		require.NoError(t, err)
		m.FlashloanEnabled = true
		require.NoError(t, e.app.LendingKeeper.SetMarket(ctx, m))
	})
	// Bob keeps 100 BAL for fees: the 50,000 he votes with are borrowed.
	e.ok(e.bob, &banktypes.MsgSend{
		FromAddress: bob, ToAddress: alice,
		Amount: sdk.NewCoins(sdk.NewCoin(bal, e.balance(e.bob, bal).Sub(whole(100, bal).Amount))),
	})
	vals, err := e.app.StakingKeeper.GetAllValidators(e.ctx())
	require.NoError(t, err)
	val := vals[0].OperatorAddress
	loan := whole(50_000, bal)
	res = e.deliver(e.bob, e.flash(e.bob, sdk.NewCoins(loan),
		stakingtypes.NewMsgDelegate(bob, val, loan),
		govv1.NewMsgVote(e.bob.Address, 1, govv1.OptionYes, ""),
		stakingtypes.NewMsgUndelegate(bob, val, loan),
	))
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "flash loan not repaid")
	votes, err := e.app.GovKeeper.Votes.Has(e.ctx(), collections.Join(uint64(1), e.bob.Address))
	require.NoError(t, err)
	require.False(t, votes, "the vote went with the transaction")
}

// A grant for MsgFlashLoan would hand the grantee the granter's account:
// the loan's inner messages run as the borrower, and authz checks only the
// outer grant. The ante handler refuses such a MsgExec before it runs.
func TestGrantedFlashLoanIsRefused(t *testing.T) {
	e := setup(t)
	alice, bob := e.alice.Address.String(), e.bob.Address.String()
	grant, err := authz.NewMsgGrant(e.alice.Address, e.bob.Address, authz.NewGenericAuthorization(sdk.MsgTypeURL(&flashtypes.MsgFlashLoan{})), nil)
	require.NoError(t, err)
	e.ok(e.alice, grant)

	aliceUSDC := e.balance(e.alice, usdc)
	steal := e.flash(e.alice, sdk.NewCoins(whole(1, usdc)),
		&banktypes.MsgSend{FromAddress: alice, ToAddress: bob, Amount: sdk.NewCoins(whole(1_000, usdc))})
	exec := authz.NewMsgExec(e.bob.Address, []sdk.Msg{steal})
	res := e.deliver(e.bob, &exec)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "cannot be executed through authz")
	require.Equal(t, aliceUSDC, e.balance(e.alice, usdc))

	// Bob's own loan inside his own MsgExec is just a loan.
	own := e.flash(e.bob, sdk.NewCoins(whole(1, usdc)), &banktypes.MsgSend{FromAddress: bob, ToAddress: bob, Amount: sdk.NewCoins(coin(1, bal))})
	ownExec := authz.NewMsgExec(e.bob.Address, []sdk.Msg{own})
	e.ok(e.bob, &ownExec)
}

// ATTACKS 5 (Kava audit) for flash loans: a loan of three denoms at once,
// two from lending markets and one flash-minted, charges and books a fee in
// each; no denom is dropped on the way.
func TestMultiDenomLoanChargesEveryDenom(t *testing.T) {
	e := setup(t)
	bob := e.bob.Address.String()
	e.ok(e.bob, &stabletypes.MsgPSMSwapIn{Sender: bob, Amount: whole(10, usdc)}) // BSD for the BSD fee
	before := e.snapshot()
	ledgerBefore := before.ledger.Surplus
	assets := sdk.NewCoins(whole(100_000, usdc), whole(1_000, atom), whole(1_000, bsd))
	res := e.ok(e.bob, e.flash(e.bob, assets, &banktypes.MsgSend{FromAddress: bob, ToAddress: bob, Amount: sdk.NewCoins(coin(1, bal))}))

	var fees string
	for _, ev := range res.Events {
		if ev.Type == "ballast.flashloan.v1.EventFlashLoan" {
			for _, a := range ev.Attributes {
				if a.Key == "fees" {
					fees = a.Value
				}
			}
		}
	}
	for _, denom := range []string{usdc, atom, bsd} {
		require.Contains(t, fees, `"`+denom+`"`, "the event lists a fee in %s: %s", denom, fees)
	}
	after := e.snapshot()
	cash := func(s snapshot, denom string) sdkmath.Int {
		for _, st := range s.lending {
			if st.Denom == denom {
				return st.Cash
			}
		}
		return sdkmath.ZeroInt()
	}
	require.Equal(t, sdkmath.NewInt(50_000_000), cash(after, usdc).Sub(cash(before, usdc)), "5 bps of 100,000 USDC")
	require.Equal(t, sdkmath.NewInt(500_000), cash(after, atom).Sub(cash(before, atom)), "5 bps of 1,000 ATOM")
	require.Equal(t, sdkmath.NewInt(500_000), after.ledger.Surplus.Sub(ledgerBefore), "5 bps of 1,000 BSD")
	e.invariants()
}
