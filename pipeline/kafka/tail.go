package kafka

import (
	"context"
	"fmt"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
)

// Tail reads every partition of the topics directly, outside any consumer
// group, from the first offset (or from the end when fromEnd), calling fn
// for each record until ctx is done or fn returns an error. Records of one
// partition arrive in order; fn is never called concurrently. It is how
// the demo and the tests read what the service published, without
// touching any group's offsets.
func Tail(ctx context.Context, conn Conn, topics []string, fromEnd bool, fn func(pipeline.Record) error) error {
	windows := map[string][]models.OffsetRange{}
	for _, topic := range topics {
		ranges, err := ResolveWindow(ctx, conn, WindowSpec{Topic: topic})
		if err != nil {
			return fmt.Errorf("kafka: tail %s: %w", topic, err)
		}
		for i := range ranges {
			if fromEnd {
				ranges[i].Start = ranges[i].End
			}
			ranges[i].End = Unbounded
		}
		windows[topic] = ranges
	}
	src, err := newRangeSource(conn, windows, nil)
	if err != nil {
		return err
	}
	defer src.Close()
	for {
		r, err := src.Fetch(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

// closeReader closes a reader without waiting on a broker that is gone.
func closeReader(r *kafkago.Reader) {
	done := make(chan struct{})
	go func() { r.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
}
