package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
	"github.com/newsroom/tagger/pipeline/replay"
)

// replayFlags are the flags replay adds to the service's.
type replayFlags struct {
	From, To         string
	Offsets          string
	Partitions       string
	FromTagged       bool
	Rate             float64
	DryRun           bool
	Resume, Restart  bool
	Checkpoint       string
	ID               string
	Progress         string
	ProgressInterval time.Duration
}

func (r *replayFlags) flags(fs *flag.FlagSet) {
	fs.StringVar(&r.From, "from", "", "window start, RFC 3339 (2025-06-01T00:00:00+06:00) or a date (UTC); by record timestamp, inclusive")
	fs.StringVar(&r.To, "to", "", "window end, RFC 3339 or a date (UTC); exclusive; empty means the end of the log now")
	fs.StringVar(&r.Offsets, "offsets", "", "window by offsets instead of time: PARTITION:START-END,... (START or END may be empty: log start or end)")
	fs.StringVar(&r.Partitions, "partitions", "", "only these partitions, comma-separated (default all)")
	fs.BoolVar(&r.FromTagged, "from-tagged", false, "re-tag the articles stored in tagged events read from --input-topic, for when the raw pages have aged out")
	fs.Float64Var(&r.Rate, "rate", 0, "at most this many pages a second (0: no limit), so a replay does not starve the live stream")
	fs.BoolVar(&r.DryRun, "dry-run", false, "print the resolved offsets and page counts, produce nothing")
	fs.BoolVar(&r.Resume, "resume", false, "continue an interrupted replay from its checkpoint")
	fs.BoolVar(&r.Restart, "restart", false, "discard an unfinished checkpoint of this replay and start again")
	fs.StringVar(&r.Checkpoint, "checkpoint", "", "checkpoint file (default tagger-replay-ID.json in the current directory)")
	fs.StringVar(&r.ID, "id", "", "replay id (default: a hash of the window, topics and versions)")
	fs.StringVar(&r.Progress, "progress", "auto", "progress display: auto (a bar on a terminal, else log lines), bar, log, none")
	fs.DurationVar(&r.ProgressInterval, "progress-interval", 10*time.Second, "how often progress is logged when not on a terminal")
}

// request builds the replay request and the window to resolve.
func (r *replayFlags) request(cfg Config) (replay.Request, kafka.WindowSpec, error) {
	switch r.Progress {
	case "auto", "bar", "log", "none":
	default:
		return replay.Request{}, kafka.WindowSpec{}, fmt.Errorf("%w: --progress %q: want auto, bar, log or none", errUsage, r.Progress)
	}
	req := replay.Request{Topic: cfg.InputTopic, Output: cfg.OutputTopic, Retag: r.FromTagged, PipelineVersion: pipeline.Version}
	spec := kafka.WindowSpec{Topic: cfg.InputTopic}
	var err error
	if req.From, err = parseWhen("--from", r.From); err != nil {
		return req, spec, err
	}
	if req.To, err = parseWhen("--to", r.To); err != nil {
		return req, spec, err
	}
	if req.From != nil && req.To != nil && !req.From.Before(*req.To) {
		return req, spec, fmt.Errorf("%w: --from %s is not before --to %s", errUsage, r.From, r.To)
	}
	if req.Partitions, err = parsePartitions(r.Partitions); err != nil {
		return req, spec, err
	}
	if req.Offsets, err = parseOffsets(r.Offsets); err != nil {
		return req, spec, err
	}
	if len(req.Offsets) > 0 && (req.From != nil || req.To != nil) {
		return req, spec, fmt.Errorf("%w: bound the window by time (--from/--to) or by --offsets, not both", errUsage)
	}
	if req.From != nil {
		spec.From = *req.From
	}
	if req.To != nil {
		spec.To = *req.To
	}
	spec.Partitions, spec.Offsets = req.Partitions, req.Offsets
	return req, spec, nil
}

// parseWhen reads an RFC 3339 time or a date.
func parseWhen(name, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, nil
		}
	}
	return nil, fmt.Errorf("%w: %s %q: want RFC 3339 (2025-06-01T00:00:00+06:00) or a date (2025-06-01)", errUsage, name, s)
}

func parsePartitions(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		p, err := strconv.Atoi(f)
		if err != nil || p < 0 {
			return nil, fmt.Errorf("%w: --partitions: %q is not a partition number", errUsage, f)
		}
		out = append(out, p)
	}
	return out, nil
}

