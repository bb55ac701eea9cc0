// Package metrics exports what the pipeline does as Prometheus metrics.
// Pipeline implements pipeline.Observer, so the pipeline itself never
// imports Prometheus; the service registers it on a registry of its own
// (no global registry) and serves that on /metrics.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
)

// Pipeline holds the service's metrics. It is safe for concurrent use.
type Pipeline struct {
	consumed        prometheus.Counter
	published       prometheus.Counter
	deadLettered    *prometheus.CounterVec
	publishFailures prometheus.Counter
	stageSeconds    *prometheus.HistogramVec
	lag             *prometheus.GaugeVec
	inFlight        prometheus.Gauge
	gazetteerInfo   *prometheus.GaugeVec
	gazetteerSize   prometheus.Gauge
	reloads         *prometheus.CounterVec
	brokerUp        prometheus.Gauge
}

var _ pipeline.Observer = (*Pipeline)(nil)

// Reasons are the dead-letter reasons, whose series exist from the start
// (at 0), so that rate() and alerts see the first one.
var reasons = []string{
	models.ReasonBadJSON, models.ReasonMissingURL, models.ReasonEmpty, models.ReasonNotHTML,
	models.ReasonBadEncoding, models.ReasonTooLarge, models.ReasonNotArticle, models.ReasonInternal,
}

// stages are the stages timed, in pipeline order.
var stages = []string{models.StageDecode, models.StageExtract, models.StageTag, models.StageEncode, pipeline.StagePublish}

// New makes the metrics and registers them on reg.
func New(reg prometheus.Registerer) *Pipeline {
	m := &Pipeline{
		consumed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tagger_pages_consumed_total",
			Help: "Input records fetched from the input topic (re-reads after a restart or rebalance count again).",
		}),
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tagger_pages_published_total",
			Help: "Tagged events acknowledged by the broker.",
		}),
		deadLettered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tagger_pages_dead_lettered_total",
			Help: "Dead-letter records acknowledged by the broker, by reason.",
		}, []string{"reason"}),
		publishFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tagger_publish_failures_total",
			Help: "Publish attempts that failed and were retried.",
		}),
		stageSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tagger_stage_duration_seconds",
			Help: "Time per record in decode, extract, tag and encode, and per batch in publish.",
			// 50 µs (decoding a small envelope) to 10 s (a stalled publish).
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"stage"}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tagger_consumer_lag",
			Help: "Records behind the partition's high-water mark at the last fetch.",
		}, []string{"topic", "partition"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tagger_in_flight",
			Help: "Records fetched and not yet published.",
		}),
		gazetteerInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tagger_gazetteer_info",
			Help: "The loaded gazetteer's version, as a label; the value is 1.",
		}, []string{"version"}),
		gazetteerSize: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tagger_gazetteer_entities",
			Help: "Entities in the loaded gazetteer.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tagger_gazetteer_reloads_total",
			Help: "Gazetteer reloads (SIGHUP or a changed file), by result: ok or failed.",
		}, []string{"result"}),
		brokerUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tagger_broker_up",
			Help: "1 if the last broker check (a metadata request) succeeded, else 0.",
		}),
	}
	reg.MustRegister(m.consumed, m.published, m.deadLettered, m.publishFailures, m.stageSeconds,
		m.lag, m.inFlight, m.gazetteerInfo, m.gazetteerSize, m.reloads, m.brokerUp)
	for _, r := range reasons {
		m.deadLettered.WithLabelValues(r)
	}
	for _, s := range stages {
		m.stageSeconds.WithLabelValues(s)
	}
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("failed")
	return m
}

// Fetched counts a consumed record and sets its partition's lag.
func (m *Pipeline) Fetched(rec pipeline.Record, inFlight int) {
	m.consumed.Inc()
	m.inFlight.Set(float64(inFlight))
	if rec.HighWaterMark > 0 {
		m.lag.WithLabelValues(rec.Topic, strconv.Itoa(rec.Partition)).Set(float64(max(rec.HighWaterMark-rec.Offset-1, 0)))
	}
}

// StageDone observes one stage's time for one record.
func (m *Pipeline) StageDone(stage string, took time.Duration) {
	m.stageSeconds.WithLabelValues(stage).Observe(took.Seconds())
}

// Published counts an acknowledged batch's events and dead letters.
func (m *Pipeline) Published(outs []pipeline.Output, took time.Duration, inFlight int) {
	m.stageSeconds.WithLabelValues(pipeline.StagePublish).Observe(took.Seconds())
	m.inFlight.Set(float64(inFlight))
	events := 0
	for _, o := range outs {
		if o.DeadLetter != nil {
			m.deadLettered.WithLabelValues(o.DeadLetter.Reason).Inc()
			continue
		}
		events++
	}
	m.published.Add(float64(events))
}

// PublishFailed counts a failed publish attempt.
func (m *Pipeline) PublishFailed([]pipeline.Output, error) { m.publishFailures.Inc() }

// GazetteerLoaded reports the gazetteer now in use.
func (m *Pipeline) GazetteerLoaded(version string, entities int) {
	m.gazetteerInfo.Reset()
	m.gazetteerInfo.WithLabelValues(version).Set(1)
	m.gazetteerSize.Set(float64(entities))
}

// Reloaded counts a gazetteer reload attempt.
func (m *Pipeline) Reloaded(ok bool) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.reloads.WithLabelValues(result).Inc()
}

// BrokerUp reports the result of a broker check.
func (m *Pipeline) BrokerUp(up bool) {
	v := 0.0
	if up {
		v = 1
	}
	m.brokerUp.Set(v)
}
