package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// tailFilter keeps the events a person asked to see.
type tailFilter struct {
	entities, codes []string
}

func (f tailFilter) keep(ev models.TaggedEvent) bool {
	if len(f.entities) > 0 && !slices.ContainsFunc(ev.Entities, func(e models.Entity) bool { return slices.Contains(f.entities, e.ID) }) {
		return false
	}
	if len(f.codes) > 0 && !slices.ContainsFunc(ev.Topics, func(t models.Topic) bool { return slices.Contains(f.codes, t.Code) }) {
		return false
	}
	return true
}

// cmdTail prints tagged events from a topic, oldest first: the quickest
// way for a person to see what the service or a replay produced. It reads
// partitions directly and commits nothing.
func cmdTail(ctx context.Context, args []string, env Env) error {
	var cfg Config
	fs := flag.NewFlagSet("tail", flag.ContinueOnError)
	cfg.flags(fs)
	entity := fs.String("entity", "", "only events naming one of these entity ids, comma-separated (Q794, ...)")
	codes := fs.String("topic-code", "", "only events with one of these IPTC codes, comma-separated (medtop:11000000, ...)")
	from := fs.String("from", "", "events from this time on, RFC 3339 or a date (UTC); default: the last --last")
	last := fs.Int("last", 20, "without --from, the newest N matching events (0: all)")
	follow := fs.Bool("follow", false, "keep printing new events as they arrive, until interrupted")
	asJSON := fs.Bool("json", false, "print each event's JSON, one per line")
	fs.Set("log-level", "warn")
	log, err := parseConfig(fs, &cfg, args, env)
	if err != nil {
		return err
	}
	topic := cfg.OutputTopic
	switch rest := fs.Args(); len(rest) {
	case 0:
	case 1:
		topic = rest[0]
	default:
		return fmt.Errorf("%w: one topic at most, got %q", errUsage, rest)
	}
	brokers := cfg.brokers()
	if len(brokers) == 0 {
		// The broker "tagger run" embeds when given none.
		brokers = []string{net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.EmbeddedPort))}
	}
	conn, err := cfg.conn(brokers)
	if err != nil {
		return err
	}
	f := tailFilter{entities: splitList(*entity), codes: splitList(*codes)}
	since, err := parseWhen("--from", *from)
	if err != nil {
		return err
	}
	spec := kafka.WindowSpec{Topic: topic}
	if since != nil {
		spec.From = *since
	}
	ranges, err := kafka.ResolveWindow(ctx, conn, spec)
	if err != nil {
		return err
	}
	ends := make([]models.OffsetRange, len(ranges))
	for i, r := range ranges {
		ends[i] = models.OffsetRange{Partition: r.Partition, Start: r.End, End: kafka.Unbounded}
		if since == nil && *last > 0 && len(f.entities)+len(f.codes) == 0 {
			// Unfiltered, the newest N can only be among each partition's last N.
			ranges[i].Start = max(r.Start, r.End-int64(*last))
		}
	}

	p := tailPrinter{w: env.Stdout, json: *asJSON}
	var got []pipeline.Record
	err = readRanges(ctx, conn, topic, ranges, log, func(r pipeline.Record) {
		if ev, ok := decodeTagged(r); !ok || f.keep(ev) {
			got = append(got, r)
		}
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(got, func(a, b pipeline.Record) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		if a.Partition != b.Partition {
			return a.Partition - b.Partition
		}
		return int(a.Offset - b.Offset)
	})
	if since == nil && *last > 0 && len(got) > *last {
		got = got[len(got)-*last:]
	}
	for _, r := range got {
		p.print(r)
	}
	if !*follow {
		if len(got) == 0 {
			fmt.Fprintf(env.Stderr, "tagger: no matching events in %s\n", topic)
		}
		return nil
	}
	err = readRanges(ctx, conn, topic, ends, log, func(r pipeline.Record) {
		if ev, ok := decodeTagged(r); !ok || f.keep(ev) {
			p.print(r)
		}
	})
	if ctx.Err() != nil {
		return nil // interrupted: the normal end of --follow
	}
	return err
}

// readRanges calls fn for every record of ranges until they are read or
// ctx is done.
func readRanges(ctx context.Context, conn kafka.Conn, topic string, ranges []models.OffsetRange, log *slog.Logger, fn func(pipeline.Record)) error {
	src, err := kafka.NewRangeSource(conn, topic, ranges, log)
	if err != nil {
		return err
	}
	defer src.Close()
	for {
		r, err := src.Fetch(ctx)
		if errors.Is(err, pipeline.ErrEndOfInput) {
			return nil
		}
		if err != nil {
			return err
		}
		fn(r)
	}
}

// decodeTagged reads a record as a tagged event; ok is false for any
// other record, which tail still shows, as what it is.
func decodeTagged(r pipeline.Record) (models.TaggedEvent, bool) {
	var ev models.TaggedEvent
	if err := json.Unmarshal(r.Value, &ev); err != nil || ev.EventID == "" {
		return ev, false
	}
	return ev, true
}

// tailPrinter writes events for people, or as JSON Lines.
type tailPrinter struct {
	w    io.Writer
	json bool
}

func (p tailPrinter) print(r pipeline.Record) {
	if p.json {
		fmt.Fprintf(p.w, "%s\n", r.Value)
		return
	}
	at := r.Time.UTC().Format(time.RFC3339)
	ev, ok := decodeTagged(r)
	if !ok {
		reason, _ := r.Header(models.HeaderReason)
		fmt.Fprintf(p.w, "%s  %d@%d  (not a tagged event: %d bytes%s)\n", at, r.Partition, r.Offset, len(r.Value), orEmpty(", dead letter: ", reason))
		return
	}
	title := []rune(ev.Article.Title)
	if len(title) > 80 {
		title = append(title[:79], '…')
	}
	fmt.Fprintf(p.w, "%s  %d@%d  %s\n    %s\n", at, r.Partition, r.Offset, string(title), ev.URL)
	var names []string
	for _, e := range ev.Entities {
		if len(names) == 8 {
			names = append(names, fmt.Sprintf("+%d", len(ev.Entities)-8))
			break
		}
		n := e.Name.EN
		if n == "" {
			n = e.Name.BN
		}
		names = append(names, fmt.Sprintf("%s (%s)", n, e.ID))
	}
	if len(names) > 0 {
		fmt.Fprintf(p.w, "    entities: %s\n", strings.Join(names, ", "))
	}
	var ts []string
	for _, t := range ev.Topics {
		ts = append(ts, fmt.Sprintf("%s %s %.2f", t.Code, t.Label.EN, t.Score))
	}
	if len(ts) > 0 {
		fmt.Fprintf(p.w, "    topics: %s\n", strings.Join(ts, "; "))
	}
	if ev.Replay != nil {
		fmt.Fprintf(p.w, "    replay %s of %s\n", ev.Replay.ID, ev.Replay.Topic)
	}
}

func orEmpty(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
