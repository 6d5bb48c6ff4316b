package localnet

import (
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ballast-chain/ballast/app"
)

// Test asset denoms of a local network. Each base denom names its exponent:
// u = 10⁻⁶ (micro), sat = 10⁻⁸ (satoshi), a = 10⁻¹⁸ (atto). Bank metadata
// in genesis records the same exponents on chain.
const (
	DenomATOM = "uatom" // ATOM, 6 decimals
	DenomUSDC = "uusdc" // USDC, 6 decimals
	DenomBTC  = "sat"   // BTC, 8 decimals (satoshi)
	DenomETH  = "aeth"  // ETH, 18 decimals (atto-ether, i.e. wei)
)

// AssetMetadata is the bank metadata of every denom on a local network.
func AssetMetadata() []banktypes.Metadata {
	return append(app.NativeDenomMetadata(),
		app.DenomMetadata(DenomATOM, "atom", "ATOM", "Cosmos Hub ATOM (test asset)", 6),
		app.DenomMetadata(DenomUSDC, "usdc", "USDC", "USD Coin (test asset)", 6),
		app.DenomMetadata(DenomBTC, "btc", "BTC", "Bitcoin (test asset)", 8),
		app.DenomMetadata(DenomETH, "eth", "ETH", "Ether (test asset)", 18),
	)
}

// DefaultUserCoins funds each user account of a local network (alice, bob,
// carol, liquidator): 1M BAL, 100k ATOM, 10M USDC, 100 BTC and 1,000 ETH.
const DefaultUserCoins = "1000000000000ubal,100000000000uatom,10000000000000uusdc,10000000000sat,1000000000000000000000aeth"

// DefaultValidatorCoins funds each validator account; it self-bonds DefaultSelfBond.
const (
	DefaultValidatorCoins = "10000000000000ubal,1000000000uatom,1000000000uusdc,100000000sat,10000000000000000000aeth"
	DefaultSelfBond       = "1000000000000ubal"
)

// DefaultUsers are the user keys every local network has.
var DefaultUsers = []string{"alice", "bob", "carol", "liquidator"}
