package app_test

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ballast-chain/ballast/app"
	"github.com/ballast-chain/ballast/localnet"
	"github.com/ballast-chain/ballast/testutil/apptesting"
	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	stabletypes "github.com/ballast-chain/ballast/x/stablecoin/types"
)

// The workload of TestBSDLedgerHoldsEveryBlock. BALLAST_LEDGER_SEED runs
// another seed (the activity floors at the end are tuned for the default).
const (
	ledgerBlocks      = 300
	ledgerDefaultSeed = 8
	ledgerTxGas       = 4_000_000
)

// ubsdOf is n whole BSD.
func ubsdOf(n int64) sdkmath.Int { return sdkmath.NewInt(n).MulRaw(1_000_000) }

// ledgerWorld is a real in-process chain with the local network's vault
// types and PSM (ceilings lowered so that they bind), prices the test
// moves, and a workload of owners, a keeper, a taker and a "toucher".
type ledgerWorld struct {
	t       *testing.T
	app     *app.BallastApp
	rng     *rand.Rand
	owners  []apptesting.Account
	keeper  apptesting.Account // liquidates and redoes
	taker   apptesting.Account // buys from auctions
	toucher apptesting.Account // accrues every type at the start of a block

	symbols  map[string]string // type -> oracle symbol
	base     map[string]float64
	price    map[string]float64
	typeCeil map[string]sdkmath.Int
	global   sdkmath.Int

	stats map[string]int
}

// pendingTx is one transaction of the next block.
type pendingTx struct {
	from apptesting.Account
	kind string
	msgs []sdk.Msg
}

var (
	ledgerTypeCeiling   = ubsdOf(300_000)
	ledgerGlobalCeiling = ubsdOf(600_000) // below the sum of the types' ceilings
)

func newLedgerWorld(t *testing.T, seed int64) *ledgerWorld {
	t.Helper()
	funds := sdk.NewCoins(
		sdk.NewCoin(localnet.DenomUSDC, ubsdOf(20_000_000)),
		sdk.NewCoin(localnet.DenomATOM, ubsdOf(2_000_000)),
		sdk.NewCoin(localnet.DenomETH, sdkmath.NewIntWithDecimal(5_000, 18)),
		sdk.NewCoin(localnet.DenomBTC, sdkmath.NewIntWithDecimal(200, 8)),
		sdk.NewCoin(app.BondDenom, ubsdOf(1_000_000)),
	)
	base := map[string]float64{"ATOM": 10, "ETH": 3000, "BTC": 100000, "USDC": 1, "BAL": 1}
	a, accs := apptesting.SetupWithGenesis(t, 7, funds, func(cdc codec.JSONCodec, gs app.GenesisState) {
		require.NoError(t, localnet.ApplyGenesisDefaults(cdc, gs, localnet.GenesisOptions{VotingPeriod: 20 * time.Second}))
		apptesting.FreshGenesisPrices(cdc, gs, func(s string) sdkmath.LegacyDec { return decOf(base[s]) })

		var sg stabletypes.GenesisState
		cdc.MustUnmarshalJSON(gs[stabletypes.ModuleName], &sg)
		sg.Params.GlobalDebtCeiling = ledgerGlobalCeiling
		for i := range sg.CollateralTypes {
			sg.CollateralTypes[i].DebtCeiling = ledgerTypeCeiling
			sg.CollateralTypes[i].MaxInAuction = ledgerTypeCeiling.QuoRaw(2)
		}
		gs[stabletypes.ModuleName] = cdc.MustMarshalJSON(&sg)
	})
	w := &ledgerWorld{
		t: t, app: a, rng: rand.New(rand.NewSource(seed)),
		owners: accs[:4], keeper: accs[4], taker: accs[5], toucher: accs[6],
		symbols:  map[string]string{},
		base:     base,
		price:    map[string]float64{},
		typeCeil: map[string]sdkmath.Int{},
		global:   ledgerGlobalCeiling,
		stats:    map[string]int{},
	}
	for k, v := range base {
		w.price[k] = v
	}
	ctx := w.ctx()
	require.NoError(t, a.StablecoinKeeper.Types.Walk(ctx, nil, func(name string, ct stabletypes.CollateralType) (bool, error) {
		w.symbols[name] = ct.OracleSymbol
		w.typeCeil[name] = ct.DebtCeiling
		return false, nil
	}))
	require.Len(t, w.symbols, 3)

	// The taker and the toucher hold BSD from the PSM; the toucher keeps a
	// safe vault of each type (collateral worth 100× its debt).
	res := w.block(6*time.Second, []pendingTx{
		{w.taker, "setup", []sdk.Msg{&stabletypes.MsgPSMSwapIn{Sender: w.taker.Address.String(), Amount: sdk.NewCoin(localnet.DenomUSDC, ubsdOf(3_000_000))}}},
		{w.toucher, "setup", []sdk.Msg{
			&stabletypes.MsgPSMSwapIn{Sender: w.toucher.Address.String(), Amount: sdk.NewCoin(localnet.DenomUSDC, ubsdOf(10_000))},
			&stabletypes.MsgOpenVault{Owner: w.toucher.Address.String(), Type: "atom-a", Collateral: sdk.NewCoin(localnet.DenomATOM, ubsdOf(10_000)), Mint: ubsdOf(1_000)},
			&stabletypes.MsgOpenVault{Owner: w.toucher.Address.String(), Type: "eth-a", Collateral: sdk.NewCoin(localnet.DenomETH, sdkmath.NewIntWithDecimal(34, 18)), Mint: ubsdOf(1_000)},
			&stabletypes.MsgOpenVault{Owner: w.toucher.Address.String(), Type: "btc-a", Collateral: sdk.NewCoin(localnet.DenomBTC, sdkmath.NewIntWithDecimal(1, 8)), Mint: ubsdOf(1_000)},
		}},
	})
	for _, r := range res.TxResults {
		require.Zero(t, r.Code, r.Log)
	}
	return w
}

