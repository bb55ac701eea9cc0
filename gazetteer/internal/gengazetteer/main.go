// Command gengazetteer builds the default gazetteer the product ships,
// gazetteer/data/default.jsonl, from the shared source data (CLDR,
// country-list, bd-geocode) and the team's curated files
// (gazetteer/data/curated/*.jsonl).
//
// Run from the repository root:
//
//	go run ./gazetteer/internal/gengazetteer -data ../shared/data -out gazetteer/data
//
// The output is deterministic byte for byte: entries are sorted by id and
// aliases keep the order in which the sources list them. The generator
// normalises nothing beyond trimming whitespace and removing duplicate
// aliases (and aliases equal to the canonical name); the matcher
// normalises Unicode and generates inflected forms.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// Entry is the gazetteer entry written to default.jsonl.
type Entry = gazetteer.Entry

// Source names.
const (
	srcCLDR        = "cldr"
	srcCountryList = "country-list"
	srcBDGeocode   = "bd-geocode"
	srcCurated     = "curated"
)

func main() {
	dataDir := flag.String("data", "../shared/data", "shared data directory (holds gazetteer-sources/)")
	outDir := flag.String("out", "gazetteer/data", "gazetteer data directory (reads curated/, writes default.jsonl)")
	flag.Parse()
	st, err := run(*dataDir, *outDir, *outDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengazetteer:", err)
		os.Exit(1)
	}
	fmt.Print(st.String())
}

// run builds the gazetteer from dataDir and curatedDir/curated and writes
// outDir/default.jsonl.
func run(dataDir, curatedDir, outDir string) (*stats, error) {
	b := newBuilder()
	src := filepath.Join(dataDir, "gazetteer-sources")
	steps := []struct {
		name string
		fn   func(string) error
	}{
		{"cldr territories", b.loadTerritories},
		{"country-list", b.loadCountryList},
		{"cldr exemplar cities", b.loadExemplarCities},
		{"bd-geocode", b.loadBDGeocode},
	}
	for _, s := range steps {
		if err := s.fn(src); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if err := b.loadCurated(filepath.Join(curatedDir, "curated")); err != nil {
		return nil, fmt.Errorf("curated: %w", err)
	}
	entries := b.finish()
	if err := validate(entries); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := encode(&buf, entries); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(outDir, "default.jsonl"), buf.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return countStats(entries), nil
}

// builder accumulates entries by id.
type builder struct {
	byID map[string]*Entry
	// countryByISO maps an ISO 3166 alpha-2 code to the country entry id.
	countryByISO map[string]string
	// territoryNames holds every name of a territory, to skip exemplar
	// cities that only repeat a country's name (Kuwait, Singapore).
	territoryNames map[string]bool
}

func newBuilder() *builder {
	return &builder{
		byID:           map[string]*Entry{},
		countryByISO:   map[string]string{},
		territoryNames: map[string]bool{},
	}
}

// add inserts e, or merges it into the entry with the same id: non-empty
// scalar fields of e win, a replaced canonical name becomes an alias, and
// aliases are united.
func (b *builder) add(e Entry) {
	old, ok := b.byID[e.ID]
	if !ok {
		c := e
		c.AliasesEN = append([]string(nil), e.AliasesEN...)
		c.AliasesBN = append([]string(nil), e.AliasesBN...)
		b.byID[e.ID] = &c
		return
	}
	if e.Type != "" {
		old.Type = e.Type
	}
	if e.Subtype != "" {
		old.Subtype = e.Subtype
	}
	if e.EN != "" && e.EN != old.EN {
		if old.EN != "" {
			old.AliasesEN = append(old.AliasesEN, old.EN)
		}
		old.EN = e.EN
	}
	if e.BN != "" && e.BN != old.BN {
		if old.BN != "" {
			old.AliasesBN = append(old.AliasesBN, old.BN)
		}
		old.BN = e.BN
	}
	// Curated aliases go first: they are the spellings outlets use.
	if e.Source == srcCurated {
		old.AliasesEN = append(append([]string(nil), e.AliasesEN...), old.AliasesEN...)
		old.AliasesBN = append(append([]string(nil), e.AliasesBN...), old.AliasesBN...)
	} else {
		old.AliasesEN = append(old.AliasesEN, e.AliasesEN...)
		old.AliasesBN = append(old.AliasesBN, e.AliasesBN...)
	}
	if e.Parent != "" {
		old.Parent = e.Parent
	}
	if e.Country != "" {
		old.Country = e.Country
	}
	if e.Description != "" {
		old.Description = e.Description
	}
	// Source stays the source that created the entry; curated additions
	// to generated entries are recorded in SOURCES.md.
	if old.Source == "" {
		old.Source = e.Source
	}
}

// suppressNames are names dropped from generated entries after merging,
// because they are wrong for the entry or name a more prominent entity
// (a curated entry replaced them as the canonical name).
var suppressNames = map[string][]string{
	// In Bangla news আমেরিকা is the United States, not the Americas.
	"region-americas": {"আমেরিকা"},
	// CLDR misspells দক্ষিণ; দক্ষিণ আফ্রিকা is the country South Africa.
	"region-southern-africa": {"দক্ষিন আফ্রিকা"},
	// Parenthesised CLDR forms; the curated entry lists the parts.
	"Q836": {"Myanmar (Burma)", "মায়ানমার (বার্মা)"},
}

// finish cleans every entry and returns them sorted by id.
func (b *builder) finish() []Entry {
	ids := make([]string, 0, len(b.byID))
	for id := range b.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]Entry, 0, len(ids))
	for _, id := range ids {
		e := *b.byID[id]
		e.ID = strings.TrimSpace(e.ID)
		e.Subtype = strings.TrimSpace(e.Subtype)
		e.EN = strings.TrimSpace(e.EN)
		e.BN = strings.TrimSpace(e.BN)
		e.Parent = strings.TrimSpace(e.Parent)
		e.Country = strings.TrimSpace(e.Country)
		e.Description = strings.TrimSpace(e.Description)
		e.AliasesEN = cleanAliases(e.EN, e.AliasesEN, suppressNames[id])
		e.AliasesBN = cleanAliases(e.BN, e.AliasesBN, suppressNames[id])
		out = append(out, e)
	}
	return out
}

