// Package pricefeeder is the oracle sidecar's engine: providers fetch
// quotes, an aggregator turns them into one price per market, and a gRPC
// server hands those prices to the validator's node in ExtendVote.
//
// Nothing here is consensus code: it may use wall-clock time, the network
// and goroutines. What the chain sees is only what ExtendVote encodes.
package pricefeeder

import (
	"context"
	"time"

	sdkmath "cosmossdk.io/math"
)

// Quote is one provider's price for one market, in USD per whole unit.
type Quote struct {
	Symbol string
	Price  sdkmath.LegacyDec
	// Time is when the provider observed the price (exchange time when it
	// says, else fetch time). Old quotes are dropped by the aggregator.
	Time time.Time
}

// Provider is a source of quotes. Implementations must honour ctx and
// return the quotes they have for the symbols asked (a subset is fine).
type Provider interface {
	Name() string
	Quotes(ctx context.Context, symbols []string) ([]Quote, error)
}

// Clock is the wall clock, injectable in tests.
type Clock func() time.Time
