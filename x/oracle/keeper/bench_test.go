package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// BenchmarkAggregate100Validators50Markets is the pre-blocker's work for a
// large set: 100 validators each reporting 50 markets. Target ≤ 5 ms.
func BenchmarkAggregate100Validators50Markets(b *testing.B) {
	f := setup(b, func(gs *types.GenesisState) {
		gs.Markets = nil
		for i := uint32(0); i < 50; i++ {
			gs.Markets = append(gs.Markets, types.Market{Id: i, Symbol: fmt.Sprintf("M%d", i), PriceDecimals: 6, Enabled: true})
		}
	})
	vals := make([]types.ValidatorReports, 100)
	for v := range vals {
		vals[v] = types.ValidatorReports{ConsAddr: []byte(fmt.Sprintf("validator-%03d", v)), Power: int64(1000 + v)}
		for m := uint32(0); m < 50; m++ {
			vals[v].Reports = append(vals[v].Reports, types.Report{MarketID: m, Price: uint64(10_000_000 + v*100 + int(m))})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx := f.ctx.WithBlockHeight(int64(200 + i))
		_, err := f.k.Aggregate(ctx, vals)
		require.NoError(b, err)
	}
}
