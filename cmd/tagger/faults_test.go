package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/extract"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// The fault tests run the service against the embedded broker over TCP,
// break something mid-stream, and check the invariant: every input offset
// ends with an output record or a dead-letter record. Duplicates are
// allowed (at least once); each test logs how many.

// faultBroker starts an embedded broker whose data survives Stop and
// Restart.
func faultBroker(t *testing.T, partitions int) (*kafka.Embedded, kafka.Conn) {
	t.Helper()
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{
		Partitions: partitions, DataDir: t.TempDir(),
		Topics: []string{"pages.raw", "pages.tagged", "pages.deadletter"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e, kafka.Conn{Brokers: e.Addrs(), ClientID: "test"}
}

// pageSet is the bundled real pages, to make input records from.
type pageSet [][]byte

func loadPages(t *testing.T) pageSet {
	t.Helper()
	return pageSet{
		readTestdata(t, "samples/en-gaza-ceasefire.html"),
		readTestdata(t, "samples/bn-khamenei-hamas.html"),
		readTestdata(t, "samples/en-putin-iran-talks.html"),
		readTestdata(t, "samples/bn-khamenei-putin-letter.html"),
		readTestdata(t, "samples/en-bangladesh-cricket.html"),
	}
}

// records makes n input records, JSON envelopes of the pages in turn,
// each with a URL of its own under prefix.
func (ps pageSet) records(prefix string, from, n int) ([]pipeline.Output, error) {
	outs := make([]pipeline.Output, 0, n)
	for i := from; i < from+n; i++ {
		url := fmt.Sprintf("%s%d", prefix, i)
		v, err := json.Marshal(models.RawPage{URL: url, HTML: string(ps[i%len(ps)]), Source: "test"})
		if err != nil {
			return nil, err
		}
		outs = append(outs, pipeline.Output{Topic: "pages.raw", Key: []byte(url), Value: v})
	}
	return outs, nil
}

// realPages makes n input records from the bundled real pages.
func realPages(t *testing.T, prefix string, from, n int) []pipeline.Output {
	t.Helper()
	outs, err := loadPages(t).records(prefix, from, n)
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

// produceRetrying writes records to the input topic and waits for their
// acks, retrying while the broker is coming back.
func produceRetrying(ctx context.Context, conn kafka.Conn, outs []pipeline.Output) error {
	sink, err := kafka.NewSink(kafka.SinkConfig{Conn: conn})
	if err != nil {
		return err
	}
	defer sink.Close()
	for {
		err := sink.Publish(ctx, outs)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("producing %d input records: %w", len(outs), err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// mustProduce is produceRetrying on the test's goroutine.
func mustProduce(t *testing.T, ctx context.Context, conn kafka.Conn, outs []pipeline.Output) {
	t.Helper()
	if err := produceRetrying(ctx, conn, outs); err != nil {
		t.Fatal(err)
	}
}

// instance is one "tagger run" in this process.
type instance struct {
	name   string
	cancel context.CancelFunc
	done   chan int // the exit code, once it exits
	log    *lockedBuffer
	once   sync.Once
	code   int
}

// baseArgs are the run flags every fault test uses: timeouts short enough
// for a test to see rebalances, JSON logs to read.
func baseArgs(conn kafka.Conn, extra ...string) []string {
	return append([]string{"run", "--brokers", strings.Join(conn.Brokers, ","),
		"--session-timeout", "6s", "--rebalance-timeout", "3s", "--workers", "2", "--batch-size", "20",
		"--log-format", "json", "--http-addr", "127.0.0.1:0"}, extra...)
}

// runMainInstance runs "tagger run" through Main, exactly as the binary
// does.
func runMainInstance(t *testing.T, name string, conn kafka.Conn, extra ...string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{name: name, cancel: cancel, done: make(chan int, 1), log: &lockedBuffer{}}
	env := Env{Stdin: strings.NewReader(""), Stdout: in.log, Stderr: in.log, Getenv: func(string) string { return "" }}
	go func() { in.done <- Main(ctx, baseArgs(conn, extra...), env) }()
	t.Cleanup(func() { in.stop(t) })
	return in
}

// runServiceInstance wires the service as "tagger run" does, lets setup
// change its stages (to make a page poison, or count what it processes),
// and runs it.
func runServiceInstance(t *testing.T, name string, conn kafka.Conn, setup func(*service), extra ...string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{name: name, cancel: cancel, done: make(chan int, 1), log: &lockedBuffer{}}
	env := Env{Stdin: strings.NewReader(""), Stdout: in.log, Stderr: in.log, Getenv: func(string) string { return "" }}
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	log, err := parseConfig(fs, &cfg, baseArgs(conn, extra...)[1:], env)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	svc, err := newService(ctx, cfg, env, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if setup != nil {
		setup(svc)
	}
	go func() {
		defer svc.Close()
		if err := svc.run(ctx); err != nil {
			fmt.Fprintf(in.log, "tagger run: %v\n", err)
			in.done <- 1
			return
		}
		in.done <- 0
	}()
	t.Cleanup(func() { in.stop(t) })
	return in
}

// exited reports whether the instance has stopped by itself, and its code.
func (in *instance) exited() (bool, int) {
	select {
	case code := <-in.done:
		in.once.Do(func() { in.code = code })
		in.done <- code
		return true, code
	default:
		return false, 0
	}
}

// troubles counts the kinds of trouble an instance logged, for a wait that
// timed out: the tail of a log shows only the last of them.
func (in *instance) troubles() string {
	log := in.log.String()
	var b strings.Builder
	for _, k := range []string{"fetch failed", "publish failed", `"commit failed"`, "i/o timeout", "Unknown Member ID", "Rebalance In Progress"} {
		fmt.Fprintf(&b, "%s: %d; ", strings.Trim(k, `"`), strings.Count(log, k))
	}
	return strings.TrimSuffix(b.String(), "; ")
}

// stop cancels the instance, as SIGTERM does, and returns its exit code.
func (in *instance) stop(t *testing.T) int {
	in.once.Do(func() {
		in.cancel()
		select {
		case in.code = <-in.done:
			in.done <- in.code
		case <-time.After(60 * time.Second):
			t.Errorf("%s did not exit 60 s after cancel; log:\n%s", in.name, in.log.String())
			in.code = -1
		}
	})
	return in.code
}

// outputs watches the output and dead-letter topics and counts, per input
// offset, the records that name it as their source. It reads from the
// beginning again whenever the broker drops it, and counts each output
// record once by its own coordinates.
type outputs struct {
	conn    kafka.Conn
	mu      sync.Mutex
	records map[string]bool              // output topic/partition/offset seen
	read    map[string]int64             // output topic/partition -> one past the highest offset read
	sources map[string]int               // input partition/offset -> outputs
	dead    map[string]models.DeadLetter // input partition/offset -> its dead letter
	bad     []string                     // outputs that name no input record
}

func watchOutputs(t *testing.T, ctx context.Context, conn kafka.Conn) *outputs {
	o := &outputs{conn: conn, records: map[string]bool{}, read: map[string]int64{}, sources: map[string]int{}, dead: map[string]models.DeadLetter{}}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			kafka.Tail(ctx, conn, []string{"pages.tagged", "pages.deadletter"}, false, o.add)
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return o
}

func (o *outputs) add(r pipeline.Record) error {
	var src models.SourceRef
	var dl *models.DeadLetter
	if r.Topic == "pages.deadletter" {
		d := models.DeadLetterOf(r.Value, r.Headers)
		src, dl = d.Source, &d
	} else {
		var ev struct {
			Source models.SourceRef `json:"source"`
		}
		if err := json.Unmarshal(r.Value, &ev); err != nil {
			ev.Source.Topic = "not an event: " + err.Error()
		}
		src = ev.Source
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	at := fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)
	if o.records[at] {
		return nil
	}
	o.records[at] = true
	tp := fmt.Sprintf("%s/%d", r.Topic, r.Partition)
	o.read[tp] = max(o.read[tp], r.Offset+1)
	if src.Topic != "pages.raw" {
		o.bad = append(o.bad, fmt.Sprintf("%s names source %+v", at, src))
		return nil
	}
	k := fmt.Sprintf("%d/%d", src.Partition, src.Offset)
	o.sources[k]++
	if dl != nil {
		o.dead[k] = *dl
	}
	return nil
}

// counts returns how many input offsets have an output, and how many
// output records there are.
func (o *outputs) counts() (distinct, total int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sources), len(o.records)
}

// waitFor polls until at least n input offsets have an output, failing
// the test with the instances' logs when ctx ends first.
func (o *outputs) waitFor(t *testing.T, ctx context.Context, n int, what string, ins ...*instance) {
	t.Helper()
	for {
		d, _ := o.counts()
		if d >= n {
			return
		}
		if ctx.Err() != nil {
			var logs strings.Builder
			for _, in := range ins {
				fmt.Fprintf(&logs, "--- %s log (%s):\n%s\n", in.name, in.troubles(), tail(in.log.String(), 8000))
			}
			t.Fatalf("timed out waiting for %s: %d of %d input offsets have an output\n%s%s", what, d, n, o.coverage(), logs.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// coverage says, for a wait that timed out, where the outputs stop: per
// input partition, how many offsets below its end have an output and the
// first that has none; per output partition, how far the watcher has read
// against the log's end, to tell a service that did not publish from a
// watcher that fell behind.
func (o *outputs) coverage() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var b strings.Builder
	ends := func(topic string) []models.OffsetRange {
		rs, err := kafka.ResolveWindow(ctx, o.conn, kafka.WindowSpec{Topic: topic})
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n", topic, err)
		}
		return rs
	}
	in := ends("pages.raw")
	outs := map[string][]models.OffsetRange{}
	for _, topic := range []string{"pages.tagged", "pages.deadletter"} {
		outs[topic] = ends(topic)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range in {
		covered, firstMissing := 0, int64(-1)
		for off := r.Start; off < r.End; off++ {
			if o.sources[fmt.Sprintf("%d/%d", r.Partition, off)] > 0 {
				covered++
			} else if firstMissing < 0 {
				firstMissing = off
			}
		}
		fmt.Fprintf(&b, "input partition %d: %d of offsets [%d, %d) have an output", r.Partition, covered, r.Start, r.End)
		if firstMissing >= 0 {
			fmt.Fprintf(&b, ", the first without at %d", firstMissing)
		}
		b.WriteString("\n")
	}
	for _, topic := range []string{"pages.tagged", "pages.deadletter"} {
		for _, r := range outs[topic] {
			fmt.Fprintf(&b, "%s partition %d: the watcher read up to %d of %d\n", topic, r.Partition, o.read[fmt.Sprintf("%s/%d", topic, r.Partition)], r.End)
		}
	}
	return b.String()
}

// check asserts the invariant for n inputs, none of them expected to be
// dead-lettered unless deadOK says so, and logs the duplicates.
func (o *outputs) check(t *testing.T, n int, deadOK func(models.DeadLetter) bool) (duplicates int) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, b := range o.bad {
		t.Errorf("output record %s", b)
	}
	if len(o.sources) != n {
		t.Errorf("%d of %d input offsets have an output or dead letter: %d lost", len(o.sources), n, n-len(o.sources))
	}
	// The input topic is fresh, so its offsets run from 0 in every
	// partition: covered offsets without a gap, n in all, are every input.
	last, distinct := map[int]int64{}, map[int]int64{}
	for k := range o.sources {
		var p int
		var off int64
		fmt.Sscanf(k, "%d/%d", &p, &off)
		last[p] = max(last[p], off)
		distinct[p]++
	}
	for p, l := range last {
		if distinct[p] != l+1 {
			t.Errorf("partition %d: outputs name %d distinct input offsets up to %d: %d in between have none", p, distinct[p], l, l+1-distinct[p])
		}
	}
	for k, d := range o.dead {
		if deadOK == nil || !deadOK(d) {
			t.Errorf("input %s dead-lettered: %s at %s: %s", k, d.Reason, d.Stage, tail(d.Error, 300))
		}
	}
	total := 0
	for _, c := range o.sources {
		total += c
	}
	duplicates = total - len(o.sources)
	t.Logf("invariant: %d inputs, %d with an output or dead letter, %d lost, %d output records, %d duplicates (at least once)",
		n, len(o.sources), n-len(o.sources), total, duplicates)
	return duplicates
}

// committedTotal sums the group's committed offsets over the input
// topic's partitions: with offsets from 0, the number of input records
// below the commits.
func committedTotal(ctx context.Context, conn kafka.Conn, group string) (int64, map[int]int64, error) {
	offs, err := kafka.CommittedOffsets(ctx, conn, group, "pages.raw")
	var sum int64
	for _, o := range offs {
		sum += o
	}
	return sum, offs, err
}

// waitCommitted polls until the group has committed n input records.
func waitCommitted(t *testing.T, ctx context.Context, conn kafka.Conn, group string, n int64, ins ...*instance) {
	t.Helper()
	for {
		sum, offs, err := committedTotal(ctx, conn, group)
		if err == nil && sum >= n {
			return
		}
		if ctx.Err() != nil {
			// Read them once more with a context of its own: the last
			// read may have failed for want of time.
			last, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			sum, offs, err = committedTotal(last, conn, group)
			cancel()
			var logs strings.Builder
			for _, in := range ins {
				fmt.Fprintf(&logs, "--- %s log (%s):\n%s\n", in.name, in.troubles(), tail(in.log.String(), 8000))
			}
			t.Fatalf("timed out waiting for %d commits: committed %v (%d), err %v; the input's partitions end at %s\n%s", n, offs, sum, err, inputEnds(conn), logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// inputEnds is the input topic's end offset per partition, for a timed-out
// wait to set beside the committed offsets.
func inputEnds(conn kafka.Conn) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rs, err := kafka.ResolveWindow(ctx, conn, kafka.WindowSpec{Topic: "pages.raw"})
	if err != nil {
		return err.Error()
	}
	ends := map[int]int64{}
	for _, r := range rs {
		ends[r.Partition] = r.End
	}
	return fmt.Sprint(ends)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// jsonHTTPAddr finds the HTTP server's address in a JSON log.
var jsonHTTPAddr = regexp.MustCompile(`"msg":"serving /metrics[^"]*","addr":"([^"]+)"`)

// TestBrokerRestartMidStream takes the broker away for several seconds
// and brings it back with its data, as a broker restart does: once in the
// middle of a stream, once while the service waits for pages. The service
// must keep running through both outages (retrying with backoff), recover
// by itself, and get every page through.
func TestBrokerRestartMidStream(t *testing.T) {
	if testing.Short() {
		t.Skip("stops and restarts a broker")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	emb, conn := faultBroker(t, 3)
	const first, second, third = 300, 100, 100
	mustProduce(t, ctx, conn, realPages(t, "https://restart.example/", 0, first))
	out := watchOutputs(t, ctx, conn)
	svc := runMainInstance(t, "tagger", conn, "--broker-check-interval", "300ms")
	readyz := func() int {
		m := jsonHTTPAddr.FindStringSubmatch(svc.log.String())
		if m == nil {
			return 0
		}
		resp, err := http.Get("http://" + m[1] + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// waitReady polls /readyz until it answers want.
	waitReady := func(want int, when string) {
		t.Helper()
		for got := readyz(); got != want; got = readyz() {
			select {
			case <-ctx.Done():
				t.Fatalf("/readyz answered %d %s, want %d", got, when, want)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	waitReady(http.StatusOK, "before any outage")

	// Down long enough for every client to drop its connections and use
	// up kafka-go's own retries.
	const downFor = 8 * time.Second
	outage := func(what string) {
		t.Helper()
		c, _ := kafka.CommittedOffsets(ctx, conn, "tagger", "pages.raw")
		d, tot := out.counts()
		t.Logf("before the outage %s: committed %v; %d inputs have output, %d outputs", what, c, d, tot)
		emb.Stop()
		deadline := time.Now().Add(downFor)
		notReady := false
		for time.Now().Before(deadline) {
			if gone, code := svc.exited(); gone {
				t.Fatalf("the service exited (code %d) while the broker was down %s:\n%s", code, what, tail(svc.log.String(), 8000))
			}
			notReady = notReady || readyz() == http.StatusServiceUnavailable
			time.Sleep(50 * time.Millisecond)
		}
		if !notReady {
			t.Errorf("/readyz never answered 503 while the broker was down %s", what)
		}
		if err := emb.Restart(); err != nil {
			t.Fatal(err)
		}
		waitReady(http.StatusOK, "after the broker came back "+what)
		c, _ = kafka.CommittedOffsets(ctx, conn, "tagger", "pages.raw")
		t.Logf("after the restart: committed %v; ready again", c)
	}

	out.waitFor(t, ctx, 30, "the first outputs", svc)
	atStop, _ := out.counts()
	outage("mid-stream")
	mustProduce(t, ctx, conn, realPages(t, "https://restart.example/", first, second))
	out.waitFor(t, ctx, first+second, "every page after the first restart", svc)

	outage("while the service waited for pages")
	mustProduce(t, ctx, conn, realPages(t, "https://restart.example/", first+second, third))
	out.waitFor(t, ctx, first+second+third, "every page after the second restart", svc)

	// Commits recover too: the group's offsets reach the end of the input.
	waitCommitted(t, ctx, conn, "tagger", first+second+third, svc)
	if gone, code := svc.exited(); gone {
		t.Fatalf("the service exited (code %d):\n%s", code, tail(svc.log.String(), 8000))
	}
	if code := svc.stop(t); code != 0 {
		t.Errorf("exit code %d after cancel; log:\n%s", code, tail(svc.log.String(), 8000))
	}
	t.Logf("the broker was down twice for %s; %d of %d inputs had an output at the first stop", downFor, atStop, first)
	out.check(t, first+second+third, nil)
	log := svc.log.String()
	t.Logf("the service logged %d fetch failures, %d publish failures and %d commit failures", strings.Count(log, "fetch failed"), strings.Count(log, "publish failed"), strings.Count(log, `"commit failed"`))
}

// TestPublishFailuresCommitNothing makes the broker fail the service's
// produce requests for a while, first rejecting them (nothing written),
// then timing them out after writing (the retry writes duplicates). While
// publication fails the group's committed offsets must not move, read
// over the protocol with OffsetFetch; once it succeeds, every page gets
// through and is committed.
func TestPublishFailuresCommitNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	emb, conn := faultBroker(t, 3)
	const before, during = 150, 150
	mustProduce(t, ctx, conn, realPages(t, "https://publish.example/", 0, before))
	out := watchOutputs(t, ctx, conn)
	svc := runMainInstance(t, "tagger", conn)
	out.waitFor(t, ctx, before, "the pages before the fault", svc)
	waitCommitted(t, ctx, conn, "tagger", before, svc)
	_, base, err := committedTotal(ctx, conn, "tagger")
	if err != nil {
		t.Fatal(err)
	}

	outputs := []string{"pages.tagged", "pages.deadletter"}
	f := emb.FailProduce(kafka.ProduceRejected, outputs...)
	mustProduce(t, ctx, conn, realPages(t, "https://publish.example/", before, during))
	hold := func(what string, f *kafka.Failure) {
		t.Helper()
		start := time.Now()
		for f.Count() < 3 || time.Since(start) < 3*time.Second {
			_, offs, err := committedTotal(ctx, conn, "tagger")
			if err != nil {
				t.Fatalf("reading committed offsets: %v", err)
			}
			if fmt.Sprint(offs) != fmt.Sprint(base) {
				t.Fatalf("committed %v while publishing was %s; before the fault %v\n%s", offs, what, base, tail(svc.log.String(), 8000))
			}
			if gone, code := svc.exited(); gone {
				t.Fatalf("the service exited (code %d) while publishing was %s:\n%s", code, what, tail(svc.log.String(), 8000))
			}
			if ctx.Err() != nil {
				t.Fatalf("%d produce requests %s; the service never tried to publish?\n%s", f.Count(), what, tail(svc.log.String(), 8000))
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("publishing %s: %d produce requests failed in %s; committed offsets stayed %v", what, f.Count(), time.Since(start).Round(time.Millisecond), base)
	}
	hold("rejected", f)
	// The second fault is in place before the first goes, so no produce
	// request slips through between them.
	f2 := emb.FailProduce(kafka.ProduceTimedOut, outputs...)
	f.Stop()
	hold("timing out", f2)
	f2.Stop()

	out.waitFor(t, ctx, before+during, "every page after the fault", svc)
	waitCommitted(t, ctx, conn, "tagger", before+during, svc)
	if code := svc.stop(t); code != 0 {
		t.Errorf("exit code %d after cancel; log:\n%s", code, tail(svc.log.String(), 8000))
	}
	if dups := out.check(t, before+during, nil); dups == 0 {
		t.Error("no duplicates, yet timed-out produce requests were written and retried: was the timeout phase real?")
	}
}

// poisonTopics is a topic stage that panics on articles whose title
// carries the marker, as a bug triggered by one page would.
type poisonTopics struct {
	next   pipeline.TopicTagger
	marker string
}

func (p poisonTopics) Tag(a models.Article, es []models.Entity, g *gazetteer.Gazetteer) ([]models.Topic, []models.Place) {
	if strings.Contains(a.Title, p.marker) {
		panic("topics: index out of range [3] with length 3")
	}
	return p.next.Tag(a, es, g)
}

// TestPoisonPagesAreDeadLettered feeds the service pages that make a
// stage panic (in extract, in tag) or stall past --stage-timeout, among
// ordinary pages. Each poison page must be tried 1 + --stage-retries
// times, land in the dead-letter topic as internal naming its stage, and
// the stream must go on: every other page is tagged and the commits
// reach the end while the stalled stages are still stuck.
func TestPoisonPagesAreDeadLettered(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	_, conn := faultBroker(t, 3)

	const good = 150
	const marker = "tagger-poison-title"
	inputs := realPages(t, "https://poison.example/ok/", 0, good)
	poison := map[string]string{ // URL -> the stage it poisons
		"https://poison.example/panic-extract/1": models.StageExtract,
		"https://poison.example/panic-extract/2": models.StageExtract,
		"https://poison.example/stall/1":         models.StageExtract,
		"https://poison.example/stall/2":         models.StageExtract,
		"https://poison.example/panic-tag/1":     models.StageTag,
	}
	gaza := readTestdata(t, "samples/en-gaza-ceasefire.html")
	i := 0
	for url := range poison {
		html := gaza
		if strings.Contains(url, "/panic-tag/") {
			// The headline names the poison, wherever the extractor takes
			// the title from.
			html = bytes.ReplaceAll(gaza, []byte("Mediators press Hamas"), []byte(marker+" Mediators press Hamas"))
		}
		// In the middle of the stream, pages after them still to come.
		at := good/3 + i*good/10
		rec := pipeline.Output{Topic: "pages.raw", Key: []byte(url), Value: envelope(t, url, html)}
		inputs = append(inputs[:at], append([]pipeline.Output{rec}, inputs[at:]...)...)
		i++
	}
	n := len(inputs)

	release := make(chan struct{})
	var mu sync.Mutex
	attempts := map[string]int{}
	setup := func(s *service) {
		s.proc.Extract = func(body []byte, src extract.Source, opt extract.Options) (models.Article, error) {
			if poison[src.URL] != "" {
				mu.Lock()
				attempts[src.URL]++
				mu.Unlock()
			}
			switch {
			case strings.Contains(src.URL, "/panic-extract/"):
				var m map[string]int
				m[src.URL]++ // a nil-map write, as a buggy stage makes
			case strings.Contains(src.URL, "/stall/"):
				<-release // a stage in a loop it will not leave
			}
			return extract.Article(body, src, opt)
		}
		s.proc.Tagger.Topics = poisonTopics{next: s.proc.Tagger.Topics, marker: marker}
	}
	svc := runServiceInstance(t, "tagger", conn, setup, "--workers", "4", "--stage-timeout", "5s", "--stage-retries", "1")
	t.Cleanup(func() { close(release) }) // after the service stops: cleanups run last-in first-out
	out := watchOutputs(t, ctx, conn)
	mustProduce(t, ctx, conn, inputs)

	out.waitFor(t, ctx, n, "every page, poison or not", svc)
	// The stalled stages are still stuck, yet the stream is committed to
	// its end: a poison page holds its partition back only for its budget.
	waitCommitted(t, ctx, conn, "tagger", int64(n), svc)
	if gone, code := svc.exited(); gone {
		t.Fatalf("the service exited (code %d):\n%s", code, tail(svc.log.String(), 8000))
	}
	deadURLs := map[string]models.DeadLetter{}
	out.check(t, n, func(d models.DeadLetter) bool {
		var page models.RawPage
		json.Unmarshal(d.Value, &page)
		deadURLs[page.URL] = d
		stage, ok := poison[page.URL]
		want := "panic"
		if strings.Contains(page.URL, "/stall/") {
			want = "still running after 5s"
		}
		return ok && d.Reason == models.ReasonInternal && d.Stage == stage && strings.Contains(d.Error, want)
	})
	mu.Lock()
	defer mu.Unlock()
	for url := range poison {
		if _, ok := deadURLs[url]; !ok {
			t.Errorf("%s: no dead letter", url)
		}
		// Each output is one delivery; each delivery is two attempts.
		if got, want := attempts[url], 2*out.outputsOf(deadURLs[url].Source); got != want {
			t.Errorf("%s: extracted %d times, want %d (1 + --stage-retries per delivery)", url, got, want)
		}
	}
	t.Logf("poison pages: %d dead-lettered; attempts %v", len(deadURLs), attempts)
}

// outputsOf is how many outputs name src.
func (o *outputs) outputsOf(src models.SourceRef) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sources[fmt.Sprintf("%d/%d", src.Partition, src.Offset)]
}

// countingExtract makes a service count the pages it extracts.
func countingExtract(n *atomic.Int64) func(*service) {
	return func(s *service) {
		s.proc.Extract = func(body []byte, src extract.Source, opt extract.Options) (models.Article, error) {
			n.Add(1)
			return extract.Article(body, src, opt)
		}
	}
}

// TestGroupRebalanceUnderLoad runs two instances in one group on a topic
// of six partitions while pages keep arriving; a third joins, takes
// partitions and processes pages, then leaves. Every page must get
// through, and the first two must carry on alone.
func TestGroupRebalanceUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	_, conn := faultBroker(t, 6)
	out := watchOutputs(t, ctx, conn)
	var na, nb, nc atomic.Int64
	args := []string{"--partitions", "6"}
	a := runServiceInstance(t, "a", conn, countingExtract(&na), args...)
	b := runServiceInstance(t, "b", conn, countingExtract(&nb), args...)

	// Pages arrive steadily, about as fast as two instances on two cores
	// tag them, from before the third instance joins until well after it
	// has left, so both rebalances happen with work in flight.
	const batch = 50
	pages := loadPages(t)
	stopProducing := make(chan struct{})
	produced := make(chan int, 1)
	go func() {
		i, after := 0, -1
		defer func() { produced <- i }()
		for ; after != 0 && ctx.Err() == nil; i += batch {
			select {
			case <-stopProducing:
				if after < 0 {
					after = 10 // batches more once the third has left
				}
			default:
			}
			if after > 0 {
				after--
			}
			outs, err := pages.records("https://group.example/", i, batch)
			if err == nil {
				err = produceRetrying(ctx, conn, outs)
			}
			if err != nil {
				t.Error(err)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	out.waitFor(t, ctx, 150, "the first outputs", a, b)
	c := runServiceInstance(t, "c", conn, countingExtract(&nc), args...)
	for nc.Load() < 100 {
		if ctx.Err() != nil {
			t.Fatalf("the third instance never processed 100 pages (%d); log:\n%s", nc.Load(), tail(c.log.String(), 8000))
		}
		time.Sleep(25 * time.Millisecond)
	}
	atJoin, _ := out.counts()
	if code := c.stop(t); code != 0 {
		t.Errorf("the third instance exited %d on leaving; log:\n%s", code, tail(c.log.String(), 8000))
	}
	abAtLeave := na.Load() + nb.Load()
	left, _ := out.counts()
	close(stopProducing)
	n := <-produced
	out.waitFor(t, ctx, n, "every page", a, b)
	waitCommitted(t, ctx, conn, "tagger", int64(n), a, b)
	for _, in := range []*instance{a, b} {
		if gone, code := in.exited(); gone {
			t.Errorf("%s exited (code %d):\n%s", in.name, code, tail(in.log.String(), 8000))
		}
	}
	if na.Load() == 0 || nb.Load() == 0 {
		t.Errorf("an instance processed nothing: a %d, b %d", na.Load(), nb.Load())
	}
	if na.Load()+nb.Load() <= abAtLeave {
		t.Errorf("the first two instances processed nothing after the third left")
	}
	t.Logf("pages processed (with re-deliveries): a %d, b %d, c %d; %d pages had output when c had processed 100, %d when it left, %d in all",
		na.Load(), nb.Load(), nc.Load(), atJoin, left, n)
	for _, in := range []*instance{a, b} {
		if code := in.stop(t); code != 0 {
			t.Errorf("%s exited %d after cancel; log:\n%s", in.name, code, tail(in.log.String(), 8000))
		}
	}
	out.check(t, n, nil)
}
