package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/newsroom/tagger/gazetteer"
)

// cmdEvalNER scores entity tagging on a CoNLL-style file.
func cmdEvalNER(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("eval ner", flag.ContinueOnError)
	gaz := fs.String("gazetteer", gazetteer.DefaultName, "gazetteer sources, comma-separated")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: eval ner FILE (token TAB BIO-tag per line)", errUsage)
	}
	m, err := loadMatcher(Config{Gazetteer: *gaz})
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := m.EvalNER(f)
	if err != nil {
		return err
	}
	g := m.Gazetteer()
	fmt.Fprintf(env.Stdout, "%s: %d sentences; gazetteer %s (%d entities, %d names)\n\n", fs.Arg(0), rep.Sentences, g.Version(), g.Len(), g.Names())
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tprecision\trecall\tF1\tTP\tFP\tFN\t")
	for _, t := range rep.Types {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t\n", t.Type, t.Precision, t.Recall, t.F1, t.TP, t.FP, t.FN)
	}
	return tw.Flush()
}