// cleanAliases trims, drops empties, the canonical name, suppressed names
// and duplicates, keeping the first occurrence's position.
func cleanAliases(canonical string, aliases, suppress []string) []string {
	seen := map[string]bool{canonical: true, "": true}
	for _, s := range suppress {
		seen[s] = true
	}
	var out []string
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	return out
}

// validate checks the invariants the tests also check.
func validate(entries []Entry) error {
	ids := map[string]bool{}
	for _, e := range entries {
		if e.ID == "" {
			return errors.New("entry without id")
		}
		ids[e.ID] = true
	}
	var errs []string
	for _, e := range entries {
		switch e.Type {
		case models.PER, models.LOC, models.ORG:
		default:
			errs = append(errs, fmt.Sprintf("%s: bad type %q", e.ID, e.Type))
		}
		if e.EN == "" && e.BN == "" {
			errs = append(errs, e.ID+": no canonical name")
		}
		if e.Parent != "" && !ids[e.Parent] {
			errs = append(errs, fmt.Sprintf("%s: parent %q not found", e.ID, e.Parent))
		}
		if e.Country != "" && !ids[e.Country] {
			errs = append(errs, fmt.Sprintf("%s: country %q not found", e.ID, e.Country))
		}
		if e.Parent == e.ID {
			errs = append(errs, e.ID+": is its own parent")
		}
	}
	if len(errs) > 0 {
		if len(errs) > 30 {
			errs = append(errs[:30], fmt.Sprintf("... and %d more", len(errs)-30))
		}
		return errors.New("invalid gazetteer:\n  " + strings.Join(errs, "\n  "))
	}
	return nil
}

// encode writes one JSON object per line without HTML escaping.
func encode(w io.Writer, entries []Entry) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range entries {
		if err := enc.Encode(&entries[i]); err != nil {
			return err
		}
	}
	return nil
}

// stats are the counts printed after a run.
type stats struct {
	Entities, Names int
	ByType          map[string][2]int // entities, names
	BySource        map[string][2]int
	BySubtype       map[string]int
}

func countStats(entries []Entry) *stats {
	s := &stats{ByType: map[string][2]int{}, BySource: map[string][2]int{}, BySubtype: map[string]int{}}
	for _, e := range entries {
		n := nameCount(e)
		s.Entities++
		s.Names += n
		t := s.ByType[string(e.Type)]
		s.ByType[string(e.Type)] = [2]int{t[0] + 1, t[1] + n}
		t = s.BySource[e.Source]
		s.BySource[e.Source] = [2]int{t[0] + 1, t[1] + n}
		s.BySubtype[string(e.Type)+"/"+e.Subtype]++
	}
	return s
}

// nameCount counts the canonical names and aliases of e.
func nameCount(e Entry) int {
	n := len(e.AliasesEN) + len(e.AliasesBN)
	if e.EN != "" {
		n++
	}
	if e.BN != "" {
		n++
	}
	return n
}

func (s *stats) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "entities: %d\nnames: %d\n", s.Entities, s.Names)
	section := func(title string, m map[string][2]int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(&sb, "%s:\n", title)
		for _, k := range keys {
			fmt.Fprintf(&sb, "  %-14s %6d entities %7d names\n", k, m[k][0], m[k][1])
		}
	}
	section("by type", s.ByType)
	section("by source", s.BySource)
	keys := make([]string, 0, len(s.BySubtype))
	for k := range s.BySubtype {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(&sb, "by subtype:\n")
	for _, k := range keys {
		fmt.Fprintf(&sb, "  %-28s %6d\n", k, s.BySubtype[k])
	}
	return sb.String()
}

// readTSV reads a tab-separated file with a header line.
func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if first {
			first = false
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows, sc.Err()
}

// readCSV reads a comma-separated file; header says whether to skip the
// first row.
func readCSV(path string, header bool) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if header && len(rows) > 0 {
		rows = rows[1:]
	}
	return rows, nil
}

// slug makes a readable ASCII id part: "Cox's Bazar" -> "coxs-bazar".
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteRune(r)
		case r == '\'' || r == '’':
			// drop apostrophes: Cox's -> coxs
		default:
			dash = true
		}
	}
	return sb.String()
}
