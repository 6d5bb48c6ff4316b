package types

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
)

func TestMarketValidate(t *testing.T) {
	maxRate := dec("10")
	require.NoError(t, testMarket().Validate(maxRate))

	cases := []struct {
		name string
		edit func(*Market)
		ok   bool
	}{
		{"ltv equal to the threshold is allowed", func(m *Market) { m.Ltv = m.LiquidationThreshold }, true},
		{"threshold times bonus just below one is allowed", func(m *Market) { m.LiquidationBonus = dec("0.249999999999999999") }, true},
		{"slope1 equal to slope2 is allowed", func(m *Market) { m.Slope2 = m.Slope1 }, true},
		{"rates summing to exactly the max are allowed", func(m *Market) { m.Slope2 = dec("9.94") }, true},
		{"uncapped and capped markets are allowed", func(m *Market) { m.SupplyCap, m.BorrowCap = i64(0), i64(1) }, true},
		{"36 decimals are allowed", func(m *Market) { m.Decimals = 36 }, true},
		{"protocol fee of the whole bonus is allowed", func(m *Market) { m.LiquidationProtocolFee = dec("1") }, true},
		{"zero rates are allowed", func(m *Market) { m.BaseRate, m.Slope1, m.Slope2 = dec("0"), dec("0"), dec("0") }, true},

		{"ltv above the liquidation threshold", func(m *Market) { m.Ltv = dec("0.800000000000000001") }, false},
		{"liquidation threshold of one", func(m *Market) { m.Ltv, m.LiquidationThreshold, m.LiquidationBonus = dec("0.9"), dec("1"), dec("0") }, false},
		{"liquidation threshold above one", func(m *Market) { m.LiquidationThreshold, m.LiquidationBonus = dec("1.1"), dec("0") }, false},
		{"threshold times one plus bonus equal to one", func(m *Market) { m.LiquidationBonus = dec("0.25") }, false},
		{"threshold times one plus bonus above one", func(m *Market) { m.LiquidationBonus = dec("0.5") }, false},
		{"slope1 above slope2", func(m *Market) { m.Slope1, m.Slope2 = dec("0.5"), dec("0.4") }, false},
		{"optimal utilization of zero", func(m *Market) { m.OptimalUtilization = dec("0") }, false},
		{"optimal utilization of one", func(m *Market) { m.OptimalUtilization = dec("1") }, false},
		{"optimal utilization above one", func(m *Market) { m.OptimalUtilization = dec("1.2") }, false},
		{"rates above the max borrow rate", func(m *Market) { m.Slope2 = dec("9.940000000000000001") }, false},
		{"base rate alone above the max", func(m *Market) { m.BaseRate = dec("11") }, false},
		{"protocol fee above one", func(m *Market) { m.LiquidationProtocolFee = dec("1.01") }, false},
		{"reserve factor of one", func(m *Market) { m.ReserveFactor = dec("1") }, false},
		{"negative supply cap", func(m *Market) { m.SupplyCap = i64(-1) }, false},
		{"negative borrow cap", func(m *Market) { m.BorrowCap = i64(-1) }, false},
		{"missing supply cap", func(m *Market) { m.SupplyCap = sdkmath.Int{} }, false},
		{"missing borrow cap", func(m *Market) { m.BorrowCap = sdkmath.Int{} }, false},
		{"empty denom", func(m *Market) { m.Denom = "" }, false},
		{"denom starting with a digit", func(m *Market) { m.Denom = "1atom" }, false},
		{"denom too short", func(m *Market) { m.Denom = "a" }, false},
		{"denom with spaces", func(m *Market) { m.Denom = "u atom" }, false},
		{"empty oracle symbol", func(m *Market) { m.OracleSymbol = "" }, false},
		{"decimals above 36", func(m *Market) { m.Decimals = 37 }, false},
		{"negative ltv", func(m *Market) { m.Ltv = dec("-0.1") }, false},
		{"negative liquidation bonus", func(m *Market) { m.LiquidationBonus = dec("-0.01") }, false},
		{"negative protocol fee", func(m *Market) { m.LiquidationProtocolFee = dec("-0.01") }, false},
		{"negative reserve factor", func(m *Market) { m.ReserveFactor = dec("-0.01") }, false},
		{"negative base rate", func(m *Market) { m.BaseRate = dec("-0.01") }, false},
		{"negative slope1", func(m *Market) { m.Slope1 = dec("-0.01") }, false},
		{"missing liquidation threshold", func(m *Market) { m.LiquidationThreshold = sdkmath.LegacyDec{} }, false},
		{"missing slope2", func(m *Market) { m.Slope2 = sdkmath.LegacyDec{} }, false},
		{"missing optimal utilization", func(m *Market) { m.OptimalUtilization = sdkmath.LegacyDec{} }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testMarket()
			tc.edit(&m)
			err := m.Validate(maxRate)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrInvalidMarket)
			}
		})
	}
}