func decOf(f float64) sdkmath.LegacyDec {
	return sdkmath.LegacyMustNewDecFromStr(strconv.FormatFloat(f, 'f', 6, 64))
}

// ctx is the committed state at the last block's height and time.
func (w *ledgerWorld) ctx() sdk.Context {
	return w.app.NewContextLegacy(true, cmtproto.Header{
		Height: w.app.LastBlockHeight(), ChainID: apptesting.ChainID, Time: apptesting.LastBlockTime(w.app),
	})
}

// at is the committed state seen at time now (the next block's time).
func (w *ledgerWorld) at(now time.Time) sdk.Context { return w.ctx().WithBlockTime(now) }

// block signs txs (one per account, sequences from the committed state)
// and finalizes and commits them in a block dt after the last one.
func (w *ledgerWorld) block(dt time.Duration, txs []pendingTx) *abci.ResponseFinalizeBlock {
	w.t.Helper()
	ctx := w.ctx()
	var raw [][]byte
	fee := sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewInt(ledgerTxGas/400)))
	for _, tx := range txs {
		acc := w.app.AccountKeeper.GetAccount(ctx, tx.from.Address)
		require.NotNil(w.t, acc)
		signed, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(1)), w.app.TxConfig(), tx.msgs, fee, ledgerTxGas, apptesting.ChainID,
			[]uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence()}, tx.from.PrivKey)
		require.NoError(w.t, err)
		bz, err := w.app.TxConfig().TxEncoder()(signed)
		require.NoError(w.t, err)
		raw = append(raw, bz)
	}
	res := apptesting.NextBlock(w.t, w.app, dt, raw...)
	require.Len(w.t, res.TxResults, len(txs))
	return res
}

// movePrices moves ATOM, ETH and BTC (a random walk with rare crashes,
// pulled back towards the start) and writes them as the validators'
// extensions would before the next block.
func (w *ledgerWorld) movePrices() {
	for _, sym := range []string{"ATOM", "ETH", "BTC"} {
		p := w.price[sym]
		switch r := w.rng.Float64(); {
		case r < 0.02:
			p *= 0.45 + 0.2*w.rng.Float64() // a crash
			w.stats["price crashes"]++
		case r < 0.40:
			p *= math.Exp(0.05 * w.rng.NormFloat64())
		}
		p += (w.base[sym] - p) * 0.02 // mean reversion
		p = math.Min(math.Max(p, 0.25*w.base[sym]), 2.5*w.base[sym])
		w.price[sym] = p
	}
	apptesting.Mutate(w.app, func(ctx sdk.Context) {
		for _, sym := range []string{"ATOM", "ETH", "BTC"} {
			m, err := w.app.OracleKeeper.MarketBySymbolName(ctx, sym)
			require.NoError(w.t, err)
			require.NoError(w.t, w.app.OracleKeeper.Prices.Set(ctx, m.Id, oracletypes.Price{
				Symbol: sym, Price: decOf(w.price[sym]), Height: ctx.BlockHeight(), Time: ctx.BlockTime(), PowerShare: sdkmath.LegacyOneDec(),
			}))
		}
	})
}

