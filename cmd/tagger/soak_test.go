package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
)

var soakPages = flag.Int("soak-pages", 5000, "pages TestSoak pushes through one instance (run locally with 100000)")

// The soak test's broker and load generator run in a child process (the
// test binary again, see TestMain), so that this process's heap is the
// service's: the broker keeps every record in memory and would grow
// with the stream.
const (
	envSoakBroker = "TAGGER_TEST_SOAK_BROKER"
	envSoakPages  = "TAGGER_TEST_SOAK_PAGES"
)

// serveSoakBroker is the child: it starts the embedded broker, prints its
// address, produces the pages, and runs until its stdin closes.
func serveSoakBroker() int {
	n, err := strconv.Atoi(os.Getenv(envSoakPages))
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak broker:", err)
		return 2
	}
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Partitions: 3, Topics: []string{"pages.raw", "pages.tagged", "pages.deadletter"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak broker:", err)
		return 1
	}
	defer e.Close()
	fmt.Printf("broker %s\n", e.Addrs()[0])
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, os.Stdin) // the parent is gone or done
		cancel()
	}()
	if err := produceSoakPages(ctx, kafka.Conn{Brokers: e.Addrs(), ClientID: "soak-producer"}, n); err != nil {
		if ctx.Err() != nil {
			return 0
		}
		fmt.Fprintln(os.Stderr, "soak broker: produce:", err)
		return 1
	}
	fmt.Printf("produced %d\n", n)
	<-ctx.Done()
	return 0
}

// produceSoakPages produces n small real pages, in batches: a Windows-1252
// English page as bare HTML with a url header, and two Bangla pages in
// JSON envelopes, each with a URL of its own.
func produceSoakPages(ctx context.Context, conn kafka.Conn, n int) error {
	var pages [3][]byte
	for i, name := range []string{"testdata/cp1252-business.html", "../../pipeline/extract/testdata/seed-desk-article.html", "../../pipeline/extract/testdata/seed-feed-article.html"} {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		pages[i] = b
	}
	sink, err := kafka.NewSink(kafka.SinkConfig{Conn: conn, Compression: "snappy"})
	if err != nil {
		return err
	}
	defer sink.Close()
	const batch = 500
	outs := make([]pipeline.Output, 0, batch)
	for i := 0; i < n; i += batch {
		outs = outs[:0]
		for j := i; j < min(i+batch, n); j++ {
			url := fmt.Sprintf("https://soak.example/%d/%d", j%97, j)
			o := pipeline.Output{Topic: "pages.raw", Key: []byte(url)}
			if j%3 == 0 {
				o.Value = pages[0]
				o.Headers = []models.Header{{Key: "url", Value: []byte(url)}}
			} else {
				v, err := json.Marshal(models.RawPage{URL: url, HTML: string(pages[j%3]), Source: "soak"})
				if err != nil {
					return err
				}
				o.Value = v
			}
			outs = append(outs, o)
		}
		if err := sink.Publish(ctx, outs); err != nil {
			return err
		}
	}
	return nil
}

// soakBroker starts the child and returns the connection to its broker.
func soakBroker(t *testing.T, n int) kafka.Conn {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envSoakBroker+"=1", envSoakPages+"="+strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "broker ") {
		t.Fatalf("the soak broker did not start: %q\n%s", lines.Text(), stderr.String())
	}
	go func() {
		for lines.Scan() { // "produced n"; drained so the child never blocks
		}
	}()
	return kafka.Conn{Brokers: []string{strings.TrimPrefix(lines.Text(), "broker ")}, ClientID: "test"}
}

// soakCounts counts outputs per input offset in a few bytes each, so that
// watching a long stream does not itself grow the heap being measured.
type soakCounts struct {
	mu      sync.Mutex
	parts   map[int][]uint8
	inputs  int
	records int
	dead    int
}

