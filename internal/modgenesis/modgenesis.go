// Package modgenesis is the genesis plumbing every Ballast module's
// AppModule shares: decode, validate, hand to the keeper, export. A bad
// genesis cannot start a chain, so Init and Export panic (start-up and the
// export command only, never a block).
package modgenesis

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/codec"
)

// State is a module's *GenesisState.
type State[T any] interface {
	*T
	proto.Message
	Validate() error
}

// Validate decodes and validates a module's genesis JSON.
func Validate[T any, P State[T]](cdc codec.JSONCodec, bz json.RawMessage, module string) error {
	var gs T
	if err := cdc.UnmarshalJSON(bz, P(&gs)); err != nil {
		return fmt.Errorf("decoding %s genesis: %w", module, err)
	}
	return P(&gs).Validate()
}

// Init decodes a module's genesis JSON and writes it with init.
func Init[T any, P State[T]](ctx context.Context, cdc codec.JSONCodec, bz json.RawMessage, module string, init func(context.Context, T) error) {
	var gs T
	cdc.MustUnmarshalJSON(bz, P(&gs))
	if err := init(ctx, gs); err != nil {
		panic(fmt.Errorf("%s genesis: %w", module, err))
	}
}

// Export encodes what a keeper's ExportGenesis returned.
func Export[T any, P State[T]](cdc codec.JSONCodec, module string, gs P, err error) json.RawMessage {
	if err != nil {
		panic(fmt.Errorf("%s export: %w", module, err))
	}
	return cdc.MustMarshalJSON(gs)
}