func (w *ledgerWorld) vaultsOf(ctx sdk.Context, owner apptesting.Account) []stabletypes.Vault {
	var out []stabletypes.Vault
	addr := owner.Address.String()
	require.NoError(w.t, w.app.StablecoinKeeper.Vaults.Walk(ctx, nil, func(_ uint64, v stabletypes.Vault) (bool, error) {
		if v.Owner == addr {
			out = append(out, v)
		}
		return false, nil
	}))
	return out
}

// frac is amount × a random fraction in [lo, hi), rounded down.
func (w *ledgerWorld) frac(amount sdkmath.Int, lo, hi float64) sdkmath.Int {
	return decOf(lo + (hi-lo)*w.rng.Float64()).MulInt(amount).TruncateInt()
}

// accruedTypes is every type's state accrued to now (nothing written) and
// the fee that accrual owes, as the keeper would book it.
func (w *ledgerWorld) accruedTypes(ctx sdk.Context, now time.Time) (cts map[string]stabletypes.CollateralType, booked, accrued map[string]stabletypes.TypeState, pending map[string]sdkmath.Int) {
	k := w.app.StablecoinKeeper
	params, err := k.Params.Get(ctx)
	require.NoError(w.t, err)
	cts, booked, accrued, pending = map[string]stabletypes.CollateralType{}, map[string]stabletypes.TypeState{}, map[string]stabletypes.TypeState{}, map[string]sdkmath.Int{}
	require.NoError(w.t, k.TypeStates.Walk(ctx, nil, func(name string, st stabletypes.TypeState) (bool, error) {
		ct, err := k.Types.Get(ctx, name)
		if err != nil {
			return true, err
		}
		cts[name], booked[name] = ct, st
		accrued[name], pending[name] = stabletypes.Accrue(st, ct.StabilityFee, params.MaxFeePerSecond, now)
		return false, nil
	}))
	return cts, booked, accrued, pending
}

// mintAmount: mostly a share of what the vault may mint; sometimes just
// past the room its type's ceiling, or the global ceiling, leaves (as the
// keeper counts it: the minting type accrued to now, the others as last
// booked, which is now too when the toucher went first). The excess of
// at least 10 ubsd is more than the toucher's 1-ubsd repayments move.
func (w *ledgerWorld) mintAmount(ctx sdk.Context, v stabletypes.Vault, now time.Time, touched bool) (sdkmath.Int, string) {
	_, booked, accrued, _ := w.accruedTypes(ctx, now)
	excess := sdkmath.NewInt(10 + w.rng.Int63n(1000))
	switch r := w.rng.Float64(); {
	case r < 0.2:
		room := w.typeCeil[v.Type].Sub(stabletypes.DebtOf(accrued[v.Type].TotalArt, accrued[v.Type].Rate))
		return sdkmath.MaxInt(room, sdkmath.ZeroInt()).Add(excess), "mint past type ceiling"
	case r < 0.4:
		total := sdkmath.ZeroInt()
		for name, st := range booked {
			if name == v.Type || touched {
				st = accrued[name]
			}
			total = total.Add(stabletypes.DebtOf(st.TotalArt, st.Rate))
		}
		room := w.global.Sub(total)
		return sdkmath.MaxInt(room, sdkmath.ZeroInt()).Add(excess), "mint past global ceiling"
	case r < 0.5:
		// Up to the type's ceiling, where the stability fee then pushes it over.
		room := w.typeCeil[v.Type].Sub(stabletypes.DebtOf(accrued[v.Type].TotalArt, accrued[v.Type].Rate)).Sub(excess)
		maxMint, err := w.app.StablecoinKeeper.MaxMint(w.at(now), v.Id)
		require.NoError(w.t, err)
		return sdkmath.MaxInt(sdkmath.MinInt(room, maxMint), ubsdOf(1)), "mint to type ceiling"
	default:
		maxMint, err := w.app.StablecoinKeeper.MaxMint(w.at(now), v.Id)
		require.NoError(w.t, err)
		if maxMint.LT(ubsdOf(1)) {
			return ubsdOf(1), "mint"
		}
		return w.frac(maxMint, 0.1, 1.05), "mint"
	}
}

