package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
	"github.com/newsroom/tagger/pipeline/replay"
)

// replayBase is the timestamp of the first page the replay tests produce;
// page i is stamped i hours later.
var replayBase = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// producePages produces n real pages (the bundled samples, each under
// its own URL) with known timestamps, spread over the topic's partitions
// by their keys. It returns the URLs in timestamp order.
func producePages(t *testing.T, ctx context.Context, conn kafka.Conn, topic string, n int) []string {
	t.Helper()
	_, samples, err := samplePages(topic, "replay")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	var outs []pipeline.Output
	for i := range n {
		var p models.RawPage
		if err := json.Unmarshal(samples[i%len(samples)].Value, &p); err != nil {
			t.Fatal(err)
		}
		p.URL = fmt.Sprintf("https://replay.example/page/%03d", i)
		v, _ := json.Marshal(p)
		urls = append(urls, p.URL)
		outs = append(outs, pipeline.Output{Topic: topic, Key: []byte(p.URL), Value: v, Time: replayBase.Add(time.Duration(i) * time.Hour)})
	}
	produce(t, ctx, conn, outs)
	return urls
}

// readTopic reads every record a topic holds now, in partition and
// offset order.
func readTopic(t *testing.T, ctx context.Context, conn kafka.Conn, topic string) []pipeline.Record {
	t.Helper()
	ranges, err := kafka.ResolveWindow(ctx, conn, kafka.WindowSpec{Topic: topic})
	if err != nil {
		t.Fatal(err)
	}
	var got []pipeline.Record
	if err := readRanges(ctx, conn, topic, ranges, nil, func(r pipeline.Record) { got = append(got, r) }); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(a, b pipeline.Record) int {
		if a.Partition != b.Partition {
			return a.Partition - b.Partition
		}
		return int(a.Offset - b.Offset)
	})
	return got
}

// events decodes tagged events by page URL; a URL seen twice is counted.
func events(t *testing.T, recs []pipeline.Record) (map[string]models.TaggedEvent, int) {
	t.Helper()
	out := map[string]models.TaggedEvent{}
	dups := 0
	for _, r := range recs {
		var ev models.TaggedEvent
		if err := json.Unmarshal(r.Value, &ev); err != nil {
			t.Fatalf("%s %d@%d is not a tagged event: %v", r.Topic, r.Partition, r.Offset, err)
		}
		if _, ok := out[ev.URL]; ok {
			dups++
		}
		out[ev.URL] = ev
	}
	return out, dups
}

// replayCmd runs "tagger replay" in-process and returns its exit code and
// output.
func replayCmd(ctx context.Context, conn kafka.Conn, dir string, args ...string) (int, string, string) {
	var stdout, stderr lockedBuffer
	all := append([]string{"replay", "--brokers", strings.Join(conn.Brokers, ","), "--log-format", "text", "--progress", "log", "--progress-interval", "200ms"}, args...)
	if dir != "" {
		all = append(all, "--checkpoint", filepath.Join(dir, "checkpoint.json"))
	}
	code := Main(ctx, all, Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }})
	return code, stdout.String(), stderr.String()
}

