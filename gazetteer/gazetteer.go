// Package gazetteer knows the people, places and organisations the tagger
// links to, and finds them in text. It is the entity half of the "tag"
// stage in raw page -> decode -> extract -> tag -> encode -> publish ->
// commit.
//
// A Gazetteer is a list of entries (Entry) with a content-hash version.
// Load reads user files (CSV, TSV, JSONL, optionally gzipped); Default is
// the one the product ships, generated from public sources plus a curated
// news core (data/). Compile turns a Gazetteer into a Matcher: one
// read-only automaton over every name's normalised key, which finds Bangla
// names with their case endings and English names with their possessives.
// It may also hold plain terms, such as a topic lexicon, found in the same
// fold of the text (CompileOptions.Terms, EntitiesAndTerms). A Matcher is
// safe for concurrent use; Store swaps one in atomically.
//
// The package knows nothing of Kafka or of extraction.
package gazetteer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/newsroom/tagger/models"
)

// Gazetteer is a set of entries and the forms that must never match on
// their own. It is immutable once built.
type Gazetteer struct {
	entries   []Entry
	byID      map[string]int
	stopForms []string
	version   string
}

// New builds a Gazetteer from entries and stop forms (forms that are also
// common words, or given names too ambiguous alone). Later entries with an
// id seen before are merged into the earlier one: names and aliases are
// united, other fields are overridden when set.
func New(entries []Entry, stopForms []string) (*Gazetteer, error) {
	g := &Gazetteer{byID: make(map[string]int, len(entries))}
	for i, e := range entries {
		if err := e.validate(); err != nil {
			return nil, fmt.Errorf("gazetteer: entry %d: %w", i+1, err)
		}
		if at, ok := g.byID[e.ID]; ok {
			g.entries[at] = merge(g.entries[at], e)
			continue
		}
		g.byID[e.ID] = len(g.entries)
		g.entries = append(g.entries, e)
	}
	for _, s := range stopForms {
		if s = strings.TrimSpace(s); s != "" {
			g.stopForms = append(g.stopForms, s)
		}
	}
	slices.Sort(g.stopForms)
	g.stopForms = slices.Compact(g.stopForms)
	g.version = g.hash()
	return g, nil
}

func (e Entry) validate() error {
	if e.ID == "" {
		return fmt.Errorf("no id")
	}
	switch e.Type {
	case models.PER, models.LOC, models.ORG:
	default:
		return fmt.Errorf("%s: type %q is not PER, LOC or ORG", e.ID, e.Type)
	}
	if e.EN == "" && e.BN == "" && len(e.AliasesEN) == 0 && len(e.AliasesBN) == 0 {
		return fmt.Errorf("%s: no name", e.ID)
	}
	return nil
}

// merge folds b into a, for two entries with one id.
func merge(a, b Entry) Entry {
	addAlias := func(list []string, names ...string) []string {
		for _, n := range names {
			if n != "" && !slices.Contains(list, n) {
				list = append(list, n)
			}
		}
		return list
	}
	if b.EN != "" && b.EN != a.EN {
		a.AliasesEN = addAlias(a.AliasesEN, a.EN)
		a.EN = b.EN
	}
	if b.BN != "" && b.BN != a.BN {
		a.AliasesBN = addAlias(a.AliasesBN, a.BN)
		a.BN = b.BN
	}
	a.AliasesEN = addAlias(a.AliasesEN, b.AliasesEN...)
	a.AliasesBN = addAlias(a.AliasesBN, b.AliasesBN...)
	a.AliasesEN = slices.DeleteFunc(a.AliasesEN, func(s string) bool { return s == a.EN })
	a.AliasesBN = slices.DeleteFunc(a.AliasesBN, func(s string) bool { return s == a.BN })
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	a.Type = b.Type
	set(&a.Subtype, b.Subtype)
	set(&a.Parent, b.Parent)
	set(&a.Country, b.Country)
	set(&a.Description, b.Description)
	set(&a.Source, b.Source)
	return a
}

// hash is the content hash: the same entries and stop forms in the same
// order always give the same version.
func (g *Gazetteer) hash() string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, e := range g.entries {
		_ = enc.Encode(e) // writing to a hash cannot fail
	}
	for _, s := range g.stopForms {
		fmt.Fprintln(h, s)
	}
	return "g" + hex.EncodeToString(h.Sum(nil))[:16]
}

// Version is the gazetteer's content hash, carried by every event.
func (g *Gazetteer) Version() string { return g.version }

// Len is the number of entities.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Names is the number of distinct names and aliases, both scripts.
func (g *Gazetteer) Names() int {
	n := 0
	for _, e := range g.entries {
		n += len(e.names())
	}
	return n
}

// Entry returns the entry with the given id.
func (g *Gazetteer) Entry(id string) (Entry, bool) {
	i, ok := g.byID[id]
	if !ok {
		return Entry{}, false
	}
	return g.entries[i], true
}

// Entries returns a copy of every entry, in load order.
func (g *Gazetteer) Entries() []Entry { return slices.Clone(g.entries) }

// names lists an entry's distinct names and aliases.
func (e Entry) names() []string {
	var out []string
	for _, list := range [][]string{{e.EN, e.BN}, e.AliasesEN, e.AliasesBN} {
		for _, n := range list {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}
