package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Source yields input records in offset order per partition, and stores
// commits. The Kafka consumer group in pipeline/kafka is one.
type Source interface {
	// Fetch blocks until a record is available or ctx is done.
	Fetch(ctx context.Context) (Record, error)
	// Commit stores, per partition, the next offset to read.
	Commit(ctx context.Context, offsets []Offset) error
}

// Sink publishes outputs. Publish returns nil only when every output has
// been acknowledged by the broker (acks=all); a partial failure is an
// error, and the whole batch is sent again (at least once).
type Sink interface {
	Publish(ctx context.Context, outs []Output) error
}

// ErrEndOfInput is what a Source's Fetch returns when a bounded input,
// such as a replay window, is exhausted. Run then finishes the records
// already fetched, publishes and commits them, and returns nil.
var ErrEndOfInput = errors.New("pipeline: end of input")

// RunConfig tunes the streaming loop.
type RunConfig struct {
	// Workers is how many records are processed at once. Records of one
	// partition may be processed in parallel; commits stay in order.
	Workers int
	// BatchSize and BatchLinger bound a publish batch: it is sent when
	// full, or when BatchLinger has passed since its first output.
	BatchSize   int
	BatchLinger time.Duration
	// CommitInterval is the longest a published offset waits for commit;
	// zero commits after every published batch.
	CommitInterval time.Duration
	// DrainTimeout bounds the shutdown: in-flight records still
	// unpublished then are left uncommitted, to be read again.
	DrainTimeout time.Duration
	// RetryMin and RetryMax bound the backoff between publish attempts.
	RetryMin, RetryMax time.Duration
	// Logger receives progress and errors; nil means slog.Default().
	Logger *slog.Logger
	// Observer, if set, is told of fetches and publications (metrics).
	Observer Observer
}

// DefaultRunConfig returns settings that suit a two-core machine.
func DefaultRunConfig() RunConfig {
	return RunConfig{
		Workers:        4,
		BatchSize:      100,
		BatchLinger:    5 * time.Millisecond,
		CommitInterval: 500 * time.Millisecond,
		DrainTimeout:   15 * time.Second,
		RetryMin:       100 * time.Millisecond,
		RetryMax:       5 * time.Second,
	}
}

type result struct {
	rec Record
	out Output
}

