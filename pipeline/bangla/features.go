package bangla

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
)

// Token is one word or punctuation mark of a text, with its byte span.
type Token struct {
	Text       string
	Start, End int
}

// isPunct reports a rune that is a token by itself: sentence and clause
// punctuation, brackets and quotes. Hyphens stay inside words, as the
// training data has them (বিএনপি-জামায়াত).
func isPunct(r rune) bool {
	switch r {
	case '।', '॥', ',', ';', ':', '!', '?', '(', ')', '[', ']', '{', '}', '\'', '"', '‘', '’', '“', '”', '—', '–':
		return true
	}
	return false
}

// Tokenize splits text into words and punctuation marks, the way the
// training data is split.
func Tokenize(text string, dst []Token) []Token {
	dst, _, _ = tokenize(text, dst, nil)
	return dst
}

// tokenize is Tokenize, reading on the way what Normalize would do to
// the text (see changeOf), so that the tagger need not read it again: it
// appends to joinsIn, for each token, whether Normalize joins runes in it,
// and returns the most any rune of the text needs. Joined runes are
// letters and signs, always in one token.
func tokenize(text string, dst []Token, joinsIn []bool) ([]Token, []bool, change) {
	start := -1
	need, tokenJoins := same, false
	prev := rune(-1)
	end := func(at int) {
		dst = append(dst, Token{text[start:at], start, at})
		joinsIn = append(joinsIn, tokenJoins)
		start, tokenJoins = -1, false
	}
	for i := 0; i < len(text); {
		// Most of the text is runs of Bangla letters and signs, which are
		// neither spaces nor punctuation: a run is read in one go.
		if r, ok := bengaliAt(text, i); ok {
			if start < 0 {
				start = i
			}
			for ok {
				if need < whole && changesAfter(r) {
					switch changeOf(prev, r) {
					case joins:
						tokenJoins, need = true, joins
					case whole:
						need = whole
					}
				}
				prev = r
				i += 3
				r, ok = bengaliAt(text, i)
			}
			continue
		}
		// ASCII, which Normalize leaves alone, or another rune.
		c, n := text[i], 1
		r, class := rune(c), inWord
		if c < utf8.RuneSelf {
			class = asciiClass[c]
		} else {
			r, n = utf8.DecodeRuneInString(text[i:])
			class = classOf(r)
			switch {
			case r == utf8.RuneError && n == 1:
				need = whole // as Normalize has it
			case need < whole:
				switch changeOf(prev, r) {
				case joins:
					tokenJoins, need = true, joins
				case whole:
					need = whole
				}
			}
		}
		switch class {
		case space:
			if start >= 0 {
				end(i)
			}
		case punct:
			if start >= 0 {
				end(i)
			}
			start = i
			end(i + n)
		default:
			if start < 0 {
				start = i
			}
		}
		prev = r
		i += n
	}
	if start >= 0 {
		end(len(text))
	}
	return dst, joinsIn, need
}

// runeClass is what a rune is to Tokenize.
type runeClass uint8

const (
	inWord runeClass = iota
	space
	punct
)

func classOf(r rune) runeClass {
	switch {
	case unicode.IsSpace(r):
		return space
	case isPunct(r):
		return punct
	}
	return inWord
}

// asciiClass is classOf for ASCII. Computed once, read-only.
var asciiClass = func() (t [utf8.RuneSelf]runeClass) {
	for c := range t {
		t[c] = classOf(rune(c))
	}
	return t
}()

// joinAbbreviations joins a full stop written apart from a short word
// before it (মো . হাসান, as some annotated data has it) to that word, as
// Tokenize keeps them (মো. হাসান). It returns the tokens and, for each,
// the index of its first token in the input.
func joinAbbreviations(tokens []string) ([]string, []int) {
	out := make([]string, 0, len(tokens))
	at := make([]int, 0, len(tokens))
	for i, t := range tokens {
		if n := len(out); t == "." && n > 0 && at[n-1] == i-1 && utf8.RuneCountInString(out[n-1]) <= 3 && !isPunctWord(out[n-1]) {
			out[n-1] += "."
			continue
		}
		out = append(out, t)
		at = append(at, i)
	}
	return out, at
}

