package pipeline

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline/extract"
)

// TestProcessPoisonIsRetriedThenDeadLettered: a record whose stage panics
// or stalls past the time budget is tried 1+Retries times, then
// dead-lettered as internal, naming the stage; a record whose input is
// bad is not retried; a real page within the budget is tagged.
func TestProcessPoisonIsRetriedThenDeadLettered(t *testing.T) {
	release := make(chan struct{})
	defer close(release) // let the stalled attempts finish
	html, err := os.ReadFile("../cmd/tagger/samples/en-gaza-ceasefire.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		extract  func(body []byte, src extract.Source, opt extract.Options) (models.Article, error)
		body     string
		attempts int32
		reason   string // "" for an event
		stage    string
		errHas   string
	}{
		{name: "panics", extract: func([]byte, extract.Source, extract.Options) (models.Article, error) {
			var m map[string]int
			m["boom"]++
			return models.Article{}, nil
		}, body: string(html), attempts: 3, reason: models.ReasonInternal, stage: models.StageExtract, errHas: "panic"},
		{name: "stalls", extract: func([]byte, extract.Source, extract.Options) (models.Article, error) {
			<-release
			return models.Article{}, nil
		}, body: string(html), attempts: 3, reason: models.ReasonInternal, stage: models.StageExtract, errHas: "still running after"},
		{name: "bad input is not retried", extract: extract.Article, body: "Quarterly figures attached, revenue rose.",
			attempts: 1, reason: models.ReasonNotHTML, stage: models.StageExtract},
		{name: "real page within budget", extract: extract.Article, body: string(html), attempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProcessor(t)
			p.Config.StageTimeout = 200 * time.Millisecond
			if tt.reason == "" {
				p.Config.StageTimeout = time.Minute // a loaded machine, -race
			}
			p.Config.Retries = 2
			var calls atomic.Int32
			p.Extract = func(body []byte, src extract.Source, opt extract.Options) (models.Article, error) {
				calls.Add(1)
				return tt.extract(body, src, opt)
			}
			rec := Record{Topic: "in", Partition: 1, Offset: 9, Value: []byte(tt.body),
				Headers: []models.Header{{Key: "url", Value: []byte("https://a.example/p")}}}
			out := p.Process(rec)
			if got := calls.Load(); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
			if tt.reason == "" {
				if out.DeadLetter != nil {
					t.Fatalf("dead-lettered: %v", out.DeadLetter)
				}
				return
			}
			if out.DeadLetter == nil || out.Topic != "dlq" {
				t.Fatalf("want a dead letter, got %+v", out)
			}
			d := models.DeadLetterOf(out.Value, out.Headers)
			if d.Reason != tt.reason || d.Stage != tt.stage || !strings.Contains(d.Error, tt.errHas) ||
				d.Source.Offset != 9 || string(d.Value) != tt.body {
				t.Errorf("dead letter = reason %s stage %s error %q source %+v", d.Reason, d.Stage, d.Error, d.Source)
			}
		})
	}
}
