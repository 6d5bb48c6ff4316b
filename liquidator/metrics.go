package liquidator

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the liquidator's Prometheus metrics.
type Metrics struct {
	tracked      *prometheus.GaugeVec
	unsafe       *prometheus.GaugeVec
	sent         *prometheus.CounterVec
	failed       *prometheus.CounterVec
	profit       prometheus.Counter
	latency      prometheus.Histogram
	latencyBlock prometheus.Histogram
	height       prometheus.Gauge
	nodeUp       prometheus.Gauge
	syncSeconds  prometheus.Gauge
	blockSeconds prometheus.Histogram
}

// NewMetrics registers the metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		tracked: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "liquidator_positions_tracked", Help: "Mirrored positions: lending accounts with debt, vaults."}, []string{"kind"}),
		unsafe:  prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "liquidator_unsafe_found", Help: "Candidates the screen found at the last block."}, []string{"kind"}),
		sent:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "liquidator_txs_sent_total", Help: "Transactions broadcast, by action."}, []string{"action"}),
		failed:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "liquidator_txs_failed_total", Help: "Transactions refused (simulation, check or broadcast), by action."}, []string{"action", "stage"}),
		profit:  prometheus.NewCounter(prometheus.CounterOpts{Name: "liquidator_expected_profit_usd_total", Help: "Profit the exact check expected from sent lending liquidations."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "liquidator_price_to_inclusion_seconds", Help: "From the price that made a position liquidatable landing on chain to our liquidation's block.",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 10),
		}),
		latencyBlock: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "liquidator_price_to_inclusion_blocks", Help: "The same in blocks.", Buckets: []float64{0, 1, 2, 3, 5, 10, 20, 50}}),
		height:       prometheus.NewGauge(prometheus.GaugeOpts{Name: "liquidator_block_height", Help: "Last block processed."}),
		nodeUp:       prometheus.NewGauge(prometheus.GaugeOpts{Name: "liquidator_node_up", Help: "1 while the node answers."}),
		syncSeconds:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "liquidator_initial_sync_seconds", Help: "Duration of the last full sync."}),
		blockSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "liquidator_block_seconds", Help: "Time to process a block.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
	}
	reg.MustRegister(m.tracked, m.unsafe, m.sent, m.failed, m.profit, m.latency, m.latencyBlock, m.height, m.nodeUp, m.syncSeconds, m.blockSeconds)
	return m
}
