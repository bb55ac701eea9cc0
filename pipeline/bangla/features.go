package bangla

import (
	"strings"
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
	start := -1
	for i, r := range text {
		switch {
		case unicode.IsSpace(r):
			if start >= 0 {
				dst = append(dst, Token{text[start:i], start, i})
				start = -1
			}
		case isPunct(r):
			if start >= 0 {
				dst = append(dst, Token{text[start:i], start, i})
				start = -1
			}
			n := utf8.RuneLen(r)
			dst = append(dst, Token{text[i : i+n], i, i + n})
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		dst = append(dst, Token{text[start:], start, len(text)})
	}
	return dst
}

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
// normalises names, its stem, and its first and last letters.
type word struct {
	norm, stem string
	p3         string // the first three runes
	x1, x2, x3 string // the last one, two and three runes
	digit      bool
}

// caseEndings are the endings stem removes, longest first: the case
// endings of names (খালেদা জিয়ার, হোসেনকে, রহমানসহ) and the emphatics,
// in normalised form (য় precomposed), as the words they are cut from.
var caseEndings = []string{"দেরকে", "েরা", "ের", "দের", "কে", "রা", "র", "ে", "য়", "তে", "সহ", "ও", "ই"}

// stem strips one case ending, if two runes or more remain.
func stem(s string) string {
	for _, e := range caseEndings {
		if strings.HasSuffix(s, e) && utf8.RuneCountInString(s)-utf8.RuneCountInString(e) >= 2 {
			return s[:len(s)-len(e)]
		}
	}
	return s
}

// newWord prepares a token for the features.
func newWord(tok string) word { return newNormalWord(gazetteer.Normalize(tok)) }

// newNormalWord prepares a token already normalised.
func newNormalWord(n string) word {
	w := word{norm: n, stem: stem(n)}
	w.p3 = firstRunes(n, 3)
	w.x1, w.x2, w.x3 = lastRunes(n, 1), lastRunes(n, 2), lastRunes(n, 3)
	if r, _ := utf8.DecodeRuneInString(n); unicode.IsDigit(r) {
		w.digit = true
	}
	return w
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

// features appends the hashed features of word i of ws given the tag of
// the word before it.
func features(ws []word, i int, prev tag, f []uint64) []uint64 {
	w := &ws[i]
	pt := tagNames[prev]
	f = append(f,
		uint64(newHash(fBias)),
		uint64(newHash(fWord).str(w.norm)),
		uint64(newHash(fStem).str(w.stem)),
		uint64(newHash(fPrefix3).str(w.p3)),
		uint64(newHash(fSuffix1).str(w.x1)),
		uint64(newHash(fSuffix2).str(w.x2)),
		uint64(newHash(fSuffix3).str(w.x3)),
		uint64(newHash(fPrevTag).str(pt)),
		uint64(newHash(fLen).str(lenBucket[min(utf8.RuneCountInString(w.norm), 8)])),
	)
	for k, d := range [4]int{-2, -1, 1, 2} {
		j := i + d
		wn, ws2 := startWord, startWord
		if j >= len(ws) {
			wn, ws2 = endWord, endWord
		} else if j >= 0 {
			wn, ws2 = ws[j].norm, ws[j].stem
		}
		f = append(f, uint64(newHash(fWordAt+byte(k)).str(wn)), uint64(newHash(fStemAt+byte(k)).str(ws2)))
	}
	prevWord := startWord
	if i > 0 {
		prevWord = ws[i-1].norm
	}
	f = append(f,
		uint64(newHash(fPrevTagStem).str(pt).sep().str(w.stem)),
		uint64(newHash(fPrevWordStem).str(prevWord).sep().str(w.stem)),
	)
	if w.digit {
		f = append(f, uint64(newHash(fDigit)))
	}
	for k, d := range [3]int{-1, 0, 1} {
		if j := i + d; j >= 0 && j < len(ws) && (nameParts[ws[j].norm] || nameParts[ws[j].stem]) {
			f = append(f, uint64(newHash(fNamePart+byte(k))))
		}
	}
	// An age in brackets after a name: মো. হাসান ( ২২ ).
	if i+2 < len(ws) && ws[i+1].norm == "(" && ws[i+2].digit {
		f = append(f, uint64(newHash(fAge)))
	}
	return f
}

var lenBucket = [9]string{"0", "1", "2", "3", "4", "5", "6", "7", "8"}
