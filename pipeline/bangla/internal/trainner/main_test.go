package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

const (
	sharedData = "../../../../../shared/data"
	modelFile  = "../../data/persons.tsv.gz"
)

// TestRetrainingMatchesCommitted trains the model again and checks that
// its text equals the committed one byte for byte: the shipped model is what
// its data and settings give.
func TestRetrainingMatchesCommitted(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedData, "ner-gold", "rifat1493")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared data not present (%v)", err)
	}
	out := filepath.Join(t.TempDir(), "persons.tsv.gz")
	n, err := run(sharedData, out)
	if err != nil {
		t.Fatal(err)
	}
	if n.sentences < 7000 {
		t.Errorf("trained on %d sentences, want the 4,612 of rifat1493's train split and about 3,000 of banglakit", n.sentences)
	}
	// The text inside, not the gzip bytes, which may change with Go's
	// compressor.
	got, want := gunzip(t, out), gunzip(t, modelFile)
	if !bytes.Equal(got, want) {
		t.Fatal("persons.tsv.gz is stale; retrain with\n  go run ./pipeline/bangla/internal/trainner -data ../shared/data -out pipeline/bangla/data/persons.tsv.gz")
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