// isPunctWord reports a token that is one punctuation mark.
func isPunctWord(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return n == len(t) && (isPunct(r) || r == '.')
}

// endsSentence reports a token after which a sentence ends.
func endsSentence(t string) bool { return t == "।" || t == "॥" || t == "?" || t == "!" }

// word is a token as the features see it: normalised as the gazetteer
// normalises names, its stem, and the hashes of the features it takes
// part in. Every word is read by the feature windows of five words (its
// own and two on each side), so its strings are hashed once, here, and
// the windows combine the hashes.
type word struct {
	norm, stem string
	digit      bool
	namePart   bool // norm or stem is one of nameParts
	h          wordHashes
}

// wordHashes are a word's feature hashes, each its template's hash
// continued with the word's strings (see features for the templates).
type wordHashes struct {
	word, stem, prefix3, suffix1, suffix2, suffix3, len fhash
	// wordAt and stemAt are the word as the neighbour at offset -2, -1,
	// +1, +2 of another word.
	wordAt, stemAt [4]fhash
	// prevTagStem is the word's stem after each tag of the word before.
	prevTagStem [nTags]fhash
	// prevWord is fPrevWordStem continued with this word and the
	// separator: the word after it continues it with its own stem.
	prevWord fhash
}

// caseEndings are the endings stem removes, longest first: the case
// endings of names (খালেদা জিয়ার, হোসেনকে, রহমানসহ) and the emphatics,
// in normalised form (য় precomposed), as the words they are cut from.
var caseEndings = []string{"দেরকে", "েরা", "ের", "দের", "কে", "রা", "র", "ে", "য়", "তে", "সহ", "ও", "ই"}

// caseEndingRunes are the lengths of caseEndings in runes.
var caseEndingRunes = func() []int {
	n := make([]int, len(caseEndings))
	for i, e := range caseEndings {
		n[i] = utf8.RuneCountInString(e)
	}
	return n
}()

// stem strips one case ending, if two runes or more remain.
func stem(s string) string { return stemOf(s, utf8.RuneCountInString(s)) }

// stemOf is stem of s, which is runes runes long.
func stemOf(s string, runes int) string {
	for i, e := range caseEndings {
		// The last byte first: most words end otherwise.
		if len(s) >= len(e) && s[len(s)-1] == e[len(e)-1] && s[len(s)-len(e):] == e && runes-caseEndingRunes[i] >= 2 {
			return s[:len(s)-len(e)]
		}
	}
	return s
}

// newWord prepares a token for the features.
func newWord(tok string) word { return newNormalWord(gazetteer.Normalize(tok)) }

// newNormalWord prepares a token already normalised.
func newNormalWord(n string) word {
	runes, first3, last1, last2, last3 := affixes(n)
	w := word{norm: n, stem: stemOf(n, runes), namePart: nameParts[n]}
	if w.stem != n {
		w.namePart = w.namePart || nameParts[w.stem]
	}
	if r, _ := utf8.DecodeRuneInString(n); unicode.IsDigit(r) {
		w.digit = true
	}
	h := &w.h
	byNorm := [6]fhash{
		newHash(fWord), newHash(fWordAt), newHash(fWordAt + 1), newHash(fWordAt + 2), newHash(fWordAt + 3),
		newHash(fPrevWordStem),
	}
	str6(n, &byNorm)
	h.word, h.wordAt = byNorm[0], [4]fhash(byNorm[1:5])
	h.prevWord = byNorm[5].sep()
	byStem := [8]fhash{
		newHash(fStem), newHash(fStemAt), newHash(fStemAt + 1), newHash(fStemAt + 2), newHash(fStemAt + 3),
		prevTagStart[tagO], prevTagStart[tagB], prevTagStart[tagI],
	}
	str8(w.stem, &byStem)
	h.stem, h.stemAt, h.prevTagStem = byStem[0], [4]fhash(byStem[1:5]), [nTags]fhash(byStem[5:8])
	h.prefix3 = newHash(fPrefix3).str(first3)
	h.suffix1 = newHash(fSuffix1).str(last1)
	h.suffix2 = newHash(fSuffix2).str(last2)
	h.suffix3 = newHash(fSuffix3).str(last3)
	h.len = lenHash[min(runes, 8)]
	return w
}

