package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsroom/tagger/gazetteer"
)

const gazetteerUsage = `tagger gazetteer COMMAND

  import-wikidata DUMP [-o FILE]   stream a Wikidata JSON dump (.json, .gz, .bz2) into gazetteer JSONL
  stats [--gazetteer SOURCES]      load, compile and count a gazetteer
`

// cmdGazetteer dispatches the gazetteer commands.
func cmdGazetteer(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return fmt.Errorf("%w:\n%s", errUsage, gazetteerUsage)
	}
	switch args[0] {
	case "import-wikidata":
		return cmdImportWikidata(ctx, args[1:], env)
	case "stats":
		return cmdGazetteerStats(ctx, args[1:], env)
	}
	return fmt.Errorf("%w: unknown gazetteer command %q\n%s", errUsage, args[0], gazetteerUsage)
}

// cmdImportWikidata streams a dump into JSONL, with progress on stderr.
func cmdImportWikidata(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("gazetteer import-wikidata", flag.ContinueOnError)
	out := fs.String("o", "-", "output JSONL file (- for standard output)")
	langs := fs.String("languages", "bn,en,mul", "label languages to read: bn, en, mul")
	exclude := fs.String("exclude-classes", "", "P31 classes to drop, comma-separated (e.g. Q532 for villages)")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: gazetteer import-wikidata DUMP [-o FILE]", errUsage)
	}
	in, err := gazetteer.OpenDump(fs.Arg(0))
	if err != nil {
		return err
	}
	defer in.Close()
	var w io.Writer = env.Stdout
	var file *os.File
	if *out != "-" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	opt := gazetteer.WikidataOptions{Languages: splitList(*langs), ExcludeClasses: splitList(*exclude)}
	start := time.Now()
	size := int64(0)
	if st, err := os.Stat(fs.Arg(0)); err == nil && !strings.HasSuffix(fs.Arg(0), ".gz") && !strings.HasSuffix(fs.Arg(0), ".bz2") {
		size = st.Size()
	}
	report := func(st gazetteer.WikidataStats, final bool) {
		el := time.Since(start).Seconds()
		rate := float64(st.Bytes) / (1 << 20) / max(el, 1e-9)
		line := fmt.Sprintf("read %d entities (%.0f MiB, %.1f MiB/s), kept %d (PER %d, LOC %d, ORG %d), malformed %d",
			st.Read, float64(st.Bytes)/(1<<20), rate, st.Kept, st.PER, st.LOC, st.ORG, st.Malformed)
		if size > 0 && !final {
			left := float64(size-st.Bytes) / (1 << 20) / max(rate, 1e-9)
			line += fmt.Sprintf(", %.0f%% done, ETA %s", 100*float64(st.Bytes)/float64(size), (time.Duration(left) * time.Second).Round(time.Second))
		}
		fmt.Fprintf(env.Stderr, "tagger gazetteer: %s\n", line)
	}
	opt.Progress = func(st gazetteer.WikidataStats) { report(st, false) }
	st, err := gazetteer.ImportWikidata(ctx, in, bw, opt)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	report(st, true)
	if st.FirstError != nil {
		fmt.Fprintf(env.Stderr, "tagger gazetteer: first malformed line: %v\n", st.FirstError)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", fs.Arg(0), err)
	}
	if file != nil {
		return file.Close()
	}
	return nil
}

// cmdGazetteerStats loads and compiles a gazetteer and prints its size.
func cmdGazetteerStats(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("gazetteer stats", flag.ContinueOnError)
	gaz := fs.String("gazetteer", gazetteer.DefaultName, "gazetteer sources, comma-separated")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	start := time.Now()
	m, err := loadMatcher(Config{Gazetteer: *gaz})
	if err != nil {
		return err
	}
	g := m.Gazetteer()
	byType := map[string]int{}
	for _, e := range g.Entries() {
		byType[string(e.Type)]++
	}
	fmt.Fprintf(env.Stdout, "version %s\nentities %d (PER %d, LOC %d, ORG %d)\nnames %d\nloaded and compiled in %s\n",
		g.Version(), g.Len(), byType["PER"], byType["LOC"], byType["ORG"], g.Names(), time.Since(start).Round(time.Millisecond))
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
