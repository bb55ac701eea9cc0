package main

import (
	"context"
	"fmt"
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
