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
	// ContextSubtypes are subtypes matched only with a locality word
	// (উপজেলা, ইউনিয়ন, গ্রাম, থানা, ...) within a few words: unions,
	// Bangladesh's smallest units, are named like villages or common
	// words, and news names them in a dateline or an address, next to
	// such words.
	ContextSubtypes []string
	// Terms are plain words and phrases, such as a topic lexicon, to find
	// in the same pass over the text as the names (see EntitiesAndTerms),
	// so that a second matcher need not fold and scan the text again.
	// They match as CompileTerms's do; names match exactly as without
	// them. The matcher keeps the slice (Terms.List hands it back), so
	// it must not change afterwards.
	Terms []string
	// UnlistedPlaces adds places that no list names but their context
	// does: the word before গ্রামের, মহল্লায় or থানার (see
	// localityHeads), as unlinked LOC mentions.
	UnlistedPlaces bool
}

// DefaultCompileOptions are the options Compile uses for a nil argument.
func DefaultCompileOptions() CompileOptions {
	return CompileOptions{ContextSubtypes: []string{"union"}, UnlistedPlaces: true}
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
	// nonPlace are nonPlaceHeads as keys.
	nonPlace [][]rune
	// locality are localityWords as keys.
	locality [][]rune
	// nameBreaks are nameBreakWords as keys.
	nameBreaks [][]rune
	// nameParts are namePartWords as keys.
	nameParts [][]rune
	// mdForms are mdForms as keys, "মোঃ" second.
	mdForms [][]rune
	// localHeads, localPrefix and stopLocal are localityHeads,
	// localPrefixes and stopLocal as keys; localHeads is empty unless
	// CompileOptions.UnlistedPlaces.
	localHeads, localPrefix, stopLocal [][]rune
	// stopWords are the stop list's whole words ("=দোহাই"): a name with
	// its case ending that is also a common word, while the bare name is
	// not (দোহা is Doha; দোহাই দিয়ে is "on the plea of").
	stopWords [][]rune
	// home is বাড়ি as a key (see homeVillage).
	home []rune
	// localInitial marks the first runes of localHeads, all in the
	// Bengali block, by their offset in it; afterBare is afterBareHead
	// as keys.
	localInitial [0x80]bool
	afterBare    [][]rune
	scratch      sync.Pool // *foldedText
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
	// local: every reading is of a ContextSubtypes subtype, so the form
	// needs a locality word nearby.
	local bool
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
	var stopWords [][]rune
	for _, s := range g.stopForms {
		if w, ok := strings.CutPrefix(s, StopWordPrefix); ok {
			if k := Key(w); k != "" {
				stopWords = append(stopWords, []rune(k))
			}
			continue
		}
		stops[Key(s)] = true
	}
	type form struct {
		key     string
		entity  int32
		acronym bool
		latin   bool
		local   bool
	}
	var forms []form
	for i, e := range g.entries {
		if slices.Contains(o.ExcludeSubtypes, e.Subtype) {
			continue
		}
		local := slices.Contains(o.ContextSubtypes, e.Subtype)
		admin := slices.Contains(adminSubtypes, e.Subtype)
		for _, name := range e.names() {
			k := Key(name)
			if k == "" || stops[k] || !hasWordRune(k) || admin && designated(k) {
				continue
			}
			forms = append(forms, form{key: k, entity: int32(i), acronym: isAcronym(name), latin: isLatin(name), local: local})
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
			ki.local = ki.local && f.local
			continue
		}
		keys = append(keys, f.key)
		infos = append(infos, keyInfo{entities: []int32{f.entity}, class: classOf([]rune(f.key)), acronym: f.acronym, latin: f.latin, local: f.local})
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
		g:         g,
		trie:      buildTrie(keys),
		keys:      infos,
		vowel:     buildSuffixes(vowelEndings),
		cons:      buildSuffixes(consEndings),
		stopWords: stopWords,
	}
	m.compileTerms(o.Terms)
	m.orgHeads = keysOf(orgHeadWords)
	m.nonPlace = keysOf(nonPlaceHeads)
	m.locality = keysOf(localityWords)
	m.nameBreaks = keysOf(nameBreakWords)
	m.nameParts = keysOf(namePartWords)
	m.mdForms = keysOf(mdForms)
	if o.UnlistedPlaces {
		m.localHeads = keysOf(localityHeads)
		m.localPrefix = keysOf(localPrefixes)
		m.stopLocal = keysOf(stopLocal)
		m.afterBare = keysOf(afterBareHead)
		m.home = []rune(Key("বাড়ি"))
		for _, h := range m.localHeads {
			m.localInitial[h[0]-bnBlock] = true
		}
	}
	m.scratch.New = func() any { return new(foldedText) }
	return m
}

