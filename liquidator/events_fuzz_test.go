package liquidator_test

import (
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/liquidator"
)

// FuzzTouchedBy feeds the block-event reader arbitrary events, decoded from
// the protobuf of a transaction result (the form CometBFT keeps them in).
// It must never panic, and what it reports is sorted, without duplicates or
// empty accounts, and flags auctions and market changes exactly when such
// events are there.
func FuzzTouchedBy(f *testing.F) {
	seed := abci.ExecTxResult{Events: []abci.Event{
		ev("ballast.lending.v1.EventBorrow", "account", `"ballast1bob"`, "amount", `{"denom":"uusdc","amount":"5"}`),
		ev("ballast.lending.v1.EventRepay", "payer", `"ballast1carol"`, "account", `"ballast1bob"`),
		ev("ballast.lending.v1.EventSupply", "account", "ballast1raw"),
		ev("ballast.stablecoin.v1.EventVaultChanged", "vault_id", `"12"`),
		ev("ballast.stablecoin.v1.EventAuctionStarted", "auction_id", `"3"`, "vault_id", `"7"`),
		ev("ballast.stablecoin.v1.EventVaultChanged", "vault_id", `"-1"`),
		ev("ballast.lending.v1.EventMarketSet", "denom", `"uatom"`),
		ev("transfer", "recipient", "ballast1zzz"),
	}}
	bz, err := seed.Marshal()
	require.NoError(f, err)
	got := liquidator.TouchedBy(seed.Events)
	require.Equal(f, []string{"ballast1bob", "ballast1raw"}, got.Accounts, "the seed takes the valid path")
	require.Equal(f, []uint64{7, 12}, got.Vaults)
	f.Add(bz)
	f.Add([]byte{})
	f.Add([]byte{0x3a, 0x02, 0x0a, 0x00}) // one event, empty type

	f.Fuzz(func(t *testing.T, bz []byte) {
		var res abci.ExecTxResult
		if res.Unmarshal(bz) != nil {
			return
		}
		got := liquidator.TouchedBy(res.Events)
		require.True(t, slices.IsSorted(got.Accounts) && len(slices.Compact(slices.Clone(got.Accounts))) == len(got.Accounts), "accounts %q", got.Accounts)
		require.True(t, slices.IsSorted(got.Vaults) && len(slices.Compact(slices.Clone(got.Vaults))) == len(got.Vaults), "vaults %v", got.Vaults)
		require.NotContains(t, got.Accounts, "")
		auctions, markets := false, false
		for _, e := range res.Events {
			auctions = auctions || strings.HasPrefix(e.Type, "ballast.stablecoin.v1.EventAuction")
			markets = markets || e.Type == "ballast.lending.v1.EventMarketSet" || e.Type == "ballast.lending.v1.EventIndexHaircut"
		}
		require.Equal(t, auctions, got.Auctions)
		require.Equal(t, markets, got.Markets)
	})
}
