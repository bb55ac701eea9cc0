package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/newsroom/tagger/gazetteer"
)

// cmdEval dispatches the evaluation commands.
func cmdEval(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: eval ner FILE | eval topics FILE", errUsage)
	}
	switch args[0] {
	case "ner":
		return cmdEvalNER(ctx, args[1:], env)
	case "topics":
		return cmdEvalTopics(ctx, args[1:], env)
	}
	return fmt.Errorf("%w: unknown evaluation %q", errUsage, args[0])
}

// evalInput parses an eval command's flags and opens its one input file
// and the gazetteer to score.
func evalInput(name, what string, args []string, env Env, more func(*flag.FlagSet)) (*gazetteer.Matcher, *os.File, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	gaz := fs.String("gazetteer", gazetteer.DefaultName, "gazetteer sources, comma-separated")
	if more != nil {
		more(fs)
	}
	if err := parseFlags(fs, args, env); err != nil {
		return nil, nil, err
	}
	if fs.NArg() != 1 {
		return nil, nil, fmt.Errorf("%w: %s FILE (%s)", errUsage, name, what)
	}
	m, err := loadMatcher(Config{Gazetteer: *gaz})
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return nil, nil, err
	}
	return m, f, nil
}
