package pricefeeder

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the feeder's Prometheus metrics; a nil *Metrics records nothing.
type Metrics struct {
	price          *prometheus.GaugeVec
	providers      *prometheus.GaugeVec
	skipped        *prometheus.GaugeVec
	quotes         *prometheus.CounterVec
	providerErrors *prometheus.CounterVec
	pollSeconds    prometheus.Histogram
	requests       *prometheus.CounterVec
}

// NewMetrics registers the metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		price:          prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "pricefeeder_price_usd", Help: "Latest aggregated price per market."}, []string{"market"}),
		providers:      prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "pricefeeder_price_providers", Help: "Providers behind each market's latest price."}, []string{"market"}),
		skipped:        prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "pricefeeder_market_skipped", Help: "1 when a market had no usable price at the last poll."}, []string{"market"}),
		quotes:         prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pricefeeder_quotes_total", Help: "Quotes received per provider."}, []string{"provider"}),
		providerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pricefeeder_provider_errors_total", Help: "Failed provider calls."}, []string{"provider"}),
		pollSeconds:    prometheus.NewHistogram(prometheus.HistogramOpts{Name: "pricefeeder_poll_seconds", Help: "Duration of a poll of all providers.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
		requests:       prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pricefeeder_grpc_requests_total", Help: "Price requests from the node, by result."}, []string{"result"}),
	}
	reg.MustRegister(m.price, m.providers, m.skipped, m.quotes, m.providerErrors, m.pollSeconds, m.requests)
	return m
}

func (m *Metrics) observeProvider(name string, quotes int, err error) {
	if m == nil {
		return
	}
	m.quotes.WithLabelValues(name).Add(float64(quotes))
	if err != nil {
		m.providerErrors.WithLabelValues(name).Inc()
	}
}

func (m *Metrics) observePoll(d time.Duration, prices map[string]Aggregated, skipped map[string]string) {
	if m == nil {
		return
	}
	m.pollSeconds.Observe(d.Seconds())
	for sym, a := range prices {
		f, _ := a.Price.Float64()
		m.price.WithLabelValues(sym).Set(f)
		m.providers.WithLabelValues(sym).Set(float64(a.Providers))
		m.skipped.WithLabelValues(sym).Set(0)
	}
	for sym := range skipped {
		m.skipped.WithLabelValues(sym).Set(1)
	}
}

func (m *Metrics) observeRequest(result string) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(result).Inc()
}