func TestMarketValidateUsesTheGivenMaxRate(t *testing.T) {
	m := testMarket() // base + slopes = 0.81
	require.NoError(t, m.Validate(dec("0.81")))
	require.ErrorIs(t, m.Validate(dec("0.8")), ErrInvalidMarket)
}

func TestCanSupplyAndBorrow(t *testing.T) {
	cases := []struct {
		name                 string
		edit                 func(*Market)
		supplyErr, borrowErr error
	}{
		{"open market", func(*Market) {}, nil, nil},
		{"paused market takes nothing new", func(m *Market) { m.Paused = true }, ErrMarketPaused, ErrMarketPaused},
		{"frozen market takes nothing new", func(m *Market) { m.Frozen = true }, ErrMarketFrozen, ErrMarketFrozen},
		{"paused and frozen reports paused", func(m *Market) { m.Paused, m.Frozen = true, true }, ErrMarketPaused, ErrMarketPaused},
		{"borrowing disabled still takes supply", func(m *Market) { m.BorrowEnabled = false }, nil, ErrBorrowDisabled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testMarket()
			tc.edit(&m)
			if tc.supplyErr == nil {
				require.NoError(t, m.CanSupply())
			} else {
				require.ErrorIs(t, m.CanSupply(), tc.supplyErr)
			}
			if tc.borrowErr == nil {
				require.NoError(t, m.CanBorrow())
			} else {
				require.ErrorIs(t, m.CanBorrow(), tc.borrowErr)
			}
		})
	}
}

func TestCaps(t *testing.T) {
	m := testMarket()
	require.True(t, m.WithinSupplyCap(ints("1000000000000000000000000000000")), "zero cap means uncapped")
	require.True(t, m.WithinBorrowCap(ints("1000000000000000000000000000000")), "zero cap means uncapped")
	m.SupplyCap, m.BorrowCap = i64(1000), i64(500)
	require.True(t, m.WithinSupplyCap(i64(1000)), "reaching the cap is allowed")
	require.False(t, m.WithinSupplyCap(i64(1001)))
	require.True(t, m.WithinBorrowCap(i64(500)))
	require.False(t, m.WithinBorrowCap(i64(501)))
}

