package gazetteer

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// CompileOptions tune which entries the matcher looks for.
type CompileOptions struct {
	// ExcludeSubtypes are subtypes kept in the gazetteer (for parents and
	// places) but never matched in text. Unions, Bangladesh's smallest
	// units, are excluded by default: their names are mostly village or
	// common words and fire far more often wrongly than rightly.
	ExcludeSubtypes []string
	// Terms are plain words and phrases, such as a topic lexicon, to find
	// in the same pass over the text as the names (see EntitiesAndTerms),
	// so that a second matcher need not fold and scan the text again.
	// They match as CompileTerms's do; names match exactly as without
	// them. The matcher keeps the slice (Terms.List hands it back), so
	// it must not change afterwards.
	Terms []string
}

// DefaultCompileOptions are the options Compile uses for a nil argument.
func DefaultCompileOptions() CompileOptions {
	return CompileOptions{ExcludeSubtypes: []string{"union"}}
}

// Matcher finds a gazetteer's names in text. It is read-only after
// Compile and safe for concurrent use.
type Matcher struct {
	g        *Gazetteer
	trie     *trie
	keys     []keyInfo
	vowel    suffixSet
	cons     suffixSet
	orgHeads [][]rune
	scratch  sync.Pool // *foldedText
	// termTrie and termKeys are the automaton of CompileOptions.Terms,
	// apart from the names': mixed in, terms would lengthen the walks for
	// names over the whole text, and terms are only wanted in part of it.
	// terms are the terms normalised, indexed as given; termsGiven is
	// CompileOptions.Terms itself, which Terms.List hands back.
	termTrie   *packedTrie
	termKeys   []keyInfo
	terms      []string
	termsGiven []string
}

// keyInfo describes one distinct key in the automaton.
type keyInfo struct {
	entities []int32 // candidate entries, most likely first
	class    stemClass
	acronym  bool // an all-capitals form (US, BNP) matches only in capitals
	latin    bool // an English form must start with a capital in the text
	// term is the index in Matcher.terms of a term key's term.
	term int32
}

// Compile builds the matcher of g. A nil opt means DefaultCompileOptions.
func Compile(g *Gazetteer, opt *CompileOptions) *Matcher {
	o := DefaultCompileOptions()
	if opt != nil {
		o = *opt
	}
	stops := make(map[string]bool, len(g.stopForms))
	for _, s := range g.stopForms {
		stops[Key(s)] = true
	}
	type form struct {
		key     string
		entity  int32
		acronym bool
		latin   bool
	}
	var forms []form
	for i, e := range g.entries {
		if slices.Contains(o.ExcludeSubtypes, e.Subtype) {
			continue
		}
		for _, name := range e.names() {
			k := Key(name)
			if k == "" || stops[k] || !hasWordRune(k) || designated(k) {
				continue
			}
			forms = append(forms, form{key: k, entity: int32(i), acronym: isAcronym(name), latin: isLatin(name)})
		}
	}
	slices.SortFunc(forms, func(a, b form) int { return strings.Compare(a.key, b.key) })
	var keys []string
	var infos []keyInfo
	for _, f := range forms {
		if n := len(keys); n > 0 && keys[n-1] == f.key {
			ki := &infos[n-1]
			if !slices.Contains(ki.entities, f.entity) {
				ki.entities = append(ki.entities, f.entity)
			}
			// A key is only as strict as its loosest form.
			ki.acronym = ki.acronym && f.acronym
			ki.latin = ki.latin && f.latin
			continue
		}
		keys = append(keys, f.key)
		infos = append(infos, keyInfo{entities: []int32{f.entity}, class: classOf([]rune(f.key)), acronym: f.acronym, latin: f.latin})
	}
	for i := range infos {
		ents := infos[i].entities
		slices.SortStableFunc(ents, func(a, b int32) int {
			ea, eb := &g.entries[a], &g.entries[b]
			if ra, rb := rank(ea), rank(eb); ra != rb {
				return ra - rb
			}
			return strings.Compare(ea.ID, eb.ID)
		})
	}
	m := &Matcher{
		g:     g,
		trie:  buildTrie(keys),
		keys:  infos,
		vowel: buildSuffixes(vowelEndings),
		cons:  buildSuffixes(consEndings),
	}
	m.compileTerms(o.Terms)
	for _, h := range orgHeadWords {
		m.orgHeads = append(m.orgHeads, []rune(Key(h)))
	}
	m.scratch.New = func() any { return new(foldedText) }
	return m
}