// affixes returns the length of s in runes, its first three runes and
// its last one, two and three. Valid UTF-8, which Normalize always
// returns, is read in one pass over its bytes, a rune starting at every
// byte that is not a continuation byte; other text rune by rune.
func affixes(s string) (runes int, first3, last1, last2, last3 string) {
	if !utf8.ValidString(s) {
		return utf8.RuneCountInString(s), firstRunes(s, 3), lastRunes(s, 1), lastRunes(s, 2), lastRunes(s, 3)
	}
	end3 := len(s) // where the fourth rune starts
	var at [3]int  // where the last three runes start, the last one last
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			if runes == 3 {
				end3 = i
			}
			runes++
			at = [3]int{at[1], at[2], i}
		}
	}
	return runes, s[:end3], s[at[2]:], s[at[1]:], s[at[0]:]
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func lastRunes(s string, n int) string {
	i := len(s)
	for i > 0 && n > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
	}
	return s[i:]
}

// FNV-1a, 64 bits: features are hashed, never built as strings, so the
// tagger allocates nothing per feature.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type fhash uint64

func newHash(template byte) fhash { return (fnvOffset ^ fhash(template)) * fnvPrime }

func (h fhash) str(s string) fhash {
	for i := 0; i < len(s); i++ {
		h ^= fhash(s[i])
		h *= fnvPrime
	}
	return h
}

func (h fhash) sep() fhash { return (h ^ 0xff) * fnvPrime }

// str6 and str8 continue each of six or eight hashes with s, in one pass
// over s: the hashes are independent chains of multiplications, which
// the CPU runs side by side when they are held in registers (a loop over
// a slice of hashes runs at half the speed).
func str6(s string, h *[6]fhash) {
	a, b, c, d, e, f := h[0], h[1], h[2], h[3], h[4], h[5]
	for i := 0; i < len(s); i++ {
		x := fhash(s[i])
		a, b, c = (a^x)*fnvPrime, (b^x)*fnvPrime, (c^x)*fnvPrime
		d, e, f = (d^x)*fnvPrime, (e^x)*fnvPrime, (f^x)*fnvPrime
	}
	*h = [6]fhash{a, b, c, d, e, f}
}

func str8(s string, h *[8]fhash) {
	a, b, c, d, e, f, g, k := h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
	for i := 0; i < len(s); i++ {
		x := fhash(s[i])
		a, b, c, d = (a^x)*fnvPrime, (b^x)*fnvPrime, (c^x)*fnvPrime, (d^x)*fnvPrime
		e, f, g, k = (e^x)*fnvPrime, (f^x)*fnvPrime, (g^x)*fnvPrime, (k^x)*fnvPrime
	}
	*h = [8]fhash{a, b, c, d, e, f, g, k}
}

// Feature templates. Their numbers are part of the model file: change one
// and the model must be trained again.
const (
	fBias byte = iota
	fWord
	fStem
	fPrefix3
	fSuffix1
	fSuffix2
	fSuffix3
	fPrevTag
	fLen
	fWordAt // + 0..3 for offsets -2, -1, +1, +2
	_
	_
	_
	fStemAt // + 0..3
	_
	_
	_
	fPrevTagStem
	fPrevWordStem
	fDigit
	fAge
	fNamePart // + 0..2 for the word before, this one, the one after
)

