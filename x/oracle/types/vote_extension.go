package types

import (
	"encoding/binary"
	"fmt"
)

// A vote extension carries one validator's prices for height H. The format
// is compact and strict so that 50 markets fit in well under 1 KB and one
// set of bytes has exactly one meaning:
//
//	version  byte    = ExtensionVersion
//	count    uvarint   number of reports, 1..MaxMarkets
//	count × (
//	  market uvarint   market id; strictly increasing, so no duplicates
//	  price  uvarint   > 0, in units of 10^-price_decimals USD
//	)
//
// Varints must be minimal (no padded encodings) and nothing may follow the
// last report. An empty byte string is the empty extension: "no prices".
const (
	ExtensionVersion byte = 1

	// MaxExtensionBytes bounds an extension: the version, the count and
	// MaxMarkets reports of the longest varints (5 + 10 bytes each).
	MaxExtensionBytes = 1 + binary.MaxVarintLen16 + MaxMarkets*(binary.MaxVarintLen32+binary.MaxVarintLen64)
)

// Report is one market's price from one validator.
type Report struct {
	MarketID uint32
	Price    uint64
}

// EncodeExtension encodes reports, which must be sorted by strictly
// increasing market id with positive prices. No reports encode to nil.
func EncodeExtension(reports []Report) ([]byte, error) {
	if len(reports) == 0 {
		return nil, nil
	}
	if len(reports) > MaxMarkets {
		return nil, fmt.Errorf("%w: %d reports, at most %d", ErrInvalidExtension, len(reports), MaxMarkets)
	}
	buf := make([]byte, 0, 1+binary.MaxVarintLen16+len(reports)*8)
	buf = append(buf, ExtensionVersion)
	buf = binary.AppendUvarint(buf, uint64(len(reports)))
	for i, r := range reports {
		if i > 0 && r.MarketID <= reports[i-1].MarketID {
			return nil, fmt.Errorf("%w: market ids not strictly increasing at %d", ErrInvalidExtension, i)
		}
		if r.Price == 0 {
			return nil, fmt.Errorf("%w: zero price for market %d", ErrInvalidExtension, r.MarketID)
		}
		buf = binary.AppendUvarint(buf, uint64(r.MarketID))
		buf = binary.AppendUvarint(buf, r.Price)
	}
	return buf, nil
}

// DecodeExtension is the strict inverse of EncodeExtension. It allocates at
// most MaxMarkets reports whatever the input claims.
func DecodeExtension(bz []byte) ([]Report, error) {
	if len(bz) == 0 {
		return nil, nil
	}
	if len(bz) > MaxExtensionBytes {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrInvalidExtension, len(bz), MaxExtensionBytes)
	}
	if bz[0] != ExtensionVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrInvalidExtension, bz[0], ExtensionVersion)
	}
	rest := bz[1:]
	count, rest, err := readUvarint(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: count: %w", ErrInvalidExtension, err)
	}
	if count == 0 || count > MaxMarkets {
		return nil, fmt.Errorf("%w: %d reports, want 1..%d", ErrInvalidExtension, count, MaxMarkets)
	}
	reports := make([]Report, 0, count)
	for i := uint64(0); i < count; i++ {
		var id, price uint64
		if id, rest, err = readUvarint(rest); err != nil {
			return nil, fmt.Errorf("%w: report %d market: %w", ErrInvalidExtension, i, err)
		}
		if price, rest, err = readUvarint(rest); err != nil {
			return nil, fmt.Errorf("%w: report %d price: %w", ErrInvalidExtension, i, err)
		}
		if id > uint64(^uint32(0)) {
			return nil, fmt.Errorf("%w: market id %d overflows uint32", ErrInvalidExtension, id)
		}
		if i > 0 && uint32(id) <= reports[i-1].MarketID {
			return nil, fmt.Errorf("%w: market ids not strictly increasing at %d", ErrInvalidExtension, i)
		}
		if price == 0 {
			return nil, fmt.Errorf("%w: zero price for market %d", ErrInvalidExtension, id)
		}
		reports = append(reports, Report{MarketID: uint32(id), Price: price})
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrInvalidExtension, len(rest))
	}
	return reports, nil
}

// readUvarint reads one minimal uvarint.
func readUvarint(bz []byte) (uint64, []byte, error) {
	v, n := binary.Uvarint(bz)
	switch {
	case n == 0:
		return 0, nil, fmt.Errorf("truncated varint")
	case n < 0:
		return 0, nil, fmt.Errorf("varint overflows 64 bits")
	case n != uvarintLen(v):
		return 0, nil, fmt.Errorf("non-minimal varint")
	}
	return v, bz[n:], nil
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
