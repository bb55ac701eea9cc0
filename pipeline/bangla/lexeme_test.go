package bangla

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
)

// TestScoresMatchFeatures: the tagger scores a word from lexemes, with
// the weights of each distinct word looked up once; training weighs the
// features one by one (Model.sum). On real sentences and every
// template's edge cases, with the shipped model, after every tag, the
// two give the same scores, so they tag alike.
func TestScoresMatchFeatures(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{
		"রাশিয়ার ইতিহাস নিয়ে গবেষণা করেছেন জর্জ ভার্নাদস্কি ।",
		"চেঙ্গিস খান কখনো লেখাপড়া শেখেননি । এর কিছুক্ষণ পরই চেঙ্গিস খানের মৃত্যু হয় ।",
		"মো. হাসান ( ২২ ) আহত হন ।",
		"সভায় সভাপতিত্ব করেন আবদুল করিম , রহমানসহ খালেদা জিয়ার হোসেনকে শিক্ষার্থীদেরকে ।",
		"বক্তব্য দেন রফিকুল ইসলাম ও মোহাম্মদ আলী ।",
		"কবির",
		"২০২৫",
		"ক খ",
		"Reuters জানায় 12 জন (3) নিহত ।",
	}
	for _, s := range sentences {
		var ws []word
		var lex []*lexeme
		for _, tok := range strings.Fields(s) {
			w := newWord(tok)
			l := m.lexeme(&w)
			ws, lex = append(ws, w), append(lex, &l)
		}
		for i := range ws {
			for prev := tagO; prev < nTags; prev++ {
				var want [nTags]float32
				for _, x := range features(ws, i, prev, nil) {
					if w, ok := m.weights(x); ok {
						add(&want, &w)
					}
				}
				// == and not the bits: a zero's sign may differ (see add).
				start, end := &m.constants.edges[0], &m.constants.edges[1]
				padded := append(append([]*lexeme{start, start}, lex...), end, end)
				if got := m.afterTag(m.base(padded, i+2), padded[i+2], prev); got != want {
					t.Errorf("%q word %d after %s: score %v, features give %v", s, i, tagNames[prev], got, want)
				}
			}
		}
	}
}

// FuzzLexemeWords: the word the tagger reads for each token of a text is
// the token as Normalize writes it within the whole text (or, where that
// joins or splits tokens, by itself), however the text was found to
// need normalising (see Recognizer.lexemes); and lexemes tells valid
// UTF-8 from the rest.
func FuzzLexemeWords(f *testing.F) {
	r, err := New(nil)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"রাশিয়ার ইতিহাস নিয়ে গবেষণা করেছেন জর্জ ভার্নাদস্কি।",
		"রাশিয\u09bcার নিয\u09bcে, ক\u09c7\u09beথায় ক\u09c7\u09d7শল।", // joins only
		"র\u200d্যাব রাশিয\u09bcার",                                    // and a zero-width joiner
		"\u200c ক\u200c", "ক\u09cd\u09bc", "\xffআ\xe0\xa6", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sc := &scratch{index: map[string]int32{}}
		toks, valid := r.lexemes(sc, text)
		if valid != utf8.ValidString(text) {
			t.Errorf("%q: valid UTF-8 %v", text, valid)
		}
		want := Tokenize(gazetteer.Normalize(text), nil)
		for i, tok := range toks {
			w := gazetteer.Normalize(tok.Text)
			if len(want) == len(toks) {
				w = want[i].Text
			}
			if got := sc.lexeme(sc.ids[i]).norm; got != w {
				t.Fatalf("%q: token %d %q reads %q, want %q", text, i, tok.Text, got, w)
			}
		}
	})
}
