package liquidator_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/liquidator"
)

func ev(typ string, kv ...string) abci.Event {
	e := abci.Event{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: kv[i], Value: kv[i+1]})
	}
	return e
}

func TestTouchedBy(t *testing.T) {
	got := liquidator.TouchedBy([]abci.Event{
		ev("transfer", "recipient", "ballast1zzz"),
		ev("ballast.lending.v1.EventBorrow", "account", `"ballast1bob"`, "amount", `{"denom":"uusdc","amount":"5"}`),
		ev("ballast.lending.v1.EventRepay", "payer", `"ballast1carol"`, "account", `"ballast1bob"`),
		ev("ballast.lending.v1.EventSupply", "account", `"ballast1alice"`),
		ev("ballast.stablecoin.v1.EventVaultChanged", "vault_id", `"12"`, "owner", `"ballast1bob"`),
		ev("ballast.stablecoin.v1.EventAuctionStarted", "auction_id", `"3"`, "vault_id", `"7"`),
		ev("ballast.stablecoin.v1.EventVaultChanged", "vault_id", `"12"`),
		ev("ballast.lending.v1.EventMarketSet", "denom", `"uatom"`),
	})
	require.Equal(t, []string{"ballast1alice", "ballast1bob"}, got.Accounts, "sorted, once each; the payer is not a position")
	require.Equal(t, []uint64{7, 12}, got.Vaults)
	require.True(t, got.Auctions)
	require.True(t, got.Markets)

	quiet := liquidator.TouchedBy([]abci.Event{ev("ballast.stablecoin.v1.EventPSMSwap", "account", `"x"`)})
	require.Empty(t, quiet.Accounts)
	require.False(t, quiet.Auctions)
}
