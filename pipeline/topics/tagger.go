package topics

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"

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
	// and the lexicon's walk costs time in proportion to the text it
	// reads, while topics may add at most 20% to entity tagging (see
	// BenchmarkTopicsVsEntities). Entities still come from the whole text.
	// 1,500 bytes is about 250 English words or 100 Bangla ones (three
	// bytes a letter). Measured on the eval's older half: English
	// top-topic accuracy 0.774 at 1,500 bytes, 0.792 at 2,000 and 0.830
	// at 2,500, Bangla even; topics then took 15.6%, 16.8% and 19.5% of
	// entity tagging's time (medians 17.3%, 20.0% and 20.5%). 1,500 keeps
	// the 20% limit with a margin on a noisy machine.
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
	// byOrder is the taxonomy in file order; parentOf[i] is the index of
	// byOrder[i]'s parent, or -1. Tagging works on these indexes.
	byOrder  []concept
	parentOf []int32
	// termList is the lexicon's distinct terms, for CompileOptions.Terms;
	// termRules[i] are the rules of termList[i], for matches that index
	// termList (see termEvidence); terms is a matcher of the terms alone,
	// for Tag.
	termList  []string
	termRules [][]termRule
	terms     *gazetteer.Matcher
	rules     map[string][]termRule    // normalised term -> topics
	subtypes  map[string][]subtypeRule // entity subtype -> topics
	// byEntity holds the rules for particular entities (rows keyed
	// "id:<entity id>" in entity_topics.tsv): a ministry's or a
	// minister's portfolio says more than the subtype they share.
	byEntity map[string][]subtypeRule
	regions  []region
	regionOf map[string][]int // member id -> indexes into regions
	// bodyBudget is how many bytes of the body the lexicon reads; see
	// defaultBodyBudget.
	bodyBudget int
	// scratch holds *scratch buffers, so that tagging allocates little
	// beyond its output.
	scratch *sync.Pool
}

// scratch is the working memory of one TagTerms call.
type scratch struct {
	items  []item
	merged []models.Evidence
	order  []int32 // indexes into merged
	arena  []models.Evidence
	places []placeAcc
	seen   []int // region indexes already counted for one entity
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
		subtypes:   map[string][]subtypeRule{},
		byEntity:   map[string][]subtypeRule{},
		regions:    regs,
		regionOf:   map[string][]int{},
		bodyBudget: defaultBodyBudget,
		scratch:    &sync.Pool{New: func() any { return new(scratch) }},
	}
	for i, c := range concepts {
		t.concepts[c.code] = c
		t.order[c.code] = i
	}
	t.byOrder = concepts
	t.parentOf = make([]int32, len(concepts))
	for i, c := range concepts {
		t.parentOf[i] = -1
		if c.parent != "" {
			t.parentOf[i] = int32(t.order[c.parent])
		}
	}
	terms := make([]string, 0, len(lex))
	// A term listed twice for one topic would count twice: an editing
	// slip, not a weight.
	listed := make(map[[2]string]bool, len(lex))
	for _, r := range lex {
		key := gazetteer.Normalize(r.term)
		if r.code != "-" {
			// The matcher folds case, so Economy is economy.
			k := [2]string{strings.ToLower(key), r.code}
			if listed[k] {
				return nil, fmt.Errorf("topics: lexicon term %q is listed twice for %s", r.term, r.code)
			}
			listed[k] = true
		}
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
		t.rules[key] = append(t.rules[key], termRule{code: r.code, concept: int32(t.order[r.code]), weight: r.weight})
	}
	for key, rs := range subs {
		for i, r := range rs {
			if _, ok := t.concepts[r.code]; !ok {
				return nil, fmt.Errorf("topics: entity rule %s: code %s not in the taxonomy", key, r.code)
			}
			rs[i].concept = int32(t.order[r.code])
		}
		if id, ok := strings.CutPrefix(key, entityKeyPrefix); ok {
			t.byEntity[id] = rs
		} else {
			t.subtypes[key] = rs
		}
	}
	for i, r := range regs {
		for _, m := range r.members {
			t.regionOf[m] = append(t.regionOf[m], i)
		}
	}
	t.termList = terms
	t.termRules = make([][]termRule, len(terms))
	for i, term := range terms {
		t.termRules[i] = t.rules[gazetteer.Normalize(term)]
	}
	empty, err := gazetteer.New(nil, nil)
	if err != nil {
		return nil, fmt.Errorf("topics: lexicon matcher: %w", err)
	}
	t.terms = gazetteer.Compile(empty, &gazetteer.CompileOptions{Terms: terms})
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

// minEvidence is a little below the least evidence that scores minScore
// (Score rounds to four decimals).
var minEvidence = -scoreScale * math.Log(1-minScore+1e-4)

