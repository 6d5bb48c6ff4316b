// Package authority checks that a governance message comes from the
// chain's authority: the consensus-params authority when one is set, else
// the module's own (x/gov). Every Ballast module's governance messages
// use it, each wrapping failures in its own ErrInvalidAuthority.
package authority

import (
	"context"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Check returns invalid (wrapped with the reason) unless got is a valid
// address and the authority the chain accepts instead of want.
func Check(ctx context.Context, ac address.Codec, want, got string, invalid *errorsmod.Error) error {
	if _, err := ac.StringToBytes(got); err != nil {
		return invalid.Wrapf("%q: %v", got, err)
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), want, got); err != nil {
		return invalid.Wrap(err.Error())
	}
	return nil
}
