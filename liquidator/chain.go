package liquidator

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	sdkmath "cosmossdk.io/math"

	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
	"github.com/cosmos/cosmos-sdk/types/query"

	flashtypes "github.com/ballast-chain/ballast/x/flashloan/types"
	lendingtypes "github.com/ballast-chain/ballast/x/lending/types"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// Chain is the node's query side, over gRPC.
type Chain struct {
	conn    *grpc.ClientConn
	lending lendingtypes.QueryClient
	stable  stabletypes.QueryClient
	oracle  oracletypes.QueryClient
	flash   flashtypes.QueryClient
}

// DialChain connects to a node's gRPC server (lazily: a node that is down
// is an error at the first call, retried by the caller). Every call is
// bounded by callTimeout (0: no bound), so a node that stops answering
// fails the call instead of hanging whoever made it.
func DialChain(addr string, callTimeout time.Duration) (*Chain, error) {
	opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if callTimeout > 0 {
		opts = append(opts, grpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any,
			cc *grpc.ClientConn, invoke grpc.UnaryInvoker, callOpts ...grpc.CallOption,
		) error {
			ctx, cancel := context.WithTimeout(ctx, callTimeout)
			defer cancel()
			return invoke(ctx, method, req, reply, cc, callOpts...)
		}))
	}
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, fmt.Errorf("grpc %s: %w", addr, err)
	}
	return &Chain{
		conn: conn, lending: lendingtypes.NewQueryClient(conn),
		stable: stabletypes.NewQueryClient(conn), oracle: oracletypes.NewQueryClient(conn),
		flash: flashtypes.NewQueryClient(conn),
	}, nil
}

// Conn is the gRPC connection (transactions share it).
func (c *Chain) Conn() *grpc.ClientConn { return c.conn }

// Close closes the connection.
func (c *Chain) Close() error { return c.conn.Close() }

// AtHeight makes queries answer from the state at height (0: latest).
func AtHeight(ctx context.Context, height int64) context.Context {
	if height <= 0 {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(height, 10))
}

// Market data is everything per block that is not a position: markets
// with their accrued indices, prices, vault types with their rates.
type MarketData struct {
	Params  lendingtypes.Params
	Markets map[string]ExactMarket
	Prices  map[string]oracletypes.PriceView // by symbol
	Types   map[string]stabletypes.TypeView
	PSM     *stabletypes.PSMParams // nil without a PSM
	Flash   flashtypes.Params
}

// Refresh reads the market data and writes it into the mirror's market
// and type tables. A stale price becomes 0 there (screens ignore it) and
// stays out of the exact markets (exact checks refuse it).
func (c *Chain) Refresh(ctx context.Context, height int64, m *Mirror) (MarketData, error) {
	ctx = AtHeight(ctx, height)
	d := MarketData{Markets: map[string]ExactMarket{}, Prices: map[string]oracletypes.PriceView{}, Types: map[string]stabletypes.TypeView{}}
	params, err := c.lending.Params(ctx, &lendingtypes.QueryParamsRequest{})
	if err != nil {
		return d, fmt.Errorf("lending params: %w", err)
	}
	d.Params = params.Params
	prices, err := c.oracle.Prices(ctx, &oracletypes.QueryPricesRequest{})
	if err != nil {
		return d, fmt.Errorf("oracle prices: %w", err)
	}
	for _, p := range prices.Prices {
		d.Prices[p.Price.Symbol] = p
	}
	spot := func(symbol string) (sdkmath.LegacyDec, bool) {
		p, ok := d.Prices[symbol]
		if !ok || p.Stale || p.Price.Price.IsNil() || !p.Price.Price.IsPositive() {
			return sdkmath.LegacyDec{}, false
		}
		return p.Price.Price, true
	}
	markets, err := c.lending.Markets(ctx, &lendingtypes.QueryMarketsRequest{})
	if err != nil {
		return d, fmt.Errorf("lending markets: %w", err)
	}
	for _, v := range markets.Markets {
		price, fresh := spot(v.Market.OracleSymbol)
		ref := MarketRef{
			Denom: v.Market.Denom, Symbol: v.Market.OracleSymbol, Decimals: v.Market.Decimals,
			Threshold: Float(v.Market.LiquidationThreshold), Bonus: Float(v.Market.LiquidationBonus),
			LiquidityIndex: Float(v.State.LiquidityIndex), BorrowIndex: Float(v.State.BorrowIndex),
		}
		if fresh {
			ref.Price = Float(price)
			d.Markets[v.Market.Denom] = ExactMarket{Market: v.Market, Price: price}
		}
		m.SetMarket(ref)
	}
	if psm, err := c.stable.PSM(ctx, &stabletypes.QueryPSMRequest{}); err == nil {
		d.PSM = &psm.Psm
	}
	flash, err := c.flash.Params(ctx, &flashtypes.QueryParamsRequest{})
	if err != nil {
		return d, fmt.Errorf("flash-loan params: %w", err)
	}
	d.Flash = flash.Params
	types, err := c.stable.CollateralTypes(ctx, &stabletypes.QueryCollateralTypesRequest{})
	if err != nil {
		return d, fmt.Errorf("vault types: %w", err)
	}
	for _, v := range types.Types {
		ct := v.CollateralType
		d.Types[ct.Name] = v
		ref := TypeRef{
			Name: ct.Name, Denom: ct.Denom, Symbol: ct.OracleSymbol, Decimals: ct.Decimals,
			LiquidationRatio: Float(ct.LiquidationRatio), Rate: Float(v.State.Rate),
		}
		if price, fresh := spot(ct.OracleSymbol); fresh {
			ref.Price = Float(price)
		}
		m.SetType(ref)
	}
	return d, nil
}