func (w *ledgerWorld) ownerTx(ctx sdk.Context, o apptesting.Account, now time.Time, touched bool) (pendingTx, bool) {
	addr := o.Address.String()
	vaults := w.vaultsOf(ctx, o)
	r := w.rng.Float64()
	if len(vaults) == 0 || (len(vaults) < 4 && r < 0.2) {
		types := []string{"atom-a", "eth-a", "btc-a"}
		name := types[w.rng.Intn(len(types))]
		ct, err := w.app.StablecoinKeeper.Types.Get(ctx, name)
		require.NoError(w.t, err)
		value := 40_000 + 210_000*w.rng.Float64() // USD
		units := sdkmath.NewIntWithDecimal(1, int(ct.Decimals))
		collateral := decOf(value / w.price[ct.OracleSymbol]).MulInt(units).TruncateInt()
		ratio := ct.LiquidationRatio.MustFloat64()
		mint := ubsdOf(int64(value / ratio * (0.3 + 0.75*w.rng.Float64())))
		return pendingTx{o, "open", []sdk.Msg{&stabletypes.MsgOpenVault{Owner: addr, Type: name, Collateral: sdk.NewCoin(ct.Denom, collateral), Mint: mint}}}, true
	}
	v := vaults[w.rng.Intn(len(vaults))]
	debt := func() sdkmath.Int {
		st, err := w.app.StablecoinKeeper.TypeStates.Get(ctx, v.Type)
		require.NoError(w.t, err)
		return stabletypes.DebtOf(v.Art, st.Rate)
	}
	switch {
	case r < 0.45:
		amount, kind := w.mintAmount(ctx, v, now, touched)
		return pendingTx{o, kind, []sdk.Msg{&stabletypes.MsgMint{Owner: addr, VaultId: v.Id, Amount: amount}}}, true
	case r < 0.60 && v.Art.IsPositive():
		if w.rng.Float64() < 0.4 {
			return pendingTx{o, "repay all", []sdk.Msg{&stabletypes.MsgRepay{Payer: addr, VaultId: v.Id, Amount: sdkmath.ZeroInt(), All: true}}}, true
		}
		return pendingTx{o, "repay", []sdk.Msg{&stabletypes.MsgRepay{Payer: addr, VaultId: v.Id, Amount: w.frac(debt(), 0.05, 0.6)}}}, true
	case r < 0.70 && v.Collateral.IsPositive():
		return pendingTx{o, "withdraw", []sdk.Msg{&stabletypes.MsgWithdraw{Owner: addr, VaultId: v.Id, Amount: sdkmath.MaxInt(w.frac(v.Collateral, 0.02, 0.5), sdkmath.OneInt())}}}, true
	case r < 0.78:
		amount := sdkmath.MaxInt(w.frac(v.Collateral, 0.05, 0.5), sdkmath.NewInt(1000))
		return pendingTx{o, "deposit", []sdk.Msg{&stabletypes.MsgDeposit{Owner: addr, VaultId: v.Id, Amount: amount}}}, true
	case r < 0.82:
		return pendingTx{o, "close", []sdk.Msg{&stabletypes.MsgCloseVault{Owner: addr, VaultId: v.Id}}}, true
	case r < 0.91:
		return pendingTx{o, "psm in", []sdk.Msg{&stabletypes.MsgPSMSwapIn{Sender: addr, Amount: sdk.NewCoin(localnet.DenomUSDC, ubsdOf(1_000+w.rng.Int63n(50_000)))}}}, true
	default:
		bal := w.app.BankKeeper.GetBalance(ctx, o.Address, stabletypes.StableDenom).Amount
		if !bal.IsPositive() {
			return pendingTx{}, false
		}
		return pendingTx{o, "psm out", []sdk.Msg{&stabletypes.MsgPSMSwapOut{Sender: addr, Amount: w.frac(bal, 0.05, 0.5).AddRaw(1)}}}, true
	}
}

// auctions lists the open auctions.
func (w *ledgerWorld) auctions(ctx sdk.Context) []stabletypes.Auction {
	var out []stabletypes.Auction
	require.NoError(w.t, w.app.StablecoinKeeper.Auctions.Walk(ctx, nil, func(_ uint64, a stabletypes.Auction) (bool, error) {
		out = append(out, a)
		return false, nil
	}))
	return out
}

