package replay

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
)

func TestIDDependsOnlyOnTheRequest(t *testing.T) {
	from := time.Date(2025, 6, 1, 6, 0, 0, 0, time.FixedZone("BST", 6*3600))
	base := Request{Topic: "pages.raw", Output: "pages.v2", From: &from, GazetteerVersion: "g1", PipelineVersion: "tagger/0.1.0"}
	utc := from.UTC()
	sameInstant := base
	sameInstant.From = &utc
	tests := []struct {
		name string
		req  Request
		same bool
	}{
		{"identical", base, true},
		{"same instant in UTC", sameInstant, true},
		{"other gazetteer", with(base, func(r *Request) { r.GazetteerVersion = "g2" }), false},
		{"other output", with(base, func(r *Request) { r.Output = "pages.v3" }), false},
		{"re-tag", with(base, func(r *Request) { r.Retag = true }), false},
		{"partitions", with(base, func(r *Request) { r.Partitions = []int{1} }), false},
		{"offsets", with(base, func(r *Request) { r.Offsets = []models.OffsetRange{{Partition: 0, Start: 5, End: -1}} }), false},
	}
	for _, tt := range tests {
		if got := tt.req.ID() == base.ID(); got != tt.same {
			t.Errorf("%s: same id = %v, want %v (%s vs %s)", tt.name, got, tt.same, tt.req.ID(), base.ID())
		}
	}
}

func with(r Request, f func(*Request)) Request {
	f(&r)
	return r
}

func TestCheckpointRoundTripAndCounts(t *testing.T) {
	window := []models.OffsetRange{{Partition: 0, Start: 10, End: 20}, {Partition: 2, Start: 0, End: 5}, {Partition: 3, Start: 7, End: 7}}
	cp := NewCheckpoint("r-1", Request{Topic: "pages.raw"}, window)
	if cp.Total() != 15 || cp.Published() != 0 {
		t.Fatalf("new checkpoint: %d of %d", cp.Published(), cp.Total())
	}
	cp.Advance(0, 14)
	cp.Advance(0, 12) // never moves back
	cp.Advance(2, 5)
	path := filepath.Join(t.TempDir(), "cp.json")
	if err := cp.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Published() != 9 || got.Total() != 15 || got.ID != "r-1" {
		t.Fatalf("loaded: %d of %d, id %s", got.Published(), got.Total(), got.ID)
	}
	want := []models.OffsetRange{{Partition: 0, Start: 14, End: 20}, {Partition: 2, Start: 5, End: 5}, {Partition: 3, Start: 7, End: 7}}
	rem := got.Remaining()
	for i := range want {
		if rem[i] != want[i] {
			t.Errorf("remaining %v, want %v", rem, want)
			break
		}
	}
	if _, err := LoadCheckpoint(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, ErrNoCheckpoint) {
		t.Errorf("missing file: %v, want ErrNoCheckpoint", err)
	}
}

func TestLimiter(t *testing.T) {
	if NewLimiter(0) != nil {
		t.Error("rate 0 must mean no limit")
	}
	var none *Limiter
	if err := none.Wait(context.Background()); err != nil {
		t.Errorf("no limit: %v", err)
	}
	l := NewLimiter(0.001) // one event per 1000 s
	if err := l.Wait(context.Background()); err != nil {
		t.Fatalf("the first event must pass at once: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("the second event, cancelled: %v", err)
	}
}

func TestProgressSnapshot(t *testing.T) {
	p := NewProgress(10, 110)
	p.Set(60)
	s := p.Snapshot()
	if s.Done != 60 || s.Total != 110 || s.Rate <= 0 {
		t.Fatalf("snapshot %+v", s)
	}
	bar := s.Bar(10)
	for _, want := range []string{"54.5%", "60/110 pages", "50 left"} {
		if !strings.Contains(bar, want) {
			t.Errorf("bar %q lacks %q", bar, want)
		}
	}
}
