package liquidator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
)

// Touched is what a block's events name: the lending accounts and vaults
// to re-read (events are hints; the re-read state is the truth), and
// whether any auction changed.
type Touched struct {
	Accounts []string
	Vaults   []uint64
	Auctions bool
	Markets  bool // a market's parameters changed: refresh them
}

// TouchedBy reads the Ballast events of a block (its transactions' and the
// block's own, where the fallback liquidator reports). Typed events carry
// JSON values: "\"ballast1...\"" for addresses, "\"7\"" for ids.
func TouchedBy(events []abci.Event) Touched {
	var t Touched
	for _, ev := range events {
		switch {
		case strings.HasPrefix(ev.Type, "ballast.lending.v1."):
			if ev.Type == "ballast.lending.v1.EventMarketSet" || ev.Type == "ballast.lending.v1.EventIndexHaircut" {
				t.Markets = true
			}
			if a, ok := EventAttr(ev, "account"); ok {
				t.Accounts = append(t.Accounts, a)
			}
		case strings.HasPrefix(ev.Type, "ballast.stablecoin.v1."):
			if strings.HasPrefix(ev.Type, "ballast.stablecoin.v1.EventAuction") {
				t.Auctions = true
			}
			if v, ok := EventAttr(ev, "vault_id"); ok {
				if id, err := strconv.ParseUint(v, 10, 64); err == nil {
					t.Vaults = append(t.Vaults, id)
				}
			}
		}
	}
	slices.Sort(t.Accounts)
	t.Accounts = slices.Compact(t.Accounts)
	slices.Sort(t.Vaults)
	t.Vaults = slices.Compact(t.Vaults)
	return t
}

// EventAttr returns an attribute's value, unquoted when it is a JSON string
// (typed events carry JSON values).
func EventAttr(ev abci.Event, key string) (string, bool) {
	for _, a := range ev.Attributes {
		if a.Key != key {
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(a.Value), &s); err == nil {
			return s, s != ""
		}
		return a.Value, a.Value != ""
	}
	return "", false
}
