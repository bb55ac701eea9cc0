// Command tagger tags Bangla and English news pages with people, places,
// organisations and IPTC topics, streaming from one Kafka topic to another.
//
//	tagger run       consume raw pages, publish tagged events (the service)
//	tagger demo      embedded broker + pipeline + bundled sample pages
//	tagger replay    re-tag a window of history into a topic
//	tagger tail      print tagged events from a topic, filtered
//	tagger extract   print the article extracted from HTML files
//	tagger tag       print the tagged event for HTML or text files
//	tagger eval      measure tagging quality on a labelled file
//	tagger gazetteer import a Wikidata dump; gazetteer statistics
//	tagger config    print the effective configuration, secrets masked
//	tagger healthcheck  ask the running service's /readyz (container health check)
//
// This package only parses flags and environment into config structs and
// wires the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
}

// Env is the program's outside world, so tests can run Main in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

const usage = `tagger tags news pages with entities and IPTC topics.

Usage:
  tagger run [flags]              consume raw pages, publish tagged events
  tagger demo [flags]             run everything on the bundled sample pages
  tagger replay --brokers B --output-topic T [--from T1 --to T2 | --offsets P:A-B,...] [--from-tagged]
                                  re-tag a window of history into topic T
  tagger tail [flags] [TOPIC]     print tagged events, oldest first (--entity, --topic-code, --follow)
  tagger extract [flags] FILE|-   print the extracted article as JSON
  tagger tag [flags] FILE|-       print the tagged event as JSON
  tagger eval ner FILE            score entity tagging on a CoNLL-style file
  tagger eval topics FILE         score topics on the news articles file
  tagger gazetteer import-wikidata DUMP -o FILE   stream a Wikidata dump into a gazetteer
  tagger gazetteer stats          count and time the configured gazetteer
  tagger config [flags]           print the effective configuration (YAML), secrets masked
  tagger healthcheck [flags]      exit 0 if the local service's /readyz answers 200
  tagger version                  print versions

Run "tagger COMMAND -h" for a command's flags. Every flag can also be set
with an environment variable: --max-page-bytes is TAGGER_MAX_PAGE_BYTES;
the service's flags also in a YAML file given with --config.
`

// Main runs one command and returns the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(ctx, args[1:], env)
	case "demo":
		err = cmdDemo(ctx, args[1:], env)
	case "replay":
		err = cmdReplay(ctx, args[1:], env)
	case "tail":
		err = cmdTail(ctx, args[1:], env)
	case "extract":
		err = cmdExtract(ctx, args[1:], env)
	case "tag":
		err = cmdTag(ctx, args[1:], env)
	case "eval":
		err = cmdEval(ctx, args[1:], env)
	case "gazetteer":
		err = cmdGazetteer(ctx, args[1:], env)
	case "version":
		err = cmdVersion(ctx, args[1:], env)
	case "config":
		err = cmdConfig(ctx, args[1:], env)
	case "healthcheck":
		err = cmdHealthcheck(ctx, args[1:], env)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return 0
	default:
		fmt.Fprintf(env.Stderr, "tagger: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "tagger %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(env.Stderr, "tagger %s: %v\n", args[0], err)
	return 1
}

// errUsage marks errors in how the command was called.
var errUsage = errors.New("usage")
