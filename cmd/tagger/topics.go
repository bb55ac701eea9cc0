package main

import (
	"context"
	"fmt"

	"github.com/newsroom/tagger/pipeline/topics"
)

// topicTagger returns the topic stage built from the embedded data.
func topicTagger() (*topics.Tagger, error) {
	t, err := topics.Default()
	if err != nil {
		return nil, fmt.Errorf("load topics: %w", err)
	}
	return t, nil
}

// cmdEvalTopics scores topics on the news articles file.
func cmdEvalTopics(ctx context.Context, args []string, env Env) error {
	m, f, err := evalInput("eval topics", "the bd-newspapers-2025 articles JSON", args, env, nil)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := topics.Default()
	if err != nil {
		return err
	}
	_, err = topics.Eval(ctx, f, m, t, env.Stdout)
	return err
}
