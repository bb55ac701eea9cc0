package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/pipeline/bangla"
)

// cmdEvalNER scores entity tagging on a CoNLL-style file.
func cmdEvalNER(ctx context.Context, args []string, env Env) error {
	var banglaNER bool
	m, f, err := evalInput("eval ner", "token TAB BIO-tag per line", args, env, func(fs *flag.FlagSet) {
		fs.BoolVar(&banglaNER, "bangla-ner", true, "also score the Bangla person tagger's proposals, as the service adds them to events (--bangla-ner=false: the gazetteer alone)")
	})
	if err != nil {
		return err
	}
	defer f.Close()
	var p gazetteer.Proposer
	if banglaNER {
		r, err := bangla.New(nil)
		if err != nil {
			return fmt.Errorf("load Bangla person tagger: %w", err)
		}
		p = r
	}
	rep, err := m.EvalNER(f, p)
	if err != nil {
		return err
	}
	g := m.Gazetteer()
	fmt.Fprintf(env.Stdout, "%s: %d sentences; gazetteer %s (%d entities, %d names)", f.Name(), rep.Sentences, g.Version(), g.Len(), g.Names())
	if p != nil {
		fmt.Fprintf(env.Stdout, "; %v", p)
	}
	fmt.Fprint(env.Stdout, "\n\n")
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tprecision\trecall\tF1\tTP\tFP\tFN\tFP tagged elsewhere\t")
	for _, t := range rep.Types {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t\n", t.Type, t.Precision, t.Recall, t.F1, t.TP, t.FP, t.FN, t.FPTaggedElsewhere)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.Stdout, "\nscoring: exact token span and type; a mention covers the tokens a match touches,"+
		" case ending and glued punctuation included; names joined by hyphens in one token are one mention;\n"+
		"\"FP tagged elsewhere\": false positives touching no gold mention whose entity the gold tags, with the same type,\n"+
		"elsewhere in this file (counted in FP: the gold is inconsistent there, not necessarily the tagger)")
	return err
}