// keeperTx redoes an auction past its bounds, or liquidates the worst
// unsafe vault half of the time (the rest is left to the end blocker).
func (w *ledgerWorld) keeperTx(ctx sdk.Context, now time.Time) (pendingTx, bool) {
	addr := w.keeper.Address.String()
	for _, a := range w.auctions(ctx) {
		ct, err := w.app.StablecoinKeeper.Types.Get(ctx, a.Type)
		require.NoError(w.t, err)
		if ct.NeedsRedo(a.Top, now.Sub(a.Start)) {
			return pendingTx{w.keeper, "redo", []sdk.Msg{&stabletypes.MsgRedo{Keeper: addr, AuctionId: a.Id}}}, true
		}
	}
	if w.rng.Float64() < 0.5 {
		return pendingTx{}, false
	}
	for _, name := range []string{"atom-a", "btc-a", "eth-a"} {
		unsafe, err := w.app.StablecoinKeeper.UnsafeVaults(w.at(now), name, 1)
		require.NoError(w.t, err)
		if len(unsafe) > 0 {
			return pendingTx{w.keeper, "liquidate", []sdk.Msg{&stabletypes.MsgLiquidate{Keeper: addr, VaultId: unsafe[0].Id}}}, true
		}
	}
	return pendingTx{}, false
}

// takerTx buys from an auction once its price is near or below the
// oracle's: the whole lot or a part, rarely with a max price just under
// the auction's (which must fail); without auctions it trades on the PSM.
func (w *ledgerWorld) takerTx(ctx sdk.Context, now time.Time) (pendingTx, bool) {
	addr := w.taker.Address.String()
	as := w.auctions(ctx)
	w.rng.Shuffle(len(as), func(i, j int) { as[i], as[j] = as[j], as[i] })
	for _, a := range as {
		ct, err := w.app.StablecoinKeeper.Types.Get(ctx, a.Type)
		require.NoError(w.t, err)
		elapsed := now.Sub(a.Start)
		if ct.NeedsRedo(a.Top, elapsed) {
			continue
		}
		price := ct.AuctionPrice(a.Top, elapsed)
		// Some takers wait for a deep discount (shortfalls: bad debt).
		oracle := decOf(w.price[ct.OracleSymbol] * (0.55 + 0.53*w.rng.Float64()))
		if price.GT(oracle) {
			continue
		}
		amount, kind := a.Lot, "take all"
		if w.rng.Float64() < 0.35 {
			amount, kind = sdkmath.MaxInt(w.frac(a.Lot, 0.2, 0.8), sdkmath.OneInt()), "take part"
		}
		maxPrice := price
		if w.rng.Float64() < 0.05 {
			maxPrice, kind = price.Mul(sdkmath.LegacyMustNewDecFromStr("0.99")), "take below price"
		}
		return pendingTx{w.taker, kind, []sdk.Msg{&stabletypes.MsgTake{Buyer: addr, AuctionId: a.Id, Amount: amount, MaxPrice: maxPrice}}}, true
	}
	bal := w.app.BankKeeper.GetBalance(ctx, w.taker.Address, stabletypes.StableDenom).Amount
	if bal.LT(ubsdOf(2_000_000)) {
		return pendingTx{w.taker, "psm in", []sdk.Msg{&stabletypes.MsgPSMSwapIn{Sender: addr, Amount: sdk.NewCoin(localnet.DenomUSDC, ubsdOf(500_000))}}}, true
	}
	return pendingTx{w.taker, "psm out", []sdk.Msg{&stabletypes.MsgPSMSwapOut{Sender: addr, Amount: ubsdOf(1 + w.rng.Int63n(20_000))}}}, true
}

// touchTx repays 1 ubsd on each of the toucher's vaults: every type is
// accrued to the block time before anything else in the block, so the
// global ceiling (which adds the other types' debt as last booked) can be
// checked exactly at the end of the block.
func (w *ledgerWorld) touchTx(ctx sdk.Context) pendingTx {
	addr := w.toucher.Address.String()
	var msgs []sdk.Msg
	for _, v := range w.vaultsOf(ctx, w.toucher) {
		msgs = append(msgs, &stabletypes.MsgRepay{Payer: addr, VaultId: v.Id, Amount: sdkmath.OneInt()})
	}
	require.Len(w.t, msgs, 3)
	return pendingTx{w.toucher, "touch", msgs}
}

// attr is a typed event's attribute, unquoted.
func attr(ev abci.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key == key {
			return strings.Trim(a.Value, `"`)
		}
	}
	return ""
}

