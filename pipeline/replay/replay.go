// Package replay re-tags a window of history: the same decode, extract,
// tag and encode stages as the live service, fed by a bounded source (a
// window of offsets read straight from the partitions) instead of a
// consumer group.
//
// It adds what a long, bounded run needs and a live stream does not: a
// deterministic replay id, a checkpoint file to resume from, a rate limit
// so a replay does not starve the live stream, and progress reporting.
// It knows nothing of Kafka: pipeline/kafka supplies the source, and
// cmd/tagger wires the two.
package replay

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/newsroom/tagger/models"
)

// Request is what an operator asks of a replay. Its ID depends on nothing
// else, so running the same request again (same window, same gazetteer,
// same code) gives the same id, the same events and the same checkpoint.
type Request struct {
	// Topic is read; Output receives the events.
	Topic, Output string
	// Retag re-tags stored tagged events instead of raw pages.
	Retag bool
	// From and To bound the window by time; Partitions and Offsets by
	// partition and offset, as given (before resolving).
	From, To   *time.Time
	Partitions []int
	Offsets    []models.OffsetRange
	// GazetteerVersion and PipelineVersion are the tagging's versions.
	GazetteerVersion, PipelineVersion string
}

// ID is the replay id: "r-" and 16 hex digits of a hash of the request.
func (r Request) ID() string {
	b, _ := json.Marshal(struct {
		Request
		From, To string
	}{r, stamp(r.From), stamp(r.To)})
	sum := sha256.Sum256(b)
	return "r-" + hex.EncodeToString(sum[:8])
}

// stamp writes a time in UTC, so 12:00+06:00 and 06:00Z are one window.
func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Metadata is the replay block stamped on every event of the replay.
func (r Request) Metadata(id string, ranges []models.OffsetRange) *models.Replay {
	return &models.Replay{ID: id, Topic: r.Topic, Retag: r.Retag, From: utc(r.From), To: utc(r.To), Ranges: ranges}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
