package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/extract"
)

// offlineFlags are the flags extract and tag share.
type offlineFlags struct {
	url          string
	maxPageBytes int
	jsonl        bool
	text         bool
	gazetteer    string
	englishNER   bool
	banglaNER    bool
	pretty       bool
}

func (o *offlineFlags) bind(fs *flag.FlagSet, tag bool) {
	fs.StringVar(&o.url, "url", "", "page URL for relative links and the canonical URL (default file:// of the input)")
	fs.IntVar(&o.maxPageBytes, "max-page-bytes", extract.DefaultMaxBytes, "larger inputs are rejected")
	fs.BoolVar(&o.jsonl, "jsonl", false, "standard input holds one input per line (HTML, or text with --text)")
	fs.BoolVar(&o.pretty, "pretty", false, "indent the JSON of a single input")
	if tag {
		fs.BoolVar(&o.text, "text", false, "inputs are plain text, not HTML")
		fs.StringVar(&o.gazetteer, "gazetteer", gazetteer.DefaultName, "gazetteer sources, comma-separated")
		fs.BoolVar(&o.englishNER, "english-ner", false, "also propose English names the gazetteer lacks (slow)")
		fs.BoolVar(&o.banglaNER, "bangla-ner", true, "also propose people the gazetteer lacks in Bangla text (--bangla-ner=false: the gazetteer's names only)")
	}
}

// input is one document read from a file, standard input, or a line.
type input struct {
	name string
	body []byte
}

// readInputs yields the inputs named by args: files (gunzipped when they
// end in .gz), "-" for standard input, or lines of standard input.
func readInputs(args []string, o offlineFlags, env Env, each func(input) error) error {
	if o.jsonl {
		if len(args) > 0 {
			return fmt.Errorf("%w: --jsonl reads standard input; give no files", errUsage)
		}
		sc := bufio.NewScanner(env.Stdin)
		sc.Buffer(make([]byte, 1<<20), o.maxPageBytes+1)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			// A line may be a JSON string (escaped text) or the raw text.
			var s string
			if b[0] == '"' && json.Unmarshal(b, &s) == nil {
				b = []byte(s)
			}
			if err := each(input{name: fmt.Sprintf("stdin:%d", line), body: append([]byte(nil), b...)}); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read standard input line %d: %w", line+1, err)
		}
		return nil
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: give FILE, - for standard input, or --jsonl", errUsage)
	}
	for _, name := range args {
		b, err := readFile(name, env, o.maxPageBytes)
		if err != nil {
			return err
		}
		if err := each(input{name: name, body: b}); err != nil {
			return err
		}
	}
	return nil
}

// readFile reads one input, refusing more than limit bytes so a huge file
// is an error, not an out-of-memory crash.
func readFile(name string, env Env, limit int) ([]byte, error) {
	var r io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
		if strings.HasSuffix(name, ".gz") {
			gz, err := gzip.NewReader(f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			defer gz.Close()
			r = gz
		}
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s: more than %d bytes (--max-page-bytes): %w", name, limit, extract.ErrTooLarge)
	}
	return b, nil
}

func inputURL(o offlineFlags, in input) string {
	if o.url != "" {
		return o.url
	}
	if in.name == "-" || strings.HasPrefix(in.name, "stdin:") {
		return "stdin:" + in.name
	}
	return "file://" + in.name
}

// writer prints one JSON document, or JSON Lines when there are several.
type writer struct {
	enc *json.Encoder
}

func newWriter(w io.Writer, pretty bool) writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if pretty {
		enc.SetIndent("", "  ")
	}
	return writer{enc: enc}
}

// extracted is an Article with the file it came from, for JSON Lines.
type extracted struct {
	Source string `json:"source,omitempty"`
	models.Article
	Error string `json:"error,omitempty"`
}

// cmdExtract prints the article extracted from each input.
func cmdExtract(ctx context.Context, args []string, env Env) error {
	var o offlineFlags
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	o.bind(fs, false)
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	several := fs.NArg() > 1 || o.jsonl
	w := newWriter(env.Stdout, o.pretty && !several)
	failed := 0
	err := readInputs(fs.Args(), o, env, func(in input) error {
		a, err := extract.Article(in.body, extract.Source{URL: inputURL(o, in)}, extract.Options{MaxBytes: o.maxPageBytes})
		out := extracted{Article: a}
		if several {
			out.Source = in.name
		}
		if err != nil {
			if !several {
				return fmt.Errorf("%s: %w", in.name, err)
			}
			failed++
			out.Error = err.Error()
		}
		return w.enc.Encode(out)
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d inputs could not be extracted (see their error fields)", failed)
	}
	return ctx.Err()
}

// cmdTag prints the tagged event of each input, exactly as the service
// would publish it.
func cmdTag(ctx context.Context, args []string, env Env) error {
	var o offlineFlags
	fs := flag.NewFlagSet("tag", flag.ContinueOnError)
	o.bind(fs, true)
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	cfg := Config{Gazetteer: o.gazetteer, MaxPageBytes: o.maxPageBytes, EnglishNER: o.englishNER, BanglaNER: o.banglaNER}
	m, err := loadMatcher(cfg)
	if err != nil {
		return err
	}
	proc, err := newProcessor(cfg, gazetteer.NewStore(m))
	if err != nil {
		return err
	}
	several := fs.NArg() > 1 || o.jsonl
	w := newWriter(env.Stdout, o.pretty && !several)
	failed := 0
	err = readInputs(fs.Args(), o, env, func(in input) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		src := models.SourceRef{File: in.name}
		var ev models.TaggedEvent
		var err error
		if o.text {
			ev = textEvent(proc, inputURL(o, in), src, string(in.body))
		} else {
			ev, err = proc.Event(pipeline.Page{RawPage: models.RawPage{URL: inputURL(o, in)}, Body: in.body}, src)
		}
		if err != nil {
			if !several {
				return fmt.Errorf("%s: %w", in.name, err)
			}
			failed++
			fmt.Fprintf(env.Stderr, "tagger tag: %s: %v\n", in.name, err)
			return nil
		}
		return w.enc.Encode(ev)
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d inputs could not be tagged", failed)
	}
	return nil
}

// textEvent tags plain text: the whole text is the body, there is no title.
func textEvent(proc *pipeline.Processor, url string, src models.SourceRef, text string) models.TaggedEvent {
	a := models.Article{
		Text:         strings.TrimSpace(text),
		Language:     extract.Language(text),
		CanonicalURL: url,
		PageType:     models.PageArticle,
	}
	return pipeline.NewEvent(url, src, a, proc.Tagger.Tag(a))
}

// cmdVersion prints the versions that go into every event.
func cmdVersion(ctx context.Context, args []string, env Env) error {
	g, err := gazetteer.Default()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "pipeline %s\nschema %s\ngazetteer %s (%d entities, %d names)\n",
		pipeline.Version, models.SchemaVersion, g.Version(), g.Len(), g.Names())
	return nil
}
