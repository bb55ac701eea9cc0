package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// runningService is "tagger run" in-process, with its HTTP server on a free port.
type runningService struct {
	addr string // host:port of the HTTP server
	log  *lockedBuffer
	stop func() int
}

var httpAddrLine = regexp.MustCompile(`msg="serving /metrics[^"]*" addr=(\S+)`)

// runService starts "tagger run" with args (after "run") and waits for its
// HTTP server's address in the log.
func runService(t *testing.T, args ...string) *runningService {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := &lockedBuffer{}
	all := append([]string{"run", "--log-format", "text", "--http-addr", "127.0.0.1:0",
		"--session-timeout", "6s", "--rebalance-timeout", "3s"}, args...)
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, all, Env{Stdin: strings.NewReader(""), Stdout: log, Stderr: log, Getenv: func(string) string { return "" }})
	}()
	var once sync.Once
	code := -1
	s := &runningService{log: log, stop: func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Errorf("tagger run did not exit 30 s after cancel; log:\n%s", log.String())
			}
		})
		return code
	}}
	t.Cleanup(func() { s.stop() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := httpAddrLine.FindStringSubmatch(log.String()); m != nil {
			s.addr = m[1]
			return s
		}
		select {
		case c := <-done:
			t.Fatalf("tagger run exited %d before serving HTTP; log:\n%s", c, log.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no HTTP address in the log:\n%s", log.String())
	return nil
}

// get returns an endpoint's status code and body.
func (s *runningService) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + s.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(b)
}

// waitFor polls an endpoint until cond holds, or fails the test.
func (s *runningService) waitFor(t *testing.T, path string, timeout time.Duration, what string, cond func(code int, body string) bool) (int, string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var code int
	var body string
	for {
		code, body = s.get(t, path)
		if cond(code, body) {
			return code, body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s still answers %d %q after %s; log:\n%s", what, path, code, body, timeout, s.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// metricSamples parses the Prometheus text format: series (name and
// labels as written) -> value.
func metricSamples(t *testing.T, text string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("bad metrics line %q", line)
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// TestMetricsCountPagesAndDeadLetters runs real pages and bad records
// through the service over the embedded broker and checks /metrics: every
// count equals what was produced, the stage histograms count each record
// that reached the stage, and the gazetteer is the one in the events.
func TestMetricsCountPagesAndDeadLetters(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn := broker(t)
	s := runService(t, "--brokers", strings.Join(conn.Brokers, ","))

	pages := []string{"samples/bn-khamenei-hamas.html", "samples/en-gaza-ceasefire.html", "samples/en-bangladesh-cricket.html"}
	var outs []pipeline.Output
	for i, p := range pages {
		outs = append(outs, pipeline.Output{Topic: "pages.raw", Key: []byte(fmt.Sprint(i)), Value: envelope(t, fmt.Sprintf("https://news.example/%d", i), readTestdata(t, p))})
	}
	outs = append(outs,
		pipeline.Output{Topic: "pages.raw", Key: []byte("bad-json"), Value: []byte(`{"url": "https://x.example/1", "html": "<p>cut`)},
		pipeline.Output{Topic: "pages.raw", Key: []byte("no-url"), Value: []byte("<html><body><p>no url header</p></body></html>")},
	)
	produce(t, ctx, conn, outs)
	got, dups := collect(t, ctx, conn, len(outs))
	if dups != 0 {
		t.Fatalf("%d duplicates in a run without failures", dups)
	}
	gazVersion := ""
	for _, outcomes := range got {
		if ev := outcomes[0].event; ev != nil {
			gazVersion = ev.GazetteerVersion
		}
	}

	want := map[string]float64{
		`tagger_pages_consumed_total`:                            5,
		`tagger_pages_published_total`:                           3,
		`tagger_pages_dead_lettered_total{reason="bad_json"}`:    1,
		`tagger_pages_dead_lettered_total{reason="missing_url"}`: 1,
		`tagger_pages_dead_lettered_total{reason="not_article"}`: 0,
		`tagger_stage_duration_seconds_count{stage="decode"}`:    5,
		`tagger_stage_duration_seconds_count{stage="extract"}`:   3,
		`tagger_stage_duration_seconds_count{stage="tag"}`:       3,
		`tagger_stage_duration_seconds_count{stage="encode"}`:    3,
		`tagger_in_flight`: 0,
		`tagger_broker_up`: 1,
		`tagger_gazetteer_info{version="` + gazVersion + `"}`:            1,
		`tagger_gazetteer_reloads_total{result="ok"}`:                    0,
		`tagger_gazetteer_reloads_total{result="failed"}`:                0,
		`tagger_publish_failures_total`:                                  0,
		`tagger_pages_dead_lettered_total{reason="internal"}`:            0,
		`tagger_stage_duration_seconds_bucket{stage="decode",le="+Inf"}`: 5,
	}
	// Counters move right after the broker's acknowledgement, which the
	// outputs above may beat by a moment.
	var m map[string]float64
	for deadline := time.Now().Add(10 * time.Second); ; {
		code, body := s.get(t, "/metrics")
		if code != http.StatusOK {
			t.Fatalf("/metrics answered %d", code)
		}
		m = metricSamples(t, body)
		settled := true
		for k, v := range want {
			settled = settled && m[k] == v
		}
		if settled || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for k, v := range want {
		if got, ok := m[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if n := m["tagger_gazetteer_entities"]; n < 1000 {
		t.Errorf("tagger_gazetteer_entities = %v, want the default gazetteer's thousands", n)
	}
	if n := m[`tagger_stage_duration_seconds_count{stage="publish"}`]; n < 1 {
		t.Errorf("publish histogram count = %v, want at least one batch", n)
	}
	// Lag: one series per partition that records were read from, 0 once
	// everything is read.
	lagSeries := 0
	for k, v := range m {
		if strings.HasPrefix(k, `tagger_consumer_lag{partition="`) && strings.HasSuffix(k, `",topic="pages.raw"}`) {
			lagSeries++
			if v != 0 {
				t.Errorf("%s = %v after every record was read, want 0", k, v)
			}
		}
	}
	if lagSeries == 0 {
		t.Errorf("no tagger_consumer_lag series for pages.raw")
	}
	for _, want := range []string{`msg=dead-lettered reason=bad_json stage=decode topic=pages.raw`, `msg=dead-lettered reason=missing_url`} {
		if !strings.Contains(s.log.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if _, ok := m["go_goroutines"]; !ok {
		t.Error("Go runtime metrics missing")
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestReadyz checks the readiness cycle of one service: 503 while the
// gazetteer is loading (a named pipe holds the load until the test writes
// it), 200 once loaded with the broker up, and 503 again when the broker
// goes away. /healthz answers 200 throughout, and "tagger healthcheck"
// follows /readyz.
func TestReadyz(t *testing.T) {
	emb, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Partitions: 1, Topics: []string{"pages.raw", "pages.tagged", "pages.deadletter"}})
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	fifo := filepath.Join(t.TempDir(), "extra.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("named pipes unsupported here: %v", err)
	}
	s := runService(t, "--brokers", strings.Join(emb.Addrs(), ","), "--gazetteer", "default,"+fifo, "--broker-check-interval", "200ms")

	code, body := s.get(t, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "gazetteer not loaded") {
		t.Errorf("/readyz while the gazetteer loads = %d %q, want 503 gazetteer not loaded", code, body)
	}
	if code, _ := s.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while starting = %d, want 200", code)
	}
	if code := healthcheck(t, s.addr); code != 1 {
		t.Errorf("tagger healthcheck while not ready exited %d, want 1", code)
	}

	entry := `{"id":"test-org-1","type":"ORG","en":"Quillfeather Institute","source":"user"}` + "\n"
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString(entry)
	w.Close()
	s.waitFor(t, "/readyz", 20*time.Second, "after the gazetteer loaded", func(code int, body string) bool { return code == 200 })
	// Swap the pipe for a plain file before the reload watcher looks at it.
	os.Remove(fifo)
	os.WriteFile(fifo, []byte(entry), 0o600)
	if code := healthcheck(t, s.addr); code != 0 {
		t.Errorf("tagger healthcheck while ready exited %d, want 0", code)
	}

	emb.Close()
	_, body = s.waitFor(t, "/readyz", 20*time.Second, "after the broker stopped", func(code int, body string) bool { return code == 503 })
	if !strings.Contains(body, "broker unreachable") {
		t.Errorf("/readyz body = %q, want the broker named as the reason", body)
	}
	if code, _ := s.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz without a broker = %d, want 200 (alive, just not ready)", code)
	}
	_, metrics := s.get(t, "/metrics")
	if m := metricSamples(t, metrics); m["tagger_broker_up"] != 0 {
		t.Errorf("tagger_broker_up = %v without a broker, want 0", m["tagger_broker_up"])
	}
}

// TestReadyzBrokerUnreachable points the service at a closed port: it
// starts, loads the gazetteer, and reports not ready with the reason.
func TestReadyzBrokerUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	s := runService(t, "--brokers", closed, "--create-topics=false", "--broker-check-interval", "200ms")
	_, body := s.waitFor(t, "/readyz", 20*time.Second, "closed broker port", func(code int, body string) bool {
		return code == 503 && strings.Contains(body, "broker unreachable")
	})
	if !strings.Contains(body, closed) && !strings.Contains(body, "refused") {
		t.Logf("reason does not name the address: %q", body)
	}
	if code, _ := s.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", code)
	}
}

// healthcheck runs "tagger healthcheck" against a service's address.
func healthcheck(t *testing.T, addr string) int {
	t.Helper()
	var out lockedBuffer
	return Main(context.Background(), []string{"healthcheck", "--http-addr", addr, "--timeout", "5s"},
		Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }})
}

// TestHTTPAddrTaken fails the start when the port is in use, rather than
// running without metrics or health endpoints.
func TestHTTPAddrTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out lockedBuffer
	code := Main(context.Background(), []string{"run", "--http-addr", l.Addr().String(), "--brokers", "127.0.0.1:1", "--log-format", "text"},
		Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }})
	if code != 1 || !strings.Contains(out.String(), "HTTP server") {
		t.Errorf("exit %d, output %q: want 1 and the HTTP server named", code, out.String())
	}
}

// TestReloadMetrics changes a gazetteer file under the running service:
// the reload is counted, the version and entity count follow it, and a
// broken file counts as a failed reload that keeps the service ready on
// the gazetteer it had.
func TestReloadMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the reload watcher's 5 s tick")
	}
	conn := broker(t)
	file := filepath.Join(t.TempDir(), "newsroom.jsonl")
	one := `{"id":"test-org-1","type":"ORG","en":"Quillfeather Institute","source":"user"}` + "\n"
	two := one + `{"id":"test-org-2","type":"ORG","en":"Marrowgate Trust","source":"user"}` + "\n"
	if err := os.WriteFile(file, []byte(one), 0o600); err != nil {
		t.Fatal(err)
	}
	s := runService(t, "--brokers", strings.Join(conn.Brokers, ","), "--gazetteer", "default,"+file, "--broker-check-interval", "200ms")
	s.waitFor(t, "/readyz", 20*time.Second, "start", func(code int, _ string) bool { return code == 200 })
	metrics := func() map[string]float64 {
		_, body := s.get(t, "/metrics")
		return metricSamples(t, body)
	}
	version := func(m map[string]float64) string {
		for k := range m {
			if v, ok := strings.CutPrefix(k, `tagger_gazetteer_info{version="`); ok {
				return strings.TrimSuffix(v, `"}`)
			}
		}
		return ""
	}
	before := metrics()
	v1, n1 := version(before), before["tagger_gazetteer_entities"]

	if err := os.WriteFile(file, []byte(two), 0o600); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, "/metrics", 20*time.Second, "reload after the file changed", func(_ int, body string) bool {
		return metricSamples(t, body)[`tagger_gazetteer_reloads_total{result="ok"}`] == 1
	})
	after := metrics()
	if v2 := version(after); v2 == v1 || v2 == "" {
		t.Errorf("gazetteer version %q after the reload, was %q", v2, v1)
	}
	if n2 := after["tagger_gazetteer_entities"]; n2 != n1+1 {
		t.Errorf("entities %v after adding one to %v", n2, n1)
	}

	if err := os.WriteFile(file, []byte(`{"id": broken`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, "/metrics", 20*time.Second, "failed reload", func(_ int, body string) bool {
		return metricSamples(t, body)[`tagger_gazetteer_reloads_total{result="failed"}`] == 1
	})
	if v3 := version(metrics()); v3 != version(after) {
		t.Errorf("a failed reload changed the version to %q", v3)
	}
	if code, body := s.get(t, "/readyz"); code != 200 {
		t.Errorf("/readyz after a failed reload = %d %q, want 200 on the gazetteer in use", code, body)
	}
}
