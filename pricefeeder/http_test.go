package pricefeeder

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

type httpFixture struct {
	clk     *lockedClock
	feeder  *Feeder
	handler http.Handler
}

// newHTTPFixture serves a feeder over three fake providers (ATOM 10.2,
// ETH 3005, BTC 100000 once polled) with its own metrics registry.
func newHTTPFixture(t *testing.T) *httpFixture {
	t.Helper()
	clk := newLockedClock()
	reg := prometheus.NewRegistry()
	f := newTestFeeder(clk, 1, reg, threeProviders(clk)...)
	return &httpFixture{clk: clk, feeder: f, handler: NewHTTPHandler(f, reg)}
}

func (fx *httpFixture) do(t *testing.T, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	fx.handler.ServeHTTP(rec, req)
	return rec
}

func decodeStatus(t *testing.T, rec *httptest.ResponseRecorder) Status {
	t.Helper()
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var st Status
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &st), rec.Body.String())
	return st
}

// requireJSONError asserts an error answer: the code and {"error": "...want..."}.
func requireJSONError(t *testing.T, rec *httptest.ResponseRecorder, code int, want string) {
	t.Helper()
	require.Equal(t, code, rec.Code, rec.Body.String())
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var body map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	require.Len(t, body, 1, rec.Body.String())
	require.Contains(t, body["error"], want)
}

func TestHTTPHealthz(t *testing.T) {
	fx := newHTTPFixture(t)

	rec := fx.do(t, http.MethodGet, "/healthz", "")
	require.Equal(t, http.StatusServiceUnavailable, rec.Code, "unhealthy before the first poll")
	require.False(t, decodeStatus(t, rec).Healthy)

	fx.feeder.Poll(t.Context())
	rec = fx.do(t, http.MethodGet, "/healthz", "")
	require.Equal(t, http.StatusOK, rec.Code)
	st := decodeStatus(t, rec)
	require.True(t, st.Healthy)
	require.Equal(t, []string{"ATOM", "BTC", "ETH"}, st.Priced)

	fx.clk.Advance(feederMaxAge + time.Second)
	rec = fx.do(t, http.MethodGet, "/healthz", "")
	require.Equal(t, http.StatusServiceUnavailable, rec.Code, "unhealthy once the poll is stale")
}

func TestHTTPAdminState(t *testing.T) {
	fx := newHTTPFixture(t)
	fx.feeder.Poll(t.Context())
	rec := fx.do(t, http.MethodGet, "/admin/state", "")
	require.Equal(t, http.StatusOK, rec.Code)
	st := decodeStatus(t, rec)
	require.Equal(t, fx.clk.Now(), st.LastPoll)
	require.Equal(t, []string{"ATOM", "BTC", "ETH"}, st.Priced)
}