func TestApplyGuardian(t *testing.T) {
	capped := func(m *Market) { m.SupplyCap, m.BorrowCap = i64(1000), i64(500) }
	cases := []struct {
		name     string
		setup    func(*Market)
		action   GuardianAction
		capacity sdkmath.Int
		wantErr  error
		check    func(t *testing.T, m Market)
	}{
		{
			name: "pause", action: GUARDIAN_ACTION_PAUSE,
			check: func(t *testing.T, m Market) { require.True(t, m.Paused) },
		},
		{
			name: "pause an already paused market", setup: func(m *Market) { m.Paused = true }, action: GUARDIAN_ACTION_PAUSE,
			check: func(t *testing.T, m Market) { require.True(t, m.Paused) },
		},
		{
			name: "freeze", action: GUARDIAN_ACTION_FREEZE,
			check: func(t *testing.T, m Market) { require.True(t, m.Frozen); require.False(t, m.Paused) },
		},
		{
			name: "disable borrowing", action: GUARDIAN_ACTION_DISABLE_BORROW,
			check: func(t *testing.T, m Market) { require.False(t, m.BorrowEnabled) },
		},
		{
			name: "disabling borrowing never enables it", setup: func(m *Market) { m.BorrowEnabled = false }, action: GUARDIAN_ACTION_DISABLE_BORROW,
			check: func(t *testing.T, m Market) { require.False(t, m.BorrowEnabled) },
		},

		{
			name: "lower the supply cap", setup: capped, action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: i64(999),
			check: func(t *testing.T, m Market) {
				require.Equal(t, "999", m.SupplyCap.String())
				require.Equal(t, "500", m.BorrowCap.String())
			},
		},
		{
			name: "lower the borrow cap", setup: capped, action: GUARDIAN_ACTION_LOWER_BORROW_CAP, capacity: i64(1),
			check: func(t *testing.T, m Market) {
				require.Equal(t, "1", m.BorrowCap.String())
				require.Equal(t, "1000", m.SupplyCap.String())
			},
		},
		{
			name: "cap an uncapped supply", action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: ints("1000000000000000000000000"),
			check: func(t *testing.T, m Market) { require.Equal(t, "1000000000000000000000000", m.SupplyCap.String()) },
		},
		{
			name: "cap an uncapped borrow", action: GUARDIAN_ACTION_LOWER_BORROW_CAP, capacity: i64(7),
			check: func(t *testing.T, m Market) { require.Equal(t, "7", m.BorrowCap.String()) },
		},

		{name: "supply cap equal to the current", setup: capped, action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: i64(1000), wantErr: ErrNotSafer},
		{name: "raising the supply cap", setup: capped, action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: i64(1001), wantErr: ErrNotSafer},
		{name: "raising the borrow cap", setup: capped, action: GUARDIAN_ACTION_LOWER_BORROW_CAP, capacity: i64(501), wantErr: ErrNotSafer},
		{name: "zero supply cap would uncap", setup: capped, action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: i64(0), wantErr: ErrNotSafer},
		{name: "zero borrow cap would uncap", setup: capped, action: GUARDIAN_ACTION_LOWER_BORROW_CAP, capacity: i64(0), wantErr: ErrNotSafer},
		{name: "zero cap on an uncapped market", action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: i64(0), wantErr: ErrNotSafer},
		{name: "negative cap", setup: capped, action: GUARDIAN_ACTION_LOWER_BORROW_CAP, capacity: i64(-1), wantErr: ErrNotSafer},
		{name: "missing cap", setup: capped, action: GUARDIAN_ACTION_LOWER_SUPPLY_CAP, capacity: sdkmath.Int{}, wantErr: ErrNotSafer},
		{name: "unspecified action", action: GUARDIAN_ACTION_UNSPECIFIED, wantErr: ErrNotSafer},
		{name: "unknown action", action: GuardianAction(99), wantErr: ErrNotSafer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testMarket()
			if tc.setup != nil {
				tc.setup(&m)
			}
			before := m
			capacity := tc.capacity
			if capacity.IsNil() && tc.name != "missing cap" {
				capacity = i64(0)
			}
			got, err := m.ApplyGuardian(tc.action, capacity)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, got, "a refused action changed the market")
				return
			}
			require.NoError(t, err)
			tc.check(t, got)
			require.NoError(t, got.Validate(dec("10")), "a guardian action made the market invalid")
			// Nothing but the targeted field moved, and nothing was loosened.
			require.False(t, before.Paused && !got.Paused)
			require.False(t, before.Frozen && !got.Frozen)
			require.False(t, !before.BorrowEnabled && got.BorrowEnabled)
			require.True(t, before.LiquidationThreshold.Equal(got.LiquidationThreshold) && before.Ltv.Equal(got.Ltv))
		})
	}
}
