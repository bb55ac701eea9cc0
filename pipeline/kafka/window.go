package kafka

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
)

// Unbounded is the End of an OffsetRange that never ends: a range that
// follows the log as it grows (tagger tail --follow).
const Unbounded = math.MaxInt64

// WindowSpec says which records of a topic to read.
type WindowSpec struct {
	Topic string
	// Partitions narrows the window; empty means every partition.
	Partitions []int
	// From and To bound the window by record timestamp: From inclusive,
	// To exclusive. Zero means the start, or the end, of the log.
	From, To time.Time
	// Offsets bounds the window by offset instead, per partition. A
	// negative Start means the start of the log and a negative End its
	// end. Partitions not listed are not read.
	Offsets []models.OffsetRange
}

// Partitions lists the partition ids of topic. It asks for metadata
// without creating the topic, even on a broker that auto-creates topics.
func Partitions(ctx context.Context, conn Conn, topic string) ([]int, error) {
	t, err := conn.transport()
	if err != nil {
		return nil, err
	}
	defer t.CloseIdleConnections()
	c := &kafkago.Client{Addr: kafkago.TCP(conn.Brokers...), Transport: t}
	resp, err := c.Metadata(ctx, &kafkago.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("kafka: partitions of %s: %w", topic, err)
	}
	var ids []int
	for _, tp := range resp.Topics {
		if tp.Name != topic {
			continue
		}
		if tp.Error != nil {
			if errors.Is(tp.Error, kafkago.UnknownTopicOrPartition) {
				return nil, fmt.Errorf("kafka: topic %s does not exist", topic)
			}
			return nil, fmt.Errorf("kafka: partitions of %s: %w", topic, tp.Error)
		}
		for _, p := range tp.Partitions {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("kafka: topic %s does not exist", topic)
	}
	slices.Sort(ids)
	return ids, nil
}

// ResolveWindow turns spec into offset ranges, one per partition, by
// asking each partition's leader for the log's start and end and, for
// time bounds, for the first offset at or after each bound (ListOffsets
// by timestamp). A range ends at most at the log's end when resolved, so
// records arriving later are outside the window.
func ResolveWindow(ctx context.Context, conn Conn, spec WindowSpec) ([]models.OffsetRange, error) {
	if len(spec.Offsets) > 0 && (!spec.From.IsZero() || !spec.To.IsZero()) {
		return nil, errors.New("kafka: a window is bounded by time or by offsets, not both")
	}
	all, err := Partitions(ctx, conn, spec.Topic)
	if err != nil {
		return nil, err
	}
	want := map[int]models.OffsetRange{}
	switch {
	case len(spec.Offsets) > 0:
		for _, r := range spec.Offsets {
			want[r.Partition] = r
		}
	case len(spec.Partitions) > 0:
		for _, p := range spec.Partitions {
			want[p] = models.OffsetRange{Partition: p, Start: -1, End: -1}
		}
	default:
		for _, p := range all {
			want[p] = models.OffsetRange{Partition: p, Start: -1, End: -1}
		}
	}
	if len(spec.Offsets) > 0 && len(spec.Partitions) > 0 {
		for p := range want {
			if !slices.Contains(spec.Partitions, p) {
				delete(want, p)
			}
		}
	}
	d, err := conn.dialer()
	if err != nil {
		return nil, err
	}
	var out []models.OffsetRange
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if !slices.Contains(all, p) {
			return nil, fmt.Errorf("kafka: topic %s has no partition %d (it has %d)", spec.Topic, p, len(all))
		}
		r, err := resolvePartition(ctx, d, conn.Brokers[0], spec, want[p])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// resolvePartition asks one partition's leader for the offsets that bound
// the window in it.
func resolvePartition(ctx context.Context, d *kafkago.Dialer, broker string, spec WindowSpec, want models.OffsetRange) (models.OffsetRange, error) {
	fail := func(what string, err error) (models.OffsetRange, error) {
		return models.OffsetRange{}, fmt.Errorf("kafka: %s/%d: %s: %w", spec.Topic, want.Partition, what, err)
	}
	c, err := d.DialLeader(ctx, "tcp", broker, spec.Topic, want.Partition)
	if err != nil {
		return fail("dial leader", err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	first, last, err := c.ReadOffsets()
	if err != nil {
		return fail("log offsets", err)
	}
	// atTime is the first offset with a timestamp at or after t; the
	// broker answers -1 when every record is older.
	atTime := func(t time.Time) (int64, error) {
		o, err := c.ReadOffset(t)
		if err != nil {
			return 0, err
		}
		if o < 0 {
			return last, nil
		}
		return o, nil
	}
	r := models.OffsetRange{Partition: want.Partition, Start: first, End: last}
	if want.Start >= 0 {
		r.Start = max(want.Start, first)
	}
	if want.End >= 0 {
		r.End = min(want.End, last)
	}
	if !spec.From.IsZero() {
		if r.Start, err = atTime(spec.From); err != nil {
			return fail("offset for --from", err)
		}
		r.Start = max(r.Start, first)
	}
	if !spec.To.IsZero() {
		if r.End, err = atTime(spec.To); err != nil {
			return fail("offset for --to", err)
		}
	}
	r.Start = min(r.Start, r.End)
	return r, nil
}

// RangeSource reads fixed offset ranges straight from their partitions,
// outside any consumer group, so it never touches a group's offsets; that
// is also why replay needs it: kafka-go cannot seek a consumer group.
// Fetch returns pipeline.ErrEndOfInput once every range has been read.
// Commit stores nothing: a replay keeps its own checkpoint.
type RangeSource struct {
	recs   chan pipeline.Record
	done   chan struct{} // closed when every partition reader has ended
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu  sync.Mutex
	err error
}

var _ pipeline.Source = (*RangeSource)(nil)

// idleCheck is how long a partition reader waits for the next record of
// its range before asking whether the range has any left: the tail of a
// range may hold no records (compacted away, or transaction markers).
const idleCheck = 10 * time.Second

// NewRangeSource starts one reader per non-empty range of topic. Close
// stops them.
func NewRangeSource(conn Conn, topic string, ranges []models.OffsetRange, log *slog.Logger) (*RangeSource, error) {
	return newRangeSource(conn, map[string][]models.OffsetRange{topic: ranges}, log)
}

// newRangeSource reads the ranges of several topics.
func newRangeSource(conn Conn, windows map[string][]models.OffsetRange, log *slog.Logger) (*RangeSource, error) {
	d, err := conn.dialer()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &RangeSource{recs: make(chan pipeline.Record, 256), done: make(chan struct{}), cancel: cancel}
	for topic, ranges := range windows {
		for _, r := range ranges {
			if r.Start >= r.End {
				continue
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				if err := s.read(ctx, conn, d, topic, r, log); err != nil && ctx.Err() == nil {
					s.mu.Lock()
					s.err = errors.Join(s.err, err)
					s.mu.Unlock()
				}
			}()
		}
	}
	go func() { s.wg.Wait(); close(s.done) }()
	return s, nil
}

// read sends the records of one range, in offset order.
func (s *RangeSource) read(ctx context.Context, conn Conn, d *kafkago.Dialer, topic string, r models.OffsetRange, log *slog.Logger) error {
	rd := kafkago.NewReader(kafkago.ReaderConfig{
		Brokers: conn.Brokers, Topic: topic, Partition: r.Partition, Dialer: d,
		MinBytes: 1, MaxBytes: 64 << 20, MaxWait: fetchMaxWait,
	})
	defer closeReader(rd)
	if err := rd.SetOffset(r.Start); err != nil {
		return fmt.Errorf("kafka: %s/%d: seek to %d: %w", topic, r.Partition, r.Start, err)
	}
	for {
		wait, cancel := context.WithTimeout(ctx, idleCheck)
		m, err := rd.FetchMessage(wait) // no group: nothing is committed
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, io.EOF) || fatal(err) {
				return fmt.Errorf("kafka: read %s/%d: %w", topic, r.Partition, err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				// The reader reconnects by itself, as GroupSource's does.
				log.Warn("kafka: read failed; the reader reconnects, waiting", "topic", topic, "partition", r.Partition, "err", err)
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(time.Second):
				}
				continue
			}
			if r.End == Unbounded {
				continue
			}
			// Nothing for a while. If the log already reaches past the
			// range, the range's remaining offsets hold no records.
			next := rd.Offset()
			last, err := lastOffset(ctx, d, conn.Brokers[0], topic, r.Partition)
			if err == nil && last >= r.End {
				log.Warn("no records in the rest of the range; taking it as read",
					"topic", topic, "partition", r.Partition, "from", next, "end", r.End, "log_end", last)
				return nil
			}
			continue
		}
		if m.Offset >= r.End {
			return nil
		}
		rec := pipeline.Record{
			Topic: m.Topic, Partition: m.Partition, Offset: m.Offset,
			Key: m.Key, Value: m.Value, Headers: fromHeaders(m.Headers), Time: m.Time,
		}
		select {
		case s.recs <- rec:
		case <-ctx.Done():
			return nil
		}
		if m.Offset+1 >= r.End {
			return nil
		}
	}
}

func lastOffset(ctx context.Context, d *kafkago.Dialer, broker, topic string, partition int) (int64, error) {
	c, err := d.DialLeader(ctx, "tcp", broker, topic, partition)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c.ReadLastOffset()
}

// Fetch returns the next record of any range: in offset order within a
// partition, interleaved across partitions.
func (s *RangeSource) Fetch(ctx context.Context) (pipeline.Record, error) {
	select {
	case rec := <-s.recs:
		return rec, nil
	case <-ctx.Done():
		return pipeline.Record{}, ctx.Err()
	case <-s.done:
	}
	// Every reader has ended; records they sent before ending come first.
	select {
	case rec := <-s.recs:
		return rec, nil
	default:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return pipeline.Record{}, s.err
	}
	return pipeline.Record{}, pipeline.ErrEndOfInput
}

// Commit does nothing: ranges are read outside any consumer group.
func (s *RangeSource) Commit(context.Context, []pipeline.Offset) error { return nil }

// Close stops the readers.
func (s *RangeSource) Close() {
	s.cancel()
	s.wg.Wait()
}

// DeleteTopics deletes topics; a topic that does not exist is an error.
func DeleteTopics(ctx context.Context, conn Conn, topics ...string) error {
	t, err := conn.transport()
	if err != nil {
		return err
	}
	defer t.CloseIdleConnections()
	c := &kafkago.Client{Addr: kafkago.TCP(conn.Brokers...), Transport: t}
	resp, err := c.DeleteTopics(ctx, &kafkago.DeleteTopicsRequest{Topics: topics})
	if err != nil {
		return fmt.Errorf("kafka: delete topics: %w", err)
	}
	for name, err := range resp.Errors {
		if err != nil {
			return fmt.Errorf("kafka: delete topic %s: %w", name, err)
		}
	}
	return nil
}

// CommittedOffsets asks the group's coordinator for the group's committed
// offsets of topic: per partition, the next offset the group will read.
// Partitions without a commit are absent. It reads and never commits, so
// it can watch a running group from outside.
func CommittedOffsets(ctx context.Context, conn Conn, group, topic string) (map[int]int64, error) {
	parts, err := Partitions(ctx, conn, topic)
	if err != nil {
		return nil, err
	}
	t, err := conn.transport()
	if err != nil {
		return nil, err
	}
	defer t.CloseIdleConnections()
	c := &kafkago.Client{Addr: kafkago.TCP(conn.Brokers...), Transport: t}
	resp, err := c.OffsetFetch(ctx, &kafkago.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
	if err != nil {
		return nil, fmt.Errorf("kafka: offsets of group %s: %w", group, err)
	}
	if errors.Is(resp.Error, kafkago.GroupIdNotFound) {
		return map[int]int64{}, nil // no commits yet
	}
	if resp.Error != nil {
		return nil, fmt.Errorf("kafka: offsets of group %s: %w", group, resp.Error)
	}
	out := map[int]int64{}
	for _, p := range resp.Topics[topic] {
		if p.Error != nil {
			return nil, fmt.Errorf("kafka: offsets of group %s in %s/%d: %w", group, topic, p.Partition, p.Error)
		}
		if p.CommittedOffset >= 0 {
			out[p.Partition] = p.CommittedOffset
		}
	}
	return out, nil
}
