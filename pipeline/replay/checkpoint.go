package replay

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsroom/tagger/models"
)

// Checkpoint is a replay's progress on disk: the resolved window and, per
// partition, the next offset not yet published. A replay resumed from it
// repeats at most the batch that was in flight when it stopped.
type Checkpoint struct {
	// ID is the replay id; Request is what was asked for.
	ID      string  `json:"id"`
	Request Request `json:"request"`
	// Window is the resolved window. A resumed replay reads this window,
	// not a newly resolved one, so records that arrived since are not
	// added to it.
	Window []models.OffsetRange `json:"window"`
	// Next is, per partition, the first offset not yet published.
	Next map[int]int64 `json:"next"`
	// Done is set when every record of the window has been published.
	Done bool `json:"done"`
	// Updated is when the checkpoint was last written.
	Updated time.Time `json:"updated"`
}

// NewCheckpoint starts a checkpoint at the window's start.
func NewCheckpoint(id string, req Request, window []models.OffsetRange) *Checkpoint {
	next := make(map[int]int64, len(window))
	for _, r := range window {
		next[r.Partition] = r.Start
	}
	return &Checkpoint{ID: id, Request: req, Window: window, Next: next}
}

// Remaining is the part of the window not yet published.
func (c *Checkpoint) Remaining() []models.OffsetRange {
	out := make([]models.OffsetRange, 0, len(c.Window))
	for _, r := range c.Window {
		start := max(c.Next[r.Partition], r.Start)
		out = append(out, models.OffsetRange{Partition: r.Partition, Start: min(start, r.End), End: r.End})
	}
	return out
}

// Total and Published count offsets in the window and before Next.
func (c *Checkpoint) Total() int64 {
	var n int64
	for _, r := range c.Window {
		n += r.End - r.Start
	}
	return n
}

// Published counts the window's offsets before Next.
func (c *Checkpoint) Published() int64 {
	var n int64
	for _, r := range c.Window {
		n += min(max(c.Next[r.Partition], r.Start), r.End) - r.Start
	}
	return n
}

// Advance records that every offset before next in partition has been
// published. Next never moves back.
func (c *Checkpoint) Advance(partition int, next int64) {
	if next > c.Next[partition] {
		c.Next[partition] = next
	}
}

// ErrNoCheckpoint is returned by LoadCheckpoint when there is no file.
var ErrNoCheckpoint = errors.New("replay: no checkpoint")

// LoadCheckpoint reads a checkpoint file.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoCheckpoint, path)
	}
	if err != nil {
		return nil, fmt.Errorf("replay: read checkpoint: %w", err)
	}
	var c Checkpoint
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("replay: checkpoint %s: %w", path, err)
	}
	if c.Next == nil {
		c.Next = map[int]int64{}
	}
	return &c, nil
}

// Save writes the checkpoint atomically: to a temporary file, synced,
// then renamed over the old one, so a crash leaves the old or the new
// checkpoint and never half of one.
func (c *Checkpoint) Save(path string) error {
	c.Updated = time.Now().UTC()
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("replay: encode checkpoint: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("replay: write checkpoint: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("replay: write checkpoint: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("replay: write checkpoint: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("replay: write checkpoint: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("replay: write checkpoint: %w", err)
	}
	return nil
}