// ATTACKS 8, the BSD ledger checked every block. A seeded workload runs
// 300 blocks on a real in-process chain: owners open vaults, mint (some
// mints aimed just past a type's or the global ceiling), repay, withdraw,
// deposit, close and swap on the PSM; prices walk and crash; a keeper
// liquidates half the unsafe vaults and redoes stale auctions, the end
// blocker's fallback takes the rest; a taker buys lots whole or in part
// (shortfalls become bad debt); block times jump by seconds to weeks, so
// stability fees accrue. After EVERY block:
//
//   - StablecoinKeeper.CheckInvariants holds;
//   - supply(ubsd) = Σ types DebtOf(total_art, rate) + Σ auctions' debt +
//     psm_minted + bad_debt, exactly, recomputed here from the stores, and
//     in ATTACKS 8's form: supply + the fees not yet booked = Σ debt
//     accrued to the block time + auctions + psm_minted + bad_debt;
//   - the surplus is the module's BSD, and surplus and bad debt are never
//     both positive (one is netted against the other);
//   - each type's in_auction is the sum of its open auctions' tabs, and Σ
//     vaults' debt is the type's debt up to one unit of rounding per vault;
//   - ceilings: a type whose art grew or that minted in the block ends it
//     at or under its ceiling, and when any mint happened after every type
//     was accrued, Σ types' debt ends at or under the global ceiling.
//
// Both kinds of ceiling refusal, fallback and keeper liquidations, takes,
// redos, bad debt and PSM swaps each happen (floors at the end).
func TestBSDLedgerHoldsEveryBlock(t *testing.T) {
	seed := int64(ledgerDefaultSeed)
	if s := os.Getenv("BALLAST_LEDGER_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseInt(s, 10, 64)
		require.NoError(t, err)
	}
	start := time.Now()
	w := newLedgerWorld(t, seed)
	k := w.app.StablecoinKeeper
	prevArt := map[string]sdkmath.Int{}
	w.checkBlock(0, nil, false, prevArt)

	for block := 1; block <= ledgerBlocks; block++ {
		var dt time.Duration
		switch r := w.rng.Float64(); {
		case r < 0.80:
			dt = 6 * time.Second
		case r < 0.95:
			dt = time.Duration(10+w.rng.Intn(110)) * time.Minute
		default:
			dt = time.Duration(1+w.rng.Intn(30)) * 24 * time.Hour
		}
		w.movePrices()
		ctx := w.ctx()
		now := apptesting.LastBlockTime(w.app).Add(dt)

		// The toucher goes first, then the mints aimed past a ceiling
		// (their room is computed from the state they will meet), then
		// the rest in random order.
		var first, rest []pendingTx
		touched := w.rng.Float64() < 0.6
		if touched {
			first = append(first, w.touchTx(ctx))
		}
		for _, o := range w.owners {
			if tx, ok := w.ownerTx(ctx, o, now, touched); ok && strings.HasPrefix(tx.kind, "mint past") {
				first = append(first, tx)
			} else if ok {
				rest = append(rest, tx)
			}
		}
		if tx, ok := w.keeperTx(ctx, now); ok {
			rest = append(rest, tx)
		}
		if tx, ok := w.takerTx(ctx, now); ok {
			rest = append(rest, tx)
		}
		w.rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		txs := append(first, rest...)
		res := w.block(dt, txs)
		w.tally(block, txs, res, touched)
		w.checkBlock(block, res, touched, prevArt)
	}
	elapsed := time.Since(start)

	var lines []string
	for kind, n := range w.stats {
		lines = append(lines, fmt.Sprintf("%s=%d", kind, n))
	}
	sort.Strings(lines)
	t.Logf("seed %d, %d blocks in %s: %s", seed, ledgerBlocks, elapsed.Round(time.Millisecond), strings.Join(lines, " "))
	l, err := k.Ledger.Get(w.ctx())
	require.NoError(t, err)
	t.Logf("end: supply %s, psm_minted %s, surplus %s, bad_debt %s", w.app.BankKeeper.GetSupply(w.ctx(), stabletypes.StableDenom), l.PsmMinted, l.Surplus, l.BadDebt)

	// The workload did what it is meant to exercise.
	for kind, floor := range map[string]int{
		"ok open": 10, "ok mint": 20, "ok repay": 5, "ok repay all": 3, "ok withdraw": 5, "ok deposit": 5, "ok close": 2,
		"ok psm in": 10, "ok psm out": 10, "ok take all": 3, "ok take part": 1, "ok redo": 1, "ok liquidate": 2,
		"refused: type ceiling": 3, "refused: global ceiling": 3, "refused: take below price": 1,
		"fallback auctions": 2, "auctions closed with bad debt": 1, "blocks with a type over its ceiling by fees": 1,
		"blocks with fees not yet booked": 50, "blocks at the global ceiling after touching": 1,
	} {
		require.GreaterOrEqual(t, w.stats[kind], floor, "%s (seed %d)", kind, seed)
	}
}

