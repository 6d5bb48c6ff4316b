// Package tomlconf is what the sidecars' TOML configs share: strict
// decoding (an unknown key is an error, never a silent default) with
// line-and-column messages, and durations written as "500ms".
package tomlconf

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Duration is a time.Duration written as "500ms" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// DecodeStrict decodes bz into v, refusing unknown keys and naming the
// line and column of a bad value.
func DecodeStrict(bz []byte, v any) error {
	dec := toml.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return fmt.Errorf("unknown keys:\n%s", strict.String())
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return fmt.Errorf("line %d column %d: %s", row, col, de.Error())
		}
		return err
	}
	return nil
}

// Validator is a config that checks itself.
type Validator interface{ Validate() error }

// Parse decodes bz strictly into a T and validates it.
func Parse[T Validator](bz []byte) (T, error) {
	var cfg T
	if err := DecodeStrict(bz, &cfg); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// Load reads, decodes and validates a TOML file, naming the file in errors.
func Load[T Validator](path string) (T, error) {
	var zero T
	bz, err := os.ReadFile(path)
	if err != nil {
		return zero, fmt.Errorf("config: %w", err)
	}
	cfg, err := Parse[T](bz)
	if err != nil {
		return zero, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// CheckHostPort checks a host:port address with a port in 1-65535.
func CheckHostPort(name, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%s %q: want host:port with a port in 1-65535", name, addr)
	}
	return nil
}
