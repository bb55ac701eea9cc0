package kafka

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/newsroom/tagger/pipeline"
)

// SourceConfig configures a consumer-group source.
type SourceConfig struct {
	Conn
	// Group is the consumer group id. Instances with one group share the
	// topic's partitions; add instances and partitions to scale out.
	Group string
	// Topics are the input topics.
	Topics []string
	// MaxBytes bounds one fetch response. kafka-go's 1 MB default is
	// smaller than many news pages.
	MaxBytes int
	// MaxWait is how long a fetch waits for new records; kafka-go's 10 s
	// default makes a quiet topic slow to answer a new page.
	MaxWait time.Duration
	// SessionTimeout and RebalanceTimeout: how soon a dead instance's
	// partitions move, and how long a rebalance may take.
	SessionTimeout   time.Duration
	RebalanceTimeout time.Duration
	// HeartbeatInterval must be well under SessionTimeout.
	HeartbeatInterval time.Duration
	// Logger receives client errors.
	Logger *slog.Logger
}

// GroupSource reads a consumer group's partitions. Offsets are committed
// only through Commit, never on read.
type GroupSource struct {
	r   *kafkago.Reader
	log *slog.Logger
}

var _ pipeline.Source = (*GroupSource)(nil)

// NewGroupSource joins the group lazily, on the first Fetch.
func NewGroupSource(cfg SourceConfig) (*GroupSource, error) {
	d, err := cfg.dialer()
	if err != nil {
		return nil, err
	}
	if cfg.Group == "" || len(cfg.Topics) == 0 {
		return nil, errors.New("kafka: a group source needs a group and topics")
	}
	rc := kafkago.ReaderConfig{
		Brokers:                cfg.Brokers,
		GroupID:                cfg.Group,
		GroupTopics:            cfg.Topics,
		Dialer:                 d,
		MinBytes:               1,
		MaxBytes:               orDefault(cfg.MaxBytes, 64<<20),
		MaxWait:                orDefaultDur(cfg.MaxWait, 250*time.Millisecond),
		ReadBatchTimeout:       10 * time.Second,
		CommitInterval:         0, // synchronous: Commit returns once stored
		StartOffset:            kafkago.FirstOffset,
		SessionTimeout:         orDefaultDur(cfg.SessionTimeout, 30*time.Second),
		RebalanceTimeout:       orDefaultDur(cfg.RebalanceTimeout, 30*time.Second),
		HeartbeatInterval:      orDefaultDur(cfg.HeartbeatInterval, 3*time.Second),
		JoinGroupBackoff:       time.Second,
		ReadBackoffMin:         100 * time.Millisecond,
		ReadBackoffMax:         2 * time.Second,
		WatchPartitionChanges:  true,
		PartitionWatchInterval: 5 * time.Second,
	}
	if cfg.Logger != nil {
		log := cfg.Logger
		rc.ErrorLogger = kafkago.LoggerFunc(func(msg string, args ...any) {
			log.Warn("kafka reader: " + fmt.Sprintf(msg, args...))
		})
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &GroupSource{r: kafkago.NewReader(rc), log: log}, nil
}

// Fetch returns the next record of any assigned partition. It blocks
// through broker outages and rebalances: kafka-go reports a broker it
// cannot reach (after a few attempts) or a group it cannot join as an
// error from FetchMessage, yet goes on reconnecting by itself, so such
// errors are logged and the wait goes on. Only a closed reader, ctx, or
// an error no retry can cure (authentication, authorisation) ends it.
func (s *GroupSource) Fetch(ctx context.Context) (pipeline.Record, error) {
	for failures := 1; ; failures++ {
		m, err := s.r.FetchMessage(ctx)
		if err == nil {
			return pipeline.Record{
				Topic: m.Topic, Partition: m.Partition, Offset: m.Offset,
				Key: m.Key, Value: m.Value, Headers: fromHeaders(m.Headers), Time: m.Time,
				HighWaterMark: m.HighWaterMark,
			}, nil
		}
		if ctx.Err() != nil || errors.Is(err, io.EOF) || fatal(err) {
			return pipeline.Record{}, fmt.Errorf("kafka: fetch: %w", err)
		}
		// kafka-go paces its reconnects; this pause only keeps a reader
		// that fails at once, again and again, from spinning.
		pause := min(time.Duration(failures)*100*time.Millisecond, 2*time.Second)
		s.log.Warn("kafka: fetch failed; the reader reconnects, waiting", "failures", failures, "pause", pause, "err", err)
		select {
		case <-ctx.Done():
			return pipeline.Record{}, fmt.Errorf("kafka: fetch: %w", err)
		case <-time.After(pause):
		}
	}
}

// fatal reports errors that waiting cannot cure: the broker refuses who
// we are or what we ask for. Everything else (refused connections,
// coordinator moves, rebalances) passes once the cluster is back.
func fatal(err error) bool {
	var kerr kafkago.Error
	if !errors.As(err, &kerr) {
		return false
	}
	switch kerr {
	case kafkago.SASLAuthenticationFailed, kafkago.UnsupportedSASLMechanism, kafkago.IllegalSASLState,
		kafkago.TopicAuthorizationFailed, kafkago.GroupAuthorizationFailed, kafkago.ClusterAuthorizationFailed:
		return true
	}
	return false
}

// Commit stores the next offsets to read. kafka-go commits one past the
// message it is given, hence the -1.
func (s *GroupSource) Commit(ctx context.Context, offs []pipeline.Offset) error {
	msgs := make([]kafkago.Message, len(offs))
	for i, o := range offs {
		msgs[i] = kafkago.Message{Topic: o.Topic, Partition: o.Partition, Offset: o.Offset - 1}
	}
	if err := s.r.CommitMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("kafka: commit: %w", err)
	}
	return nil
}

// Close leaves the group. kafka-go's Close can hang on an unreachable
// broker, so it is bounded by timeout.
func (s *GroupSource) Close(timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- s.r.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("kafka: reader close timed out after %s", timeout)
	}
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func orDefaultDur(v, def time.Duration) time.Duration {
	if v > 0 {
		return v
	}
	return def
}
