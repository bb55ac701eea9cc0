package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/bangla"
	"github.com/newsroom/tagger/pipeline/english"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// service is the wired pipeline: broker connection, gazetteer, stages.
type service struct {
	cfg   Config
	log   *slog.Logger
	conn  kafka.Conn
	emb   *kafka.Embedded
	store *gazetteer.Store
	proc  *pipeline.Processor
	mon   *monitor // nil when nothing is monitored (demo)
}

// newService connects (or starts the embedded broker), creates topics and
// loads the gazetteer. Close releases what it started.
func newService(ctx context.Context, cfg Config, env Env, log *slog.Logger) (*service, error) {
	return startService(ctx, cfg, log, nil)
}

// startService is newService reporting to mon, if not nil: it checks the
// broker every cfg.BrokerCheckInterval until ctx is done, and is told when
// the gazetteer is loaded; the stages and the loop report to its metrics.
func startService(ctx context.Context, cfg Config, log *slog.Logger, mon *monitor) (*service, error) {
	s := &service{cfg: cfg, log: log, mon: mon}
	brokers := cfg.brokers()
	if len(brokers) == 0 {
		emb, err := startEmbedded(cfg)
		if err != nil {
			return nil, err
		}
		s.emb = emb
		brokers = emb.Addrs()
		log.Info("no --brokers given; embedded Kafka broker started", "addr", brokers[0])
	}
	conn, err := cfg.conn(brokers)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.conn = conn
	if mon != nil {
		go mon.watchBroker(ctx, conn, cfg.BrokerCheckInterval)
	}
	if cfg.CreateTopics {
		specs := []kafka.TopicSpec{
			{Name: cfg.InputTopic, Partitions: cfg.Partitions},
			{Name: cfg.OutputTopic, Partitions: cfg.Partitions},
			{Name: cfg.DeadLetterTopic, Partitions: cfg.Partitions},
		}
		if err := retry(ctx, log, "create topics", func() error { return kafka.EnsureTopics(ctx, conn, specs) }); err != nil {
			s.Close()
			return nil, err
		}
	}
	m, err := loadMatcher(cfg)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.store = gazetteer.NewStore(m)
	g := m.Gazetteer()
	log.Info("gazetteer loaded", "version", g.Version(), "entities", g.Len(), "names", g.Names())
	s.proc, err = newProcessor(cfg, s.store)
	if err != nil {
		s.Close()
		return nil, err
	}
	if mon != nil {
		mon.gazetteerLoaded(g.Version(), g.Len())
		s.proc.Observer = mon.observer()
	}
	return s, nil
}

// startEmbedded starts the in-process broker on the configured port, or
// on any free port when that one is taken (a real Kafka may be there).
func startEmbedded(cfg Config) (*kafka.Embedded, error) {
	port := cfg.EmbeddedPort
	if port != 0 {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			port = 0
		} else {
			l.Close()
		}
	}
	return kafka.StartEmbedded(kafka.EmbeddedConfig{
		Port: port, Partitions: cfg.Partitions,
		Topics: []string{cfg.InputTopic, cfg.OutputTopic, cfg.DeadLetterTopic},
	})
}

// loadMatcher loads the configured gazetteer and compiles it, with the
// topic lexicon inside, so that the tag stage folds and walks each text
// once for names and topic terms.
func loadMatcher(cfg Config) (*gazetteer.Matcher, error) {
	g, err := gazetteer.Open(cfg.gazetteerSources()...)
	if err != nil {
		return nil, fmt.Errorf("load gazetteer: %w", err)
	}
	tt, err := topicTagger()
	if err != nil {
		return nil, err
	}
	return tt.Compile(g, nil), nil
}

// newProcessor wires the stages.
func newProcessor(cfg Config, store *gazetteer.Store) (*pipeline.Processor, error) {
	tt, err := topicTagger()
	if err != nil {
		return nil, err
	}
	tagger := pipeline.Tagger{Matchers: store, Topics: tt}
	if cfg.EnglishNER {
		r, err := english.New(english.Options{})
		if err != nil {
			return nil, fmt.Errorf("load English NER: %w", err)
		}
		tagger.English = r
	}
	if cfg.BanglaNER {
		r, err := bangla.New(nil)
		if err != nil {
			return nil, fmt.Errorf("load Bangla person tagger: %w", err)
		}
		tagger.Bangla = r
	}
	return &pipeline.Processor{
		Config: pipeline.ProcessConfig{
			OutputTopic:     cfg.OutputTopic,
			DeadLetterTopic: cfg.DeadLetterTopic,
			MaxPageBytes:    cfg.MaxPageBytes,
			StageTimeout:    cfg.StageTimeout,
			Retries:         cfg.StageRetries,
		},
		Tagger: tagger,
	}, nil
}

// run consumes until ctx is done, then drains and leaves the group.
func (s *service) run(ctx context.Context) error {
	src, err := kafka.NewGroupSource(kafka.SourceConfig{
		Conn: s.conn, Group: s.cfg.Group, Topics: []string{s.cfg.InputTopic},
		SessionTimeout: s.cfg.SessionTimeout, RebalanceTimeout: s.cfg.RebalanceTime,
		MaxBytes: s.cfg.FetchMaxBytes, Logger: s.log,
	})
	if err != nil {
		return err
	}
	sink, err := kafka.NewSink(kafka.SinkConfig{Conn: s.conn, Compression: s.cfg.Compression, BatchBytes: int64(s.cfg.BatchBytes)})
	if err != nil {
		src.Close(time.Second)
		return err
	}
	rc := s.cfg.runConfig()
	rc.Logger = s.log
	if s.mon != nil {
		rc.Observer = s.mon.observer()
	}
	s.log.Info("consuming", "topic", s.cfg.InputTopic, "group", s.cfg.Group, "output", s.cfg.OutputTopic, "dead_letter", s.cfg.DeadLetterTopic)
	runErr := pipeline.Run(ctx, src, sink, s.proc, rc)
	if err := src.Close(5 * time.Second); err != nil {
		s.log.Warn("leaving the group", "err", err)
	}
	if err := sink.Close(); err != nil {
		s.log.Warn("closing the producer", "err", err)
	}
	return runErr
}

// Close stops the embedded broker, if one was started.
func (s *service) Close() {
	if s.emb != nil {
		s.emb.Close()
	}
}

// retry runs fn until it succeeds or ctx ends, for start-up steps that
// must wait for a broker that is still coming up.
func retry(ctx context.Context, log *slog.Logger, what string, fn func() error) error {
	backoff := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		if attempt >= 10 {
			return fmt.Errorf("%s: %w", what, err)
		}
		log.Warn(what+" failed, retrying", "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", what, err)
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// newLogger builds the structured logger: JSON unless writing to a
// terminal, or as configured.
func newLogger(cfg Config, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return nil, fmt.Errorf("%w: --log-level: %w", errUsage, err)
	}
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok && isTerminal(f) {
			format = "text"
		}
	}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("%w: --log-format %q: want auto, text or json", errUsage, cfg.LogFormat)
}

// isTerminal reports a character device, which is what a terminal is.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
