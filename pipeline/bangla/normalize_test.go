package bangla

import (
	"testing"
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
	"golang.org/x/text/unicode/norm"
)

// TestNormalTextIsNormalize: on text in normal form and on every kind of
// text Normalize changes, normalText gives what Normalize gives; on text
// in normal form it allocates nothing.
func TestNormalTextIsNormalize(t *testing.T) {
	tests := []string{
		"",
		"রাশিয়ার ইতিহাস নিয়ে গবেষণা করেছেন জর্জ ভার্নাদস্কি।",
		"তিনি (চেঙ্গিস খান) বলেন,“না”।",
		"বিএনপি-জামায়াত জোট\nনেতা — ‘আমরা’ …",
		"র\u200d্যাব ও পুলিশ",                   // ZWJ
		"শিক্ষা\u200cর্থী রাশিয়ার",             // ZWNJ
		"রাশিয\u09bcার নিয\u09bcে",              // য় written apart
		"বাংলাদেশের পতাকা বড\u09bc",             // ড় written apart
		"ক\u09c7\u09beথায় ক\u09c7\u09d7শল",     // split vowel signs
		"ক\u09cd\u09bc ক\u09bc\u09cd",           // nukta after virama, and before it
		"ক\u09fe\u09cd ক\u09fe\u09bc",           // the sandhi mark before a lower class
		"Café Cafe\u0301 naïve",                 // Latin, precomposed and not
		"ক\u00adখ ক\u200bখ ক\ufeffখ ক\u2060খ",   // soft hyphen, zero-width space, BOM, word joiner
		"মো. হাসান ( ২২ ) ।\xff আবদুল\xe0\xa6",  // invalid UTF-8
		"য়ড়ঢ় য়\u09bc ড়\u09cd ো ৌ",          // precomposed letters and vowels
		"\u09be\u09d7\u09bc\u09cd শুরুতে চিহ্ন", // marks with nothing before them
	}
	for _, s := range tests {
		if got, want := normalText(s), gazetteer.Normalize(s); got != want {
			t.Errorf("normalText(%q) = %q, want %q", s, got, want)
		}
	}
	normal := gazetteer.Normalize(tests[1] + tests[2] + tests[3])
	if n := testing.AllocsPerRun(10, func() { normalText(normal) }); n != 0 {
		t.Errorf("normalText allocates %v times on text in normal form", n)
	}
}

// TestNormalTextOnEveryPair checks normalText against Normalize on every
// pair of runes from the Bengali block, the punctuation changeOf
// lets through, ASCII and the zero-width characters and marks Normalize
// handles, and on every triple of the runes that combine or reorder.
// Together with the proof in normalText's comment (pieces are independent,
// and a rune's fate depends on the rune before it only), this covers
// every text.
func TestNormalTextOnEveryPair(t *testing.T) {
	var alphabet []rune
	for r := rune(0x0980); r <= 0x09FF; r++ {
		alphabet = append(alphabet, r)
	}
	for r := rune(0x2010); r <= 0x2027; r++ {
		alphabet = append(alphabet, r)
	}
	alphabet = append(alphabet, '।', '॥', ' ', 'a', 'A', '.', '(', '\n',
		'\u200c', '\u200d', '\u00ad', '\u200b', '\ufeff', '\u2060', '\u0301', '\u093c', '\u094d', 'é', 'ো')
	for _, a := range alphabet {
		for _, b := range alphabet {
			s := string([]rune{a, b})
			if got, want := normalText(s), gazetteer.Normalize(s); got != want {
				t.Fatalf("normalText(%q) = %q, want %q", s, got, want)
			}
		}
	}
	special := []rune{bnDda, bnDdha, bnYa, bnNukta, bnSignAA, bnSignE, bnVirama, bnLength, bnSandhi,
		'\u09DC', '\u09DD', '\u09DF', '\u09CB', '\u09CC', 'ক', ' ', 'a', '\u200c', '\u0301'}
	for _, a := range special {
		for _, b := range special {
			for _, c := range special {
				s := string([]rune{a, b, c})
				if got, want := normalText(s), gazetteer.Normalize(s); got != want {
					t.Fatalf("normalText(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

// TestChangeOfMatchesUnicode: the facts changeOf rests on, read from
// the Unicode tables the normaliser uses: in the Bengali block only the
// nukta, the virama and the sandhi mark are not starters, and only ো, ৌ,
// ড়, ঢ় and য় decompose; the punctuation it lets through is inert, neither
// composing nor decomposing.
func TestChangeOfMatchesUnicode(t *testing.T) {
	ccc := map[rune]uint8{bnNukta: 7, bnVirama: 9, bnSandhi: 230}
	decomposes := map[rune]bool{'\u09CB': true, '\u09CC': true, '\u09DC': true, '\u09DD': true, '\u09DF': true}
	for r := rune(0x0980); r <= 0x09FF; r++ {
		p := norm.NFC.PropertiesString(string(r))
		if p.CCC() != ccc[r] {
			t.Errorf("%U: combining class %d, want %d", r, p.CCC(), ccc[r])
		}
		if d := norm.NFD.PropertiesString(string(r)).Decomposition(); (len(d) > 0) != decomposes[r] {
			t.Errorf("%U: decomposition %q", r, d)
		}
	}
	for r := rune(0); r < 0x3000; r++ {
		if r >= 0x0980 && r <= 0x09FF || !utf8.ValidRune(r) || changeOf('a', r) != same {
			continue
		}
		p := norm.NFC.PropertiesString(string(r))
		if !p.BoundaryBefore() || !p.BoundaryAfter() || p.CCC() != 0 || len(norm.NFD.PropertiesString(string(r)).Decomposition()) > 0 {
			t.Errorf("%U is let through but may compose or decompose", r)
		}
	}
}

// FuzzNormalText: on any text, normalText is Normalize.
func FuzzNormalText(f *testing.F) {
	for _, s := range []string{"রাশিয়ার ইতিহাস", "রাশিয\u09bcার", "ক\u09c7\u09beথায়", "ক\u09cd\u09bc", "র\u200d্যাব", "Cafe\u0301", "\xffআ\xe0\xa6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalText(s), gazetteer.Normalize(s); got != want {
			t.Fatalf("normalText(%q) = %q, want %q", s, got, want)
		}
	})
}
