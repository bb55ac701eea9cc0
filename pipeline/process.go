package pipeline

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline/extract"
)

// ProcessConfig is what the Processor needs to know of the deployment.
type ProcessConfig struct {
	// OutputTopic receives tagged events.
	OutputTopic string
	// DeadLetterTopic receives records that could not be tagged.
	DeadLetterTopic string
	// MaxPageBytes rejects larger records before parsing.
	MaxPageBytes int
	// Retag says the input records are tagged events, whose stored
	// articles are tagged again instead of extracting raw pages: replay
	// uses it when the raw pages have aged out of retention.
	Retag bool
	// Replay, when set, is stamped on every event: replay sets it.
	Replay *models.Replay
	// StageTimeout is the time budget of one attempt at a record's stages;
	// zero means none. A page that sends a stage into a very long loop
	// then holds a worker for a bounded time, and is dead-lettered with
	// reason internal. Go cannot stop the stalled computation: it runs to
	// its end in the background, its result discarded.
	StageTimeout time.Duration
	// Retries is how many more attempts a record gets when a stage
	// panicked or ran over StageTimeout, since a loaded machine may pass
	// next time. Other failures come from the input and are not retried.
	Retries int
}

// ExtractFunc is the extract stage's signature; extract.Article is one.
type ExtractFunc func(body []byte, src extract.Source, opt extract.Options) (models.Article, error)

// Processor runs decode, extract, tag and encode for one record.
// It is safe for concurrent use.
type Processor struct {
	Config ProcessConfig
	Tagger Tagger
	// Extract defaults to extract.Article.
	Extract ExtractFunc
	// Observer, if set, is told how long each stage took (metrics).
	Observer Observer
}

// Process turns one input record into its output record: the tagged event,
// or a dead-letter record. It never fails and never panics: a record whose
// stage panics or runs over the time budget is tried again up to Retries
// times, then dead-lettered with reason "internal", so one poison page
// cannot stop the stream.
func (p *Processor) Process(rec Record) Output {
	out := p.attempt(rec)
	for i := 0; i < p.Config.Retries && retriable(out); i++ {
		out = p.attempt(rec)
	}
	return out
}

// errPanic and errOverBudget mark the failures of the code rather than the
// input, which another attempt may not repeat.
var (
	errPanic      = errors.New("panic")
	errOverBudget = errors.New("over the time budget")
)

func retriable(out Output) bool {
	return out.DeadLetter != nil && (errors.Is(out.DeadLetter, errPanic) || errors.Is(out.DeadLetter, errOverBudget))
}

// attempt processes rec once, within the time budget if there is one.
func (p *Processor) attempt(rec Record) Output {
	budget := p.Config.StageTimeout
	if budget <= 0 {
		return p.process(rec, new(stageNote))
	}
	stage := new(stageNote)
	done := make(chan Output, 1) // buffered: an abandoned attempt must not block
	go func() { done <- p.process(rec, stage) }()
	timer := time.NewTimer(budget)
	defer timer.Stop()
	select {
	case out := <-done:
		return out
	case <-timer.C:
		st := stage.get()
		return p.deadLetter(rec, stageErr(st, models.ReasonInternal,
			fmt.Errorf("%w: the %s stage was still running after %s", errOverBudget, st, budget)))
	}
}

// process runs the stages once, turning a panic into a dead letter.
func (p *Processor) process(rec Record, stage *stageNote) (out Output) {
	src := models.SourceRef{Topic: rec.Topic, Partition: rec.Partition, Offset: rec.Offset}
	stage.set(models.StageDecode)
	defer func() {
		if v := recover(); v != nil {
			err := fmt.Errorf("%w: %v\n%s", errPanic, v, debug.Stack())
			out = p.deadLetter(rec, stageErr(stage.get(), models.ReasonInternal, err))
		}
	}()
	var ev models.TaggedEvent
	start := time.Now()
	if p.Config.Retag {
		stored, err := DecodeEvent(rec, p.Config.MaxPageBytes)
		p.stageDone(models.StageDecode, start)
		if err != nil {
			return p.deadLetter(rec, err)
		}
		stage.set(models.StageTag)
		start = time.Now()
		// The stored source is the raw page's, so a re-tagged event
		// differs from a fresh one only in what the new tagging changed.
		ev = NewEvent(stored.URL, stored.Source, stored.Article, p.Tagger.Tag(stored.Article))
		p.stageDone(models.StageTag, start)
	} else {
		page, err := Decode(rec, p.Config.MaxPageBytes)
		p.stageDone(models.StageDecode, start)
		if err != nil {
			return p.deadLetter(rec, err)
		}
		if ev, err = p.event(page, src, stage); err != nil {
			return p.deadLetter(rec, err)
		}
	}
	ev.Replay = p.Config.Replay
	stage.set(models.StageEncode)
	start = time.Now()
	value, err := Encode(ev)
	p.stageDone(models.StageEncode, start)
	if err != nil {
		return p.deadLetter(rec, stageErr(models.StageEncode, models.ReasonInternal, err))
	}
	headers := []models.Header{
		{Key: models.HeaderSchemaVersion, Value: []byte(models.SchemaVersion)},
		{Key: models.HeaderContentType, Value: []byte(models.ContentTypeTaggedEvent)},
	}
	if tp, ok := rec.Header(models.HeaderTraceparent); ok {
		headers = append(headers, models.Header{Key: models.HeaderTraceparent, Value: []byte(tp)})
	}
	return Output{
		Topic:   p.Config.OutputTopic,
		Key:     []byte(ev.Article.CanonicalURL),
		Value:   value,
		Headers: headers,
	}
}

