package cmd

import (
	"context"
	"errors"
	"math/big"
	"regexp"
	"strings"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	basev1beta1 "cosmossdk.io/api/cosmos/base/v1beta1"
	"cosmossdk.io/client/v2/autocli"
	"cosmossdk.io/client/v2/autocli/flag"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	sdkflags "github.com/cosmos/cosmos-sdk/client/flags"
)

// autoCLIBuilder is the builder autocli.AppOptions.EnhanceRootCommand
// makes, with coins and the cosmos.Int and cosmos.Dec scalars parsed on the
// client. AutoCLI passes a cosmos.Int argument on as any string, and a coin
// with a decimal amount ("1.5uatom"): the node refused the transaction it
// could not decode with a math/big error, and with --gas given (no
// simulation) the CLI signed and broadcast it and exited 0. AutoCLI's
// cosmos.Dec parser names the value scaled by 10^18 in its error
// ("abc000000000000000000").
func autoCLIBuilder(opts autocli.AppOptions) *autocli.Builder {
	var files flag.FileResolver
	files, err := proto.MergedRegistry()
	if err != nil {
		files = opts.ClientCtx.InterfaceRegistry
	}
	b := &autocli.Builder{
		Builder: flag.Builder{
			TypeResolver:          protoregistry.GlobalTypes,
			FileResolver:          files,
			AddressCodec:          opts.AddressCodec,
			ValidatorAddressCodec: opts.ValidatorAddressCodec,
			ConsensusAddressCodec: opts.ConsensusAddressCodec,
		},
		GetClientConn: func(cmd *cobra.Command) (grpc.ClientConnInterface, error) {
			return client.GetClientQueryContext(cmd)
		},
		AddQueryConnFlags: func(c *cobra.Command) {
			sdkflags.AddQueryFlagsToCmd(c)
			sdkflags.AddKeyringFlags(c.Flags())
		},
		AddTxConnFlags: sdkflags.AddTxFlagsToCmd,
	}
	b.DefineMessageFlagType("cosmos.base.v1beta1.Coin", coinType{})
	b.DefineScalarFlagType("cosmos.Int", intType{})
	b.DefineScalarFlagType(flag.DecScalarType, decType{})
	return b
}

// intType is a cosmos.Int argument: a whole number, such as 1000000.
type intType struct{}

func (intType) NewValue(*context.Context, *flag.Builder) flag.Value { return &intValue{} }
func (intType) DefaultValue() string                                { return "" }

type intValue struct{ value string }

func (v *intValue) Get(protoreflect.Value) (protoreflect.Value, error) {
	return protoreflect.ValueOfString(v.value), nil
}
func (v *intValue) String() string { return v.value }
func (v *intValue) Type() string   { return "cosmos.Int" }

func (v *intValue) Set(s string) error {
	i, ok := parseInt(s)
	if !ok {
		return errors.New("want a whole number of base units (no denom), such as 1000000")
	}
	v.value = i.String()
	return nil
}

// parseInt reads a base-10 integer within cosmos.Int's 256 bits
// (math.NewIntFromString and the node's decoder read "010" as octal 8).
func parseInt(s string) (math.Int, bool) {
	i, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return math.Int{}, false
	}
	return math.NewIntFromString(i.String())
}

// decType is a cosmos.Dec argument: a decimal number, such as 1.5. The
// message carries it as an integer scaled by 10^18, as AutoCLI's own does.
type decType struct{}

func (decType) NewValue(*context.Context, *flag.Builder) flag.Value { return &decValue{} }
func (decType) DefaultValue() string                                { return "0" }

type decValue struct{ value string }

func (v *decValue) Get(protoreflect.Value) (protoreflect.Value, error) {
	return protoreflect.ValueOfString(v.value), nil
}
func (v *decValue) String() string { return v.value }
func (v *decValue) Type() string   { return "cosmos.Dec" }

func (v *decValue) Set(s string) error {
	d, err := math.LegacyNewDecFromStr(s)
	if err != nil {
		return errors.New("want a decimal number (no denom), such as 1.5")
	}
	v.value = d.BigInt().String()
	return nil
}

// coinType is a cosmos.base.v1beta1.Coin argument: a whole number of base
// units and a denom, such as 1000000uatom.
type coinType struct{}

func (coinType) NewValue(*context.Context, *flag.Builder) flag.Value { return &coinValue{} }
func (coinType) DefaultValue() string                                { return "zero" }

// coinRe is AutoCLI's coin syntax without the decimal amounts.
var coinRe = regexp.MustCompile(`^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$`)

type coinValue struct{ value *basev1beta1.Coin }

func (v *coinValue) Get(protoreflect.Value) (protoreflect.Value, error) {
	if v.value == nil {
		return protoreflect.Value{}, nil
	}
	return protoreflect.ValueOfMessage(v.value.ProtoReflect()), nil
}

func (v *coinValue) String() string {
	if v.value == nil {
		return ""
	}
	return v.value.Amount + v.value.Denom
}
func (v *coinValue) Type() string { return "cosmos.base.v1beta1.Coin" }

func (v *coinValue) Set(s string) error {
	if strings.Contains(s, ",") {
		return errors.New("want one coin, such as 1000000uatom")
	}
	m := coinRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return errors.New("want a whole number of base units and a denom, such as 1000000uatom")
	}
	amount, ok := parseInt(m[1])
	if !ok {
		return errors.New("amount out of range")
	}
	v.value = &basev1beta1.Coin{Amount: amount.String(), Denom: m[2]}
	return nil
}