// parseOffsets reads PARTITION:START-END,... with -1 for an open end.
func parseOffsets(s string) ([]models.OffsetRange, error) {
	var out []models.OffsetRange
	for _, f := range splitList(s) {
		bad := fmt.Errorf("%w: --offsets: %q: want PARTITION:START-END, e.g. 0:100-200 or 1:500-", errUsage, f)
		ps, rng, ok := strings.Cut(f, ":")
		if !ok {
			return nil, bad
		}
		lo, hi, ok := strings.Cut(rng, "-")
		if !ok {
			return nil, bad
		}
		r := models.OffsetRange{Start: -1, End: -1}
		var err error
		if r.Partition, err = strconv.Atoi(ps); err != nil || r.Partition < 0 {
			return nil, bad
		}
		if lo != "" {
			if r.Start, err = strconv.ParseInt(lo, 10, 64); err != nil || r.Start < 0 {
				return nil, bad
			}
		}
		if hi != "" {
			if r.End, err = strconv.ParseInt(hi, 10, 64); err != nil || r.End < 0 || (r.Start >= 0 && r.End < r.Start) {
				return nil, bad
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// cmdReplay re-tags a window of history into an output topic: the live
// service's stages, fed by offsets read straight from the partitions, so
// the live group's offsets are never touched.
func cmdReplay(ctx context.Context, args []string, env Env) error {
	var cfg Config
	var rf replayFlags
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	// The service's flags, except --partitions: for replay it narrows
	// the window, and created topics take the input topic's count.
	base := flag.NewFlagSet("", flag.ContinueOnError)
	cfg.flags(base)
	base.VisitAll(func(f *flag.Flag) {
		if f.Name != "partitions" {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	rf.flags(fs)
	log, err := parseConfig(fs, &cfg, args, env)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	explicit := func(name string) bool { return given[name] || env.Getenv(envName(name)) != "" }
	if !given["partitions"] {
		// TAGGER_PARTITIONS and a config file's partitions mean the
		// service's partition count, not a narrower window.
		rf.Partitions = ""
	}
	if len(cfg.brokers()) == 0 {
		return fmt.Errorf("%w: replay needs --brokers (or TAGGER_BROKERS): it reads history from a running cluster", errUsage)
	}
	if !explicit("output-topic") {
		return fmt.Errorf("%w: replay needs --output-topic: replaying into the live topic (%s) must be a choice, not a default", errUsage, cfg.OutputTopic)
	}
	if rf.FromTagged && !explicit("input-topic") {
		return fmt.Errorf("%w: --from-tagged needs --input-topic, the tagged topic to re-tag (the live service writes %s)", errUsage, cfg.OutputTopic)
	}
	if rf.Resume && rf.Restart {
		return fmt.Errorf("%w: --resume and --restart contradict each other", errUsage)
	}
	req, spec, err := rf.request(cfg)
	if err != nil {
		return err
	}
	conn, err := cfg.conn(cfg.brokers())
	if err != nil {
		return err
	}
	m, err := loadMatcher(cfg)
	if err != nil {
		return err
	}
	req.GazetteerVersion = m.Gazetteer().Version()
	id := rf.ID
	if id == "" {
		id = req.ID()
	}
	path := rf.Checkpoint
	if path == "" {
		path = "tagger-replay-" + id + ".json"
	}

	cp, err := replayCheckpoint(ctx, conn, rf, req, spec, id, path)
	if err != nil {
		return err
	}
	if cp == nil {
		fmt.Fprintf(env.Stderr, "tagger: replay %s already finished (checkpoint %s); nothing to do\n", id, path)
		return nil
	}
	if rf.DryRun {
		printWindow(env.Stdout, cp)
		return nil
	}

	if cfg.CreateTopics {
		parts, err := kafka.Partitions(ctx, conn, req.Topic)
		if err != nil {
			return err
		}
		specs := []kafka.TopicSpec{
			{Name: cfg.OutputTopic, Partitions: len(parts)},
			{Name: cfg.DeadLetterTopic, Partitions: len(parts)},
		}
		if err := retry(ctx, log, "create topics", func() error { return kafka.EnsureTopics(ctx, conn, specs) }); err != nil {
			return err
		}
	}
	proc, err := newProcessor(cfg, gazetteer.NewStore(m))
	if err != nil {
		return err
	}
	proc.Config.Retag = req.Retag
	proc.Config.Replay = req.Metadata(id, cp.Window)

	src, err := kafka.NewRangeSource(conn, req.Topic, cp.Remaining(), log)
	if err != nil {
		return err
	}
	defer src.Close()
	ksink, err := kafka.NewSink(kafka.SinkConfig{Conn: conn, Compression: cfg.Compression})
	if err != nil {
		return err
	}
	defer ksink.Close()
	sink := &countingSink{Sink: ksink}
	prog := replay.NewProgress(cp.Published(), cp.Total())
	rsrc := &replay.Source{In: src, Limit: replay.NewLimiter(rf.Rate), Checkpoint: cp, Path: path, Progress: prog}
	if err := cp.Save(path); err != nil {
		return err
	}
	log.Info("replay starting", "id", id, "input", req.Topic, "output", cfg.OutputTopic, "retag", req.Retag,
		"pages", cp.Total(), "left", cp.Total()-cp.Published(), "checkpoint", path, "gazetteer", req.GazetteerVersion)

	repCtx, stopReport := context.WithCancel(ctx)
	reported := make(chan struct{})
	go func() {
		defer close(reported)
		showProgress(repCtx, rf, prog, env, log)
	}()
	rc := cfg.runConfig()
	rc.CommitInterval = 0 // checkpoint after every acknowledged batch
	rc.Logger = log
	runErr := pipeline.Run(ctx, rsrc, sink, proc, rc)
	stopReport()
	<-reported

	left := cp.Total() - cp.Published()
	if runErr == nil && ctx.Err() == nil {
		cp.Done = true
		if err := cp.Save(path); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "tagger: replay %s done: %d events to %s, %d dead letters to %s (this run); checkpoint %s\n",
			id, sink.events.Load(), cfg.OutputTopic, sink.dead.Load(), cfg.DeadLetterTopic, path)
		return nil
	}
	if runErr == nil {
		runErr = ctx.Err()
	}
	return fmt.Errorf("replay %s stopped with %d of %d pages left; run the same command with --resume to continue: %w",
		id, left, cp.Total(), runErr)
}

// replayCheckpoint loads the checkpoint to resume, or resolves the window
// into a new one. It returns nil when a resumed replay has finished.
func replayCheckpoint(ctx context.Context, conn kafka.Conn, rf replayFlags, req replay.Request, spec kafka.WindowSpec, id, path string) (*replay.Checkpoint, error) {
	old, err := replay.LoadCheckpoint(path)
	switch {
	case err != nil && !errors.Is(err, replay.ErrNoCheckpoint):
		return nil, err
	case rf.Resume && old == nil:
		return nil, fmt.Errorf("--resume: %w (has the gazetteer or a flag changed? the id is a hash of both)", err)
	case rf.Resume && old.ID != id:
		return nil, fmt.Errorf("--resume: checkpoint %s is of replay %s, not %s", path, old.ID, id)
	case rf.Resume && old.Done:
		return nil, nil
	case rf.Resume:
		return old, nil
	case old != nil && !old.Done && !rf.Restart && !rf.DryRun:
		return nil, fmt.Errorf("%w: replay %s has an unfinished checkpoint at %s (%d of %d pages done): pass --resume to continue or --restart to start again",
			errUsage, id, path, old.Published(), old.Total())
	}
	window, err := kafka.ResolveWindow(ctx, conn, spec)
	if err != nil {
		return nil, fmt.Errorf("resolve window: %w", err)
	}
	return replay.NewCheckpoint(id, req, window), nil
}

// printWindow writes what a dry run would replay.
func printWindow(w io.Writer, cp *replay.Checkpoint) {
	r := cp.Request
	fmt.Fprintf(w, "replay %s: %s -> %s", cp.ID, r.Topic, r.Output)
	if r.Retag {
		fmt.Fprint(w, " (re-tagging stored articles)")
	}
	fmt.Fprintf(w, "\ngazetteer %s, %s\n", r.GazetteerVersion, r.PipelineVersion)
	if r.From != nil || r.To != nil {
		fmt.Fprintf(w, "window: from %s to %s\n", whenOr(r.From, "the log start"), whenOr(r.To, "the log end"))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "partition\tstart\tend\tpages\tleft\t")
	for _, rg := range cp.Window {
		left := rg.End - min(max(cp.Next[rg.Partition], rg.Start), rg.End)
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t\n", rg.Partition, rg.Start, rg.End, rg.End-rg.Start, left)
	}
	tw.Flush()
	fmt.Fprintf(w, "total %d pages, %d left; nothing produced (--dry-run)\n", cp.Total(), cp.Total()-cp.Published())
}

func whenOr(t *time.Time, or string) string {
	if t == nil {
		return or
	}
	return t.Format(time.RFC3339)
}

// showProgress reports progress as --progress asks.
func showProgress(ctx context.Context, rf replayFlags, p *replay.Progress, env Env, log *slog.Logger) {
	terminal := false
	if f, ok := env.Stderr.(*os.File); ok {
		terminal = isTerminal(f)
	}
	switch rf.Progress {
	case "none":
		<-ctx.Done()
		return
	case "bar":
		terminal = true
	case "log":
		terminal = false
	}
	replay.Report(ctx, p, env.Stderr, terminal, rf.ProgressInterval, log)
}

// countingSink counts what a replay published, for its summary.
type countingSink struct {
	pipeline.Sink
	events, dead atomic.Int64
}

func (s *countingSink) Publish(ctx context.Context, outs []pipeline.Output) error {
	if err := s.Sink.Publish(ctx, outs); err != nil {
		return err
	}
	for _, o := range outs {
		if o.DeadLetter != nil {
			s.dead.Add(1)
		} else {
			s.events.Add(1)
		}
	}
	return nil
}
