package pipeline

import (
	"time"

	"github.com/newsroom/tagger/models"
)

// Record is one input record, as the Source read it.
type Record struct {
	Topic     string
	Partition int
	Offset    int64
	Key       []byte
	Value     []byte
	Headers   []models.Header
	Time      time.Time
	// HighWaterMark is the partition's end offset when the record was
	// fetched, if the source knows it (0 otherwise): the consumer lag is
	// HighWaterMark - Offset - 1.
	HighWaterMark int64
}

// Header returns the value of the first header named key, compared
// case-insensitively as HTTP does, since scrapers spell them both ways.
func (r Record) Header(key string) (string, bool) {
	for _, h := range r.Headers {
		if equalFold(h.Key, key) {
			return string(h.Value), true
		}
	}
	return "", false
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Output is one record to publish: a tagged event or a dead letter.
type Output struct {
	Topic   string
	Key     []byte
	Value   []byte
	Headers []models.Header
	// Time is the record's timestamp; zero lets the producer stamp it.
	Time time.Time
	// DeadLetter is set when the output is a dead-letter record.
	DeadLetter *StageError
}

// Offset is the next offset to read in one partition: what a commit stores.
type Offset struct {
	Topic     string
	Partition int
	Offset    int64
}