// nameParts are the commonest parts of Bangladeshi personal names and
// the letters written for initials (gazetteer.NameParts), normalised: a
// word that is one of them, bare or with a case ending, or next to one,
// is likely part of a name. The parts are not stemmed themselves: কবির
// would become কবি ("poet"). Built once, read-only. The list is part of
// the model's features: TestNamePartsArePinned fails when it changes,
// and the model must then be trained again.
var nameParts = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range gazetteer.NameParts() {
		m[gazetteer.Normalize(w)] = true
	}
	return m
}()

// Sentence edges for the words before the first and after the last.
const (
	startWord = "<s>"
	endWord   = "</s>"
)

// The hashes of the features that do not depend on the words, or only
// on a word's length: computed once, read-only.
var (
	biasHash    = newHash(fBias)
	digitHash   = newHash(fDigit)
	ageHash     = newHash(fAge)
	namePartAt  = [3]fhash{newHash(fNamePart), newHash(fNamePart + 1), newHash(fNamePart + 2)}
	prevTagHash [nTags]fhash
	// prevTagStart is fPrevTagStem continued with each tag and the
	// separator, as a word's stem continues it.
	prevTagStart [nTags]fhash
	lenHash      [9]fhash
	// edges are the sentence edges as neighbours: edges[0] before the
	// first word, edges[1] after the last.
	edges [2]wordHashes
)

func init() {
	for t, name := range tagNames {
		prevTagHash[t] = newHash(fPrevTag).str(name)
		prevTagStart[t] = newHash(fPrevTagStem).str(name).sep()
	}
	for n := range lenHash {
		lenHash[n] = newHash(fLen).str(strconv.Itoa(n))
	}
	for e, s := range [2]string{startWord, endWord} {
		for k := range 4 {
			edges[e].wordAt[k] = newHash(fWordAt + byte(k)).str(s)
			edges[e].stemAt[k] = newHash(fStemAt + byte(k)).str(s)
		}
		edges[e].prevWord = newHash(fPrevWordStem).str(s).sep()
	}
}

// features appends the hashed features of word i of ws given the tag of
// the word before it. The order is part of the model: the scores are
// sums of float32 weights in this order. The two features of the tag
// before come last (prevFeatures), so that training and tagging sum the
// rest (wordFeatures) once and add each tag's two.
func features(ws []word, i int, prev tag, f []uint64) []uint64 {
	pf := prevFeatures(&ws[i], prev)
	return append(wordFeatures(ws, i, f), pf[:]...)
}

// prevFeatures are the features of word w that depend on the tag of the
// word before it.
func prevFeatures(w *word, prev tag) [2]uint64 {
	return [2]uint64{uint64(prevTagHash[prev]), uint64(w.h.prevTagStem[prev])}
}

// wordFeatures appends the features of word i of ws that do not depend
// on the tag before it.
func wordFeatures(ws []word, i int, f []uint64) []uint64 {
	w := &ws[i]
	f = append(f,
		uint64(biasHash),
		uint64(w.h.word),
		uint64(w.h.stem),
		uint64(w.h.prefix3),
		uint64(w.h.suffix1),
		uint64(w.h.suffix2),
		uint64(w.h.suffix3),
		uint64(w.h.len),
	)
	for k, d := range [4]int{-2, -1, 1, 2} {
		n := &edges[0]
		if j := i + d; j >= len(ws) {
			n = &edges[1]
		} else if j >= 0 {
			n = &ws[j].h
		}
		f = append(f, uint64(n.wordAt[k]), uint64(n.stemAt[k]))
	}
	prevWord := edges[0].prevWord
	if i > 0 {
		prevWord = ws[i-1].h.prevWord
	}
	f = append(f, uint64(prevWord.str(w.stem)))
	if w.digit {
		f = append(f, uint64(digitHash))
	}
	for k := range 3 {
		if j := i + k - 1; j >= 0 && j < len(ws) && ws[j].namePart {
			f = append(f, uint64(namePartAt[k]))
		}
	}
	// An age in brackets after a name: মো. হাসান ( ২২ ).
	if i+2 < len(ws) && ws[i+1].norm == "(" && ws[i+2].digit {
		f = append(f, uint64(ageHash))
	}
	return f
}
