package topics

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

//go:embed data/taxonomy.tsv data/lexicon.tsv data/entity_topics.tsv data/regions.tsv
var embedded embed.FS

// Scoring constants. They are set by hand, not fitted; see Eval.
const (
	// scoreScale is k in score = 1 - exp(-evidence/k): one strong term
	// (weight 3) in the body gives 0.39, the same term in the headline
	// 0.78, and a handful of strong terms approach 1.
	scoreScale = 6.0
	// minScore drops topics with too little evidence to be useful.
	minScore = 0.3
	// minShare drops topics whose evidence is a small fraction of the
	// strongest topic's: long stories touch many subjects in passing.
	minShare = 0.12
	// titleBoost multiplies a term found in the headline, which states
	// what the story is about more reliably than any body sentence.
	titleBoost = 2.0
	// maxEvidence caps the evidence listed per topic, strongest first.
	maxEvidence = 8
	// homeCountry is Bangladesh, the home of the news this tagger is
	// built for: naming it says nothing about international relations,
	// while naming another country does.
	homeCountry = "Q902"
	// defaultBodyBudget bounds the bytes of body text the lexicon reads:
	// the headline and the first paragraphs say what a story is about,
	// and reading the whole of a long story would cost more than entity
	// tagging itself (the budget is 20% of it; both fold every rune).
	// Entities still come from the whole text.
	defaultBodyBudget = 1500
	// foreignCountry is the pseudo-subtype for a country other than home
	// in entity_topics.tsv.
	foreignCountry = "foreign_country"
)

// Tagger assigns IPTC Media Topics and the places facet. Read-only after
// construction, safe for concurrent use.
type Tagger struct {
	concepts map[string]concept
	order    map[string]int // taxonomy order, for stable tie-breaks
	terms    *gazetteer.Matcher
	rules    map[string][]termRule // normalised term -> topics
	subtypes map[string][]subtypeRule
	regions  []region
	regionOf map[string][]int // member id -> indexes into regions
	// bodyBudget is how many bytes of the body the lexicon reads; see
	// defaultBodyBudget.
	bodyBudget int
}

// Default returns the tagger built from the data embedded with go:embed in
// pipeline/topics/data/.
func Default() (*Tagger, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, fmt.Errorf("topics: embedded data: %w", err)
	}
	return Load(sub)
}

