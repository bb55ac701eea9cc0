package pipeline

import "time"

// StagePublish names the publish stage for observers; the other stages
// are the models.Stage* names.
const StagePublish = "publish"

// Observer is told what the pipeline does, so that metrics can count it
// without this package knowing any metrics system (pipeline/metrics
// implements it with Prometheus). Its methods are called from several
// goroutines on the hot path: they must be safe for concurrent use and
// quick.
type Observer interface {
	// Fetched is called for each record read from the source. inFlight
	// counts the records fetched and not yet published, this one included.
	Fetched(rec Record, inFlight int)
	// StageDone is called when a stage (decode, extract, tag, encode) has
	// finished with one record, whether it succeeded or not.
	StageDone(stage string, took time.Duration)
	// Published is called once a batch has been acknowledged; took is the
	// time of the successful attempt.
	Published(outs []Output, took time.Duration, inFlight int)
	// PublishFailed is called when a publish attempt failed; the batch
	// will be sent again.
	PublishFailed(outs []Output, err error)
}

// nopObserver observes nothing, so the loop need not check for nil.
type nopObserver struct{}

func (nopObserver) Fetched(Record, int)                    {}
func (nopObserver) StageDone(string, time.Duration)        {}
func (nopObserver) Published([]Output, time.Duration, int) {}
func (nopObserver) PublishFailed([]Output, error)          {}
