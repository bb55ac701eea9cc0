package main

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// samples are the bundled demo pages (see samples/README.md).
//
//go:embed samples/*.html
var samples embed.FS

// cmdDemo starts the embedded broker and the pipeline, produces the
// sample pages, prints what was tagged, and exits.
func cmdDemo(ctx context.Context, args []string, env Env) error {
	var cfg Config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.flags(fs)
	timeout := fs.Duration("timeout", 2*time.Minute, "give up if the events have not all arrived by then")
	asJSON := fs.Bool("json", false, "print the events as JSON Lines instead of a summary")
	fs.Set("embedded-port", "0")
	fs.Set("log-level", "warn")
	log, err := parseConfig(fs, &cfg, args, env)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	svc, err := newService(ctx, cfg, env, log)
	if err != nil {
		return err
	}
	defer svc.Close()

	runCtx, stopRun := context.WithCancel(ctx)
	runDone := make(chan error, 1)
	go func() { runDone <- svc.run(runCtx) }()

	// A run id in every URL tells this run's events from older ones when
	// the demo runs against a real cluster.
	runID := make([]byte, 4)
	rand.Read(runID)
	names, outs, err := samplePages(cfg.InputTopic, hex.EncodeToString(runID))
	if err != nil {
		stopRun()
		return err
	}
	sink, err := kafka.NewSink(kafka.SinkConfig{Conn: svc.conn})
	if err != nil {
		stopRun()
		return err
	}
	err = sink.Publish(ctx, outs)
	sink.Close()
	if err != nil {
		stopRun()
		return fmt.Errorf("produce samples: %w", err)
	}
	fmt.Fprintf(env.Stderr, "tagger: produced %d sample pages to %s; waiting for tagged events...\n", len(outs), cfg.InputTopic)

	events := map[string]models.TaggedEvent{}
	dead := map[string]models.DeadLetter{}
	errDone := errors.New("all arrived")
	err = kafka.Tail(ctx, svc.conn, []string{cfg.OutputTopic, cfg.DeadLetterTopic}, false, func(r pipeline.Record) error {
		if r.Topic == cfg.DeadLetterTopic {
			var p models.RawPage
			if json.Unmarshal(r.Value, &p) == nil && strings.Contains(p.URL, runTag(runID)) {
				dead[p.URL] = models.DeadLetterOf(r.Value, r.Headers)
			}
		} else {
			var ev models.TaggedEvent
			if err := json.Unmarshal(r.Value, &ev); err == nil && strings.Contains(ev.URL, runTag(runID)) {
				events[ev.URL] = ev
			}
		}
		if len(events)+len(dead) == len(outs) {
			return errDone
		}
		return nil
	})
	stopRun()
	if rerr := <-runDone; rerr != nil {
		log.Warn("pipeline stopped", "err", rerr)
	}
	if !errors.Is(err, errDone) {
		return fmt.Errorf("waiting for events (%d of %d arrived): %w", len(events)+len(dead), len(outs), err)
	}
	for _, name := range names {
		url := sampleURL(name, hex.EncodeToString(runID))
		if ev, ok := events[url]; ok {
			if *asJSON {
				b, _ := json.Marshal(ev)
				fmt.Fprintf(env.Stdout, "%s\n", b)
			} else {
				printEvent(env.Stdout, name, ev)
			}
		} else if d, ok := dead[url]; ok {
			fmt.Fprintf(env.Stdout, "== %s: dead-lettered (%s at %s): %s\n\n", name, d.Reason, d.Stage, d.Error)
		}
	}
	return nil
}

func runTag(id []byte) string { return "run=" + hex.EncodeToString(id) }

func sampleURL(name, runID string) string {
	return "https://samples.tagger.example/" + strings.TrimSuffix(name, ".html") + "?run=" + runID
}

// samplePages reads the bundled pages as input records: JSON envelopes,
// as a scraper would send them.
func samplePages(topic, runID string) ([]string, []pipeline.Output, error) {
	entries, err := samples.ReadDir("samples")
	if err != nil {
		return nil, nil, err
	}
	var names []string
	var outs []pipeline.Output
	now := time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC)
	for _, e := range entries {
		b, err := samples.ReadFile(path.Join("samples", e.Name()))
		if err != nil {
			return nil, nil, err
		}
		url := sampleURL(e.Name(), runID)
		v, _ := json.Marshal(models.RawPage{URL: url, HTML: string(b), FetchedAt: &now, Source: "tagger-demo", ContentType: "text/html; charset=utf-8"})
		names = append(names, e.Name())
		outs = append(outs, pipeline.Output{Topic: topic, Key: []byte(url), Value: v})
	}
	slices.Sort(names)
	return names, outs, nil
}

// printEvent writes an event for people: title, entities, topics.
func printEvent(w io.Writer, name string, ev models.TaggedEvent) {
	a := ev.Article
	fmt.Fprintf(w, "== %s\n%s\n", name, a.Title)
	meta := []string{"language " + a.Language}
	if a.PublishedAt != nil {
		meta = append(meta, "published "+a.PublishedAt.Format(time.RFC3339))
	}
	if a.SiteName != "" {
		meta = append(meta, a.SiteName)
	}
	fmt.Fprintf(w, "   %s · %d characters of text\n", strings.Join(meta, " · "), len([]rune(a.Text)))
	fmt.Fprintf(w, "   entities (%d):\n", len(ev.Entities))
	for _, e := range ev.Entities {
		surfaces := []string{}
		for _, m := range e.Mentions {
			if !slices.Contains(surfaces, m.Surface) && len(surfaces) < 4 {
				surfaces = append(surfaces, m.Surface)
			}
		}
		fmt.Fprintf(w, "     %-3s %-28s %-24s ×%-2d salience %.2f  [%s]\n",
			e.Type, orDash(e.Name.BN), orDash(e.Name.EN), e.Count, e.Salience, strings.Join(surfaces, ", "))
	}
	if len(ev.Topics) > 0 {
		fmt.Fprintf(w, "   topics:\n")
		for _, t := range ev.Topics {
			fmt.Fprintf(w, "     %-16s %-34s %s  %.2f\n", t.Code, t.Label.EN, t.Label.BN, t.Score)
		}
	}
	if len(ev.Places) > 0 {
		var ps []string
		for _, p := range ev.Places {
			ps = append(ps, fmt.Sprintf("%s %.2f", orDash(p.Name.EN), p.Weight))
		}
		fmt.Fprintf(w, "   places: %s\n", strings.Join(ps, ", "))
	}
	fmt.Fprintln(w)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