// Score is the squashing function: it maps the evidence sum (>= 0) to
// [0, 1), strictly increasing, rounded to four decimals.
func Score(evidence float64) float64 {
	if evidence <= 0 {
		return 0
	}
	return round4(1 - math.Exp(-evidence/scoreScale))
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Compile returns g's matcher (see gazetteer.Compile; opt may be nil)
// with the tagger's lexicon compiled in as terms (CompileOptions.Terms),
// for TagTerms: entity and topic tagging then fold each text once between
// them. Names match exactly as in gazetteer.Compile(g, opt).
func (t *Tagger) Compile(g *gazetteer.Gazetteer, opt *gazetteer.CompileOptions) *gazetteer.Matcher {
	o := gazetteer.DefaultCompileOptions()
	if opt != nil {
		o = *opt
	}
	// The tagger's own slice, first, so that TagTerms can index its rules
	// by Match.Term.
	if len(o.Terms) == 0 {
		o.Terms = t.termList
	} else {
		o.Terms = append(slices.Clip(t.termList), o.Terms...)
	}
	return gazetteer.Compile(g, &o)
}

// BodyBudget is how many bytes of an article's body the lexicon reads
// (0: all of it); pass it to Matcher.EntitiesAndTerms.
func (t *Tagger) BodyBudget() int { return t.bodyBudget }

// Tag returns the article's topics (highest score first) and places facet
// (heaviest first). g may be nil (then no places). entities are the
// article's entities as the gazetteer matcher found them. Both slices are
// non-nil, so JSON shows [].
//
// Tag matches the lexicon with a matcher of its own, which folds the
// headline and the body's first BodyBudget bytes a second time; with a
// matcher from Compile, TagTerms spares that and gives the same result.
func (t *Tagger) Tag(a models.Article, entities []models.Entity, g *gazetteer.Gazetteer) ([]models.Topic, []models.Place) {
	_, terms := t.terms.EntitiesAndTerms(a.Title, prefix(a.Text, t.bodyBudget), 0)
	return t.TagTerms(terms, entities, g)
}

// TagTerms is Tag with the lexicon's matches already found in the same
// pass as the entities, by a matcher from Compile:
//
//	ents, terms := m.EntitiesAndTerms(a.Title, a.Text, t.BodyBudget())
//	topics, places := t.TagTerms(terms, ents, m.Gazetteer())
//
// Terms from any other matcher work too, more slowly; those not in the
// lexicon are ignored.
func (t *Tagger) TagTerms(terms gazetteer.Terms, entities []models.Entity, g *gazetteer.Gazetteer) ([]models.Topic, []models.Place) {
	sc := t.scratch.Get().(*scratch)
	defer t.scratch.Put(sc)
	sc.items = t.termEvidence(terms, sc.items[:0])
	sc.items = t.entityEvidence(entities, sc.items)
	return t.topics(sc), t.places(entities, g, sc)
}

// item is one piece of evidence for one topic, by taxonomy index.
type item struct {
	concept int32
	ev      models.Evidence
}

// termEvidence turns lexicon matches into evidence. A term counts once
// per field with diminishing returns for repeats (1 + ln n), so a word
// repeated down a long story does not drown the rest; a headline
// occurrence counts titleBoost times.
func (t *Tagger) termEvidence(terms gazetteer.Terms, items []item) []item {
	// Matches index termList when they come from a matcher built on that
	// very slice (Compile, or t.terms): then the rules are one index away,
	// with no hashing of the term.
	indexed := len(t.termList) > 0 && len(terms.List) >= len(t.termList) && &terms.List[0] == &t.termList[0]
	type seen struct {
		first *gazetteer.Match
		rules []termRule
		n     int
	}
	var stack [32]seen
	for _, field := range [...]struct {
		name    string
		matches []gazetteer.Match
		boost   float64
	}{{models.FieldTitle, terms.Title, titleBoost}, {models.FieldBody, terms.Body, 1}} {
		distinct := stack[:0]
	next:
		for i := range field.matches {
			m := &field.matches[i]
			// Few distinct terms per field: a linear search beats a map.
			// One term is one Term index and one ID string.
			for j := range distinct {
				if f := distinct[j].first; f.Term == m.Term && f.ID == m.ID {
					distinct[j].n++
					continue next
				}
			}
			var rules []termRule
			if indexed && m.Term >= 0 && m.Term < len(t.termRules) {
				rules = t.termRules[m.Term]
			} else {
				rules = t.rules[m.ID]
			}
			if len(rules) == 0 {
				continue
			}
			distinct = append(distinct, seen{first: m, rules: rules, n: 1})
		}
		for _, s := range distinct {
			mult := field.boost * repeats(s.n)
			for _, r := range s.rules {
				items = append(items, item{r.concept, models.Evidence{
					Term: s.first.ID, Field: field.name,
					Start: s.first.Start, End: s.first.End,
					Weight: r.weight * mult,
				}})
			}
		}
	}
	return items
}

// repeatTable is 1 + ln n for small n, the common case.
var repeatTable = func() (t [32]float64) {
	for n := 1; n < len(t); n++ {
		t[n] = 1 + math.Log(float64(n))
	}
	return t
}()

// repeats is the weight of a term seen n times in one field, 1 + ln n.
func repeats(n int) float64 {
	if n < len(repeatTable) {
		return repeatTable[n]
	}
	return 1 + math.Log(float64(n))
}

// entityEvidence turns entities into evidence by their subtype, and by
// their own rules where the entity has some, weighted by salience: the
// story's main actor says more than a passing mention.
func (t *Tagger) entityEvidence(entities []models.Entity, items []item) []item {
	for i := range entities {
		e := &entities[i]
		subtype := e.Subtype
		if e.Type == models.LOC && (subtype == "country" || subtype == "territory") && e.ID != homeCountry {
			subtype = foreignCountry
		}
		rules, own := t.subtypes[subtype], t.byEntity[e.ID]
		if len(rules)+len(own) == 0 || e.Salience <= 0 {
			continue
		}
		var m models.Mention
		if len(e.Mentions) > 0 {
			m = e.Mentions[0]
		}
		for _, rs := range [2][]subtypeRule{rules, own} {
			for _, r := range rs {
				items = append(items, item{r.concept, models.Evidence{
					EntityID: e.ID, Field: m.Field, Start: m.Start, End: m.End,
					Weight: r.weight * e.Salience,
				}})
			}
		}
	}
	return items
}

// topics lifts evidence to ancestors, scores and filters. It works on
// taxonomy indexes and builds evidence lists only for the topics that
// pass, which are few.
func (t *Tagger) topics(sc *scratch) []models.Topic {
	items := sc.items
	n := len(t.byOrder)
	var stack [128]float64
	sums := stack[:0]
	if n <= len(stack) {
		sums = stack[:n]
	} else {
		sums = make([]float64, n)
	}
	for _, it := range items {
		for c := it.concept; c >= 0; c = t.parentOf[c] {
			sums[c] += it.ev.Weight
		}
	}
	maxSum := 0.0
	for _, x := range sums {
		maxSum = max(maxSum, x)
	}
	var pass [16]int32
	passed := pass[:0]
	for c, x := range sums {
		// minEvidence spares most of the exponentials; Score decides.
		if x >= minEvidence && x >= minShare*maxSum && Score(x) >= minScore {
			passed = append(passed, int32(c))
		}
	}
	// Highest evidence first. Sort by evidence, not by the rounded score:
	// strong topics all round to 0.999x, and the one with more evidence
	// should still come first; Score is increasing in evidence, so this is
	// score order too. passed is in taxonomy order and the sort is stable,
	// so taxonomy order breaks true ties.
	slices.SortStableFunc(passed, func(a, b int32) int {
		switch x, y := sums[a], sums[b]; {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	// Gather every topic's evidence in scratch space, then copy it into
	// one backing array of the exact size.
	arena := sc.arena[:0]
	var ends [16]int
	spans := ends[:0]
	for _, c := range passed {
		arena = t.appendEvidence(arena, c, sc)
		spans = append(spans, len(arena))
	}
	sc.arena = arena
	evidence := slices.Clone(arena)
	out := make([]models.Topic, 0, len(passed))
	start := 0
	for i, c := range passed {
		k := t.byOrder[c]
		out = append(out, models.Topic{
			Code: k.code, Label: models.Names{EN: k.en, BN: k.bn},
			Score: Score(sums[c]), Evidence: evidence[start:spans[i]:spans[i]],
		})
		start = spans[i]
	}
	return out
}

// under reports whether concept c is top or one of its descendants.
func (t *Tagger) under(c, top int32) bool {
	for ; c >= 0; c = t.parentOf[c] {
		if c == top {
			return true
		}
	}
	return false
}

// appendEvidence appends the evidence for topic c and its descendants to
// dst: it sums evidence for the same term or entity (a term can reach a
// parent through two children), keeps the first occurrence, and appends
// the strongest maxEvidence items, strongest first.
func (t *Tagger) appendEvidence(dst []models.Evidence, c int32, sc *scratch) []models.Evidence {
	merged := sc.merged[:0]
next:
	for i := range sc.items {
		it := &sc.items[i]
		if !t.under(it.concept, c) {
			continue
		}
		e := &it.ev
		// Lists are short: a linear search beats a map.
		for j := range merged {
			o := &merged[j]
			if o.Term != e.Term || o.EntityID != e.EntityID {
				continue
			}
			o.Weight += e.Weight
			if fieldRank(e.Field) < fieldRank(o.Field) || e.Field == o.Field && e.Start < o.Start {
				o.Field, o.Start, o.End = e.Field, e.Start, e.End
			}
			continue next
		}
		merged = append(merged, *e)
	}
	sc.merged = merged
	// Sort indexes rather than the wide Evidence values.
	order := sc.order[:0]
	for i := range merged {
		merged[i].Weight = round4(merged[i].Weight)
		order = append(order, int32(i))
	}
	sc.order = order
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &merged[i], &merged[j]
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
	for _, i := range order[:min(len(order), maxEvidence)] {
		dst = append(dst, merged[i])
	}
	return dst
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
