package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// child is "tagger run" in a separate process.
type child struct {
	cmd *exec.Cmd
	log *lockedBuffer
}

func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	// Any free port for the HTTP server, so instances and parallel test
	// runs do not fight over :8080; a test's own --http-addr wins.
	cmd.Env = append(os.Environ(), "TAGGER_TEST_EXEC=1", "TAGGER_TEST_ARGS="+strings.Join(args, "\x1f"), "TAGGER_HTTP_ADDR=127.0.0.1:0")
	c := &child{cmd: cmd, log: &lockedBuffer{}}
	cmd.Stdout, cmd.Stderr = c.log, c.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return c
}

// TestKillMidStreamLosesNothing SIGKILLs the service in the middle of a
// stream (no drain, no commit) and starts it again. Every input offset
// must then have at least one output or dead-letter record; duplicates
// are allowed (at least once) and reported. Then SIGTERM must drain and
// exit 0 within the drain timeout.
func TestKillMidStreamLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := broker(t)

	// Real pages with distinct URLs, and every tenth one bad.
	samples := [][]byte{
		readTestdata(t, "samples/bn-khamenei-hamas.html"),
		readTestdata(t, "samples/bn-khamenei-putin-letter.html"),
		readTestdata(t, "samples/en-putin-iran-talks.html"),
		readTestdata(t, "samples/en-gaza-ceasefire.html"),
		readTestdata(t, "samples/en-bangladesh-cricket.html"),
	}
	const n = 2000
	var outs []pipeline.Output
	for i := range n {
		url := fmt.Sprintf("https://news.example/%d", i)
		v := envelope(t, url, samples[i%len(samples)])
		if i%10 == 9 {
			v = []byte(`{"url": "` + url + `", "html": `) // truncated JSON
		}
		outs = append(outs, pipeline.Output{Topic: "pages.raw", Key: []byte(url), Value: v})
	}
	produce(t, ctx, conn, outs)

	args := []string{"run", "--brokers", strings.Join(conn.Brokers, ","), "--workers", "2", "--batch-size", "20",
		"--session-timeout", "6s", "--rebalance-timeout", "3s", "--log-format", "json"}

	// Count outputs as they arrive, by input offset.
	var mu sync.Mutex
	seen := map[string]int{}
	records := 0
	tailCtx, stopTail := context.WithCancel(ctx)
	defer stopTail()
	go kafka.Tail(tailCtx, conn, []string{"pages.tagged", "pages.deadletter"}, false, func(r pipeline.Record) error {
		var src models.SourceRef
		if r.Topic == "pages.deadletter" {
			src = models.DeadLetterOf(r.Value, r.Headers).Source
		} else {
			src = eventSource(t, r.Value)
		}
		mu.Lock()
		seen[fmt.Sprintf("%d/%d", src.Partition, src.Offset)]++
		records++
		mu.Unlock()
		return nil
	})
	progress := func() (distinct, total int) {
		mu.Lock()
		defer mu.Unlock()
		return len(seen), records
	}
	waitFor := func(what string, cond func(distinct int) bool, c *child) {
		for {
			d, _ := progress()
			if cond(d) {
				return
			}
			if ctx.Err() != nil {
				t.Fatalf("timed out waiting for %s (%d of %d inputs have output)\nchild log:\n%s", what, d, n, c.log.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	first := startChild(t, args...)
	waitFor("the first outputs", func(d int) bool { return d >= 20 }, first)
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	atKill, _ := progress()
	if atKill >= n {
		t.Fatalf("all %d pages were done before the kill; the test needs a longer stream", n)
	}
	time.Sleep(300 * time.Millisecond) // outputs in flight at the kill land

	second := startChild(t, args...)
	waitFor("every input to have an output", func(d int) bool { return d >= n }, second)

	start := time.Now()
	second.cmd.Process.Signal(syscall.SIGTERM)
	err := second.cmd.Wait()
	if err != nil {
		t.Errorf("after SIGTERM: %v\n%s", err, second.log.String())
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("SIGTERM took %s to exit", took)
	}
	distinct, total := progress()
	t.Logf("%d inputs; %d had output when killed; %d outputs in all, %d duplicates (at least once)", n, atKill, total, total-distinct)
	if distinct != n {
		t.Errorf("%d of %d input offsets have an output: lost records", distinct, n)
	}
	if bytes.Contains([]byte(second.log.String()), []byte(`"level":"ERROR"`)) {
		t.Errorf("errors logged:\n%s", second.log.String())
	}
}
