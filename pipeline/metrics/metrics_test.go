package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
)

// TestPipelineMetrics feeds the observer what Run and Process report and
// reads the registry back in the exposition format.
func TestPipelineMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg)

	m.Fetched(pipeline.Record{Topic: "pages.raw", Partition: 1, Offset: 40, HighWaterMark: 50}, 1)
	m.Fetched(pipeline.Record{Topic: "pages.raw", Partition: 2, Offset: 7}, 2) // no high-water mark known
	m.StageDone(models.StageDecode, 2*time.Millisecond)
	m.PublishFailed(nil, nil)
	m.Published([]pipeline.Output{
		{Topic: "pages.tagged"},
		{Topic: "pages.deadletter", DeadLetter: &pipeline.StageError{Stage: models.StageExtract, Reason: models.ReasonNotArticle}},
	}, 30*time.Millisecond, 0)
	m.GazetteerLoaded("gold", 10)
	m.GazetteerLoaded("gnew", 12) // a reload replaces the version label
	m.Reloaded(true)
	m.Reloaded(false)
	m.BrokerUp(true)

	want := `
# HELP tagger_consumer_lag Records behind the partition's high-water mark at the last fetch.
# TYPE tagger_consumer_lag gauge
tagger_consumer_lag{partition="1",topic="pages.raw"} 9
# HELP tagger_gazetteer_entities Entities in the loaded gazetteer.
# TYPE tagger_gazetteer_entities gauge
tagger_gazetteer_entities 12
# HELP tagger_gazetteer_info The loaded gazetteer's version, as a label; the value is 1.
# TYPE tagger_gazetteer_info gauge
tagger_gazetteer_info{version="gnew"} 1
# HELP tagger_gazetteer_reloads_total Gazetteer reloads (SIGHUP or a changed file), by result: ok or failed.
# TYPE tagger_gazetteer_reloads_total counter
tagger_gazetteer_reloads_total{result="failed"} 1
tagger_gazetteer_reloads_total{result="ok"} 1
# HELP tagger_in_flight Records fetched and not yet published.
# TYPE tagger_in_flight gauge
tagger_in_flight 0
# HELP tagger_pages_consumed_total Input records fetched from the input topic (re-reads after a restart or rebalance count again).
# TYPE tagger_pages_consumed_total counter
tagger_pages_consumed_total 2
# HELP tagger_pages_published_total Tagged events acknowledged by the broker.
# TYPE tagger_pages_published_total counter
tagger_pages_published_total 1
# HELP tagger_publish_failures_total Publish attempts that failed and were retried.
# TYPE tagger_publish_failures_total counter
tagger_publish_failures_total 1
# HELP tagger_broker_up 1 if the last broker check (a metadata request) succeeded, else 0.
# TYPE tagger_broker_up gauge
tagger_broker_up 1
`
	names := []string{"tagger_consumer_lag", "tagger_gazetteer_entities", "tagger_gazetteer_info", "tagger_gazetteer_reloads_total",
		"tagger_in_flight", "tagger_pages_consumed_total", "tagger_pages_published_total", "tagger_publish_failures_total", "tagger_broker_up"}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if got := testutil.ToFloat64(m.deadLettered.WithLabelValues(models.ReasonNotArticle)); got != 1 {
		t.Errorf("not_article dead letters = %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.deadLettered.WithLabelValues(models.ReasonBadJSON)); got != 0 {
		t.Errorf("bad_json dead letters = %v, want 0", got)
	}
	if n := testutil.CollectAndCount(m.stageSeconds); n != 5 {
		t.Errorf("%d stage series, want 5 (decode, extract, tag, encode, publish) from the start", n)
	}
}
