package pipeline

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline/extract"
)

func testProcessor(t *testing.T) *Processor {
	t.Helper()
	entries, err := gazetteer.LoadFile("../gazetteer/testdata/news.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.New(entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Processor{
		Config: ProcessConfig{OutputTopic: "out", DeadLetterTopic: "dlq", MaxPageBytes: 1 << 20},
		Tagger: Tagger{Matchers: gazetteer.NewStore(gazetteer.Compile(g, nil))},
	}
}

func TestDecode(t *testing.T) {
	h := func(k, v string) []models.Header { return []models.Header{{Key: k, Value: []byte(v)}} }
	tests := []struct {
		name   string
		rec    Record
		reason string
		url    string
	}{
		{"envelope", Record{Value: []byte(`{"url":"https://a.example/1","html":"<p>x</p>","charset":"utf-8"}`)}, "", "https://a.example/1"},
		{"envelope with leading BOM and space", Record{Value: []byte("\ufeff  {\"url\":\"https://a.example/2\",\"html\":\"<p>x</p>\"}")}, "", "https://a.example/2"},
		{"bare HTML, header name in any case", Record{Value: []byte("<html></html>"), Headers: h("URL", "https://a.example/3")}, "", "https://a.example/3"},
		{"truncated JSON", Record{Value: []byte(`{"url":"https://a.example/4","html":"<p>`)}, models.ReasonBadJSON, ""},
		{"envelope without url", Record{Value: []byte(`{"html":"<p>x</p>"}`)}, models.ReasonMissingURL, ""},
		{"bare HTML without url", Record{Value: []byte("<html></html>")}, models.ReasonMissingURL, ""},
		{"empty", Record{Value: []byte("  \n")}, models.ReasonEmpty, ""},
		{"invalid UTF-8 envelope", Record{Value: []byte("{\"url\":\"u\",\"html\":\"\xff\"}")}, models.ReasonBadEncoding, ""},
		{"too large", Record{Value: []byte(strings.Repeat("x", 101)), Headers: h("url", "u")}, models.ReasonTooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Decode(tt.rec, 100+len(tt.rec.Value)*boolInt(tt.reason != models.ReasonTooLarge))
			var se *StageError
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if p.URL != tt.url {
					t.Errorf("url %q, want %q", p.URL, tt.url)
				}
				return
			}
			if !errors.As(err, &se) || se.Reason != tt.reason || se.Stage != models.StageDecode {
				t.Fatalf("err = %v, want %s at decode", err, tt.reason)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestProcessPanicIsDeadLettered: a stage that panics must not take the
// stream down; the record is dead-lettered with reason internal.
func TestProcessPanicIsDeadLettered(t *testing.T) {
	p := testProcessor(t)
	p.Extract = func([]byte, extract.Source, extract.Options) (models.Article, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write, as a buggy stage would do
		return models.Article{}, nil
	}
	rec := Record{Topic: "in", Partition: 2, Offset: 7, Key: []byte("k"), Value: []byte("<html></html>"),
		Headers: []models.Header{{Key: "url", Value: []byte("https://a.example/p")}}}
	out := p.Process(rec)
	if out.Topic != "dlq" || out.DeadLetter == nil || out.DeadLetter.Reason != models.ReasonInternal || out.DeadLetter.Stage != models.StageExtract {
		t.Fatalf("out = %+v", out)
	}
	d := models.DeadLetterOf(out.Value, out.Headers)
	if d.Source.Partition != 2 || d.Source.Offset != 7 || !strings.Contains(d.Error, "panic") || string(d.Value) != "<html></html>" {
		t.Errorf("dead letter = %+v", d)
	}
}

// TestProcessSeedPage runs a real page through every stage.
func TestProcessSeedPage(t *testing.T) {
	p := testProcessor(t)
	html, err := os.ReadFile("../cmd/tagger/samples/bn-khamenei-hamas.html")
	if err != nil {
		t.Fatal(err)
	}
	env, _ := json.Marshal(models.RawPage{URL: "https://a.example/seed", HTML: string(html)})
	out := p.Process(Record{Topic: "in", Value: env})
	if out.DeadLetter != nil {
		t.Fatalf("dead-lettered: %v", out.DeadLetter)
	}
	var ev models.TaggedEvent
	if err := json.Unmarshal(out.Value, &ev); err != nil {
		t.Fatal(err)
	}
	if string(out.Key) != ev.Article.CanonicalURL || ev.Article.Language != "bn" {
		t.Errorf("key %q canonical %q language %q", out.Key, ev.Article.CanonicalURL, ev.Article.Language)
	}
	ids := map[string]int{}
	for _, e := range ev.Entities {
		ids[e.ID] = e.Count
	}
	for _, id := range []string{"Q57336", "Q38799", "Q794", "Q3616", "Q130998", "per-khalil-al-hayya"} {
		if ids[id] == 0 {
			t.Errorf("%s not tagged; have %v", id, ids)
		}
	}
	// The related and latest lists name জাতিসংঘ, পাকিস্তান and দক্ষিণ
	// সুদান; the article does not.
	for _, id := range []string{"Q1065", "Q843", "Q958"} {
		if ids[id] != 0 {
			t.Errorf("%s tagged from a sidebar headline", id)
		}
	}
	// Determinism: the same record gives the same bytes.
	if again := p.Process(Record{Topic: "in", Value: env}); string(again.Value) != string(out.Value) {
		t.Error("processing the same record twice gave different events")
	}
}

// panicTopics is a topic stage with a bug.
type panicTopics struct{}

func (panicTopics) Tag(models.Article, []models.Entity, *gazetteer.Gazetteer) ([]models.Topic, []models.Place) {
	panic("index out of range")
}

// TestProcessPanicNamesItsStage: a panic in the tag stage is reported
// against the tag stage, not extraction.
func TestProcessPanicNamesItsStage(t *testing.T) {
	p := testProcessor(t)
	p.Tagger.Topics = panicTopics{}
	html, err := os.ReadFile("../cmd/tagger/samples/en-gaza-ceasefire.html")
	if err != nil {
		t.Fatal(err)
	}
	out := p.Process(Record{Topic: "in", Value: html, Headers: []models.Header{{Key: "url", Value: []byte("https://a.example/g")}}})
	if out.DeadLetter == nil || out.DeadLetter.Stage != models.StageTag || out.DeadLetter.Reason != models.ReasonInternal {
		t.Fatalf("dead letter = %+v", out.DeadLetter)
	}
}

// TestRetagMatchesFreshTagging re-tags a stored event and checks that it
// comes out byte-identical to tagging the raw page, apart from the replay
// block; and that bad stored events are dead-lettered with a reason.
func TestRetagMatchesFreshTagging(t *testing.T) {
	html, err := os.ReadFile("../cmd/tagger/samples/bn-khamenei-hamas.html")
	if err != nil {
		t.Fatal(err)
	}
	env, _ := json.Marshal(models.RawPage{URL: "https://a.example/seed", HTML: string(html)})
	p := testProcessor(t)
	fresh := p.Process(Record{Topic: "raw", Partition: 2, Offset: 41, Value: env})
	if fresh.DeadLetter != nil {
		t.Fatalf("seed page dead-lettered: %v", fresh.DeadLetter)
	}
	rp := testProcessor(t)
	rp.Config.Retag = true
	retagged := rp.Process(Record{Topic: "tagged", Partition: 0, Offset: 7, Value: fresh.Value})
	if retagged.DeadLetter != nil {
		t.Fatalf("re-tag dead-lettered: %v", retagged.DeadLetter)
	}
	if string(retagged.Value) != string(fresh.Value) {
		t.Fatalf("re-tagging with the same gazetteer changed the event:\n%s\n%s", fresh.Value, retagged.Value)
	}

	rp.Config.Replay = &models.Replay{ID: "r-1", Topic: "tagged", Retag: true, Ranges: []models.OffsetRange{{Partition: 0, Start: 0, End: 8}}}
	var ev models.TaggedEvent
	if err := json.Unmarshal(rp.Process(Record{Topic: "tagged", Offset: 7, Value: fresh.Value}).Value, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Replay == nil || ev.Replay.ID != "r-1" || ev.Source.Topic != "raw" || ev.Source.Offset != 41 {
		t.Errorf("re-tagged event: replay %+v, source %+v (want the raw page's)", ev.Replay, ev.Source)
	}

	bad := []struct {
		name, value, reason string
	}{
		{"not JSON", `{"url":`, models.ReasonBadJSON},
		{"other major schema", `{"schema_version":"2.0","url":"u","article":{"text":"x"}}`, models.ReasonBadJSON},
		{"no url", `{"schema_version":"1.0","article":{"text":"x"}}`, models.ReasonMissingURL},
		{"no article", `{"schema_version":"1.0","url":"u"}`, models.ReasonEmpty},
	}
	for _, b := range bad {
		out := rp.Process(Record{Topic: "tagged", Value: []byte(b.value)})
		if out.DeadLetter == nil || out.DeadLetter.Reason != b.reason || out.Topic != "dlq" {
			t.Errorf("%s: got %+v, want a dead letter with reason %s", b.name, out.DeadLetter, b.reason)
		}
	}
}
