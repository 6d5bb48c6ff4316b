package flashloan

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ballast-chain/ballast/x/flashloan/types"
)

// AutoCLIOptions describes `ballastd q flashloan ...`; `tx flashloan
// execute` is the custom command in client/cli.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the flash-loan fee, flash-mint ceiling and message limit"},
				{RpcMethod: "Liquidity", Use: "liquidity", Short: "Show what a flash loan can borrow now, per market and for BSD (--denom for one)", Example: "ballastd q flashloan liquidity --denom uusdc"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "FlashLoan", Skip: true},    // `execute` reads the inner messages from a file
				{RpcMethod: "UpdateParams", Skip: true}, // governance only
			},
		},
	}
}
