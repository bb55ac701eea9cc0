package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// broker starts an embedded Kafka-protocol broker for one test. Every
// test talks to it over TCP through real clients.
func broker(t *testing.T) kafka.Conn {
	t.Helper()
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Partitions: 3, Topics: []string{"pages.raw", "pages.tagged", "pages.deadletter"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return kafka.Conn{Brokers: e.Addrs(), ClientID: "test"}
}

// lockedBuffer collects a command's output from another goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startRun runs "tagger run" in-process against conn until the returned
// stop function is called; stop returns the exit code.
func startRun(t *testing.T, conn kafka.Conn, extra ...string) (stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr lockedBuffer
	args := append([]string{"run", "--brokers", strings.Join(conn.Brokers, ","),
		"--session-timeout", "6s", "--rebalance-timeout", "3s", "--log-format", "text", "--http-addr", "127.0.0.1:0"}, extra...)
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, args, Env{Stdin: strings.NewReader(""), Stdout: &stderr, Stderr: &stderr, Getenv: func(string) string { return "" }})
	}()
	var once sync.Once
	code := 0
	t.Cleanup(func() {
		once.Do(func() { cancel(); code = <-done })
	})
	return func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("tagger run did not exit 30 s after cancel; log:\n%s", stderr.String())
			}
		})
		if code != 0 {
			t.Logf("tagger run log:\n%s", stderr.String())
		}
		return code
	}
}

// produce writes records to the input topic and waits for acks.
func produce(t *testing.T, ctx context.Context, conn kafka.Conn, outs []pipeline.Output) {
	t.Helper()
	sink, err := kafka.NewSink(kafka.SinkConfig{Conn: conn})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sink.Publish(ctx, outs); err != nil {
		t.Fatal(err)
	}
}

// outcome is what the service made of one input record.
type outcome struct {
	event *models.TaggedEvent
	dead  *models.DeadLetter
	raw   pipeline.Record
}

