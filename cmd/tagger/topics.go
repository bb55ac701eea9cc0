package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/topics"
)

// topicTagger returns the topic stage built from the embedded data.
func topicTagger() (pipeline.TopicTagger, error) {
	t, err := topics.Default()
	if err != nil {
		return nil, fmt.Errorf("load topics: %w", err)
	}
	return t, nil
}

// cmdEvalTopics scores topics on the news articles file.
func cmdEvalTopics(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("eval topics", flag.ContinueOnError)
	gaz := fs.String("gazetteer", gazetteer.DefaultName, "gazetteer sources, comma-separated")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: eval topics FILE (the bd-newspapers-2025 articles JSON)", errUsage)
	}
	m, err := loadMatcher(Config{Gazetteer: *gaz})
	if err != nil {
		return err
	}
	t, err := topics.Default()
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = topics.Eval(ctx, f, m, t, env.Stdout)
	return err
}
