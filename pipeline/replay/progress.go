package replay

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
)

// Progress counts a replay's published pages against the window's size.
// It is safe for concurrent use.
type Progress struct {
	total     int64
	startDone int64 // done at start, when resuming
	start     time.Time
	done      atomic.Int64
}

// NewProgress starts counting at done of total.
func NewProgress(done, total int64) *Progress {
	p := &Progress{total: total, startDone: done, start: time.Now()}
	p.done.Store(done)
	return p
}

// Set records how many of the window's offsets are published.
func (p *Progress) Set(done int64) { p.done.Store(done) }

// Snapshot is the progress at one moment.
type Snapshot struct {
	Done, Total int64
	// Rate is pages a second since this run started.
	Rate float64
	// ETA is the time left at that rate; zero when unknown.
	ETA     time.Duration
	Elapsed time.Duration
}

// Snapshot reads the counters.
func (p *Progress) Snapshot() Snapshot {
	s := Snapshot{Done: p.done.Load(), Total: p.total, Elapsed: time.Since(p.start)}
	if secs := s.Elapsed.Seconds(); secs > 0 {
		s.Rate = float64(s.Done-p.startDone) / secs
	}
	if s.Rate > 0 && s.Total > s.Done {
		s.ETA = time.Duration(float64(s.Total-s.Done) / s.Rate * float64(time.Second)).Round(time.Second)
	}
	return s
}

// Bar renders a snapshot as one terminal line of the given width.
func (s Snapshot) Bar(width int) string {
	frac := 1.0
	if s.Total > 0 {
		frac = float64(s.Done) / float64(s.Total)
	}
	filled := int(frac * float64(width))
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	eta := "--"
	if s.ETA > 0 {
		eta = s.ETA.String()
	}
	return fmt.Sprintf("%s %5.1f%%  %d/%d pages  %d left  %.0f pages/s  ETA %s",
		bar, frac*100, s.Done, s.Total, s.Total-s.Done, s.Rate, eta)
}

// Report shows progress until ctx is done: a bar redrawn in place when w
// is a terminal, and otherwise a log line every interval, so a replay
// under systemd or in a pod logs something a person can follow.
func Report(ctx context.Context, p *Progress, w io.Writer, terminal bool, interval time.Duration, log *slog.Logger) {
	if terminal {
		interval = 250 * time.Millisecond
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	show := func() {
		s := p.Snapshot()
		if terminal {
			fmt.Fprintf(w, "\r\033[K%s", s.Bar(30))
			return
		}
		log.Info("replay progress", "done", s.Done, "total", s.Total, "left", s.Total-s.Done,
			"pages_per_second", fmt.Sprintf("%.1f", s.Rate), "eta", s.ETA.String())
	}
	for {
		select {
		case <-ctx.Done():
			show()
			if terminal {
				fmt.Fprintln(w)
			}
			return
		case <-t.C:
			show()
		}
	}
}
