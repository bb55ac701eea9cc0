package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
)

// TestKcatRoundTrip proves interoperability with a Kafka client we did not
// write: kcat (librdkafka) produces a raw page to the service's input
// topic, and consumes the tagged event from its output topic. CI installs
// kcat and sets CI=true, which makes this test mandatory there.
func TestKcatRoundTrip(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("kcat is required in CI (apt-get install -y kcat)")
		}
		t.Skip("kcat not installed; `apt-get install -y kcat` to run this test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	conn := broker(t)
	stop := startRun(t, conn)
	addr := conn.Brokers[0]

	// A whole file is one message; the URL travels in a header, as many
	// scrapers send it.
	produce := exec.CommandContext(ctx, kcat, "-b", addr, "-P", "-t", "pages.raw",
		"-k", "https://bdjen.example/khamenei-letter", "-H", "url=https://bdjen.example/khamenei-letter",
		"-H", "content-type=text/html; charset=utf-8", "samples/bn-khamenei-putin-letter.html")
	if out, err := produce.CombinedOutput(); err != nil {
		t.Fatalf("kcat produce: %v\n%s", err, out)
	}

	consume := exec.CommandContext(ctx, kcat, "-b", addr, "-C", "-t", "pages.tagged", "-o", "beginning", "-c", "1", "-J", "-q")
	out, err := consume.Output()
	if err != nil {
		t.Fatalf("kcat consume: %v\n%s", err, out)
	}
	var rec struct {
		Key     string   `json:"key"`
		Payload string   `json:"payload"`
		Headers []string `json:"headers"`
	}
	if err := json.Unmarshal(out, &rec); err != nil {
		t.Fatalf("kcat -J output: %v\n%s", err, out)
	}
	var ev models.TaggedEvent
	if err := json.Unmarshal([]byte(rec.Payload), &ev); err != nil {
		t.Fatalf("payload is not a tagged event: %v\n%s", err, rec.Payload)
	}
	if ev.URL != "https://bdjen.example/khamenei-letter" || ev.Source.Topic != "pages.raw" {
		t.Errorf("event url %q source %+v", ev.URL, ev.Source)
	}
	if rec.Key != ev.Article.CanonicalURL {
		t.Errorf("key %q, want the canonical URL %q", rec.Key, ev.Article.CanonicalURL)
	}
	if !strings.Contains(strings.Join(rec.Headers, ","), models.HeaderSchemaVersion) {
		t.Errorf("headers %v lack %s", rec.Headers, models.HeaderSchemaVersion)
	}
	names := map[string]bool{}
	for _, e := range ev.Entities {
		names[e.Name.EN] = true
	}
	for _, want := range []string{"Vladimir Putin", "Russia", "Iran"} {
		if !names[want] {
			t.Errorf("entity %s missing; have %v", want, names)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("tagger run exited %d", code)
	}
}
