package bangla

import (
	"strings"
	"testing"
)

// TestScoresMatchFeatures: the tagger scores a word from lexemes, with
// the weights of each distinct word looked up once; training weighs the
// features one by one (Model.best). On real sentences and every
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
				if got := m.score(lex, i, prev); got != want {
					t.Errorf("%q word %d after %s: score %v, features give %v", s, i, tagNames[prev], got, want)
				}
			}
		}
	}
}