func TestReplayTimeWindowExactly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := broker(t)
	urls := producePages(t, ctx, conn, "pages.raw", 30)
	from, to := replayBase.Add(10*time.Hour), replayBase.Add(20*time.Hour)
	window := []string{"--from", from.Format(time.RFC3339), "--to", to.In(time.FixedZone("BST", 6*3600)).Format(time.RFC3339), "--output-topic", "pages.replay"}

	dir := t.TempDir()
	code, out, errOut := replayCmd(ctx, conn, dir, append(window, "--dry-run")...)
	if code != 0 {
		t.Fatalf("dry run exit %d:\n%s", code, errOut)
	}
	if !strings.Contains(out, "total 10 pages, 10 left; nothing produced") {
		t.Errorf("dry run does not count the window's 10 pages:\n%s", out)
	}
	if _, err := kafka.Partitions(ctx, conn, "pages.replay"); err == nil {
		t.Fatal("a dry run created the output topic")
	}

	code, _, errOut = replayCmd(ctx, conn, dir, window...)
	if code != 0 {
		t.Fatalf("replay exit %d:\n%s", code, errOut)
	}
	evs, dups := events(t, readTopic(t, ctx, conn, "pages.replay"))
	var got []string
	for u := range evs {
		got = append(got, u)
	}
	slices.Sort(got)
	if want := urls[10:20]; !slices.Equal(got, want) || dups != 0 {
		t.Fatalf("replayed %v (%d duplicates), want exactly %v", got, dups, want)
	}
	for _, ev := range evs {
		r := ev.Replay
		if r == nil || !strings.HasPrefix(r.ID, "r-") || r.Topic != "pages.raw" || !r.From.Equal(from) || !r.To.Equal(to) || len(r.Ranges) != 3 {
			t.Fatalf("event %s has replay metadata %+v", ev.URL, r)
		}
	}
	if !strings.Contains(errOut, "replay progress") || !strings.Contains(errOut, "done: 10 events to pages.replay") {
		t.Errorf("replay log lacks progress or the summary:\n%s", errOut)
	}
	// A narrower window: one partition only.
	code, out, errOut = replayCmd(ctx, conn, t.TempDir(), append(window, "--partitions", "1", "--dry-run")...)
	var rows []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 5 && strings.Trim(f[0], "0123456789") == "" {
			rows = append(rows, f[0])
		}
	}
	if code != 0 || !slices.Equal(rows, []string{"1"}) {
		t.Errorf("dry run of partition 1 (exit %d) lists partitions %v:\n%s%s", code, rows, out, errOut)
	}
}

func TestReplayTwiceIsByteIdentical(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := broker(t)
	producePages(t, ctx, conn, "pages.raw", 12)
	args := []string{"--offsets", "0:-,1:-,2:-", "--output-topic", "pages.replay"}
	dir := t.TempDir()
	for run := 1; run <= 2; run++ {
		if code, _, errOut := replayCmd(ctx, conn, dir, args...); code != 0 {
			t.Fatalf("replay %d: exit %d:\n%s", run, code, errOut)
		}
	}
	recs := readTopic(t, ctx, conn, "pages.replay")
	if len(recs) != 24 {
		t.Fatalf("two replays of 12 pages wrote %d records, want 24", len(recs))
	}
	// Keys decide partitions, so each partition holds the first replay's
	// records, then the second's: the same records, though workers may
	// have finished them in another order.
	byPart := map[int][]pipeline.Record{}
	for _, r := range recs {
		byPart[r.Partition] = append(byPart[r.Partition], r)
	}
	record := func(r pipeline.Record) string {
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s\x00%s", r.Key, r.Value)
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "\x00%s=%s", h.Key, h.Value)
		}
		return b.String()
	}
	for p, rs := range byPart {
		half := len(rs) / 2
		var first, second []string
		for i := range half {
			first = append(first, record(rs[i]))
			second = append(second, record(rs[half+i]))
		}
		slices.Sort(first)
		slices.Sort(second)
		for i := range first {
			if first[i] != second[i] {
				t.Fatalf("partition %d: the replays' records differ:\n%s\n%s", p, first[i], second[i])
			}
		}
	}
}