// Run consumes src until ctx is done, processing records with proc and
// publishing their outputs to sink; then it drains: records already
// fetched are processed, published and committed within DrainTimeout.
// It returns nil after a clean drain, and an error if the source fails
// or the drain could not finish.
func Run(ctx context.Context, src Source, sink Sink, proc *Processor, cfg RunConfig) error {
	if cfg.Workers <= 0 || cfg.BatchSize <= 0 {
		return errors.New("pipeline: Workers and BatchSize must be positive")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	tr := newTracker()
	jobs := make(chan Record, cfg.Workers*2)
	results := make(chan result, cfg.BatchSize)

	// drainCtx outlives ctx by DrainTimeout, so in-flight work can finish.
	drainCtx, cancelDrain := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelDrain()
	stop := context.AfterFunc(ctx, func() {
		time.AfterFunc(cfg.DrainTimeout, cancelDrain)
	})
	defer stop()

	var fetchErr atomic.Pointer[error]
	go func() {
		defer close(jobs)
		for {
			rec, err := src.Fetch(ctx)
			if err != nil {
				if ctx.Err() == nil && !errors.Is(err, ErrEndOfInput) {
					err = fmt.Errorf("pipeline: fetch: %w", err)
					fetchErr.Store(&err)
					cancelDrain()
				}
				return
			}
			tr.add(rec.Topic, rec.Partition, rec.Offset)
			cfg.Observer.Fetched(rec, tr.inFlight())
			select {
			case jobs <- rec:
			case <-drainCtx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rec := range jobs {
				select {
				case results <- result{rec, proc.Process(rec)}:
				case <-drainCtx.Done():
					return // the publisher gave up; the record stays uncommitted
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	p := publisher{src: src, sink: sink, tr: tr, cfg: cfg, log: log}
	err := p.loop(drainCtx, results)
	if ferr := fetchErr.Load(); ferr != nil {
		return *ferr
	}
	if err != nil {
		return err
	}
	if left := tr.inFlight(); left > 0 {
		return fmt.Errorf("pipeline: drain timed out with %d records unpublished; they will be read again", left)
	}
	return nil
}

// publisher batches outputs, publishes them with retries, and commits.
type publisher struct {
	src        Source
	sink       Sink
	tr         *tracker
	cfg        RunConfig
	log        *slog.Logger
	lastCommit time.Time
}

func (p *publisher) loop(ctx context.Context, results <-chan result) error {
	var recs []Record
	var outs []Output
	var linger <-chan time.Time
	// Commit on a timer too, so the last offsets before a quiet spell do
	// not wait for the next record.
	tick := time.NewTicker(max(p.cfg.CommitInterval, 100*time.Millisecond))
	defer tick.Stop()
	flush := func() error {
		if len(outs) == 0 {
			return nil
		}
		if err := p.publish(ctx, recs, outs); err != nil {
			return err
		}
		recs, outs, linger = recs[:0:0], outs[:0:0], nil
		return p.commit(ctx, false)
	}
	for {
		select {
		case r, ok := <-results:
			if !ok {
				if err := flush(); err != nil {
					return err
				}
				return p.commit(ctx, true)
			}
			recs = append(recs, r.rec)
			outs = append(outs, r.out)
			if len(outs) == 1 {
				linger = time.After(p.cfg.BatchLinger)
			}
			if len(outs) >= p.cfg.BatchSize {
				if err := flush(); err != nil {
					return err
				}
			}
		case <-tick.C:
			if err := p.commit(ctx, false); err != nil {
				return err
			}
		case <-linger:
			if err := flush(); err != nil {
				return err
			}
		case <-ctx.Done():
			return fmt.Errorf("pipeline: drain: %w", ctx.Err())
		}
	}
}

// publish sends one batch until the broker acknowledges all of it. Nothing
// is committed meanwhile, so a broker outage stalls the stream but loses
// nothing.
func (p *publisher) publish(ctx context.Context, recs []Record, outs []Output) error {
	backoff := p.cfg.RetryMin
	for attempt := 1; ; attempt++ {
		start := time.Now()
		err := p.sink.Publish(ctx, outs)
		if err == nil {
			p.tr.done(recs)
			p.cfg.Observer.Published(outs, time.Since(start), p.tr.inFlight())
			return nil
		}
		p.cfg.Observer.PublishFailed(outs, err)
		if ctx.Err() != nil {
			return fmt.Errorf("pipeline: publish %d records: %w", len(outs), err)
		}
		p.log.Warn("publish failed, will retry", "records", len(outs), "attempt", attempt, "backoff", backoff, "err", err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return fmt.Errorf("pipeline: publish %d records: %w", len(outs), err)
		}
		backoff = min(backoff*2, p.cfg.RetryMax)
	}
}

// commit stores the committable offsets, at most every CommitInterval
// unless final. A failed commit is logged, not fatal: the offsets stay
// committable and go with the next commit; after a rebalance the new owner
// re-reads from the last commit, which is at least once.
func (p *publisher) commit(ctx context.Context, final bool) error {
	if !final && time.Since(p.lastCommit) < p.cfg.CommitInterval {
		return nil
	}
	offs := p.tr.committable()
	if len(offs) == 0 {
		return nil
	}
	if err := p.src.Commit(ctx, offs); err != nil {
		p.log.Warn("commit failed", "offsets", offs, "err", err)
		if final {
			return fmt.Errorf("pipeline: final commit: %w", err)
		}
		return nil
	}
	p.tr.committed(offs)
	p.lastCommit = time.Now()
	return nil
}