// keysOf returns the keys of words.
func keysOf(words []string) [][]rune {
	out := make([][]rune, 0, len(words))
	for _, w := range words {
		out = append(out, []rune(Key(w)))
	}
	return out
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
// সদর ("headquarters") is one too: কুমিল্লা সদর উপজেলা is written and
// annotated as the district's name followed by the upazila's designation,
// and the district is what a reader links it to.
var designators = []string{"জেলা", "উপজেলা", "ইউনিয়ন", "বিভাগ", "সদর", "district", "upazila", "union", "division", "sadar"}

// adminSubtypes are the administrative units whose generated names carry
// designators; other names may end in one (ইউরোপীয় ইউনিয়ন).
var adminSubtypes = []string{"division", "district", "upazila", "union"}

// designatorKeys are the designators in key form (ইউনিয়ন's য় folds), for
// comparing with a key's last word. Computed once, never written.
var designatorKeys = func() []string {
	ks := make([]string, len(designators))
	for i, d := range designators {
		ks[i] = Key(d)
	}
	return ks
}()

func designated(key string) bool {
	i := strings.LastIndexByte(key, sep)
	return i > 0 && slices.Contains(designatorKeys, key[i+1:])
}

// orgHeadWords are words that, up to orgHeadReach words after a bare
// place name, make the run an organisation's name (ঢাকা বিশ্ববিদ্যালয়,
// বাংলাদেশ টেলিযোগাযোগ নিয়ন্ত্রণ কমিশন, নবাবগঞ্জ মহিলা ডিগ্রি কলেজ,
// Dhaka University): the place is then not a mention of the place.
// Inflected heads are covered because the check is a prefix test.
var orgHeadWords = []string{
	"বিশ্ববিদ্যালয়", "ইউনিভার্সিটি", "কলেজ", "মেডিকেল", "ব্যাংক", "ক্লাব", "বোর্ড",
	"ওয়াসা", "প্রেসক্লাব", "চেম্বার", "ট্রিবিউন", "পোস্ট", "টাইমস", "ক্যাপিটালস",
	"ডায়নামাইটস", "কিংস", "টাইগার্স", "স্টক", "শিক্ষা", "পলিটেকনিক", "ক্যান্টনমেন্ট",
	"সমিতি", "হাসপাতাল", "বিদ্যালয়", "উচ্চবিদ্যালয়", "মহাবিদ্যালয়", "মাদ্রাসা", "কমপ্লেক্স",
	"ফেডারেশন", "ফোরাম", "পরিষদ", "কমিশন", "করপোরেশন", "কর্পোরেশন", "অ্যাসোসিয়েশন",
	"একাডেমী", "একাডেমি", "সংস্থা", "ফ্রন্ট", "মজলিস", "রেলওয়ে", "এয়ারওয়েজ", "এয়ারলাইনস",
	"টেলিভিশন", "এক্সচেঞ্জ", "ইনস্টিটিউট", "অধিদপ্তর", "অধিদপ্তর", "কাউন্সিল", "কর্তৃপক্ষ",
	"ফাউন্ডেশন", "ট্রাস্ট", "লিমিটেড", "ইন্টারন্যাশনাল", "স্টারস", "সিক্সার্স", "ক্রীড়া",
	"University", "College", "Bank", "Club", "Board", "Medical", "Tribune", "Post",
	"Times", "Chamber", "Stock", "Polytechnic", "Capitals", "Kings", "FC", "Hospital",
	"Association", "Federation", "Council", "Commission", "Corporation", "Institute",
	"Authority", "Foundation", "Limited", "Airways", "Airlines", "Railway", "Academy",
	// Franchise teams named after their city (অ্যাডিলেড স্ট্রাইকার্স, সিলেট সিক্সার্স).
	"স্ট্রাইকার্স", "রেনেগেডস", "থান্ডার", "স্কর্চার্স", "হারিকেনস", "রাইডার্স", "রয়্যালস",
	"ইন্ডিয়ানস", "চ্যালেঞ্জার্স", "টাইটানস", "ভাইকিংস", "ওয়ারিয়র্স", "গ্ল্যাডিয়েটর্স",
	"কালান্দার্স", "ইউনাইটেড", "সুপারজায়ান্টস", "Strikers", "Renegades", "Thunder",
	"Scorchers", "Hurricanes", "Riders", "Royals", "Warriors", "Gladiators", "United",
}

// nonPlaceHeads are words that, right after a place or country name, make
// the pair the name of something that is not the place: a currency
// (মার্কিন ডলার), a tournament (এশিয়া কাপ), or a person whose given name
// is a place's, before the middle names of Hindu names (সন্দ্বীপ কুমার রায়,
// নেপাল চন্দ্র দাস).
var nonPlaceHeads = []string{"ডলার", "কাপ", "Dollar", "Cup", "কুমার", "চন্দ্র", "নাথ", "প্রসাদ", "রঞ্জন", "মোহন", "কান্তি"}

// orgHeadReach is how many words after a place name the matcher looks for
// an organisation's head word. Bangla names put up to four modifiers
// between them (বাংলাদেশ তৈরি পোশাক প্রস্তুতকারক ও রপ্তানিকারক সমিতি).
const orgHeadReach = 5

// nameBreakWords end the run of words that may belong to one name: a
// place followed by them and then a head word is still a place (ঢাকা থেকে
// হাসপাতালে), and so is a place followed by its unit's designation
// (দিঘলিয়া উপজেলা স্বাস্থ্য কমপ্লেক্সে names the upazila).
var nameBreakWords = []string{
	"থেকে", "হয়ে", "নিয়ে", "দিয়ে", "গিয়ে", "পর্যন্ত", "এবং", "ও", "বা", "না", "করে", "শহর", "শহরের",
	"জেলা", "উপজেলা", "জেলার", "উপজেলার", "বিভাগের", "সদরের", "নগরের", "এলাকার", "এলাকায়", "থানার", "হলে", "নেওয়া",
	"নেয়া", "নেওয়ার", "পাঠানো", "ভর্তি", "from", "to", "and", "in", "at", "of",
}

// namePartWords are the commonest parts of Bangladeshi personal names,
// and the letter names written for initials (এ কে এম). A person's form
// with one of them right before or after it is part of a longer name,
// another person's: নজরুল ইসলাম is not কাজী নজরুল ইসলাম, শাকিল রিজভী not
// রুহুল কবির রিজভী, এ বি তাজুল ইসলাম not মোহাম্মদ তাজুল ইসলাম. Words that
// are also common nouns next to names (সরকার "government", শেখ, বেগম as
// titles) are left out.
var namePartWords = []string{
	// initials
	"এ", "বি", "সি", "ডি", "এফ", "জি", "এইচ", "জে", "কে", "এল", "এম", "এন", "পি", "কিউ",
	"এস", "টি", "ভি", "ডব্লিউ", "জেড",
	// given names that come first
	"মোহাম্মদ", "মুহাম্মদ", "মোহাম্মাদ", "মুহম্মদ", "আবদুল", "আব্দুল", "আবদুর", "আব্দুর", "আবদুস",
	"আব্দুস", "আবু", "আবুল", "গোলাম", "নুরুল", "নূরুল", "শফিকুল", "রফিকুল", "আমিনুল", "সাইফুল",
	"মনিরুল", "কামরুল", "আতাউর", "মাহবুবুর", "মতিউর", "হাবিবুর", "আনিসুর", "খলিলুর", "মিজানুর",
	"লুৎফর", "ফজলুর", "জিল্লুর", "আশরাফুল", "জাহাঙ্গীর", "শাহাদাত", "শাকিল", "মাসুদ", "মাহমুদুল",
	"রেজাউল", "সিরাজুল", "মোস্তাফিজুর", "আজিজুল", "আমির", "তোফাজ্জল", "মোজাম্মেল", "সৈয়দা",
	// names that come after
	"ইসলাম", "আহমেদ", "আহমদ", "আহম্মেদ", "হোসেন", "হোসাইন", "হুসাইন", "হোসেইন", "রহমান",
	"উদ্দিন", "উদ্দীন", "আলী", "আলি", "খান", "চৌধুরী", "মিয়া", "মিঞা", "হক", "হাসান", "কবির",
	"খাতুন", "আক্তার", "আখতার", "রায়", "দাস", "সাহা", "মজুমদার", "ভূঁইয়া", "ভূইয়া", "তালুকদার",
	"শিকদার", "সিকদার", "মোল্লা", "রশিদ", "রশীদ", "আলম", "জামান", "করিম", "মাহমুদ", "কাদের",
	"সিদ্দিকী", "সিদ্দিক", "জাহান", "নাহার", "সুলতানা", "পারভীন", "কুমার", "চন্দ্র", "ইউসুফ",
	"আকন্দ", "হাওলাদার", "খন্দকার", "মুন্সী", "প্রামাণিক", "উল্লাহ", "উল্যাহ", "হায়দার",
	"বিশ্বাস", "মন্ডল", "মণ্ডল", "পাটোয়ারী", "আজাদ", "মোর্শেদ", "ইকবাল", "বাবুল", "আশরাফ",
}

// NameParts returns the commonest parts of Bangladeshi personal names and
// the letter names written for initials, as the matcher uses them to tell
// a person's short form from part of a longer name.
func NameParts() []string { return slices.Clone(namePartWords) }

// Match is one mention found by Find.
type Match struct {
	// ID is the entry's id; Entry(ID) has the rest. An unlisted place's
	// id starts with UnlinkedPrefix and has no entry.
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
		if i >= nameFrom && m.localHeads != nil {
			if r := rs[i] - bnBlock; r >= 0 && r < 0x80 && m.localInitial[r] {
				names = m.unlistedAt(text, ft, names, i, nameFrom)
			}
		}
		if i >= nameFrom {
			bestKey, bestEnd := noNode, 0
			node := uint32(0)
			for j := i; j < n; j++ {
				if j == i+1 {
					node = t.second(node, rs[i], rs[j])
				} else {
					node = t.child(node, rs[j])
				}
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
				e := &m.g.entries[m.keys[bestKey].entities[0]]
				start := i
				if e.Type == "PER" {
					start = m.nameStart(ft, i, nameFrom)
				}
				names = append(names, m.match(ft, e.ID, -1, start, bestEnd, bestKey))
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
		// The stop list's whole words (a name and its ending, as keys):
		// the list is short, and only words with an ending come here.
		if !term && containsKey(m.stopWords, rs[i:we]) {
			return 0, false
		}
		if !term && plural(rs[j:we]) && m.g.entries[ki.entities[0]].Type == "LOC" {
			// A place takes no plural: ত্রিপুরাদের are the Tripura
			// people, আফগানদের the Afghans.
			return 0, false
		}
		end = we
	}
	if ki.latin || ki.acronym {
		if !m.caseOK(text, ft, i, j, ki.acronym) {
			return 0, false
		}
	}
	if !term && ki.local && !m.nearLocalityWord(ft, i, end) {
		return 0, false
	}
	if !term && m.g.entries[ki.entities[0]].Type == "PER" && m.partOfLongerName(ft, i, j, end) {
		return 0, false
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

// StopWordPrefix starts a line of the stop list that names a whole word,
// a name together with its case ending, that is a common word: "=দোহাই"
// stops দোহাই but not দোহা or দোহায়.
const StopWordPrefix = "="

// pluralEndings start the plural case endings (রা, েরা, দের and what
// follows them: দেরকে, রাও).
var pluralEndings = [][]rune{[]rune("রা"), []rune("েরা"), []rune("দের")}

// plural reports whether a case ending is a plural one.
func plural(ending []rune) bool {
	for _, p := range pluralEndings {
		if len(ending) >= len(p) && slices.Equal(ending[:len(p)], p) {
			return true
		}
	}
	return false
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
// organisation's name: a head word follows within orgHeadReach words,
// with nothing but spaces and name words between.
func (m *Matcher) followedByOrgHead(ft *foldedText, end int, ki *keyInfo) bool {
	rs := ft.runes
	if end+1 >= len(rs) || rs[end] != sep || m.g.entries[ki.entities[0]].Type != "LOC" {
		return false
	}
	next := rs[end+1:]
	for _, h := range m.nonPlace {
		if len(next) >= len(h) && slices.Equal(next[:len(h)], h) {
			we := len(h)
			for we < len(next) && isWord(next[we]) {
				we++
			}
			// The head itself, or with a case ending (কাপের), not a longer
			// word (কাপড়).
			if rest := next[len(h):we]; len(rest) == 0 || m.cons.has(rest) || m.vowel.has(rest) {
				return true
			}
		}
	}
	p := end
	for w := 0; w < orgHeadReach; w++ {
		if p+1 >= len(rs) || rs[p] != sep || !isWord(rs[p+1]) {
			return false
		}
		p++
		we := p
		for we < len(rs) && isWord(rs[we]) {
			we++
		}
		word := rs[p:we]
		for _, h := range m.orgHeads {
			if len(word) >= len(h) && slices.Equal(word[:len(h)], h) {
				return true
			}
		}
		for _, b := range m.nameBreaks {
			if slices.Equal(word, b) {
				return false
			}
		}
		p = we
	}
	return false
}

// localityWords mark an address or a dateline: a union's name counts only
// with one of them (or an inflected form) within localityReach words.
var localityWords = []string{
	"ইউনিয়ন", "ইউপি", "উপজেলা", "গ্রাম", "থানা", "জেলা", "পৌরসভা", "মহল্লা", "পাড়া",
	"বাজার", "হাট", "ঘাট", "মৌজা", "ওয়ার্ড", "এলাকা",
}

// localityReach is how many words before or after a union's name the
// matcher looks for a locality word.
const localityReach = 3

// nearLocalityWord reports a locality word within localityReach words of
// the mention at key runes [i, end), in the same clause.
func (m *Matcher) nearLocalityWord(ft *foldedText, i, end int) bool {
	rs := ft.runes
	is := func(word []rune) bool {
		for _, w := range m.locality {
			if len(word) >= len(w) && slices.Equal(word[:len(w)], w) {
				return true
			}
		}
		return false
	}
	p := end
	for w := 0; w < localityReach; w++ {
		if p+1 >= len(rs) || rs[p] != sep || !isWord(rs[p+1]) {
			break
		}
		p++
		we := p
		for we < len(rs) && isWord(rs[we]) {
			we++
		}
		if is(rs[p:we]) {
			return true
		}
		p = we
	}
	p = i
	for w := 0; w < localityReach; w++ {
		if p < 2 || rs[p-1] != sep || !isWord(rs[p-2]) {
			break
		}
		ws := p - 1
		for ws > 0 && isWord(rs[ws-1]) {
			ws--
		}
		if is(rs[ws : p-1]) {
			return true
		}
		p = ws
	}
	return false
}

// mdForms are how Bangladeshi news abbreviates মোহাম্মদ at the start of
// a name (মো. আবদুল হামিদ, মোঃ, মু.). It is part of the name as written,
// not a title, so a person's mention includes it.
var mdForms = []string{"মো", "মোঃ", "মু", "মুহা", "মোহা"}

// nameStart returns where the person's name found at key rune i begins:
// before an abbreviated মোহাম্মদ (see mdForms) written right before it,
// unless a match ending at nameFrom took it, else i.
func (m *Matcher) nameStart(ft *foldedText, i, nameFrom int) int {
	rs := ft.runes
	p := i
	if p < 2 || rs[p-1] != sep {
		return i
	}
	p--
	dot := rs[p-1] == '.'
	if dot {
		p--
		if p > 0 && rs[p-1] == sep {
			p--
		}
	}
	we := p
	for p > 0 && isWord(rs[p-1]) {
		p--
	}
	word := rs[p:we]
	if len(word) == 0 || p < nameFrom || (!dot && !slices.Equal(word, m.mdForms[1])) || !containsKey(m.mdForms, word) {
		return i
	}
	return p
}

// partOfLongerName reports a person's form at key runes [i, j), ending at
// end with any case ending, that has a name part right before it or,
// when it is bare, right after it (see namePartWords).
func (m *Matcher) partOfLongerName(ft *foldedText, i, j, end int) bool {
	rs := ft.runes
	if i >= 2 && rs[i-1] == sep && isWord(rs[i-2]) {
		ws := i - 1
		for ws > 0 && isWord(rs[ws-1]) {
			ws--
		}
		prev := rs[ws : i-1]
		for _, p := range m.nameParts {
			if slices.Equal(prev, p) {
				return true
			}
		}
	}
	if end != j || end+1 >= len(rs) || rs[end] != sep || !isWord(rs[end+1]) {
		return false
	}
	ws := end + 1
	we := ws
	for we < len(rs) && isWord(rs[we]) {
		we++
	}
	word := rs[ws:we]
	for _, p := range m.nameParts {
		if len(word) < len(p) || !slices.Equal(word[:len(p)], p) {
			continue
		}
		if rest := word[len(p):]; len(rest) == 0 || m.vowel.has(rest) || m.cons.has(rest) {
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
