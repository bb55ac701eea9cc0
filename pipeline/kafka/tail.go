package kafka

import (
	"context"
	"fmt"
	"sync"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/newsroom/tagger/pipeline"
)

// Tail reads every partition of the topics directly, outside any consumer
// group, from the first offset (or from the end when fromEnd), calling fn
// for each record until ctx is done or fn returns an error. Records of one
// partition arrive in order; fn is never called concurrently. It is how
// the demo and the tests read what the service published, without
// touching any group's offsets.
func Tail(ctx context.Context, conn Conn, topics []string, fromEnd bool, fn func(pipeline.Record) error) error {
	d, err := conn.dialer()
	if err != nil {
		return err
	}
	type tp struct {
		topic     string
		partition int
	}
	var parts []tp
	for _, topic := range topics {
		c, err := d.DialContext(ctx, "tcp", conn.Brokers[0])
		if err != nil {
			return fmt.Errorf("kafka: tail %s: %w", topic, err)
		}
		ps, err := c.ReadPartitions(topic)
		c.Close()
		if err != nil {
			return fmt.Errorf("kafka: tail %s: partitions: %w", topic, err)
		}
		for _, p := range ps {
			parts = append(parts, tp{p.Topic, p.ID})
		}
	}
	start := kafkago.FirstOffset
	if fromEnd {
		start = kafkago.LastOffset
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var fnErr error
	var wg sync.WaitGroup
	for _, p := range parts {
		r := kafkago.NewReader(kafkago.ReaderConfig{
			Brokers: conn.Brokers, Topic: p.topic, Partition: p.partition, Dialer: d,
			MinBytes: 1, MaxBytes: 64 << 20, MaxWait: 250 * time.Millisecond, StartOffset: start,
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer closeReader(r)
			for {
				m, err := r.ReadMessage(ctx) // no group: nothing is committed
				if err != nil {
					return
				}
				mu.Lock()
				if fnErr == nil {
					fnErr = fn(pipeline.Record{
						Topic: m.Topic, Partition: m.Partition, Offset: m.Offset,
						Key: m.Key, Value: m.Value, Headers: fromHeaders(m.Headers), Time: m.Time,
					})
					if fnErr != nil {
						cancel()
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if fnErr != nil {
		return fnErr
	}
	return ctx.Err()
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
