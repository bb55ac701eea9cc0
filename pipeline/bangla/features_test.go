package bangla

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// specFeatures is the definition of the features the shipped model was
// trained on, written plainly: each feature's strings built and hashed
// whole. features computes the same hashes from each word's hashes,
// computed once; TestFeaturesMatchTheirDefinition holds the two together,
// since a feature hashed differently would silently be missing from the
// model.
func specFeatures(ws []word, i int, prev tag) []uint64 {
	hash := func(template byte, parts ...string) uint64 {
		h := newHash(template)
		for k, p := range parts {
			if k > 0 {
				h = h.sep()
			}
			h = h.str(p)
		}
		return uint64(h)
	}
	w := ws[i]
	pt := tagNames[prev]
	f := []uint64{
		hash(fBias),
		hash(fWord, w.norm),
		hash(fStem, w.stem),
		hash(fPrefix3, firstRunes(w.norm, 3)),
		hash(fSuffix1, lastRunes(w.norm, 1)),
		hash(fSuffix2, lastRunes(w.norm, 2)),
		hash(fSuffix3, lastRunes(w.norm, 3)),
		hash(fLen, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8"}[min(utf8.RuneCountInString(w.norm), 8)]),
	}
	for k, d := range [4]int{-2, -1, 1, 2} {
		j := i + d
		wn, ws2 := startWord, startWord
		if j >= len(ws) {
			wn, ws2 = endWord, endWord
		} else if j >= 0 {
			wn, ws2 = ws[j].norm, ws[j].stem
		}
		f = append(f, hash(fWordAt+byte(k), wn), hash(fStemAt+byte(k), ws2))
	}
	prevWord := startWord
	if i > 0 {
		prevWord = ws[i-1].norm
	}
	f = append(f, hash(fPrevWordStem, prevWord, w.stem))
	if r, _ := utf8.DecodeRuneInString(w.norm); unicode.IsDigit(r) {
		f = append(f, hash(fDigit))
	}
	for k, d := range [3]int{-1, 0, 1} {
		if j := i + d; j >= 0 && j < len(ws) && (nameParts[ws[j].norm] || nameParts[ws[j].stem]) {
			f = append(f, hash(fNamePart+byte(k)))
		}
	}
	if i+2 < len(ws) && ws[i+1].norm == "(" && ws[i+2].digit {
		f = append(f, hash(fAge))
	}
	return append(f, hash(fPrevTag, pt), hash(fPrevTagStem, pt, w.stem))
}

// TestFeaturesMatchTheirDefinition: on real sentences, and on the edge
// cases of every template (one-word sentences, digits, ages, name parts,
// case endings, short words, punctuation), features gives the hashes of
// their definition, in its order, after every tag.
func TestFeaturesMatchTheirDefinition(t *testing.T) {
	sentences := []string{
		"রাশিয়ার ইতিহাস নিয়ে গবেষণা করেছেন জর্জ ভার্নাদস্কি ।",
		"চেঙ্গিস খান কখনো লেখাপড়া শেখেননি । এর কিছুক্ষণ পরই চেঙ্গিস খানের মৃত্যু হয় ।",
		"মো. হাসান ( ২২ ) আহত হন ।",
		"সভায় সভাপতিত্ব করেন আবদুল করিম , রহমানসহ খালেদা জিয়ার হোসেনকে শিক্ষার্থীদেরকে ।",
		"কবির",
		"২০২৫",
		"ক খ",
		"Reuters জানায় 12 জন (3) নিহত ।",
		"আলি আলী মোহাম্মদ মুহাম্মদ",
	}
	seen := map[uint64]bool{}
	for _, s := range sentences {
		var ws []word
		for _, tok := range strings.Fields(s) {
			ws = append(ws, newWord(tok))
		}
		for i := range ws {
			for prev := tagO; prev < nTags; prev++ {
				got, want := features(ws, i, prev, nil), specFeatures(ws, i, prev)
				for _, x := range got {
					seen[x] = true
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q word %d after %s:\n got %x\nwant %x", s, i, tagNames[prev], got, want)
				}
			}
		}
	}
	for name, h := range map[string]fhash{"digit": digitHash, "age": ageHash, "name part before": namePartAt[0], "name part": namePartAt[1], "name part after": namePartAt[2]} {
		if !seen[uint64(h)] {
			t.Errorf("no sentence has the %s feature", name)
		}
	}
}

// specTokenize is Tokenize as first written, rune by rune: the definition
// FuzzTokenize holds the faster Tokenize to.
func specTokenize(text string) []Token {
	var dst []Token
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

// FuzzTokenize: on any text, even invalid UTF-8, Tokenize splits as its
// definition does.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"মো. হাসান ( ২২ ) ।", "তিনি (চেঙ্গিস খান) বলেন,“না”।", "বিএনপি-জামায়াত  জোট\nনেতা",
		"a\u00a0b\u2003c\u0085d", "\xe0\xa6", "\xe0\xa6\xe0\xa7\x80", "\xe0\xa7\xbf।\xff", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Tokenize(s, nil), specTokenize(s); !slices.Equal(got, want) {
			t.Fatalf("Tokenize(%q)\n got %v\nwant %v", s, got, want)
		}
	})
}

// FuzzAffixes: on any word, even invalid UTF-8, affixes and stem give
// the rune-by-rune definitions' results. affixes hands invalid UTF-8 to
// those very definitions, so only valid words test its one-pass path.
func FuzzAffixes(f *testing.F) {
	for _, s := range []string{"", "ক", "কখ", "খানের", "শিক্ষার্থীদেরকে", "রহমানসহ", "তেহরানে", "২২", "a\xffb", "\xe0\xa6", "দেরকে"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		runes, first3, last1, last2, last3 := affixes(s)
		if utf8.ValidString(s) && (runes != utf8.RuneCountInString(s) || first3 != firstRunes(s, 3) || last1 != lastRunes(s, 1) || last2 != lastRunes(s, 2) || last3 != lastRunes(s, 3)) {
			t.Errorf("affixes(%q) = %d %q %q %q %q", s, runes, first3, last1, last2, last3)
		}
		want := s
		for _, e := range caseEndings {
			if strings.HasSuffix(s, e) && utf8.RuneCountInString(s)-utf8.RuneCountInString(e) >= 2 {
				want = s[:len(s)-len(e)]
				break
			}
		}
		if got := stem(s); got != want {
			t.Errorf("stem(%q) = %q, want %q", s, got, want)
		}
	})
}