// compileTerms builds the terms' automaton. Terms sharing a key are one
// key named by the first of them in string order, and only as strict
// about capitals as the loosest of them, as names are.
func (m *Matcher) compileTerms(terms []string) {
	if len(terms) == 0 {
		return
	}
	type form struct {
		key     string
		term    int32
		acronym bool
		latin   bool
	}
	m.termsGiven = terms
	m.terms = make([]string, len(terms))
	var forms []form
	for i, t := range terms {
		t = strings.TrimSpace(Normalize(t))
		m.terms[i] = t
		k := Key(t)
		if k == "" || !hasWordRune(k) || designated(k) {
			continue
		}
		forms = append(forms, form{key: k, term: int32(i), acronym: isAcronym(t), latin: isLatin(t)})
	}
	slices.SortFunc(forms, func(a, b form) int { return strings.Compare(a.key, b.key) })
	var keys []string
	for _, f := range forms {
		if n := len(keys); n > 0 && keys[n-1] == f.key {
			ki := &m.termKeys[n-1]
			if m.terms[f.term] < m.terms[ki.term] {
				ki.term = f.term
			}
			ki.acronym = ki.acronym && f.acronym
			ki.latin = ki.latin && f.latin
			continue
		}
		keys = append(keys, f.key)
		m.termKeys = append(m.termKeys, keyInfo{class: classOf([]rune(f.key)), acronym: f.acronym, latin: f.latin, term: f.term})
	}
	m.termTrie = pack(buildTrie(keys))
}

// rank orders the readings of an ambiguous form: the curated news core
// first, then countries, then cities before the divisions and districts
// named after them (news that says ঢাকা or Chattogram mostly means the
// city), then smaller units.
func rank(e *Entry) int {
	if e.Source == "curated" {
		return 0
	}
	switch e.Subtype {
	case "country":
		return 1
	case "city":
		return 2
	case "region":
		return 3
	case "division":
		return 4
	case "district":
		return 5
	case "upazila":
		return 7
	case "union":
		return 8
	}
	return 6
}

func hasWordRune(k string) bool {
	for _, r := range k {
		if isWord(r) {
			return true
		}
	}
	return false
}

