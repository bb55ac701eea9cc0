package main

import (
	"context"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
)

// TestMain lets a test run the real program as a child process: the test
// binary re-executes itself with TAGGER_TEST_EXEC=1, and this runs Main
// instead of the tests. The kill test needs a process it can SIGKILL; the
// soak test keeps its broker out of the heap it measures.
func TestMain(m *testing.M) {
	if os.Getenv(envSoakBroker) == "1" {
		os.Exit(serveSoakBroker())
	}
	if os.Getenv("TAGGER_TEST_EXEC") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Main(ctx, strings.Split(os.Getenv("TAGGER_TEST_ARGS"), "\x1f"),
			Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}
