package main

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"
)

func TestFlagsEnvironmentPrecedence(t *testing.T) {
	env := map[string]string{"TAGGER_WORKERS": "7", "TAGGER_GROUP": "from-env", "TAGGER_DRAIN_TIMEOUT": "3s"}
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	err := parseFlags(fs, []string{"--group", "from-flag"}, Env{Stderr: os.Stderr, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Group != "from-flag" {
		t.Errorf("group = %q: a flag must win over the environment", cfg.Group)
	}
	if cfg.Workers != 7 || cfg.DrainTimeout != 3*time.Second {
		t.Errorf("workers %d, drain %s: the environment must fill unset flags", cfg.Workers, cfg.DrainTimeout)
	}
	if cfg.OutputTopic != "pages.tagged" {
		t.Errorf("default output topic = %q", cfg.OutputTopic)
	}
}

func TestBadEnvironmentIsAUsageError(t *testing.T) {
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	err := parseFlags(fs, nil, Env{Stderr: os.Stderr, Getenv: func(k string) string {
		if k == "TAGGER_WORKERS" {
			return "many"
		}
		return ""
	}})
	if err == nil || !strings.Contains(err.Error(), "TAGGER_WORKERS") {
		t.Fatalf("err = %v, want one naming TAGGER_WORKERS", err)
	}
}

func TestValidate(t *testing.T) {
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	if err := cfg.Validate(); err != nil {
		t.Fatalf("defaults must be valid: %v", err)
	}
	cfg.OutputTopic = cfg.InputTopic
	if err := cfg.Validate(); err == nil {
		t.Error("input topic == output topic accepted")
	}
}

// TestREADMEDocumentsEveryFlag keeps the configuration table true.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		row := "| `--" + f.Name + "` | `" + envName(f.Name) + "` |"
		if !strings.Contains(readme, row) {
			t.Errorf("README's configuration table lacks %s", row)
		}
	})
}
