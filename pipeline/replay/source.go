package replay

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/newsroom/tagger/pipeline"
)

// Source wraps a window's source for pipeline.Run: it paces Fetch to a
// rate, and turns each Commit (made once a batch is acknowledged) into a
// checkpoint on disk and a step of progress.
type Source struct {
	In pipeline.Source
	// Limit paces Fetch; nil means as fast as the pipeline goes.
	Limit *Limiter
	// Checkpoint is advanced on every commit and saved to Path.
	Checkpoint *Checkpoint
	Path       string
	// Progress, if set, is told how many offsets are published.
	Progress *Progress

	mu sync.Mutex
}

var _ pipeline.Source = (*Source)(nil)

// Fetch waits for the rate limit, then fetches.
func (s *Source) Fetch(ctx context.Context) (pipeline.Record, error) {
	if err := s.Limit.Wait(ctx); err != nil {
		return pipeline.Record{}, err
	}
	return s.In.Fetch(ctx)
}

// Commit records the published offsets in the checkpoint file. If the
// file cannot be written, Commit fails and Run tries again with the next
// batch; the offsets stay in memory meanwhile.
func (s *Source) Commit(ctx context.Context, offs []pipeline.Offset) error {
	if err := s.In.Commit(ctx, offs); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range offs {
		s.Checkpoint.Advance(o.Partition, o.Offset)
	}
	if s.Path != "" {
		if err := s.Checkpoint.Save(s.Path); err != nil {
			return err
		}
	}
	if s.Progress != nil {
		s.Progress.Set(s.Checkpoint.Published())
	}
	return nil
}

// Limiter spaces events evenly at a fixed rate, with no burst: a replay
// at --rate 200 adds an even 200 pages a second to the cluster's load.
// It is not safe for concurrent use; pipeline.Run fetches from one
// goroutine.
type Limiter struct {
	interval time.Duration
	next     time.Time
}

// NewLimiter allows perSecond events a second; zero or less means no
// limit (a nil Limiter).
func NewLimiter(perSecond float64) *Limiter {
	if perSecond <= 0 {
		return nil
	}
	return &Limiter{interval: time.Duration(float64(time.Second) / perSecond)}
}

// Wait blocks until the next event is allowed, or ctx is done.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil {
		return ctx.Err()
	}
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	wait := l.next.Sub(now)
	l.next = l.next.Add(l.interval)
	if wait <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("replay: rate limit: %w", ctx.Err())
	}
}