func TestHTTPSetAndClearManualPrice(t *testing.T) {
	fx := newHTTPFixture(t)
	fx.feeder.Poll(t.Context())

	rec := fx.do(t, http.MethodPost, "/admin/price", `{"symbol":"ATOM","price":" 4.20 "}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, "4.200000000000000000", decodeStatus(t, rec).Manual["ATOM"])
	// Published at once, without waiting for the next tick.
	require.Equal(t, "4.2", pricesOf(fx.feeder, "ATOM")["ATOM"])

	rec = fx.do(t, http.MethodDelete, "/admin/price/ATOM", "")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Empty(t, decodeStatus(t, rec).Manual)
	require.Equal(t, "10.2", pricesOf(fx.feeder, "ATOM")["ATOM"], "back to the providers at once")

	requireJSONError(t, fx.do(t, http.MethodDelete, "/admin/price/ATOM", ""), http.StatusNotFound, `no manual price for "ATOM"`)
	requireJSONError(t, fx.do(t, http.MethodDelete, "/admin/price/NOPE", ""), http.StatusNotFound, `"NOPE"`)
}

func TestHTTPSetManualPriceRejectsBadRequests(t *testing.T) {
	// Padding inside the object pushes the closing brace past the 64 KiB
	// limit: the whole body would be valid JSON if it were read in full.
	oversized := `{"symbol":"ATOM",` + strings.Repeat(" ", maxAdminBody) + `"price":"4.2"}`
	cases := []struct {
		name string
		body string
		want string
	}{
		{"unknown market", `{"symbol":"SOL","price":"1"}`, `unknown market "SOL"`},
		{"market is case sensitive", `{"symbol":"atom","price":"1"}`, "unknown market"},
		{"missing symbol", `{"price":"1"}`, "unknown market"},
		{"bad JSON", `{"symbol":"ATOM","price":`, "bad request body"},
		{"not an object", `["ATOM","1"]`, "bad request body"},
		{"empty body", ``, "bad request body"},
		{"unknown field", `{"symbol":"ATOM","price":"1","expires":"1h"}`, "expires"},
		{"price as a number", `{"symbol":"ATOM","price":4.2}`, "bad request body"},
		{"bad price", `{"symbol":"ATOM","price":"four"}`, `price "four"`},
		{"missing price", `{"symbol":"ATOM"}`, `price ""`},
		{"zero price", `{"symbol":"ATOM","price":"0"}`, "must be positive"},
		{"negative price", `{"symbol":"ATOM","price":"-1"}`, "must be positive"},
		{"oversized body", oversized, "bad request body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := newHTTPFixture(t)
			requireJSONError(t, fx.do(t, http.MethodPost, "/admin/price", tc.body), http.StatusBadRequest, tc.want)
			require.Empty(t, fx.feeder.Manual().Snapshot(), "a rejected request sets nothing")
		})
	}
}

func TestHTTPAdminRoutesCheckTheMethod(t *testing.T) {
	fx := newHTTPFixture(t)
	require.Equal(t, http.StatusMethodNotAllowed, fx.do(t, http.MethodGet, "/admin/price", "").Code)
	require.Equal(t, http.StatusMethodNotAllowed, fx.do(t, http.MethodGet, "/admin/scenario", "").Code)
	require.Equal(t, http.StatusMethodNotAllowed, fx.do(t, http.MethodPost, "/healthz", "").Code)
}

func TestHTTPScenario(t *testing.T) {
	fx := newHTTPFixture(t)
	fx.feeder.Poll(t.Context())
	path := writeFile(t, "path.csv", validScenarioCSV) // ATOM 10 → 6.5 over 60 s

	rec := fx.do(t, http.MethodPost, "/admin/scenario", `{"file":`+jsonString(path)+`,"speed":60}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, path, decodeStatus(t, rec).Scenario)
	sc := fx.feeder.ActiveScenario()
	require.NotNil(t, sc)
	require.Equal(t, "10", pricesOf(fx.feeder, "ATOM")["ATOM"], "published at once")

	// At speed 60 one second is the whole path.
	fx.clk.Advance(time.Second)
	fx.feeder.Poll(t.Context())
	require.Equal(t, "6.5", pricesOf(fx.feeder, "ATOM")["ATOM"])
	require.Equal(t, "3005", pricesOf(fx.feeder, "ETH")["ETH"], "markets outside the scenario keep their providers")

	rec = fx.do(t, http.MethodDelete, "/admin/scenario", "")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Empty(t, decodeStatus(t, rec).Scenario)
	require.Nil(t, fx.feeder.ActiveScenario())
	require.Equal(t, "10.2", pricesOf(fx.feeder, "ATOM")["ATOM"])
}

func TestHTTPScenarioSpeedDefaultsToRealTime(t *testing.T) {
	fx := newHTTPFixture(t)
	path := writeFile(t, "path.csv", validScenarioCSV)
	rec := fx.do(t, http.MethodPost, "/admin/scenario", `{"file":`+jsonString(path)+`}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	fx.clk.Advance(30 * time.Second)
	require.Equal(t, 30*time.Second, fx.feeder.ActiveScenario().Elapsed())
}

func TestHTTPScenarioRejectsBadRequests(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.csv")
	bad := writeFile(t, "bad.csv", "t,market,price\n0,ATOM,1\n")
	good := writeFile(t, "good.csv", validScenarioCSV)
	cases := []struct {
		name string
		body string
		want string
	}{
		{"missing file", `{"file":` + jsonString(missing) + `}`, missing},
		{"no file", `{}`, "scenario"},
		{"malformed file", `{"file":` + jsonString(bad) + `}`, "header"},
		{"negative speed", `{"file":` + jsonString(good) + `,"speed":-2}`, "speed"},
		{"unknown field", `{"file":` + jsonString(good) + `,"loop":true}`, "loop"},
		{"bad JSON", `{"file":`, "bad request body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := newHTTPFixture(t)
			requireJSONError(t, fx.do(t, http.MethodPost, "/admin/scenario", tc.body), http.StatusBadRequest, tc.want)
			require.Nil(t, fx.feeder.ActiveScenario())
		})
	}
}

func TestHTTPMetrics(t *testing.T) {
	fx := newHTTPFixture(t)
	fx.feeder.Poll(t.Context())
	rec := fx.do(t, http.MethodGet, "/metrics", "")
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	require.Contains(t, body, `pricefeeder_price_usd{market="ATOM"} 10.2`)
	require.Contains(t, body, `pricefeeder_price_usd{market="BTC"} 100000`)
	require.Contains(t, body, `pricefeeder_price_providers{market="ATOM"} 3`)
	require.Contains(t, body, `pricefeeder_poll_seconds_count 1`)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
