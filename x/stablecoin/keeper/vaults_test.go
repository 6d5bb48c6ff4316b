package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	oracletypes "github.com/ballast-chain/ballast/x/oracle/types"
	"github.com/ballast-chain/ballast/x/stablecoin/types"
)

func TestVaultLifecycleKeepsTheLedgerExact(t *testing.T) {
	f := setup(t)
	// 1000 ATOM at $10 = $10,000; 150% → at most 6,666.66 BSD.
	id, err := f.k.OpenVault(f.ctx, f.alice, "atom-a", sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000)), sdkmath.NewInt(5_000_000_000))
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(5_000_000_000), f.bsd(f.alice))
	f.invariants()

	// A year passes: the fee accrues to the surplus, the vault owes more.
	f.ctx = f.ctx.WithBlockTime(f.ctx.BlockTime().Add(365 * 24 * time.Hour))
	require.NoError(t, f.k.Deposit(f.ctx, f.alice, id, sdkmath.NewInt(1)))
	f.invariants()
	require.NoError(t, f.k.Mint(f.ctx, f.alice, id, sdkmath.NewInt(100_000_000)))
	f.invariants()
	l, err := f.k.Ledger.Get(f.ctx)
	require.NoError(t, err)
	require.True(t, l.Surplus.GT(sdkmath.NewInt(240_000_000)), "≈ 5%% of 5,000 BSD: %s", l.Surplus)

	// Repay part, then close: the owner needs the fee's BSD from elsewhere.
	_, err = f.k.Repay(f.ctx, f.alice, id, sdkmath.NewInt(1_000_000_000), false)
	require.NoError(t, err)
	f.invariants()
	f.bank.add(f.alice, sdk.NewCoins(sdk.NewCoin("ubsd", sdkmath.NewInt(1_000_000_000))))
	f.bank.supply = f.bank.supply.Add(sdk.NewCoin("ubsd", sdkmath.NewInt(1_000_000_000))) // bought on a market
	atomBefore := f.bank.GetBalance(f.ctx, f.alice, "uatom").Amount
	l, _ = f.k.Ledger.Get(f.ctx)
	l.BadDebt = l.BadDebt.Add(sdkmath.NewInt(1_000_000_000)) // the externally minted BSD is unbacked for this test's books
	require.NoError(t, f.k.Ledger.Set(f.ctx, l))
	require.NoError(t, f.k.CloseVault(f.ctx, f.alice, id))
	require.Equal(t, atomBefore.Add(sdkmath.NewInt(1_000_000_001)), f.bank.GetBalance(f.ctx, f.alice, "uatom").Amount)
	_, err = f.k.Vaults.Get(f.ctx, id)
	require.Error(t, err)
	f.invariants()
}

func TestVaultBadInputChangesNothing(t *testing.T) {
	f := setup(t)
	id, err := f.k.OpenVault(f.ctx, f.alice, "atom-a", sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000)), sdkmath.NewInt(1_000_000_000))
	require.NoError(t, err)
	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"unknown type", func() error {
			_, err := f.k.OpenVault(f.ctx, f.alice, "doge-a", sdk.NewCoin("uatom", sdkmath.NewInt(1)), sdkmath.ZeroInt())
			return err
		}, types.ErrUnknownType},
		{"wrong collateral denom", func() error {
			_, err := f.k.OpenVault(f.ctx, f.alice, "atom-a", sdk.NewCoin("uusdc", sdkmath.NewInt(1)), sdkmath.ZeroInt())
			return err
		}, types.ErrInvalidAmount},
		{"mint with too little collateral", func() error { return f.k.Mint(f.ctx, f.alice, id, sdkmath.NewInt(6_000_000_000)) }, types.ErrUnsafe},
		{"mint below the floor", func() error {
			_, err := f.k.OpenVault(f.ctx, f.bob, "atom-a", sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000)), sdkmath.NewInt(50_000_000))
			return err
		}, types.ErrDebtFloor},
		{"mint past the type ceiling", func() error {
			_, err := f.k.OpenVault(f.ctx, f.bob, "atom-a", sdk.NewCoin("uatom", sdkmath.NewInt(900_000_000_000)), sdkmath.NewInt(10_000_000_000_000))
			return err
		}, types.ErrDebtCeiling},
		{"withdraw collateral the debt needs", func() error { return f.k.Withdraw(f.ctx, f.alice, id, sdkmath.NewInt(900_000_000)) }, types.ErrUnsafe},
		{"someone else's vault", func() error { return f.k.Mint(f.ctx, f.bob, id, sdkmath.NewInt(1)) }, types.ErrNotOwner},
		{"repay leaving dust", func() error {
			_, err := f.k.Repay(f.ctx, f.alice, id, sdkmath.NewInt(950_000_000), false)
			return err
		}, types.ErrDebtFloor},
		{"psm past its ceiling", func() error {
			_, err := f.k.PSMSwapIn(f.ctx, f.alice, sdk.NewCoin("uusdc", sdkmath.NewInt(1_000_000_000_001)))
			return err
		}, types.ErrPSMCeiling},
		{"psm wrong denom", func() error {
			_, err := f.k.PSMSwapIn(f.ctx, f.alice, sdk.NewCoin("uatom", sdkmath.NewInt(1)))
			return err
		}, types.ErrInvalidAmount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cache, _ := f.ctx.CacheContext()
			saved, restore := f.ctx, f.bank.snapshot()
			f.ctx = cache
			err := tc.run()
			f.ctx = saved
			restore()
			require.ErrorIs(t, err, tc.want)
		})
	}
	f.invariants()
}