func (c *soakCounts) add(r pipeline.Record) error {
	var src models.SourceRef
	if r.Topic == "pages.deadletter" {
		src = models.DeadLetterOf(r.Value, r.Headers).Source
	} else {
		var ev struct {
			Source models.SourceRef `json:"source"`
		}
		if err := json.Unmarshal(r.Value, &ev); err != nil {
			return fmt.Errorf("output %d/%d is not an event: %w", r.Partition, r.Offset, err)
		}
		src = ev.Source
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records++
	if r.Topic == "pages.deadletter" {
		c.dead++
	}
	p := c.parts[src.Partition]
	for int64(len(p)) <= src.Offset {
		p = append(p, 0)
	}
	if p[src.Offset] == 0 {
		c.inputs++
	}
	if p[src.Offset] < 255 {
		p[src.Offset]++
	}
	c.parts[src.Partition] = p
	return nil
}

func (c *soakCounts) get() (inputs, records, dead int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inputs, c.records, c.dead
}

// heapAfterGC is the live heap, in MiB.
func heapAfterGC() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// TestSoak pushes -soak-pages small real pages (5,000 by default; run it
// with -soak-pages=100000 for the long soak) through one instance and
// checks that every page comes out and that the heap stays flat: the live
// heap after GC at the end is compared with the one after warm-up. It is
// not timed; the duration is logged.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test")
	}
	n := *soakPages
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(60+n/25)*time.Second)
	defer cancel()
	conn := soakBroker(t, n)
	counts := &soakCounts{parts: map[int][]uint8{}}
	tailCtx, stopTail := context.WithCancel(ctx)
	tailDone := make(chan error, 1)
	go func() {
		tailDone <- kafka.Tail(tailCtx, conn, []string{"pages.tagged", "pages.deadletter"}, false, counts.add)
	}()
	defer func() { stopTail(); <-tailDone }()

	start := time.Now()
	svc := runMainInstance(t, "tagger", conn, "--workers", "4", "--batch-size", "100", "--log-level", "warn")
	waitInputs := func(want int) {
		for {
			got, _, _ := counts.get()
			if got >= want {
				return
			}
			select {
			case err := <-tailDone:
				t.Fatalf("reading outputs: %v", err)
			default:
			}
			if gone, code := svc.exited(); gone || ctx.Err() != nil {
				t.Fatalf("%d of %d pages out (service exited: %v, code %d)\n%s", got, n, gone, code, tail(svc.log.String(), 8000))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	warm := min(1000, n/5)
	waitInputs(warm)
	heapStart := heapAfterGC()
	goroutinesStart := runtime.NumGoroutine()
	t.Logf("after %d pages (%s): heap %.1f MiB, %d goroutines", warm, time.Since(start).Round(time.Millisecond), heapStart, goroutinesStart)
	peak := heapStart
	for step := 1; step <= 4; step++ {
		waitInputs(warm + (n-warm)*step/4)
		h := heapAfterGC()
		peak = max(peak, h)
		in, _, _ := counts.get()
		t.Logf("after %d pages (%s): heap %.1f MiB, %d goroutines", in, time.Since(start).Round(time.Millisecond), h, runtime.NumGoroutine())
	}
	took := time.Since(start)
	heapEnd := heapAfterGC()
	goroutinesEnd := runtime.NumGoroutine()
	inputs, records, dead := counts.get()
	t.Logf("soak: %d pages through one instance in %s (%.0f pages/s); heap after GC %.1f MiB after warm-up, %.1f MiB at the end (peak sample %.1f MiB); goroutines %d -> %d",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), heapStart, heapEnd, peak, goroutinesStart, goroutinesEnd)
	t.Logf("invariant: %d inputs, %d with an output, %d lost, %d output records, %d duplicates, %d dead letters",
		n, inputs, n-inputs, records, records-inputs, dead)
	if inputs != n {
		t.Errorf("%d of %d pages have an output", inputs, n)
	}
	if dead != 0 {
		t.Errorf("%d real article pages were dead-lettered", dead)
	}
	// Flat: the stream may not keep what it has finished with. The
	// samples during the stream (work in flight, like the warm-up one) and
	// the one at the end (idle) must all stay under a generous bound (GC
	// timing, pools, fetch buffers); a leak of a few hundred bytes a page
	// over 100,000 pages breaks it.
	if limit := heapStart*1.5 + 16; max(peak, heapEnd) > limit {
		t.Errorf("heap grew from %.1f MiB after warm-up to %.1f MiB during the stream and %.1f MiB at the end (limit %.1f MiB)",
			heapStart, peak, heapEnd, limit)
	}
	if goroutinesEnd > goroutinesStart+20 {
		t.Errorf("goroutines grew from %d to %d", goroutinesStart, goroutinesEnd)
	}
	if code := svc.stop(t); code != 0 {
		t.Errorf("exit code %d after cancel; log:\n%s", code, tail(svc.log.String(), 8000))
	}
}