// tally counts what the block's transactions and blocker did, and fails
// on any failure that is not a business refusal.
func (w *ledgerWorld) tally(block int, txs []pendingTx, res *abci.ResponseFinalizeBlock, touched bool) {
	t := w.t
	for i, r := range res.TxResults {
		kind := txs[i].kind
		if touched && i == 0 {
			require.Zero(t, r.Code, "block %d: the toucher's repayments: %s", block, r.Log)
		}
		if strings.HasPrefix(kind, "mint past") {
			// Aimed past a ceiling: refused by a ceiling (or before, by the floor).
			require.Equal(t, stabletypes.ModuleName, r.Codespace, "block %d %s: %s", block, kind, r.Log)
			require.Contains(t, []uint32{stabletypes.ErrDebtCeiling.ABCICode(), stabletypes.ErrDebtFloor.ABCICode()}, r.Code, "block %d %s: %s", block, kind, r.Log)
		}
		if r.Code == 0 {
			w.stats["ok "+kind]++
			for _, ev := range r.Events {
				if ev.Type == "ballast.stablecoin.v1.EventAuctionClosed" && attr(ev, "bad_debt") != "0" {
					w.stats["auctions closed with bad debt"]++
				}
			}
			continue
		}
		require.NotContains(t, r.Log, "panic", "block %d %s", block, kind)
		require.False(t, r.Codespace == sdkerrors.RootCodespace && r.Code == sdkerrors.ErrOutOfGas.ABCICode(), "block %d %s: out of gas", block, kind)
		require.Contains(t, []string{stabletypes.ModuleName, sdkerrors.RootCodespace}, r.Codespace, "block %d %s: %s", block, kind, r.Log)
		switch {
		case r.Codespace == stabletypes.ModuleName && r.Code == stabletypes.ErrDebtCeiling.ABCICode() && strings.Contains(r.Log, "global ceiling"):
			w.stats["refused: global ceiling"]++
		case r.Codespace == stabletypes.ModuleName && r.Code == stabletypes.ErrDebtCeiling.ABCICode():
			w.stats["refused: type ceiling"]++
		case r.Codespace == stabletypes.ModuleName && r.Code == stabletypes.ErrPriceAboveMax.ABCICode():
			w.stats["refused: "+kind]++
		default:
			w.stats[fmt.Sprintf("failed %s (%s %d)", kind, r.Codespace, r.Code)]++
		}
	}
	for _, ev := range res.Events {
		if ev.Type == "ballast.stablecoin.v1.EventAuctionStarted" && attr(ev, "fallback") == "true" {
			w.stats["fallback auctions"]++
		}
	}
}

// mintedTypes are the types into which a successful transaction of the
// block minted.
func mintedTypes(res *abci.ResponseFinalizeBlock) map[string]bool {
	out := map[string]bool{}
	if res == nil {
		return out
	}
	for _, r := range res.TxResults {
		if r.Code != 0 {
			continue
		}
		for _, ev := range r.Events {
			if ev.Type == "ballast.stablecoin.v1.EventVaultChanged" && attr(ev, "action") == "mint" {
				out[attr(ev, "type")] = true
			}
		}
	}
	return out
}

