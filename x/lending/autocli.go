package lending

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ballast-chain/ballast/x/lending/types"
)

func pos(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, len(fields))
	for i, f := range fields {
		out[i] = &autocliv1.PositionalArgDescriptor{ProtoField: f}
	}
	return out
}

// AutoCLIOptions describes `ballastd q lending ...` and `ballastd tx lending ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the lending parameters"},
				{RpcMethod: "Markets", Use: "markets", Short: "List markets with utilization, rates, totals, reserves and deficit"},
				{RpcMethod: "Market", Use: "market [denom]", Short: "Show one market", Example: "ballastd q lending market uatom", PositionalArgs: pos("denom")},
				{RpcMethod: "Account", Use: "account [address]", Short: "Show an account's positions, health factor and borrow limit", Example: "ballastd q lending account $(ballastd keys show bob -a)", PositionalArgs: pos("address")},
				{RpcMethod: "Accounts", Use: "accounts", Short: "List accounts with debt (paginated, at most 100 a page)"},
				{RpcMethod: "AccountsByAddress", Use: "accounts-by-address [address...]", Short: "Show up to 100 named accounts in one request", Example: "ballastd q lending accounts-by-address $(ballastd keys show alice -a) $(ballastd keys show bob -a)", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "addresses", Varargs: true}}},
				{RpcMethod: "MaxBorrow", Use: "max-borrow [address] [denom]", Short: "How much more the account can borrow of denom", Example: "ballastd q lending max-borrow $(ballastd keys show bob -a) uusdc", PositionalArgs: pos("address", "denom")},
				{RpcMethod: "MaxWithdraw", Use: "max-withdraw [address] [denom]", Short: "How much of denom the account can withdraw", PositionalArgs: pos("address", "denom")},
				{RpcMethod: "LiquidationTargets", Use: "liquidation-targets", Short: "List liquidatable accounts (only on nodes started with lending.enable_liquidation_targets)"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Supply", Use: "supply [amount]", Short: "Supply coins to earn interest", Example: "ballastd tx lending supply 1000000000uusdc --from alice", PositionalArgs: pos("amount")},
				{RpcMethod: "Withdraw", Use: "withdraw [amount]", Short: "Withdraw supplied coins (--all for everything of that denom)", Example: "ballastd tx lending withdraw 500000uusdc --from alice\nballastd tx lending withdraw 0uusdc --all --from alice", PositionalArgs: pos("amount")},
				{RpcMethod: "SetCollateral", Use: "set-collateral [denom] [enabled]", Short: "Use (true) or stop using (false) a supplied asset as collateral", Example: "ballastd tx lending set-collateral uatom true --from bob", PositionalArgs: pos("denom", "enabled")},
				{RpcMethod: "Borrow", Use: "borrow [amount]", Short: "Borrow against your collateral", Example: "ballastd tx lending borrow 100000000uusdc --from bob", PositionalArgs: pos("amount")},
				{RpcMethod: "Repay", Use: "repay [amount]", Short: "Repay debt (yours, or --borrower's; --all for all of it; only the debt is taken)", Example: "ballastd tx lending repay 50000000uusdc --from bob\nballastd tx lending repay 0uusdc --all --from bob", PositionalArgs: pos("amount")},
				{RpcMethod: "Liquidate", Use: "liquidate [borrower] [debt-denom] [collateral-denom] [max-repay]", Short: "Repay an unhealthy account's debt and seize its collateral with a bonus", Example: "ballastd tx lending liquidate ballast1... uusdc uatom 1000000000 --from liquidator", PositionalArgs: pos("borrower", "debt_denom", "collateral_denom", "max_repay")},
				{RpcMethod: "UpdateParams", Skip: true}, // governance only
				{RpcMethod: "SetMarket", Skip: true},
				{RpcMethod: "GuardianAct", Skip: true},
			},
		},
	}
}
