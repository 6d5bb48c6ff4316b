package pricefeeder

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	sdkmath "cosmossdk.io/math"
)

// maxAdminBody bounds admin request bodies.
const maxAdminBody = 64 << 10

// NewHTTPHandler serves /metrics, /healthz and the admin API:
//
//	GET    /admin/state               feeder status (prices, overrides, scenario)
//	POST   /admin/price               {"symbol":"ATOM","price":"4.20"}: set a manual price
//	DELETE /admin/price/{symbol}      clear a manual price
//	POST   /admin/scenario            {"file":"path.csv","speed":1}: replay a path from now
//	DELETE /admin/scenario            stop the scenario
//
// The admin API changes what this validator reports: listen on loopback only.
func NewHTTPHandler(f *Feeder, gatherer prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		st := f.Status()
		code := http.StatusOK
		if !st.Healthy {
			code = http.StatusServiceUnavailable
		}
		writeJSON(w, code, st)
	})
	mux.HandleFunc("GET /admin/state", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, f.Status())
	})
	mux.HandleFunc("POST /admin/price", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Symbol string `json:"symbol"`
			Price  string `json:"price"`
		}
		if err := decodeBody(r, &req); err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		price, err := sdkmath.LegacyNewDecFromStr(strings.TrimSpace(req.Price))
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("price %q: %w", req.Price, err))
			return
		}
		if !f.knows(req.Symbol) {
			writeError(w, http.StatusBadRequest, fmt.Errorf("unknown market %q (configured: %s)", req.Symbol, strings.Join(f.markets, ", ")))
			return
		}
		if err := f.manual.Set(req.Symbol, price); err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		f.log.Info("manual price set", "market", req.Symbol, "price", price.String())
		f.Poll(r.Context()) // publish now, not at the next tick
		writeJSON(w, http.StatusOK, f.Status())
	})
	mux.HandleFunc("DELETE /admin/price/{symbol}", func(w http.ResponseWriter, r *http.Request) {
		symbol := r.PathValue("symbol")
		if !f.manual.Clear(symbol) {
			writeError(w, http.StatusNotFound, fmt.Errorf("no manual price for %q", symbol))
			return
		}
		f.log.Info("manual price cleared", "market", symbol)
		f.Poll(r.Context())
		writeJSON(w, http.StatusOK, f.Status())
	})
	mux.HandleFunc("POST /admin/scenario", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			File  string  `json:"file"`
			Speed float64 `json:"speed"`
		}
		if err := decodeBody(r, &req); err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		if req.Speed == 0 {
			req.Speed = 1
		}
		sc, err := LoadScenario(req.File, req.Speed, f.now)
		if err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		f.SetScenario(sc)
		f.log.Info("scenario started", "file", req.File, "speed", req.Speed, "markets", sc.Markets())
		f.Poll(r.Context())
		writeJSON(w, http.StatusOK, f.Status())
	})
	mux.HandleFunc("DELETE /admin/scenario", func(w http.ResponseWriter, r *http.Request) {
		f.SetScenario(nil)
		f.log.Info("scenario stopped")
		f.Poll(r.Context())
		writeJSON(w, http.StatusOK, f.Status())
	})
	return mux
}

func (f *Feeder) knows(symbol string) bool {
	for _, m := range f.markets {
		if m == symbol {
			return true
		}
	}
	return false
}

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxAdminBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad request body: %w", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, map[string]string{"error": err.Error()})
}
