package kafka

import (
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ProduceFailure is how the embedded broker fails produce requests in a
// fault drill.
type ProduceFailure int

const (
	// ProduceRejected answers NOT_ENOUGH_REPLICAS, as a broker short of
	// in-sync replicas does: nothing is written and the client retries.
	ProduceRejected ProduceFailure = iota
	// ProduceTimedOut writes the records but answers REQUEST_TIMED_OUT,
	// as a broker whose followers did not acknowledge in time does: the
	// client cannot tell, retries, and the retry writes them again.
	ProduceTimedOut
)

// Failure is a fault the embedded broker is injecting.
type Failure struct {
	h *kfake.FaultHandle
}

// FailProduce makes the broker fail every produce request to the topics
// as how says, until Stop. It is for fault tests and drills: what the
// service does while it cannot publish.
func (e *Embedded) FailProduce(how ProduceFailure, topics ...string) *Failure {
	err := kerr.NotEnoughReplicas
	if how == ProduceTimedOut {
		err = kerr.RequestTimedOut
	}
	faults := make([]kfake.Fault, len(topics))
	for i, t := range topics {
		faults[i] = kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: t, Err: err, Count: -1}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return &Failure{h: e.c.Fault(faults...)}
}

// Count is how many requests the fault has failed so far.
func (f *Failure) Count() int { return f.h.Hits() }

// Stop ends the fault: requests succeed again.
func (f *Failure) Stop() { f.h.Remove() }