// checkBlock checks the committed state after block.
func (w *ledgerWorld) checkBlock(block int, res *abci.ResponseFinalizeBlock, touched bool, prevArt map[string]sdkmath.Int) {
	t := w.t
	t.Helper()
	ctx := w.ctx()
	now := apptesting.LastBlockTime(w.app)
	k := w.app.StablecoinKeeper
	require.NoError(t, k.CheckInvariants(ctx), "block %d", block)

	l, err := k.Ledger.Get(ctx)
	require.NoError(t, err)
	supply := w.app.BankKeeper.GetSupply(ctx, stabletypes.StableDenom).Amount
	cts, booked, accrued, pending := w.accruedTypes(ctx, now)

	// The ledger identity, recomputed from the stores.
	debt, debtAccrued, fees := sdkmath.ZeroInt(), sdkmath.ZeroInt(), sdkmath.ZeroInt()
	for name, st := range booked {
		debt = debt.Add(stabletypes.DebtOf(st.TotalArt, st.Rate))
		debtAccrued = debtAccrued.Add(stabletypes.DebtOf(accrued[name].TotalArt, accrued[name].Rate))
		fees = fees.Add(pending[name])
	}
	inAuction, tabs := sdkmath.ZeroInt(), map[string]sdkmath.Int{}
	for _, a := range w.auctions(ctx) {
		inAuction = inAuction.Add(a.Debt)
		require.True(t, a.Debt.LTE(a.Tab) && a.Lot.IsPositive(), "block %d: auction %d debt %s tab %s lot %s", block, a.Id, a.Debt, a.Tab, a.Lot)
		tabs[a.Type] = orZeroInt(tabs[a.Type]).Add(a.Tab)
	}
	require.Equal(t, debt.Add(inAuction).Add(l.PsmMinted).Add(l.BadDebt).String(), supply.String(),
		"block %d: supply = Σ debt %s + in auction %s + psm %s + bad debt %s", block, debt, inAuction, l.PsmMinted, l.BadDebt)
	require.Equal(t, debtAccrued.Add(inAuction).Add(l.PsmMinted).Add(l.BadDebt).String(), supply.Add(fees).String(),
		"block %d: supply + unbooked fees %s = Σ accrued debt %s + …", block, fees, debtAccrued)
	if fees.IsPositive() {
		w.stats["blocks with fees not yet booked"]++
	}
	module := w.app.BankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(stabletypes.ModuleName), stabletypes.StableDenom).Amount
	require.Equal(t, l.Surplus.String(), module.String(), "block %d: surplus is the module's BSD", block)
	require.False(t, l.Surplus.IsPositive() && l.BadDebt.IsPositive(), "block %d: surplus %s and bad debt %s not netted", block, l.Surplus, l.BadDebt)

	// Per type: auctions' tabs, vaults' debt.
	vaultDebt, vaults := map[string]sdkmath.Int{}, map[string]int64{}
	require.NoError(t, k.Vaults.Walk(ctx, nil, func(_ uint64, v stabletypes.Vault) (bool, error) {
		vaultDebt[v.Type] = orZeroInt(vaultDebt[v.Type]).Add(stabletypes.DebtOf(v.Art, booked[v.Type].Rate))
		vaults[v.Type]++
		return false, nil
	}))
	minted := mintedTypes(res)
	total := sdkmath.ZeroInt()
	for name, st := range booked {
		require.Equal(t, orZeroInt(tabs[name]).String(), st.InAuction.String(), "block %d %s: in_auction = Σ open tabs", block, name)
		typeDebt := stabletypes.DebtOf(st.TotalArt, st.Rate)
		total = total.Add(typeDebt)
		over := orZeroInt(vaultDebt[name]).Sub(typeDebt)
		require.True(t, !over.IsNegative() && over.LTE(sdkmath.NewInt(vaults[name])), "block %d %s: Σ vault debt − type debt = %s for %d vaults", block, name, over, vaults[name])

		grew := prevArt[name].IsNil() || st.TotalArt.GT(prevArt[name])
		if block > 0 && (minted[name] || grew) {
			require.True(t, typeDebt.LTE(cts[name].DebtCeiling), "block %d %s: debt %s past the ceiling %s after minting", block, name, typeDebt, cts[name].DebtCeiling)
		}
		if typeDebt.GT(cts[name].DebtCeiling) {
			w.stats["blocks with a type over its ceiling by fees"]++
		}
		prevArt[name] = st.TotalArt
	}
	params, err := k.Params.Get(ctx)
	require.NoError(t, err)
	if touched && len(minted) > 0 {
		require.True(t, total.LTE(params.GlobalDebtCeiling), "block %d: Σ debt %s past the global ceiling %s after minting", block, total, params.GlobalDebtCeiling)
		if params.GlobalDebtCeiling.Sub(total).LT(ubsdOf(20_000)) {
			w.stats["blocks at the global ceiling after touching"]++
		}
	}
}

func orZeroInt(i sdkmath.Int) sdkmath.Int {
	if i.IsNil() {
		return sdkmath.ZeroInt()
	}
	return i
}
