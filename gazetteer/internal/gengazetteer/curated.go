package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// loadCurated reads dir/*.jsonl (sorted by name). Each line is an Entry;
// blank lines and lines starting with // are skipped. An entry whose id
// exists already (from CLDR, country-list or bd-geocode) is merged into
// it: its non-empty fields win and the aliases are united. An id may
// appear only once across the curated files.
func (b *builder) loadCurated(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	seen := map[string]string{}
	for _, path := range files {
		if err := b.loadCuratedFile(path, seen); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) loadCuratedFile(path string, seen map[string]string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	name := filepath.Base(path)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var e Entry
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		e.ID = strings.TrimSpace(e.ID)
		if e.ID == "" {
			return fmt.Errorf("%s:%d: entry without id", name, n)
		}
		if prev, dup := seen[e.ID]; dup {
			return fmt.Errorf("%s:%d: id %s already curated at %s", name, n, e.ID, prev)
		}
		seen[e.ID] = fmt.Sprintf("%s:%d", name, n)
		if e.Source == "" {
			e.Source = srcCurated
		}
		b.add(e)
	}
	return sc.Err()
}
