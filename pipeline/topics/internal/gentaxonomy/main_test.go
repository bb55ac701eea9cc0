package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestRegenerateUnchanged checks that the shipped taxonomy is exactly what
// the generator makes from the IPTC scheme in ../shared (skipped when the
// shared data is absent, as on a user's machine).
func TestRegenerateUnchanged(t *testing.T) {
	root := filepath.Join("..", "..", "..", "..")
	scheme := filepath.Join(root, "..", "shared", "data", "taxonomy", "cptall-en-GB.json")
	sf, err := os.Open(scheme)
	if err != nil {
		t.Skipf("no IPTC scheme (%v); skipping", err)
	}
	defer sf.Close()
	sel, err := os.Open("select.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer sel.Close()
	var got bytes.Buffer
	if err := Generate(sf, sel, &got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(root, "pipeline", "topics", "data", "taxonomy.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatal("pipeline/topics/data/taxonomy.tsv is stale: run go run ./pipeline/topics/internal/gentaxonomy")
	}
}