// stageNote is the stage a record is in, read by the timer that gives up
// on it while the stage goes on in another goroutine.
type stageNote struct{ p atomic.Pointer[string] }

func (n *stageNote) set(stage string) { n.p.Store(&stage) }

func (n *stageNote) get() string {
	if s := n.p.Load(); s != nil {
		return *s
	}
	return models.StageDecode
}

// Event extracts and tags a decoded page. The offline commands call it
// directly, so they print exactly what the service publishes.
func (p *Processor) Event(page Page, src models.SourceRef) (models.TaggedEvent, error) {
	return p.event(page, src, new(stageNote))
}

// event is Event, noting in stage the stage it is in, so that a panic or
// a timeout is reported against the right one.
func (p *Processor) event(page Page, src models.SourceRef, stage *stageNote) (models.TaggedEvent, error) {
	stage.set(models.StageExtract)
	extractFn := p.Extract
	if extractFn == nil {
		extractFn = extract.Article
	}
	xsrc := extract.Source{URL: page.URL, ContentType: page.ContentType, Charset: page.Charset}
	if page.Envelope {
		// A JSON string is already Unicode: whatever the page declared.
		xsrc.Charset = "utf-8"
	}
	start := time.Now()
	a, err := extractFn(page.Body, xsrc, extract.Options{MaxBytes: p.Config.MaxPageBytes})
	p.stageDone(models.StageExtract, start)
	if err != nil {
		return models.TaggedEvent{}, stageErr(models.StageExtract, extractReason(err), fmt.Errorf("extract %s: %w", page.URL, err))
	}
	if a.PageType != models.PageArticle {
		return models.TaggedEvent{}, stageErr(models.StageExtract, models.ReasonNotArticle,
			fmt.Errorf("extract %s: page is a %s, not an article", page.URL, a.PageType))
	}
	stage.set(models.StageTag)
	start = time.Now()
	tags := p.Tagger.Tag(a)
	p.stageDone(models.StageTag, start)
	return NewEvent(page.URL, src, a, tags), nil
}

// stageDone tells the observer, if any, how long a stage took.
func (p *Processor) stageDone(stage string, start time.Time) {
	if p.Observer != nil {
		p.Observer.StageDone(stage, time.Since(start))
	}
}

// deadLetter builds the dead-letter record for rec: the input's key, value
// and headers unchanged, plus headers saying what failed, where and why.
func (p *Processor) deadLetter(rec Record, err error) Output {
	var se *StageError
	if !errors.As(err, &se) {
		se = stageErr(models.StageDecode, models.ReasonInternal, err)
	}
	headers := make([]models.Header, 0, len(rec.Headers)+6)
	headers = append(headers, rec.Headers...)
	headers = append(headers,
		models.Header{Key: models.HeaderReason, Value: []byte(se.Reason)},
		models.Header{Key: models.HeaderStage, Value: []byte(se.Stage)},
		models.Header{Key: models.HeaderError, Value: []byte(truncate(se.Error(), 4096))},
		models.Header{Key: models.HeaderSourceTopic, Value: []byte(rec.Topic)},
		models.Header{Key: models.HeaderSourcePartition, Value: []byte(strconv.Itoa(rec.Partition))},
		models.Header{Key: models.HeaderSourceOffset, Value: []byte(strconv.FormatInt(rec.Offset, 10))},
	)
	return Output{
		Topic:      p.Config.DeadLetterTopic,
		Key:        rec.Key,
		Value:      rec.Value,
		Headers:    headers,
		DeadLetter: se,
	}
}

// truncate keeps headers small: a panic's stack can run to many kilobytes.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