// collect reads the output and dead-letter topics until every input key in
// want has an outcome, keyed by the input's source coordinates' key.
func collect(t *testing.T, ctx context.Context, conn kafka.Conn, want int) (map[string][]outcome, int) {
	t.Helper()
	got := map[string][]outcome{}
	total := 0
	errDone := fmt.Errorf("done")
	err := kafka.Tail(ctx, conn, []string{"pages.tagged", "pages.deadletter"}, false, func(r pipeline.Record) error {
		var o outcome
		o.raw = r
		var src models.SourceRef
		if r.Topic == "pages.deadletter" {
			d := models.DeadLetterOf(r.Value, r.Headers)
			o.dead = &d
			src = d.Source
		} else {
			var ev models.TaggedEvent
			if err := json.Unmarshal(r.Value, &ev); err != nil {
				return fmt.Errorf("output at %d/%d is not an event: %w", r.Partition, r.Offset, err)
			}
			o.event = &ev
			src = ev.Source
		}
		k := fmt.Sprintf("%s/%d/%d", src.Topic, src.Partition, src.Offset)
		if len(got[k]) == 0 {
			total++
		}
		got[k] = append(got[k], o)
		if total >= want {
			return errDone
		}
		return nil
	})
	if err != errDone {
		t.Fatalf("collecting outputs: %v (have %d of %d inputs accounted for)", err, total, want)
	}
	dups := 0
	for _, os := range got {
		dups += len(os) - 1
	}
	return got, dups
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func envelope(t *testing.T, url string, html []byte) []byte {
	t.Helper()
	b, err := json.Marshal(models.RawPage{URL: url, HTML: string(html), Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunEndToEnd produces the sample pages and one real bad input for
// every dead-letter cause through the Kafka protocol, and checks that each
// input ends as exactly the right output: an event with the article's
// entities, or a dead letter with the original bytes and the reason.
func TestRunEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn := broker(t)
	stop := startRun(t, conn, "--max-page-bytes", "200000")

	hdr := func(kv ...string) []models.Header {
		var hs []models.Header
		for i := 0; i < len(kv); i += 2 {
			hs = append(hs, models.Header{Key: kv[i], Value: []byte(kv[i+1])})
		}
		return hs
	}
	putin := readTestdata(t, "samples/bn-khamenei-putin-letter.html")
	cases := []struct {
		name   string
		out    pipeline.Output
		reason string // "" for a tagged event
		entity string // the English name of an entity the event must have
	}{
		{name: "envelope: seed page 001", out: pipeline.Output{Value: envelope(t, "https://bdjen.example/a/1", putin)}, entity: "Vladimir Putin"},
		{name: "bare HTML with url header", out: pipeline.Output{Value: readTestdata(t, "samples/en-gaza-ceasefire.html"),
			Headers: hdr("url", "https://coastline.example/gaza", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")}, entity: "Hamas"},
		{name: "windows-1252 page, charset from meta", out: pipeline.Output{Value: readTestdata(t, "testdata/cp1252-business.html"),
			Headers: hdr("URL", "https://harbour-herald.example/b")}, entity: "Dhaka"},
		{name: "undecodable JSON", out: pipeline.Output{Value: []byte(`{"url": "https://x.example/1", "html": "<html><body><p>cut of`)}, reason: models.ReasonBadJSON},
		{name: "bare HTML without url header", out: pipeline.Output{Value: []byte("<html><body><p>no url</p></body></html>")}, reason: models.ReasonMissingURL},
		{name: "empty value", out: pipeline.Output{Value: nil, Headers: hdr("url", "https://x.example/empty")}, reason: models.ReasonEmpty},
		{name: "empty html in envelope", out: pipeline.Output{Value: envelope(t, "https://x.example/e", nil)}, reason: models.ReasonEmpty},
		{name: "not HTML: plain text", out: pipeline.Output{Value: []byte("Quarterly figures attached. Revenue rose 4% on the year, margins held."),
			Headers: hdr("url", "https://x.example/txt")}, reason: models.ReasonNotHTML},
		{name: "invalid UTF-8 in an envelope", out: pipeline.Output{Value: append([]byte(`{"url":"https://x.example/u","html":"<p>caf`), 0xE9, 0xFF, '"', '}')}, reason: models.ReasonBadEncoding},
		{name: "unknown charset", out: pipeline.Output{Value: readTestdata(t, "testdata/cp1252-business.html"),
			Headers: hdr("url", "https://x.example/cs", "content-type", "text/html; charset=x-no-such-charset")}, reason: models.ReasonBadEncoding},
		{name: "over the size limit", out: pipeline.Output{Value: bytes.Repeat([]byte("<p>ঢাকা</p>"), 20000), Headers: hdr("url", "https://x.example/big")}, reason: models.ReasonTooLarge},
		{name: "bot challenge page", out: pipeline.Output{Value: readTestdata(t, "testdata/bot-challenge.html"), Headers: hdr("url", "https://x.example/cf")}, reason: models.ReasonNotArticle},
		{name: "listing page", out: pipeline.Output{Value: readTestdata(t, "../../pipeline/extract/testdata/listing-section-front.html"), Headers: hdr("url", "https://x.example/opinion")}, reason: models.ReasonNotArticle},
	}
	// One partition keeps input offsets in case order, so outcomes can be
	// matched back to cases.
	var outs []pipeline.Output
	for i, c := range cases {
		o := c.out
		o.Topic = "pages.raw"
		o.Key = []byte(fmt.Sprintf("case-%02d", i))
		outs = append(outs, o)
	}
	produce(t, ctx, conn, outs)
	got, dups := collect(t, ctx, conn, len(cases))
	if dups != 0 {
		t.Errorf("%d duplicate outputs in a run without failures", dups)
	}
	byKey := map[string]outcome{}
	for _, os := range got {
		o := os[0]
		key := string(o.raw.Key)
		if o.event != nil {
			// Events are keyed by canonical URL; find the case by source.
			key = ""
		}
		if key != "" {
			byKey[key] = o
		}
	}
	for _, os := range got {
		if ev := os[0].event; ev != nil {
			for i, c := range cases {
				if c.reason == "" && ev.URL == urlOf(t, c.out) {
					byKey[fmt.Sprintf("case-%02d", i)] = os[0]
				}
			}
		}
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, ok := byKey[fmt.Sprintf("case-%02d", i)]
			if !ok {
				t.Fatalf("no output for this input, or an event where a dead letter was due")
			}
			if c.reason != "" {
				if o.dead == nil {
					t.Fatalf("want dead letter %s, got event %s", c.reason, o.event.EventID)
				}
				if o.dead.Reason != c.reason {
					t.Errorf("reason = %s (%s), want %s", o.dead.Reason, o.dead.Error, c.reason)
				}
				if !bytes.Equal(o.dead.Value, c.out.Value) {
					t.Errorf("dead letter value differs from the input (%d vs %d bytes)", len(o.dead.Value), len(c.out.Value))
				}
				for _, h := range c.out.Headers {
					if v, _ := o.raw.Header(h.Key); v != string(h.Value) {
						t.Errorf("input header %s not kept", h.Key)
					}
				}
				if o.dead.Stage == "" || o.dead.Error == "" || o.dead.Source.Topic != "pages.raw" {
					t.Errorf("dead letter lacks stage, error or source: %+v", o.dead)
				}
				return
			}
			if o.event == nil {
				t.Fatalf("want event, got dead letter %s: %s", o.dead.Reason, o.dead.Error)
			}
			ev := o.event
			if ev.SchemaVersion != models.SchemaVersion || len(ev.EventID) != 64 || ev.GazetteerVersion == "" {
				t.Errorf("event header fields: %q %q %q", ev.SchemaVersion, ev.EventID, ev.GazetteerVersion)
			}
			if string(o.raw.Key) != ev.Article.CanonicalURL {
				t.Errorf("output key %q, want canonical URL %q", o.raw.Key, ev.Article.CanonicalURL)
			}
			if v, _ := o.raw.Header(models.HeaderSchemaVersion); v != models.SchemaVersion {
				t.Errorf("schema-version header = %q", v)
			}
			if tp, ok := findHeader(c.out.Headers, "traceparent"); ok {
				if v, _ := o.raw.Header("traceparent"); v != tp {
					t.Errorf("traceparent not propagated: %q", v)
				}
			}
			names := map[string]bool{}
			for _, e := range ev.Entities {
				names[e.Name.EN] = true
			}
			if !names[c.entity] {
				t.Errorf("entity %s missing; have %v", c.entity, names)
			}
		})
	}
	if code := stop(); code != 0 {
		t.Errorf("tagger run exited %d after SIGINT-equivalent cancel, want 0", code)
	}
}

func urlOf(t *testing.T, o pipeline.Output) string {
	if v, ok := findHeader(o.Headers, "url"); ok {
		return v
	}
	if v, ok := findHeader(o.Headers, "URL"); ok {
		return v
	}
	var p models.RawPage
	json.Unmarshal(o.Value, &p)
	return p.URL
}

func findHeader(hs []models.Header, key string) (string, bool) {
	for _, h := range hs {
		if h.Key == key {
			return string(h.Value), true
		}
	}
	return "", false
}

func eventSource(t *testing.T, value []byte) models.SourceRef {
	var ev struct {
		Source models.SourceRef `json:"source"`
	}
	if err := json.Unmarshal(value, &ev); err != nil {
		t.Errorf("output is not an event: %v", err)
	}
	return ev.Source
}
