package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
)

// startBroker starts an embedded broker for one test.
func startBroker(t *testing.T, partitions int, topics ...string) Conn {
	t.Helper()
	e, err := StartEmbedded(EmbeddedConfig{Partitions: partitions, Topics: topics})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return Conn{Brokers: e.Addrs(), ClientID: "test"}
}

// TestSourceSinkConformance checks the two edges against a real
// Kafka-protocol broker over TCP: what the Sink publishes, keyed, arrives
// at a GroupSource with headers intact, and a commit is where a new
// member of the group resumes.
func TestSourceSinkConformance(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := startBroker(t, 3, "in")
	sink, err := NewSink(SinkConfig{Conn: conn})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	const n = 30
	var outs []pipeline.Output
	for i := range n {
		outs = append(outs, pipeline.Output{
			Topic: "in", Key: []byte(fmt.Sprintf("https://example.com/%d", i)), Value: []byte(fmt.Sprint(i)),
			Headers: []models.Header{{Key: "url", Value: []byte("u")}},
		})
	}
	if err := sink.Publish(ctx, outs); err != nil {
		t.Fatal(err)
	}

	read := func(want int) map[string]pipeline.Record {
		src, err := NewGroupSource(SourceConfig{Conn: conn, Group: "g", Topics: []string{"in"}, SessionTimeout: 6 * time.Second, RebalanceTimeout: 3 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close(5 * time.Second)
		got := map[string]pipeline.Record{}
		next := map[int]int64{}
		for len(got) < want {
			rec, err := src.Fetch(ctx)
			if err != nil {
				t.Fatalf("fetch after %d records: %v", len(got), err)
			}
			got[string(rec.Key)] = rec
			next[rec.Partition] = rec.Offset + 1
		}
		var offs []pipeline.Offset
		for p, o := range next {
			offs = append(offs, pipeline.Offset{Topic: "in", Partition: p, Offset: o})
		}
		if err := src.Commit(ctx, offs); err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := read(n)
	partOf := map[string]int{}
	for k, rec := range got {
		if v, _ := rec.Header("URL"); v != "u" {
			t.Errorf("%s: header url = %q", k, v)
		}
		partOf[k] = rec.Partition
	}
	// murmur2 placement: the same key always lands in the same partition,
	// and 30 keys spread over all three.
	seen := map[int]bool{}
	for _, p := range partOf {
		seen[p] = true
	}
	if len(seen) != 3 {
		t.Errorf("keys landed in %d partitions, want 3", len(seen))
	}

	// Everything is committed: a new member finds nothing old, only new.
	if err := sink.Publish(ctx, []pipeline.Output{{Topic: "in", Key: []byte("https://example.com/new"), Value: []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	again := read(1)
	if _, ok := again["https://example.com/new"]; !ok || len(again) != 1 {
		t.Errorf("after commit, read %d records %v; want only the new one", len(again), keys(again))
	}
}

func keys(m map[string]pipeline.Record) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestMurmur2MatchesJava pins the partitioner to values computed by the
// Java client's Utils.murmur2 (toPositive(murmur2(key)) % partitions).
func TestMurmur2MatchesJava(t *testing.T) {
	// Known vectors from the Java client's tests (Utils.murmur2):
	// "21" -> -973932308, "foobar" -> -790332482, "a-little-bit-long-string" -> -985981536
	cases := map[string]int32{"21": -973932308, "foobar": -790332482, "a-little-bit-long-string": -985981536}
	for key, h := range cases {
		want := int(h&0x7fffffff) % 7
		if got := javaPartition([]byte(key), 7); got != want {
			t.Errorf("partition(%q) = %d, want %d", key, got, want)
		}
	}
}