func TestReplayResumesAfterInterruption(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := broker(t)
	urls := producePages(t, ctx, conn, "pages.raw", 40)
	dir := t.TempDir()
	args := []string{"--from", replayBase.Format(time.RFC3339), "--output-topic", "pages.replay", "--batch-size", "2", "--workers", "1", "--rate", "15"}

	runCtx, interrupt := context.WithCancel(ctx)
	done := make(chan int, 1)
	var errOut string
	go func() {
		code, _, e := replayCmd(runCtx, conn, dir, args...)
		errOut = e
		done <- code
	}()
	// Interrupt once some, not all, pages are checkpointed.
	path := filepath.Join(dir, "checkpoint.json")
	for {
		cp, err := replay.LoadCheckpoint(path)
		if err == nil && cp.Published() >= 6 {
			break
		}
		select {
		case <-time.After(50 * time.Millisecond):
		case code := <-done:
			t.Fatalf("replay ended (exit %d) before it could be interrupted:\n%s", code, errOut)
		}
	}
	interrupt()
	if code := <-done; code == 0 {
		t.Fatalf("an interrupted replay exited 0")
	}
	if !strings.Contains(errOut, "--resume") {
		t.Errorf("an interrupted replay should say how to resume:\n%s", errOut)
	}
	cp, err := replay.LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	before := len(readTopic(t, ctx, conn, "pages.replay"))
	if cp.Done || cp.Published() >= 40 || int64(before) < cp.Published() {
		t.Fatalf("after the interruption: checkpoint %d of %d (done %v), %d records out", cp.Published(), cp.Total(), cp.Done, before)
	}
	t.Logf("interrupted with %d of 40 pages checkpointed, %d records out", cp.Published(), before)

	// Without --resume, an unfinished checkpoint is not silently redone.
	if code, _, e := replayCmd(ctx, conn, dir, args...); code != 2 || !strings.Contains(e, "--resume") {
		t.Errorf("rerun without --resume: exit %d, want 2 and a hint:\n%s", code, e)
	}
	fast := slices.Clone(args)
	fast[len(fast)-1] = "0" // no rate limit: same replay id, since the rate is not part of the window
	if code, _, e := replayCmd(ctx, conn, dir, append(fast, "--resume")...); code != 0 {
		t.Fatalf("resume: exit %d:\n%s", code, e)
	}
	evs, dups := events(t, readTopic(t, ctx, conn, "pages.replay"))
	for _, u := range urls {
		if _, ok := evs[u]; !ok {
			t.Errorf("no output for %s after resuming", u)
		}
	}
	t.Logf("after resume: %d pages, %d duplicates", len(evs), dups)
	// Only a batch that was in flight at the interruption may repeat.
	if dups > 2 {
		t.Errorf("%d pages were published twice; at most one batch (2) may repeat", dups)
	}
	if code, _, e := replayCmd(ctx, conn, dir, append(fast, "--resume")...); code != 0 || !strings.Contains(e, "already finished") {
		t.Errorf("resuming a finished replay: exit %d:\n%s", code, e)
	}
}

