package pipeline

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
)

// memSource yields its records, then blocks until ctx is done.
type memSource struct {
	recs chan Record
}

func (s *memSource) Fetch(ctx context.Context) (Record, error) {
	select {
	case r := <-s.recs:
		return r, nil
	case <-ctx.Done():
		return Record{}, ctx.Err()
	}
}

func (s *memSource) Commit(context.Context, []Offset) error { return nil }

// flakySink rejects its first fail publishes, then keeps what it is sent
// and says when want outputs have arrived.
type flakySink struct {
	mu   sync.Mutex
	fail int
	got  []Output
	want int
	done chan struct{}
}

func (s *flakySink) Publish(_ context.Context, outs []Output) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail > 0 {
		s.fail--
		return errors.New("broker said no")
	}
	s.got = append(s.got, outs...)
	if len(s.got) == s.want {
		close(s.done)
	}
	return nil
}

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu            sync.Mutex
	fetched       []Record
	stages        map[string]int
	published     []Output
	lastInFlight  int
	publishFailed int
	// zeroInFlight counts fetches that said nothing was in flight, though
	// the record just fetched is.
	zeroInFlight int
}

func (r *recorder) Fetched(rec Record, inFlight int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fetched = append(r.fetched, rec)
	if inFlight < 1 {
		r.zeroInFlight++
	}
}

func (r *recorder) StageDone(stage string, took time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if took < 0 {
		stage += "(negative)"
	}
	r.stages[stage]++
}

func (r *recorder) Published(outs []Output, took time.Duration, inFlight int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.published = append(r.published, outs...)
	r.lastInFlight = inFlight
}

func (r *recorder) PublishFailed([]Output, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.publishFailed++
}

// TestRunTellsTheObserver runs real pages and a bad record through Run
// with a sink that fails once, and checks what the observer was told:
// every fetch, every stage each record reached, the failed attempt, and
// the published outputs with nothing left in flight.
func TestRunTellsTheObserver(t *testing.T) {
	p := testProcessor(t)
	obs := &recorder{stages: map[string]int{}}
	p.Observer = obs
	html, err := os.ReadFile("../cmd/tagger/samples/en-gaza-ceasefire.html")
	if err != nil {
		t.Fatal(err)
	}
	url := func(u string) []models.Header { return []models.Header{{Key: "url", Value: []byte(u)}} }
	recs := []Record{
		{Topic: "in", Partition: 0, Offset: 0, Value: html, Headers: url("https://a.example/1"), HighWaterMark: 3},
		{Topic: "in", Partition: 0, Offset: 1, Value: []byte(`{"url": "https://a.example/2", "html": "<p>cut`), HighWaterMark: 3},
		{Topic: "in", Partition: 0, Offset: 2, Value: html, Headers: url("https://a.example/3"), HighWaterMark: 3},
	}
	src := &memSource{recs: make(chan Record, len(recs))}
	for _, r := range recs {
		src.recs <- r
	}
	sink := &flakySink{fail: 1, want: len(recs), done: make(chan struct{})}
	cfg := DefaultRunConfig()
	cfg.Observer = obs
	cfg.RetryMin = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, src, sink, p, cfg) }()
	select {
	case <-sink.done:
	case <-time.After(30 * time.Second):
		t.Fatal("outputs did not arrive")
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}

	obs.mu.Lock()
	defer obs.mu.Unlock()
	if obs.zeroInFlight != 0 {
		t.Errorf("%d fetches reported nothing in flight", obs.zeroInFlight)
	}
	if len(obs.fetched) != 3 || obs.fetched[2].HighWaterMark != 3 {
		t.Errorf("fetched %d records (%+v), want 3 with their high-water mark", len(obs.fetched), obs.fetched)
	}
	want := map[string]int{models.StageDecode: 3, models.StageExtract: 2, models.StageTag: 2, models.StageEncode: 2}
	for stage, n := range want {
		if obs.stages[stage] != n {
			t.Errorf("stage %s observed %d times, want %d (all: %v)", stage, obs.stages[stage], n, obs.stages)
		}
	}
	if len(obs.stages) != len(want) {
		t.Errorf("stages observed: %v, want %v", obs.stages, want)
	}
	if obs.publishFailed != 1 {
		t.Errorf("publish failures observed: %d, want 1", obs.publishFailed)
	}
	dead := 0
	for _, o := range obs.published {
		if o.DeadLetter != nil {
			dead++
			if o.DeadLetter.Reason != models.ReasonBadJSON {
				t.Errorf("dead letter reason %s, want bad_json", o.DeadLetter.Reason)
			}
		}
	}
	if len(obs.published) != 3 || dead != 1 || obs.lastInFlight != 0 {
		t.Errorf("published %d outputs (%d dead letters), %d left in flight; want 3, 1, 0", len(obs.published), dead, obs.lastInFlight)
	}
}
