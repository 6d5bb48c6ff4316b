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
	return t.unique()
}

// unique is t with its accounts and vaults sorted, each named once: blocks
// caught up on together, and one block's several events, name the same
// account or vault more than once, and each is read once.
func (t Touched) unique() Touched {
	t.Accounts = slices.Compact(slices.Sorted(slices.Values(t.Accounts)))
	t.Vaults = slices.Compact(slices.Sorted(slices.Values(t.Vaults)))
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
