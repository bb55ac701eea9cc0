package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/newsroom/tagger/pipeline"
)

// TestEmbeddedRestartKeepsData: a broker restart with a data directory
// keeps the address, the records and the group's committed offsets, and
// CommittedOffsets reads them over the protocol.
func TestEmbeddedRestartKeepsData(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := StartEmbedded(EmbeddedConfig{Partitions: 2, Topics: []string{"in"}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	conn := Conn{Brokers: e.Addrs(), ClientID: "test"}
	sink, err := NewSink(SinkConfig{Conn: conn})
	if err != nil {
		t.Fatal(err)
	}
	var outs []pipeline.Output
	for i := range 20 {
		outs = append(outs, pipeline.Output{Topic: "in", Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprint(i))})
	}
	if err := sink.Publish(ctx, outs); err != nil {
		t.Fatal(err)
	}
	sink.Close()
	src, err := NewGroupSource(SourceConfig{Conn: conn, Group: "g", Topics: []string{"in"}, SessionTimeout: 6 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	next := map[int]int64{}
	for range 20 {
		rec, err := src.Fetch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Offset%2 == 0 { // commit somewhere in the middle
			next[rec.Partition] = rec.Offset + 1
		}
	}
	var offs []pipeline.Offset
	for p, o := range next {
		offs = append(offs, pipeline.Offset{Topic: "in", Partition: p, Offset: o})
	}
	if err := src.Commit(ctx, offs); err != nil {
		t.Fatal(err)
	}
	src.Close(5 * time.Second)
	before, err := CommittedOffsets(ctx, conn, "g", "in")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != fmt.Sprint(next) {
		t.Fatalf("committed %v, read back %v", next, before)
	}

	addr := e.Addrs()[0]
	e.Stop()
	if _, err := CommittedOffsets(ctx, conn, "g", "in"); err == nil {
		t.Fatal("a stopped broker answered")
	}
	if err := e.Restart(); err != nil {
		t.Fatal(err)
	}
	if e.Addrs()[0] != addr {
		t.Errorf("restarted on %s, was %s", e.Addrs()[0], addr)
	}
	after, err := CommittedOffsets(ctx, conn, "g", "in")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("committed offsets %v before the restart, %v after", before, after)
	}
	n := 0
	errEnough := errors.New("enough")
	err = Tail(ctx, conn, []string{"in"}, false, func(pipeline.Record) error {
		if n++; n == 20 {
			return errEnough
		}
		return nil
	})
	if !errors.Is(err, errEnough) {
		t.Errorf("read %d of 20 records after the restart: %v", n, err)
	}
}

// TestGroupSourceWaitsThroughBrokerRestart: a Fetch waiting for records
// when the broker goes away must keep waiting, through kafka-go's
// reports of the outage, and return the next record once the broker is
// back, not an error that would end the service.
func TestGroupSourceWaitsThroughBrokerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("stops a broker for seconds")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e, err := StartEmbedded(EmbeddedConfig{Partitions: 1, Topics: []string{"in"}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	conn := Conn{Brokers: e.Addrs(), ClientID: "test"}
	publish := func(v string) {
		sink, err := NewSink(SinkConfig{Conn: conn})
		if err != nil {
			t.Fatal(err)
		}
		defer sink.Close()
		for {
			err := sink.Publish(ctx, []pipeline.Output{{Topic: "in", Value: []byte(v)}})
			if err == nil {
				return
			}
			if ctx.Err() != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	publish("before")
	src, err := NewGroupSource(SourceConfig{Conn: conn, Group: "g", Topics: []string{"in"},
		SessionTimeout: 6 * time.Second, RebalanceTimeout: 3 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close(5 * time.Second)
	rec, err := src.Fetch(ctx)
	if err != nil || string(rec.Value) != "before" {
		t.Fatalf("first fetch: %q, %v", rec.Value, err)
	}
	if err := src.Commit(ctx, []pipeline.Offset{{Topic: "in", Partition: rec.Partition, Offset: rec.Offset + 1}}); err != nil {
		t.Fatal(err)
	}
	type fetched struct {
		rec pipeline.Record
		err error
	}
	got := make(chan fetched, 1)
	go func() {
		rec, err := src.Fetch(ctx)
		got <- fetched{rec, err}
	}()
	e.Stop()
	select {
	case f := <-got:
		t.Fatalf("Fetch returned while the broker was down: %q, %v", f.rec.Value, f.err)
	case <-time.After(8 * time.Second): // kafka-go gives up its own retries within this
	}
	if err := e.Restart(); err != nil {
		t.Fatal(err)
	}
	publish("after")
	f := <-got
	if f.err != nil || string(f.rec.Value) != "after" {
		t.Fatalf("after the restart: %q, %v", f.rec.Value, f.err)
	}
}