// accountRef mirrors an account view in scaled units at the view's indices.
func (m *Mirror) accountRef(view lendingtypes.AccountView) Account {
	a := Account{Address: view.Address}
	for _, p := range view.Positions {
		i, ok := m.MarketIndex(p.Denom)
		if !ok {
			continue
		}
		mk := m.Markets[i]
		a.Positions = append(a.Positions, Position{
			Market: i, Collateral: p.Collateral,
			ScaledSupply: scaledAt(p.Supplied, mk.LiquidityIndex),
			ScaledDebt:   scaledAt(p.Debt, mk.BorrowIndex),
		})
	}
	return a
}

func (m *Mirror) vaultRef(v stabletypes.Vault) VaultRef {
	t, _ := m.TypeIndex(v.Type)
	return VaultRef{ID: v.Id, Owner: v.Owner, Type: t, Collateral: scaledAt(v.Collateral, 1), Art: scaledAt(v.Art, 1)}
}

// SyncAll pages through every lending account with debt and every vault
// at height (0: latest) into the mirror. It returns the counts.
func (c *Chain) SyncAll(ctx context.Context, height int64, pageSize uint64, m *Mirror) (accounts, vaults int, err error) {
	ctx = AtHeight(ctx, height)
	page := &query.PageRequest{Limit: pageSize}
	for {
		res, err := c.lending.Accounts(ctx, &lendingtypes.QueryAccountsRequest{Pagination: page})
		if err != nil {
			return accounts, vaults, fmt.Errorf("lending accounts: %w", err)
		}
		for _, v := range res.Accounts {
			m.PutAccount(m.accountRef(v))
			accounts++
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			break
		}
		page = &query.PageRequest{Key: res.Pagination.NextKey, Limit: pageSize}
	}
	page = &query.PageRequest{Limit: pageSize}
	for {
		res, err := c.stable.Vaults(ctx, &stabletypes.QueryVaultsRequest{Pagination: page})
		if err != nil {
			return accounts, vaults, fmt.Errorf("vaults: %w", err)
		}
		for _, v := range res.Vaults {
			m.PutVault(m.vaultRef(v.Vault))
			vaults++
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			break
		}
		page = &query.PageRequest{Key: res.Pagination.NextKey, Limit: pageSize}
	}
	return accounts, vaults, nil
}

// rereadBatch is how many accounts one re-read asks for: the chain's cap on
// AccountsByAddress. Each request pays for a store at the block's height
// once, which one request per account paid per account.
const rereadBatch = 100

// Reread re-reads the named accounts and vaults at height: a vault that is
// gone (closed, or liquidated and emptied) leaves the mirror.
func (c *Chain) Reread(ctx context.Context, height int64, t Touched, m *Mirror) error {
	ctx = AtHeight(ctx, height)
	t = t.unique() // the query refuses a repeated address
	for batch := range slices.Chunk(t.Accounts, rereadBatch) {
		res, err := c.lending.AccountsByAddress(ctx, &lendingtypes.QueryAccountsByAddressRequest{Addresses: batch})
		if err != nil {
			return fmt.Errorf("accounts %s..%s: %w", batch[0], batch[len(batch)-1], err)
		}
		if len(res.Accounts) != len(batch) {
			return fmt.Errorf("asked for %d accounts, the node answered %d", len(batch), len(res.Accounts))
		}
		for _, v := range res.Accounts {
			m.PutAccount(m.accountRef(v))
		}
	}
	for _, id := range t.Vaults {
		res, err := c.stable.Vault(ctx, &stabletypes.QueryVaultRequest{Id: id})
		switch {
		case status.Code(err) == codes.NotFound:
			m.RemoveVault(id)
		case err != nil:
			return fmt.Errorf("vault %d: %w", id, err)
		default:
			m.PutVault(m.vaultRef(res.Vault.Vault))
		}
	}
	return nil
}

// Account reads one account at the latest height, for the exact check.
func (c *Chain) Account(ctx context.Context, addr string) (lendingtypes.AccountView, error) {
	res, err := c.lending.Account(ctx, &lendingtypes.QueryAccountRequest{Address: addr})
	if err != nil {
		return lendingtypes.AccountView{}, err
	}
	return res.Account, nil
}

// Vault reads one vault at the latest height as the chain judges it
// (debt, ratio, safe at spot).
func (c *Chain) Vault(ctx context.Context, id uint64) (stabletypes.VaultView, error) {
	res, err := c.stable.Vault(ctx, &stabletypes.QueryVaultRequest{Id: id})
	if err != nil {
		return stabletypes.VaultView{}, err
	}
	return res.Vault, nil
}

// Auctions reads every running auction (bounded by the chain's
// max_in_auction per type) at the latest height.
func (c *Chain) Auctions(ctx context.Context, pageSize uint64) ([]stabletypes.AuctionView, error) {
	var out []stabletypes.AuctionView
	page := &query.PageRequest{Limit: pageSize}
	for {
		res, err := c.stable.Auctions(ctx, &stabletypes.QueryAuctionsRequest{Pagination: page})
		if err != nil {
			return nil, fmt.Errorf("auctions: %w", err)
		}
		out = append(out, res.Auctions...)
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return out, nil
		}
		page = &query.PageRequest{Key: res.Pagination.NextKey, Limit: pageSize}
	}
}
