package pricefeeder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Admin calls a running feeder's admin API (served by NewHTTPHandler at
// base, e.g. http://127.0.0.1:7172) and returns its JSON answer. body, when
// not nil, is sent as JSON. A refusal is an error carrying the feeder's own
// message. The CLI's `price`, `scenario` and `state` commands and the load
// generator's price shocks all go through here.
func Admin(ctx context.Context, base, method, path string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		bz, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(bz)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("feeder admin API at %s: %w", base, err)
	}
	defer func() { _ = resp.Body.Close() }()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(out, &e) == nil && e.Error != "" {
			return nil, errors.New(e.Error)
		}
		return nil, fmt.Errorf("%s %s: HTTP %s", method, path, strconv.Itoa(resp.StatusCode))
	}
	return out, nil
}
