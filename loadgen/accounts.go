// Package loadgen drives a Ballast network with pre-signed transactions and
// measures what it commits: tx/s over the block window, block times,
// CheckTx rejections and failed transactions (see cmd/ballast-loadgen).
package loadgen

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// Account is one load account. Its key is derived from the run's seed and
// its index, so a run can be repeated against the same chain.
type Account struct {
	Index   int
	Priv    *secp256k1.PrivKey
	Address sdk.AccAddress
	Addr    string // bech32, cached: messages need it for every tx
	AccNum  uint64
	Seq     uint64
	// VaultID is the account's stablecoin vault, opened during setup.
	VaultID uint64
}

// NewAccounts derives n accounts from seed.
func NewAccounts(seed uint64, n int) []*Account {
	out := make([]*Account, n)
	for i := range out {
		secret := make([]byte, 0, 32)
		secret = append(secret, "ballast-loadgen"...)
		secret = binary.BigEndian.AppendUint64(secret, seed)
		secret = binary.BigEndian.AppendUint64(secret, uint64(i))
		priv := secp256k1.GenPrivKeyFromSecret(secret)
		addr := sdk.AccAddress(priv.PubKey().Address())
		out[i] = &Account{Index: i, Priv: priv, Address: addr, Addr: addr.String()}
	}
	return out
}

// Sync reads every account's number and sequence from the chain, with
// `parallel` queries in flight.
func Sync(ctx context.Context, auth authtypes.QueryClient, accs []*Account, parallel int) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan *Account)
	)
	for range max(parallel, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range next {
				res, err := auth.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: a.Addr})
				if err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("account %d (%s): %w", a.Index, a.Addr, err)
					}
					mu.Unlock()
					continue
				}
				a.AccNum, a.Seq = res.Info.AccountNumber, res.Info.Sequence
			}
		}()
	}
	for _, a := range accs {
		next <- a
	}
	close(next)
	wg.Wait()
	return first
}