// isAcronym reports a short all-capitals Latin form such as "US" or
// "BNP", which would otherwise match the words "us" or "bnp".
func isAcronym(name string) bool {
	letters := 0
	for _, r := range name {
		if unicode.IsLower(r) || r > unicode.MaxLatin1 && unicode.IsLetter(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 1 && letters <= 6
}

// isLatin reports a form in Latin script that starts with a capital:
// English text capitalises names, and requiring it keeps "turkey" and
// "chad" from matching.
func isLatin(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r) && r <= unicode.MaxLatin1+0x180
}

// designators are the administrative words the generated gazetteer appends
// to place names (কুমিল্লা জেলা, Savar Upazila). They stay in the gazetteer
// as names, but are not matched: the mention is the place name, and the
// word after it is not part of it, as annotators mark it.
var designators = []string{"জেলা", "উপজেলা", "ইউনিয়ন", "বিভাগ", "district", "upazila", "union", "division"}

func designated(key string) bool {
	i := strings.LastIndexByte(key, sep)
	return i > 0 && slices.Contains(designators, key[i+1:])
}

// orgHeadWords are words that, right after a place name, make the pair an
// organisation's name (ঢাকা বিশ্ববিদ্যালয়, Dhaka University): the place
// is then not a mention of the place. Inflected heads are covered because
// the check is a prefix test.
var orgHeadWords = []string{
	"বিশ্ববিদ্যালয়", "ইউনিভার্সিটি", "কলেজ", "মেডিকেল", "ব্যাংক", "ক্লাব", "বোর্ড",
	"ওয়াসা", "প্রেসক্লাব", "চেম্বার", "ট্রিবিউন", "পোস্ট", "টাইমস", "ক্যাপিটালস",
	"ডায়নামাইটস", "কিংস", "টাইগার্স", "স্টক", "শিক্ষা", "পলিটেকনিক", "ক্যান্টনমেন্ট",
	"University", "College", "Bank", "Club", "Board", "Medical", "Tribune", "Post",
	"Times", "Chamber", "Stock", "Polytechnic", "Capitals", "Kings", "FC",
}

// Match is one mention found by Find.
type Match struct {
	// ID is the entry's id; Entry(ID) has the rest.
	ID string
	// Start and End are code-point offsets into the text, End exclusive;
	// ByteStart and ByteEnd the same span in bytes. The span includes a
	// case ending or possessive.
	Start, End         int
	ByteStart, ByteEnd int
	// Term is, for a match of a term (see EntitiesAndTerms), the term's
	// index in CompileOptions.Terms; -1 for a name.
	Term int
	key  uint32
}

// Gazetteer returns the gazetteer the matcher was compiled from.
func (m *Matcher) Gazetteer() *Gazetteer { return m.g }

// Find appends the mentions in text to dst and returns it. Where forms
// overlap, the longest wins; an ambiguous form takes its most likely
// reading (Entities refines that with the rest of the document).
func (m *Matcher) Find(text string, dst []Match) []Match {
	ft := m.scratch.Get().(*foldedText)
	ft.fold(text)
	dst, _ = m.scan(text, ft, dst, nil, 0)
	m.scratch.Put(ft)
	return dst
}

// scan appends the names in ft to names and the terms (CompileOptions.
// Terms) that lie within its first termEnd key runes to terms. Names and
// terms are sought from the same word starts, each kind in its own
// automaton: each takes its longest match there and resumes after it, so
// names come out exactly as if there were no terms.
func (m *Matcher) scan(text string, ft *foldedText, names, terms []Match, termEnd int) ([]Match, []Match) {
	rs := ft.runes
	n := len(rs)
	t := m.trie
	if m.termTrie == nil {
		termEnd = 0
	}
	nameFrom, termFrom := 0, 0
	for i := 0; i < n; {
		if !isWord(rs[i]) {
			i++
			continue
		}
		if i >= nameFrom {
			bestKey, bestEnd := noNode, 0
			node := uint32(0)
			for j := i; j < n; j++ {
				node = t.child(node, rs[j])
				if node == noNode {
					break
				}
				k := t.value[node]
				if k == noNode {
					continue
				}
				if end, ok := m.accept(text, ft, n, i, j+1, &m.keys[k], false); ok && end > bestEnd {
					bestKey, bestEnd = k, end
				}
			}
			if bestKey != noNode {
				names = append(names, m.match(ft, m.g.entries[m.keys[bestKey].entities[0]].ID, -1, i, bestEnd, bestKey))
				nameFrom = bestEnd
			}
		}
		if i < termEnd && i >= termFrom {
			if k, end := m.longestTerm(text, ft, i, termEnd); k != noNode {
				term := m.termKeys[k].term
				terms = append(terms, m.match(ft, m.terms[term], int(term), i, end, k))
				termFrom = end
			}
		}
		for i < n && isWord(rs[i]) { // on to the next word; a match ends past it
			i++
		}
	}
	return names, terms
}

// longestTerm returns the longest term accepted from key rune i within
// the first n key runes, and where its mention ends; noNode if none.
func (m *Matcher) longestTerm(text string, ft *foldedText, i, n int) (uint32, int) {
	rs := ft.runes
	t := m.termTrie
	bestKey, bestEnd := noNode, 0
	o := uint32(0)
	for j := i; j < n; j++ {
		o = t.child(o, rs[j])
		if o == noNode {
			break
		}
		k := t.value(o)
		if k == noNode {
			continue
		}
		if end, ok := m.accept(text, ft, n, i, j+1, &m.termKeys[k], true); ok && end > bestEnd {
			bestKey, bestEnd = k, end
		}
	}
	return bestKey, bestEnd
}

func (m *Matcher) match(ft *foldedText, id string, term, i, end int, key uint32) Match {
	return Match{
		ID:        id,
		Term:      term,
		Start:     int(ft.spans[i].cpStart),
		End:       int(ft.spans[end-1].cpEnd),
		ByteStart: int(ft.spans[i].byteStart),
		ByteEnd:   int(ft.spans[end-1].byteEnd),
		key:       key,
	}
}

// accept decides whether key ki, found at key runes [i, j), is a mention
// in the first n key runes, and returns the end of the mention including
// any ending. A term (term) is never taken for the start of an
// organisation's name, as a place is.
func (m *Matcher) accept(text string, ft *foldedText, n, i, j int, ki *keyInfo, term bool) (int, bool) {
	rs := ft.runes[:n]
	end := j
	if j < len(rs) && isWord(rs[j]) {
		// The word goes on: only a case ending may follow the stem.
		we := j
		for we < len(rs) && isWord(rs[we]) {
			we++
		}
		switch ki.class {
		case stemVowel:
			if !m.vowel.has(rs[j:we]) {
				return 0, false
			}
		case stemConsonant:
			if !m.cons.has(rs[j:we]) {
				return 0, false
			}
		default:
			return 0, false
		}
		end = we
	}
	if ki.latin || ki.acronym {
		if !m.caseOK(text, ft, i, j, ki.acronym) {
			return 0, false
		}
	}
	if !term && end == j && m.followedByOrgHead(ft, end, ki) {
		// Only a bare place starts an organisation's name: in মিলানে
		// ব্যাংকের ভল্টে the case ending says Milan is the place.
		return 0, false
	}
	// Possessives written apart: "Iran's", "Reuters'", হামাস-এর.
	if end < len(rs) && rs[end] == '\'' && ki.class == stemOther {
		if end+1 < len(rs) && rs[end+1] == 's' && (end+2 == len(rs) || !isWord(rs[end+2])) {
			end += 2
		} else if end+1 == len(rs) || !isWord(rs[end+1]) {
			end++
		}
	} else if end == j && end+len(detachedEr) < len(rs) && rs[end] == sep && ki.class != stemOther &&
		slices.Equal(rs[end+1:end+1+len(detachedEr)], detachedEr) &&
		(end+1+len(detachedEr) == len(rs) || !isWord(rs[end+1+len(detachedEr)])) {
		end += 1 + len(detachedEr)
	}
	return end, true
}

// caseOK checks capitalisation in the original text: an English name must
// start with a capital, an acronym must be all capitals.
func (m *Matcher) caseOK(text string, ft *foldedText, i, j int, acronym bool) bool {
	if !acronym {
		r, _ := utf8.DecodeRuneInString(text[ft.spans[i].byteStart:])
		return unicode.IsUpper(r)
	}
	for _, r := range text[ft.spans[i].byteStart:ft.spans[j-1].byteEnd] {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// followedByOrgHead reports a place name that is the start of an
// organisation's name (ঢাকা বিশ্ববিদ্যালয়).
func (m *Matcher) followedByOrgHead(ft *foldedText, end int, ki *keyInfo) bool {
	rs := ft.runes
	if end+1 >= len(rs) || rs[end] != sep || m.g.entries[ki.entities[0]].Type != "LOC" {
		return false
	}
	next := rs[end+1:]
	for _, h := range m.orgHeads {
		if len(next) >= len(h) && slices.Equal(next[:len(h)], h) {
			return true
		}
	}
	return false
}

// CompileTerms builds a matcher for plain terms rather than entities, such
// as a topic lexicon, with the same normalisation, Bangla case endings and
// word boundaries as names. Match.ID is the term as given. A term that
// starts with a capital letter must start with one in the text; give
// English terms in lower case to match any case.
func CompileTerms(terms []string) *Matcher {
	entries := make([]Entry, 0, len(terms))
	for _, t := range terms {
		if t = Normalize(t); t != "" {
			entries = append(entries, Entry{ID: t, Type: "ORG", EN: t})
		}
	}
	g, _ := New(entries, nil) // every entry has an id, a type and a name
	return Compile(g, &CompileOptions{})
}
