package bangla

import (
	"strings"
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
)

// normalText returns gazetteer.Normalize(text), calling it only on the
// stretches of text it could change: most Bangla news is already in
// normal form, and normalising it all took a quarter of the tagger's
// time.
//
// The text is cut before every ASCII byte. Normalize works on such
// pieces independently: an ASCII character is a starter that composes
// with nothing before it, so NFC never acts across the cut, and Normalize's
// own rules (dropping zero-width characters, merging য/ড/ঢ with a nukta
// and ে with া or ৗ) look one rune ahead, at a nukta or a vowel sign, never
// at an ASCII character. A piece whose runes all leave it unchanged
// (see unchanged) is copied; one whose only change is a letter and a
// nukta written apart, as some outlets write all their য় and ড়, has them
// joined (see joinNuktas); the others are normalised. Text that is not
// valid UTF-8 is normalised whole, as Normalize would.
func normalText(text string) string {
	var b strings.Builder // in use once a piece changes
	done := 0             // text[:done] is written to b
	piece := 0            // where the current piece starts
	change := same        // what the current piece needs
	prev := rune(-1)
	endPiece := func(end int) {
		if change == same {
			return
		}
		if b.Cap() == 0 {
			b.Grow(len(text))
		}
		b.WriteString(text[done:piece])
		if change == nuktas {
			joinNuktas(&b, text[piece:end])
		} else {
			b.WriteString(gazetteer.Normalize(text[piece:end]))
		}
		done = end
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			endPiece(i)
			piece, change, prev = i, same, rune(c)
			i++
			continue
		}
		var r rune
		n := 3
		if c := text[i]; c == 0xE0 && i+2 < len(text) && (text[i+1] == 0xA6 || text[i+1] == 0xA7) && text[i+2]&0xC0 == 0x80 {
			// The Bengali block, most of the text, decoded inline.
			r = 0x0980 + rune(text[i+1]-0xA6)<<6 + rune(text[i+2]&0x3F)
		} else if r, n = utf8.DecodeRuneInString(text[i:]); r == utf8.RuneError && n == 1 {
			return gazetteer.Normalize(text)
		}
		if change != whole && !unchanged(prev, r) {
			if r == bnNukta && (prev == bnYa || prev == bnDda || prev == bnDdha) {
				change = nuktas
			} else {
				change = whole
			}
		}
		prev = r
		i += n
	}
	endPiece(len(text))
	if b.Cap() == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// What a piece of text needs to be in normal form.
const (
	same   = iota // nothing
	nuktas        // a letter and a nukta joined, here and there
	whole         // Normalize
)

// joinNuktas writes s with every য, ড and ঢ followed by a nukta written
// as the one precomposed letter, as Normalize writes them. In a piece
// whose other runes are unchanged, NFC leaves the pair as it is (the
// precomposed letters are excluded from composition), and no mark after
// the nukta has a lower class, so nothing reorders.
func joinNuktas(b *strings.Builder, s string) {
	const nukta = "\u09BC"
	for {
		i := strings.Index(s, nukta)
		if i < 0 {
			b.WriteString(s)
			return
		}
		joined := rune(-1)
		if i >= 3 {
			switch s[i-3 : i] {
			case "\u09AF":
				joined = '\u09DF'
			case "\u09A1":
				joined = '\u09DC'
			case "\u09A2":
				joined = '\u09DD'
			}
		}
		if joined < 0 {
			b.WriteString(s[:i+len(nukta)])
		} else {
			b.WriteString(s[:i-3])
			b.WriteRune(joined)
		}
		s = s[i+len(nukta):]
	}
}

// Bangla code points that Normalize, or NFC under it, may change or
// combine with a neighbour.
const (
	bnDda    = '\u09A1' // ড
	bnDdha   = '\u09A2' // ঢ
	bnYa     = '\u09AF' // য
	bnNukta  = '\u09BC' // ় (canonical combining class 7)
	bnSignAA = '\u09BE' // া
	bnSignE  = '\u09C7' // ে
	bnVirama = '\u09CD' // ্ (class 9)
	bnLength = '\u09D7' // ৗ
	bnSandhi = '\u09FE' // (class 230)
)

// unchanged reports whether Normalize leaves rune r after rune prev as it
// is, prev being the rune before it in the same piece (ASCII if the piece
// starts with it). In the Bengali block NFC composes only ে with a following
// া or ৗ (into ো and ৌ, which it leaves as they are); the precomposed ড়, ঢ়
// and য় it splits into letter and nukta, and Normalize joins them again,
// as it joins a letter and nukta written apart. The only marks that are
// not starters are the nukta, the virama and the sandhi mark, and NFC
// reorders them only when one follows a mark of a higher class.
// The danda and the commonest dashes and quotes compose with nothing. Everything else, the zero-width characters among them,
// is left to Normalize.
func unchanged(prev, r rune) bool {
	switch {
	case r >= 0x0980 && r <= 0x09FF:
		switch r {
		case bnNukta:
			return prev != bnYa && prev != bnDda && prev != bnDdha && prev != bnVirama && prev != bnSandhi
		case bnVirama:
			return prev != bnSandhi
		case bnSignAA, bnLength:
			return prev != bnSignE
		}
		return true
	}
	switch r {
	case '।', '॥', '‐', '‑', '‒', '–', '—', '―', '‘', '’', '‚', '“', '”', '„', '•', '…':
		return true
	}
	return false
}
