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
	// MaxWait bounds a fetch, as fetchMaxWait says; zero means
	// fetchMaxWait. Just over 1 s is a poor choice: the broker is then
	// asked to wait only MaxWait less 1 s, and an idle partition is
	// polled almost without pause.
	MaxWait time.Duration
	// SessionTimeout and RebalanceTimeout: how soon a dead instance's
	// partitions move, and how long a rebalance may take.
	SessionTimeout   time.Duration
	RebalanceTimeout time.Duration
	// HeartbeatInterval must be well under both: zero means a third of
	// the shorter, at most 3 s. A member learns of a rebalance only from
	// its next heartbeat, and one that has not rejoined within
	// RebalanceTimeout is dropped from the group: it rejoins as a new
	// member, which starts yet another rebalance, and the commits it had
	// waiting go out in a later generation, for partitions it may no
	// longer have.
	HeartbeatInterval time.Duration
	// Logger receives client errors.
	Logger *slog.Logger
}

// fetchMaxWait is the MaxWait of the kafka-go readers here. kafka-go uses
// it twice: the broker may hold a fetch for MaxWait less a margin (1 s,
// or MaxWait/4 when MaxWait is under 1 s) when the partition has nothing
// new, and the reader gives up on the response MaxWait after sending the
// request. A response (its header and first batch) any later is an i/o
// timeout: the reader drops the connection, reconnects and asks again
// from the same offset. At 250 ms, a partition with a backlog of a few MB
// (after a rebalance, or behind a slow consumer) on a busy broker timed
// out on every fetch and never caught up, while the backlog, and so each
// response, grew: in the rebalance test on the embedded broker under
// -race, partitions stalled for a minute at a time, with hundreds of
// reconnects. 1.5 s gives such a response 1.5 s and an empty poll a 1 s
// margin. Waiting longer costs no latency, since the broker answers as
// soon as a record arrives (MinBytes 1), but a reader blocked in a fetch
// notices a rebalance or Close only when the fetch returns: an idle
// partition's reader takes up to 0.5 s, well within a rebalance timeout.
const fetchMaxWait = 1500 * time.Millisecond

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
	session := orDefaultDur(cfg.SessionTimeout, 30*time.Second)
	rebalance := orDefaultDur(cfg.RebalanceTimeout, 30*time.Second)
	rc := kafkago.ReaderConfig{
		Brokers:                cfg.Brokers,
		GroupID:                cfg.Group,
		GroupTopics:            cfg.Topics,
		Dialer:                 d,
		MinBytes:               1,
		MaxBytes:               orDefault(cfg.MaxBytes, 64<<20),
		MaxWait:                orDefaultDur(cfg.MaxWait, fetchMaxWait),
		ReadBatchTimeout:       10 * time.Second,
		CommitInterval:         0, // synchronous: Commit returns once stored
		StartOffset:            kafkago.FirstOffset,
		SessionTimeout:         session,
		RebalanceTimeout:       rebalance,
		HeartbeatInterval:      orDefaultDur(cfg.HeartbeatInterval, min(3*time.Second, session/3, rebalance/3)),
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
