package stablecoin

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func pos(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, len(fields))
	for i, f := range fields {
		out[i] = &autocliv1.PositionalArgDescriptor{ProtoField: f}
	}
	return out
}

// AutoCLIOptions describes `ballastd q stablecoin ...` and `ballastd tx stablecoin ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the stablecoin parameters"},
				{RpcMethod: "CollateralTypes", Use: "types", Short: "List collateral types with their accrued rate and total debt"},
				{RpcMethod: "Vault", Use: "vault [id]", Short: "Show a vault with its debt and collateral ratio", Example: "ballastd q stablecoin vault 1", PositionalArgs: pos("id")},
				{RpcMethod: "Vaults", Use: "vaults", Short: "List vaults (--owner to filter; at most 100 a page)"},
				{RpcMethod: "Auctions", Use: "auctions", Short: "List live auctions with their current price"},
				{RpcMethod: "Auction", Use: "auction [id]", Short: "Show an auction", PositionalArgs: pos("id")},
				{RpcMethod: "UnsafeVaults", Use: "unsafe-vaults [type]", Short: "List up to --limit (≤100) vaults of a type that can be liquidated, lowest ratio first", Example: "ballastd q stablecoin unsafe-vaults atom-a", PositionalArgs: pos("type")},
				{RpcMethod: "Surplus", Use: "ledger", Short: "Show the surplus, bad debt and PSM-minted BSD"},
				{RpcMethod: "PSM", Use: "psm", Short: "Show the peg stability module"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "OpenVault", Use: "open-vault [type] [collateral] [mint]", Short: "Open a vault with collateral, minting BSD (ubsd; may be 0)", Example: "ballastd tx stablecoin open-vault atom-a 100000000uatom 300000000 --from bob", PositionalArgs: pos("type", "collateral", "mint")},
				{RpcMethod: "Deposit", Use: "deposit [vault-id] [amount]", Short: "Add collateral (base units) to your vault", PositionalArgs: pos("vault_id", "amount")},
				{RpcMethod: "Withdraw", Use: "withdraw [vault-id] [amount]", Short: "Take collateral back while the vault stays safe", PositionalArgs: pos("vault_id", "amount")},
				{RpcMethod: "Mint", Use: "mint [vault-id] [amount]", Short: "Mint more BSD (ubsd) against your vault", PositionalArgs: pos("vault_id", "amount")},
				{RpcMethod: "Repay", Use: "repay [vault-id] [amount]", Short: "Repay BSD (ubsd) into any vault (--all for all of it)", Example: "ballastd tx stablecoin repay 1 0 --all --from bob", PositionalArgs: pos("vault_id", "amount")},
				{RpcMethod: "CloseVault", Use: "close [vault-id]", Short: "Close a vault without debt and take its collateral", PositionalArgs: pos("vault_id")},
				{RpcMethod: "Liquidate", Use: "liquidate [vault-id]", Short: "Send an unsafe vault to auction and earn the keeper incentive", PositionalArgs: pos("vault_id")},
				{RpcMethod: "Take", Use: "take [auction-id] [amount] [max-price]", Short: "Buy up to amount of an auction's collateral at its current price if it is at most max-price (BSD per whole unit)", Example: "ballastd tx stablecoin take 1 50000000 9.5 --from carol", PositionalArgs: pos("auction_id", "amount", "max_price")},
				{RpcMethod: "Redo", Use: "redo [auction-id]", Short: "Restart an auction past its time or price bounds at a fresh price", PositionalArgs: pos("auction_id")},
				{RpcMethod: "PSMSwapIn", Use: "psm-swap-in [amount]", Short: "Swap the PSM's stable coin for BSD", Example: "ballastd tx stablecoin psm-swap-in 1000000uusdc --from alice", PositionalArgs: pos("amount")},
				{RpcMethod: "PSMSwapOut", Use: "psm-swap-out [amount]", Short: "Swap BSD (ubsd) for the PSM's stable coin", PositionalArgs: pos("amount")},
				{RpcMethod: "UpdateParams", Skip: true}, // governance only
				{RpcMethod: "SetCollateralType", Skip: true},
				{RpcMethod: "SetPSM", Skip: true},
			},
		},
	}
}
