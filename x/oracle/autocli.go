package oracle

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// AutoCLIOptions describes `ballastd q oracle ...` and `ballastd tx oracle ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the oracle parameters"},
				{
					RpcMethod: "Price", Use: "price [symbol]", Short: "Show a market's price, age, staleness and TWAP",
					Example:        "ballastd q oracle price ATOM",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "symbol"}},
				},
				{RpcMethod: "Prices", Use: "prices", Short: "Show every market's price"},
				{RpcMethod: "Markets", Use: "markets", Short: "List the markets, enabled or not"},
				{
					RpcMethod: "ValidatorPerformance", Use: "validator-performance [valoper]",
					Short:          "Show a validator's report, miss and outlier counts in the current window",
					Example:        "ballastd q oracle validator-performance ballastvaloper1...",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "validator"}},
				},
				{RpcMethod: "ValidatorPerformances", Use: "validator-performances", Short: "List every validator's counters"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "UpdateParams", Skip: true}, // governance only: submit through a proposal
				{RpcMethod: "SetMarket", Skip: true},
			},
		},
	}
}