func TestRetagFromTaggedTopicAfterRawIsDeleted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := broker(t)
	urls := producePages(t, ctx, conn, "pages.raw", 10)
	if code, _, e := replayCmd(ctx, conn, t.TempDir(), "--output-topic", "pages.v1"); code != 0 {
		t.Fatalf("first tagging: exit %d:\n%s", code, e)
	}
	if err := kafka.DeleteTopics(ctx, conn, "pages.raw"); err != nil {
		t.Fatal(err)
	}
	if _, err := kafka.Partitions(ctx, conn, "pages.raw"); err == nil {
		t.Fatal("pages.raw still exists after deletion")
	}

	// The gazetteer changes: a new entity, named in the Bangla seed page.
	gz := filepath.Join(t.TempDir(), "extra.jsonl")
	entry := `{"id":"org-supreme-leader-office","type":"ORG","subtype":"government_agency","en":"Office of the Supreme Leader of Iran","bn":"সর্বোচ্চ নেতা","source":"test"}` + "\n"
	if err := os.WriteFile(gz, []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, e := replayCmd(ctx, conn, t.TempDir(), "--from-tagged", "--input-topic", "pages.v1", "--output-topic", "pages.v2", "--gazetteer", "default,"+gz)
	if code != 0 {
		t.Fatalf("re-tag: exit %d:\n%s", code, e)
	}
	v1, _ := events(t, readTopic(t, ctx, conn, "pages.v1"))
	v2, dups := events(t, readTopic(t, ctx, conn, "pages.v2"))
	if len(v2) != len(urls) || dups != 0 {
		t.Fatalf("re-tagged %d pages (%d duplicates), want %d", len(v2), dups, len(urls))
	}
	newEntity := 0
	for _, u := range urls {
		a, b := v1[u], v2[u]
		if a.Article.Text != b.Article.Text || a.Source != b.Source {
			t.Errorf("%s: re-tagging changed the article or lost the raw source (%+v -> %+v)", u, a.Source, b.Source)
		}
		if b.GazetteerVersion == a.GazetteerVersion || b.EventID == a.EventID {
			t.Errorf("%s: the new gazetteer's version is not on the re-tagged event", u)
		}
		if b.Replay == nil || !b.Replay.Retag || b.Replay.Topic != "pages.v1" {
			t.Errorf("%s: replay metadata %+v", u, b.Replay)
		}
		if slices.ContainsFunc(b.Entities, func(e models.Entity) bool { return e.ID == "org-supreme-leader-office" }) {
			newEntity++
		}
	}
	// Two of each five pages are Bangla seeds naming the supreme leader.
	if newEntity != 4 {
		t.Errorf("the new entity is on %d re-tagged events, want 4", newEntity)
	}

	// tail shows a person what the re-tag produced, filtered.
	var stdout, stderr lockedBuffer
	code = Main(ctx, []string{"tail", "pages.v2", "--brokers", strings.Join(conn.Brokers, ","), "--entity", "org-supreme-leader-office", "--last", "0"},
		Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }})
	out := stdout.String()
	if code != 0 || strings.Count(out, "https://replay.example/page/") != 4 || !strings.Contains(out, "Office of the Supreme Leader of Iran (org-supreme-leader-office)") {
		t.Errorf("tail --entity (exit %d):\n%s%s", code, out, stderr.String())
	}
	stdout, stderr = lockedBuffer{}, lockedBuffer{}
	code = Main(ctx, []string{"tail", "pages.v2", "--brokers", strings.Join(conn.Brokers, ","), "--topic-code", "medtop:15000000", "--json"},
		Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }})
	// One in five pages is the cricket story: sport.
	if n := strings.Count(stdout.String(), "\n"); code != 0 || n != 2 {
		t.Errorf("tail --topic-code medtop:15000000 --json printed %d events (exit %d), want the 2 cricket pages:\n%s", n, code, stderr.String())
	}
}

func TestReplayLeavesLiveGroupOffsetsAlone(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := broker(t)
	stop := startRun(t, conn, "--group", "live")
	producePages(t, ctx, conn, "pages.raw", 12)
	ends, err := kafka.ResolveWindow(ctx, conn, kafka.WindowSpec{Topic: "pages.raw"})
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the live service has committed everything.
	var committed map[int]int64
	for {
		committed, err = kafka.CommittedOffsets(ctx, conn, "live", "pages.raw")
		if err != nil {
			t.Fatal(err)
		}
		all := true
		for _, r := range ends {
			all = all && committed[r.Partition] == r.End
		}
		if all {
			break
		}
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			t.Fatalf("the live service committed %v, want the log ends %v", committed, ends)
		}
	}
	// Replay while the live service runs, with a group name like its own.
	if code, _, e := replayCmd(ctx, conn, t.TempDir(), "--output-topic", "pages.replay", "--group", "live"); code != 0 {
		t.Fatalf("replay: exit %d:\n%s", code, e)
	}
	if evs, _ := events(t, readTopic(t, ctx, conn, "pages.replay")); len(evs) != 12 {
		t.Fatalf("replay made %d events, want 12", len(evs))
	}
	after, err := kafka.CommittedOffsets(ctx, conn, "live", "pages.raw")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(committed) {
		t.Errorf("the live group's offsets moved during the replay: %v -> %v", committed, after)
	}
	if code := stop(); code != 0 {
		t.Errorf("the live service exited %d", code)
	}
}