// Load builds a tagger from a directory holding taxonomy.tsv, lexicon.tsv,
// entity_topics.tsv and regions.tsv in the formats of the embedded data.
// It checks that every code the lexicon and rules use is in the taxonomy.
func Load(fsys fs.FS) (*Tagger, error) {
	open := func(name string) (fs.File, error) {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("topics: %w", err)
		}
		return f, nil
	}
	var (
		concepts []concept
		lex      []lexiconRow
		subs     map[string][]subtypeRule
		regs     []region
	)
	steps := []struct {
		name  string
		parse func(f fs.File) error
	}{
		{"taxonomy.tsv", func(f fs.File) (err error) { concepts, err = parseTaxonomy(f); return }},
		{"lexicon.tsv", func(f fs.File) (err error) { lex, err = parseLexicon(f); return }},
		{"entity_topics.tsv", func(f fs.File) (err error) { subs, err = parseEntityTopics(f); return }},
		{"regions.tsv", func(f fs.File) (err error) { regs, err = parseRegions(f); return }},
	}
	for _, s := range steps {
		f, err := open(s.name)
		if err != nil {
			return nil, err
		}
		err = s.parse(f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return build(concepts, lex, subs, regs)
}

func build(concepts []concept, lex []lexiconRow, subs map[string][]subtypeRule, regs []region) (*Tagger, error) {
	t := &Tagger{
		concepts:   make(map[string]concept, len(concepts)),
		order:      make(map[string]int, len(concepts)),
		rules:      make(map[string][]termRule, len(lex)),
		subtypes:   subs,
		regions:    regs,
		regionOf:   map[string][]int{},
		bodyBudget: defaultBodyBudget,
	}
	for i, c := range concepts {
		t.concepts[c.code] = c
		t.order[c.code] = i
	}
	terms := make([]string, 0, len(lex))
	for _, r := range lex {
		key := gazetteer.Normalize(r.term)
		if _, ok := t.rules[key]; !ok {
			terms = append(terms, r.term)
			t.rules[key] = nil
		}
		if r.code == "-" { // a blocking phrase: matched, worth nothing
			continue
		}
		if _, ok := t.concepts[r.code]; !ok {
			return nil, fmt.Errorf("topics: lexicon term %q: code %s not in the taxonomy", r.term, r.code)
		}
		t.rules[key] = append(t.rules[key], termRule{code: r.code, weight: r.weight})
	}
	for st, rs := range subs {
		for _, r := range rs {
			if _, ok := t.concepts[r.code]; !ok {
				return nil, fmt.Errorf("topics: entity subtype %s: code %s not in the taxonomy", st, r.code)
			}
		}
	}
	for i, r := range regs {
		for _, m := range r.members {
			t.regionOf[m] = append(t.regionOf[m], i)
		}
	}
	t.terms = gazetteer.CompileTerms(terms)
	return t, nil
}

// Codes lists the taxonomy's codes in file order.
func (t *Tagger) Codes() []string {
	out := make([]string, len(t.order))
	for c, i := range t.order {
		out[i] = c
	}
	return out
}

// Label returns a code's English and Bangla labels.
func (t *Tagger) Label(code string) (models.Names, bool) {
	c, ok := t.concepts[code]
	return models.Names{EN: c.en, BN: c.bn}, ok
}

// Parent returns a code's parent in the shipped taxonomy ("" at the top).
func (t *Tagger) Parent(code string) string { return t.concepts[code].parent }

// Score is the squashing function: it maps the evidence sum (>= 0) to
// [0, 1), strictly increasing, rounded to four decimals.
func Score(evidence float64) float64 {
	if evidence <= 0 {
		return 0
	}
	return round4(1 - math.Exp(-evidence/scoreScale))
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// acc gathers one topic's evidence while an article is tagged.
type acc struct {
	sum float64
	ev  []models.Evidence
}

// Tag returns the article's topics (highest score first) and places facet
// (heaviest first). g may be nil (then no places). entities are the
// article's entities as the gazetteer matcher found them. Both slices are
// non-nil, so JSON shows [].
func (t *Tagger) Tag(a models.Article, entities []models.Entity, g *gazetteer.Gazetteer) ([]models.Topic, []models.Place) {
	own := map[string]*acc{}
	add := func(code string, e models.Evidence) {
		x := own[code]
		if x == nil {
			x = &acc{}
			own[code] = x
		}
		x.sum += e.Weight
		x.ev = append(x.ev, e)
	}
	t.termEvidence(a, add)
	t.entityEvidence(entities, g, add)
	return t.topics(own), t.places(entities, g)
}

// termEvidence matches the lexicon in the headline and body. A term counts
// once per field with diminishing returns for repeats (1 + ln n), so a
// word repeated down a long story does not drown the rest; a headline
// occurrence counts titleBoost times.
func (t *Tagger) termEvidence(a models.Article, add func(string, models.Evidence)) {
	type seen struct {
		first gazetteer.Match
		n     int
	}
	var buf []gazetteer.Match
	for _, field := range [...]struct {
		name, text string
		boost      float64
	}{{models.FieldTitle, a.Title, titleBoost}, {models.FieldBody, prefix(a.Text, t.bodyBudget), 1}} {
		if field.text == "" {
			continue
		}
		buf = t.terms.Find(field.text, buf[:0])
		counts := make(map[string]*seen, len(buf))
		var order []string
		for _, m := range buf {
			if len(t.rules[m.ID]) == 0 {
				continue
			}
			if s, ok := counts[m.ID]; ok {
				s.n++
				continue
			}
			counts[m.ID] = &seen{first: m, n: 1}
			order = append(order, m.ID)
		}
		for _, term := range order {
			s := counts[term]
			mult := field.boost * (1 + math.Log(float64(s.n)))
			for _, r := range t.rules[term] {
				add(r.code, models.Evidence{
					Term: term, Field: field.name,
					Start: s.first.Start, End: s.first.End,
					Weight: r.weight * mult,
				})
			}
		}
	}
}

// entityEvidence turns entities into evidence by their subtype, weighted
// by salience: the story's main actor says more than a passing mention.
func (t *Tagger) entityEvidence(entities []models.Entity, g *gazetteer.Gazetteer, add func(string, models.Evidence)) {
	for _, e := range entities {
		subtype := e.Subtype
		if e.Type == models.LOC && (subtype == "country" || subtype == "territory") && e.ID != homeCountry {
			subtype = foreignCountry
		}
		rules := t.subtypes[subtype]
		if len(rules) == 0 || e.Salience <= 0 {
			continue
		}
		var m models.Mention
		if len(e.Mentions) > 0 {
			m = e.Mentions[0]
		}
		for _, r := range rules {
			add(r.code, models.Evidence{
				EntityID: e.ID, Field: m.Field, Start: m.Start, End: m.End,
				Weight: r.weight * e.Salience,
			})
		}
	}
	_ = g // entity subtypes come with the entities; g is for places
}

// topics lifts evidence to ancestors, scores and filters.
func (t *Tagger) topics(own map[string]*acc) []models.Topic {
	total := map[string]*acc{}
	for code, x := range own {
		for c := code; c != ""; c = t.concepts[c].parent {
			y := total[c]
			if y == nil {
				y = &acc{}
				total[c] = y
			}
			y.sum += x.sum
			y.ev = append(y.ev, x.ev...)
		}
	}
	maxSum := 0.0
	for _, x := range total {
		maxSum = max(maxSum, x.sum)
	}
	out := make([]models.Topic, 0, 8)
	for code, x := range total {
		s := Score(x.sum)
		if s < minScore || x.sum < minShare*maxSum {
			continue
		}
		c := t.concepts[code]
		out = append(out, models.Topic{
			Code: code, Label: models.Names{EN: c.en, BN: c.bn},
			Score: s, Evidence: mergeEvidence(x.ev),
		})
	}
	slices.SortFunc(out, func(a, b models.Topic) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return t.order[a.Code] - t.order[b.Code]
	})
	return out
}

// mergeEvidence sums evidence for the same term or entity (a term can
// reach a parent through two children), keeps the first occurrence, and
// returns the strongest maxEvidence items.
func mergeEvidence(ev []models.Evidence) []models.Evidence {
	type key struct{ term, entity string }
	at := map[key]int{}
	out := make([]models.Evidence, 0, len(ev))
	for _, e := range ev {
		k := key{e.Term, e.EntityID}
		if i, ok := at[k]; ok {
			o := &out[i]
			o.Weight += e.Weight
			if fieldRank(e.Field) < fieldRank(o.Field) || e.Field == o.Field && e.Start < o.Start {
				o.Field, o.Start, o.End = e.Field, e.Start, e.End
			}
			continue
		}
		at[k] = len(out)
		out = append(out, e)
	}
	for i := range out {
		out[i].Weight = round4(out[i].Weight)
	}
	slices.SortStableFunc(out, func(a, b models.Evidence) int {
		if a.Weight != b.Weight {
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Term, b.Term); c != 0 {
			return c
		}
		return strings.Compare(a.EntityID, b.EntityID)
	})
	if len(out) > maxEvidence {
		out = out[:maxEvidence]
	}
	return out
}

func fieldRank(f string) int {
	if f == models.FieldTitle {
		return 0
	}
	return 1
}

// prefix returns s cut to at most n bytes, at the last space before the
// cut so that no word is split (a split word could match as a shorter
// term).
func prefix(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	cut := strings.LastIndexAny(s[:n], " \n\t")
	if cut <= 0 {
		return ""
	}
	return s[:cut]
}

// WithBodyBudget returns a copy of t that reads at most n bytes of each
// article's body for lexicon evidence (n <= 0: the whole body). More text
// gives better topics and costs time in proportion; see
// BenchmarkTopicsVsEntities. The copy shares t's read-only data.
func (t *Tagger) WithBodyBudget(n int) *Tagger {
	c := *t
	c.bodyBudget = n
	return &c
}
