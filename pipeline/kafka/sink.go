package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/compress"

	"github.com/newsroom/tagger/pipeline"
)

// SinkConfig configures the producer.
type SinkConfig struct {
	Conn
	// Compression: none, gzip, snappy, lz4 or zstd.
	Compression string
	// BatchBytes bounds one record batch; kafka-go's 1 MB default is too
	// small for dead-lettered pages, which carry the whole input. It must
	// not exceed the topics' max.message.bytes. Default MaxMessageBytes.
	BatchBytes int64
	// WriteTimeout bounds one produce request.
	WriteTimeout time.Duration
}

// Sink publishes outputs and returns once the broker has acknowledged all
// of them from every in-sync replica.
type Sink struct {
	w *kafkago.Writer
}

var _ pipeline.Sink = (*Sink)(nil)

// NewSink makes a producer. It spells out every setting whose kafka-go
// default is wrong for us: no acks, a key-blind balancer, a 1 s linger.
func NewSink(cfg SinkConfig) (*Sink, error) {
	t, err := cfg.transport()
	if err != nil {
		return nil, err
	}
	codec, err := compression(cfg.Compression)
	if err != nil {
		return nil, err
	}
	return &Sink{w: &kafkago.Writer{
		Addr:         kafkago.TCP(cfg.Brokers...),
		Transport:    t,
		RequiredAcks: kafkago.RequireAll,
		// Java's default partitioner for keyed records: the same URL lands
		// in the same partition whichever client wrote it.
		Balancer:        &kafkago.Murmur2Balancer{},
		BatchTimeout:    time.Millisecond,
		BatchSize:       1000,
		BatchBytes:      orDefault64(cfg.BatchBytes, MaxMessageBytes),
		MaxAttempts:     3,
		WriteBackoffMin: 50 * time.Millisecond,
		WriteBackoffMax: time.Second,
		WriteTimeout:    orDefaultDur(cfg.WriteTimeout, 30*time.Second),
		ReadTimeout:     orDefaultDur(cfg.WriteTimeout, 30*time.Second),
		Compression:     codec,
		Async:           false, // Async would drop errors on the floor
	}}, nil
}

func compression(name string) (compress.Compression, error) {
	switch name {
	case "", "none":
		return 0, nil
	case "gzip":
		return kafkago.Gzip, nil
	case "snappy":
		return kafkago.Snappy, nil
	case "lz4":
		return kafkago.Lz4, nil
	case "zstd":
		return kafkago.Zstd, nil
	}
	return 0, fmt.Errorf("kafka: unknown compression %q (want none, gzip, snappy, lz4 or zstd)", name)
}

// Publish writes outs and waits for acknowledgement of all of them.
func (s *Sink) Publish(ctx context.Context, outs []pipeline.Output) error {
	msgs := make([]kafkago.Message, len(outs))
	for i, o := range outs {
		msgs[i] = kafkago.Message{Topic: o.Topic, Key: o.Key, Value: o.Value, Headers: toHeaders(o.Headers), Time: o.Time}
	}
	err := s.w.WriteMessages(ctx, msgs...)
	if err == nil {
		return nil
	}
	var werrs kafkago.WriteErrors
	if errors.As(err, &werrs) {
		return fmt.Errorf("kafka: publish: %d of %d records failed, first: %w", werrs.Count(), len(msgs), firstErr(werrs))
	}
	return fmt.Errorf("kafka: publish: %w", err)
}

func firstErr(errs kafkago.WriteErrors) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Close flushes and closes the producer.
func (s *Sink) Close() error { return s.w.Close() }

func orDefault64(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}

// balancer is Java's default partitioner for keyed records, so the same
// URL lands in the same partition whichever client wrote it.
func balancer() kafkago.Balancer { return &kafkago.Murmur2Balancer{} }
