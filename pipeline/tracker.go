package pipeline

import (
	"slices"
	"sync"
)

// tracker remembers, per partition, the offsets fetched and which of them
// are done (their output acknowledged). The committable offset of a
// partition is one past the longest done prefix, so a commit never passes
// a record whose output is still in flight, whatever order workers finish
// in.
type tracker struct {
	mu    sync.Mutex
	parts map[partKey]*partState
}

type partKey struct {
	topic     string
	partition int
}

type partState struct {
	pending   []int64 // fetched, in fetch (= offset) order
	done      map[int64]bool
	next      int64 // committable: one past the done prefix; -1 if none
	committed int64 // the group's offset as far as known, to skip idle commits
	fetched   int64 // the last offset fetched; -1 if none
}

func newTracker() *tracker { return &tracker{parts: map[partKey]*partState{}} }

// add records a fetched record. After a rebalance the consumer may fetch
// offsets again from the group's last commit; the stale tail is dropped
// then, and the re-fetched records are tracked afresh.
//
// A re-fetch also says where the group's commit is: at offset, whatever
// this instance committed before. Another member may have committed since,
// even less: a member that lost the partition commits the records it
// still had in flight, and after missing a rebalance it commits them in a
// later generation. Measured from its own last commit, this instance would
// then never commit again the offsets it had already committed, and the
// group's commit would stay behind for good (TestGroupRebalanceUnderLoad
// hung on it); measured from offset, it commits its progress again.
func (t *tracker) add(topic string, partition int, offset int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := partKey{topic, partition}
	p := t.parts[k]
	if p == nil {
		p = &partState{done: map[int64]bool{}, next: -1, committed: -1, fetched: -1}
		t.parts[k] = p
	}
	if offset <= p.fetched {
		p.committed = offset
		n := len(p.pending)
		i := 0
		for i < n && p.pending[i] < offset {
			i++
		}
		p.pending = p.pending[:i]
	}
	p.fetched = offset
	p.pending = append(p.pending, offset)
}

// done marks records whose outputs were acknowledged.
func (t *tracker) done(recs []Record) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range recs {
		p := t.parts[partKey{r.Topic, r.Partition}]
		if p == nil {
			continue
		}
		if _, ok := slices.BinarySearch(p.pending, r.Offset); !ok {
			// Not awaited: a record fetched again finished after an
			// earlier copy's mark already moved past it. A mark kept now
			// would never be cleared.
			continue
		}
		p.done[r.Offset] = true
		i := 0
		for i < len(p.pending) && p.done[p.pending[i]] {
			delete(p.done, p.pending[i])
			p.next = p.pending[i] + 1
			i++
		}
		p.pending = p.pending[i:]
	}
}

// committable returns the offsets that may be committed now and were not
// committed yet.
func (t *tracker) committable() []Offset {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Offset
	for k, p := range t.parts {
		if p.next > p.committed {
			out = append(out, Offset{Topic: k.topic, Partition: k.partition, Offset: p.next})
		}
	}
	return out
}

// committed records a successful commit.
func (t *tracker) committed(offs []Offset) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, o := range offs {
		if p := t.parts[partKey{o.Topic, o.Partition}]; p != nil && o.Offset > p.committed {
			p.committed = o.Offset
		}
	}
}

// inFlight is the number of records fetched and not yet done.
func (t *tracker) inFlight() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, p := range t.parts {
		n += len(p.pending)
	}
	return n
}
