package pipeline

import (
	"fmt"
	"testing"
)

func recs(partition int, offsets ...int64) []Record {
	var out []Record
	for _, o := range offsets {
		out = append(out, Record{Topic: "in", Partition: partition, Offset: o})
	}
	return out
}

// TestTrackerCommitsOnlyTheDonePrefix: workers finish out of order, and a
// commit must never pass an offset whose output is still in flight.
func TestTrackerCommitsOnlyTheDonePrefix(t *testing.T) {
	tr := newTracker()
	for o := int64(10); o < 15; o++ {
		tr.add("in", 0, o)
	}
	tr.add("in", 1, 3)
	steps := []struct {
		done []Record
		want string
	}{
		{recs(0, 12, 13), "[]"},      // 10 and 11 still in flight
		{recs(0, 10), "[{in 0 11}]"}, // 10 done: next to read is 11
		{recs(1, 3), "[{in 1 4}]"},   // partition 1 on its own
		{recs(0, 11), "[{in 0 14}]"}, // 11 unblocks 12 and 13
		{recs(0, 14), "[{in 0 15}]"}, // all done
	}
	for i, s := range steps {
		tr.done(s.done)
		got := tr.committable()
		if fmt.Sprint(got) != s.want {
			t.Fatalf("step %d: committable %v, want %s", i, got, s.want)
		}
		tr.committed(got)
	}
	if n := tr.inFlight(); n != 0 {
		t.Errorf("in flight after all done: %d", n)
	}
	if got := tr.committable(); len(got) != 0 {
		t.Errorf("nothing new to commit, got %v", got)
	}
}

// TestTrackerRefetchAfterRebalance: after a rebalance the consumer reads
// again from the last commit; the tracker must not wait on the stale tail.
func TestTrackerRefetchAfterRebalance(t *testing.T) {
	tr := newTracker()
	for o := int64(0); o < 5; o++ {
		tr.add("in", 0, o)
	}
	tr.done(recs(0, 0, 1))
	tr.committed(tr.committable()) // committed: 2
	// 2, 3, 4 were in flight when the partition was revoked and given back.
	for o := int64(2); o < 5; o++ {
		tr.add("in", 0, o)
	}
	if n := tr.inFlight(); n != 3 {
		t.Fatalf("in flight after re-fetch: %d, want 3", n)
	}
	tr.done(recs(0, 2, 3, 4))
	if got := fmt.Sprint(tr.committable()); got != "[{in 0 5}]" {
		t.Errorf("committable %s, want [{in 0 5}]", got)
	}
}

// TestTrackerRefetchMeasuresFromTheGroupsCommit: a re-fetch starts at the
// group's commit, which another member may have moved since this one last
// committed. Moved back (a member that lost the partition committed its
// stale progress), this member must commit its own progress again, not
// skip it as already committed; moved ahead, it must not move it back.
func TestTrackerRefetchMeasuresFromTheGroupsCommit(t *testing.T) {
	type step struct {
		fetch []int64 // offsets fetched, in order
		done  []int64 // offsets whose outputs were acknowledged
		want  string  // committable afterwards, then taken as committed
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"moved back", []step{
			{fetch: []int64{0, 1, 2, 3, 4}, done: []int64{0, 1, 2, 3, 4}, want: "[{in 0 5}]"},
			{fetch: []int64{2}, want: "[{in 0 5}]"}, // the group is at 2: commit 5 again
			{fetch: []int64{3, 4}, done: []int64{2, 3, 4}, want: "[]"},
			{fetch: []int64{5}, done: []int64{5}, want: "[{in 0 6}]"},
		}},
		{"moved ahead", []step{
			{fetch: []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, done: []int64{0, 1, 2, 3, 4}, want: "[{in 0 5}]"},
			{fetch: []int64{8}, done: []int64{5, 6, 7}, want: "[]"}, // the group is at 8 already
			{done: []int64{8}, want: "[{in 0 9}]"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := newTracker()
			for i, s := range c.steps {
				for _, o := range s.fetch {
					tr.add("in", 0, o)
				}
				tr.done(recs(0, s.done...))
				got := tr.committable()
				if fmt.Sprint(got) != s.want {
					t.Fatalf("step %d: committable %v, want %s", i, got, s.want)
				}
				tr.committed(got)
			}
		})
	}
}

// TestTrackerForgetsMarksNoLongerAwaited: when a record fetched again
// finishes after an earlier copy's mark has already carried the commit
// past it, its mark is dropped, not kept for ever.
func TestTrackerForgetsMarksNoLongerAwaited(t *testing.T) {
	tr := newTracker()
	for _, o := range []int64{8, 9, 10} {
		tr.add("in", 0, o)
	}
	for _, o := range []int64{8, 9, 10} { // fetched again after a rebalance
		tr.add("in", 0, o)
	}
	tr.done(recs(0, 10, 8, 9)) // 10 is the first copy's
	if got := fmt.Sprint(tr.committable()); got != "[{in 0 11}]" {
		t.Fatalf("committable %s, want [{in 0 11}]", got)
	}
	tr.done(recs(0, 10)) // the second copy of 10
	if got := fmt.Sprint(tr.committable()); got != "[{in 0 11}]" {
		t.Errorf("committable %s after the late mark, want [{in 0 11}]", got)
	}
	if p := tr.parts[partKey{"in", 0}]; len(p.done) != 0 || len(p.pending) != 0 {
		t.Errorf("left %d marks and %d pending offsets behind", len(p.done), len(p.pending))
	}
}