// ATTACKS 9 for vaults: a stale price blocks mint and withdraw; deposit and repay work.
func TestStalePriceBlocksMintAndWithdraw(t *testing.T) {
	f := setup(t)
	id, err := f.k.OpenVault(f.ctx, f.alice, "atom-a", sdk.NewCoin("uatom", sdkmath.NewInt(1_000_000_000)), sdkmath.NewInt(1_000_000_000))
	require.NoError(t, err)
	f.oracle.stale = true
	require.ErrorIs(t, f.k.Mint(f.ctx, f.alice, id, sdkmath.NewInt(1)), oracletypes.ErrStalePrice)
	require.ErrorIs(t, f.k.Withdraw(f.ctx, f.alice, id, sdkmath.NewInt(1)), oracletypes.ErrStalePrice)
	require.NoError(t, f.k.Deposit(f.ctx, f.alice, id, sdkmath.NewInt(1)))
	_, err = f.k.Repay(f.ctx, f.alice, id, sdkmath.NewInt(100_000_000), false)
	require.NoError(t, err)
	f.invariants()
}

func TestPSMRoundTripKeepsTheLedger(t *testing.T) {
	f := setup(t)
	got, err := f.k.PSMSwapIn(f.ctx, f.bob, sdk.NewCoin("uusdc", sdkmath.NewInt(1_000_000_000)))
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(999_000_000), got)
	f.invariants()
	paid, err := f.k.PSMSwapOut(f.ctx, f.bob, sdkmath.NewInt(500_000_000))
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(499_500_000), paid.Amount)
	f.invariants()
	l, err := f.k.Ledger.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_500_000), l.Surplus, "both fees")
}

// MaxMint is exact enough to use: minting it succeeds, a little more is unsafe.
func TestMaxMintIsTheRoomAtTheConservativePrice(t *testing.T) {
	f := setup(t)
	id := f.open(f.alice, 1_000_000_000, 1_000_000_000) // $10,000, 1,000 BSD
	room, err := f.k.MaxMint(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(6_666_666_666-1_000_000_000-1), room, "10,000 / 1.5 − 1,000, one ubsd kept back")
	require.ErrorIs(t, f.k.Mint(f.ctx, f.alice, id, room.AddRaw(2)), types.ErrUnsafe)
	require.NoError(t, f.k.Mint(f.ctx, f.alice, id, room))
	f.invariants()
	room, err = f.k.MaxMint(f.ctx, id)
	require.NoError(t, err)
	require.True(t, room.IsZero(), "no room left: %s", room)
}

// ATTACKS 8: minting up to a ceiling works; one ubsd past the type's or
// the global ceiling fails and changes nothing. At rate 1 (no time has
// passed) debt equals what was minted, to the unit.
func TestMintingOneUnitPastACeilingFails(t *testing.T) {
	for _, tc := range []struct {
		name   string
		global bool
	}{{"type ceiling", false}, {"global ceiling", true}} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			ceiling := sdkmath.NewInt(2_000_000_000) // 2,000 BSD
			if tc.global {
				p, err := f.k.Params.Get(f.ctx)
				require.NoError(t, err)
				p.GlobalDebtCeiling = ceiling
				require.NoError(t, f.k.Params.Set(f.ctx, p))
			} else {
				ct := atomA()
				ct.DebtCeiling = ceiling
				require.NoError(t, f.k.SetCollateralType(f.ctx, ct))
			}
			a := f.open(f.alice, 1_000_000_000, 1_500_000_000)
			b := f.open(f.bob, 1_000_000_000, 0)
			before := f.bsd(f.bob)
			require.ErrorIs(t, f.k.Mint(f.ctx, f.bob, b, sdkmath.NewInt(500_000_001)), types.ErrDebtCeiling)
			require.Equal(t, before, f.bsd(f.bob), "nothing minted")
			require.NoError(t, f.k.Mint(f.ctx, f.bob, b, sdkmath.NewInt(500_000_000)), "exactly at the ceiling")
			require.ErrorIs(t, f.k.Mint(f.ctx, f.alice, a, sdkmath.NewInt(1)), types.ErrDebtCeiling)
			f.invariants()
		})
	}
}
