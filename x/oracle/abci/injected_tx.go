package abci

import (
	"bytes"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/ballast-chain/ballast/x/oracle/types"
)

// oracleTxMarker starts the injected transaction. It begins with a zero
// byte, which no protobuf-encoded SDK transaction can (field 0 is invalid),
// so the injected tx is never mistaken for a user tx and a user tx can never
// pass as the injected one.
var oracleTxMarker = []byte("\x00ballast/oracle/v1\x00")

// MaxOracleTxBytes bounds the injected transaction: one extension per
// validator of a large set, with signatures and addresses.
const MaxOracleTxBytes = 512 * (types.MaxExtensionBytes + 256)

// EncodeOracleTx wraps the extended commit as the injected transaction.
func EncodeOracleTx(ec abci.ExtendedCommitInfo) ([]byte, error) {
	bz, err := ec.Marshal()
	if err != nil {
		return nil, err
	}
	return append(bytes.Clone(oracleTxMarker), bz...), nil
}

// IsOracleTx tells the injected transaction from user transactions.
func IsOracleTx(tx []byte) bool { return bytes.HasPrefix(tx, oracleTxMarker) }

// decodeOracleTx unwraps the injected transaction.
func decodeOracleTx(tx []byte) (abci.ExtendedCommitInfo, error) {
	var ec abci.ExtendedCommitInfo
	if !IsOracleTx(tx) {
		return ec, fmt.Errorf("%w: missing marker", types.ErrInvalidOracleTx)
	}
	if len(tx) > MaxOracleTxBytes {
		return ec, fmt.Errorf("%w: %d bytes, at most %d", types.ErrInvalidOracleTx, len(tx), MaxOracleTxBytes)
	}
	if err := ec.Unmarshal(tx[len(oracleTxMarker):]); err != nil {
		return ec, fmt.Errorf("%w: %w", types.ErrInvalidOracleTx, err)
	}
	return ec, nil
}
