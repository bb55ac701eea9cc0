package bangla

import (
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
)

// normalText returns gazetteer.Normalize(text), calling it only on the
// stretches of text where it does more than join two runes: normalising
// whole texts took a quarter of the tagger's time, and most Bangla news
// is in normal form but for a letter and a nukta, or two halves of a
// vowel sign, written apart.
//
// The text is cut before every ASCII byte. Normalize works on such
// pieces independently: an ASCII character is a starter that composes
// with nothing before it, so NFC never acts across the cut, and Normalize's
// own rules (dropping zero-width characters, merging য/ড/ঢ with a nukta
// and ে with া or ৗ) look one rune ahead, at a nukta or a vowel sign, never
// at an ASCII character. A piece whose runes all leave it unchanged is
// copied, one that needs only runes joined (see changeOf) is copied with
// them joined, and the others are normalised. Text that is not valid
// UTF-8 is normalised whole, as Normalize would.
func normalText(text string) string {
	var b []byte // in use once a piece changes
	done := 0    // text[:done] is written to b
	piece := 0   // where the current piece starts
	need := same // what the current piece needs
	prev := rune(-1)
	endPiece := func(end int) {
		if need == same {
			return
		}
		if b == nil {
			b = make([]byte, 0, len(text))
		}
		b = append(b, text[done:piece]...)
		if need == joins {
			b = appendJoined(b, text[piece:end])
		} else {
			b = append(b, gazetteer.Normalize(text[piece:end])...)
		}
		done = end
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			endPiece(i)
			piece, need, prev = i, same, rune(c)
			i++
			continue
		}
		r, n := decodeRune(text, i)
		if r == utf8.RuneError && n == 1 {
			return gazetteer.Normalize(text)
		}
		need = max(need, changeOf(prev, r))
		prev = r
		i += n
	}
	endPiece(len(text))
	if b == nil {
		return text
	}
	return string(append(b, text[done:]...))
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), with the Bengali block,
// most of the text, decoded inline.
func decodeRune(s string, i int) (rune, int) {
	if r, ok := bengaliAt(s, i); ok {
		return r, 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// bengaliAt returns the rune of the Bengali block (U+0980 to U+09FF)
// encoded at s[i], if there is one.
func bengaliAt(s string, i int) (rune, bool) {
	if i+2 < len(s) && s[i] == 0xE0 && (s[i+1] == 0xA6 || s[i+1] == 0xA7) && s[i+2]&0xC0 == 0x80 {
		return 0x0980 + rune(s[i+1]-0xA6)<<6 + rune(s[i+2]&0x3F), true
	}
	return 0, false
}

// change is what Normalize does to a rune after another; a stretch of
// text needs the most its runes need.
type change uint8

const (
	same  change = iota // nothing
	joins               // joins it to the rune before (see joined)
	whole               // something else: Normalize must do it
)

// Bangla code points that Normalize, or NFC under it, may change or
// combine with a neighbour.
const (
	bnDda    = '\u09A1' // ড
	bnDdha   = '\u09A2' // ঢ
	bnYa     = '\u09AF' // য
	bnNukta  = '\u09BC' // ় (canonical combining class 7)
	bnSignAA = '\u09BE' // া
	bnSignE  = '\u09C7' // ে
	bnSignO  = '\u09CB' // ো
	bnSignAU = '\u09CC' // ৌ
	bnVirama = '\u09CD' // ্ (class 9)
	bnLength = '\u09D7' // ৗ
	bnRra    = '\u09DC' // ড়
	bnRha    = '\u09DD' // ঢ়
	bnYya    = '\u09DF' // য়
	bnSandhi = '\u09FE' // (class 230)
)

// changeOf returns what Normalize does to rune r after rune prev.
//
// In the Bengali block NFC composes only ে with a following া or ৗ (into
// ো and ৌ, which it leaves as they are); the precomposed ড়, ঢ় and য় it
// splits into letter and nukta, and Normalize joins them again, as it
// joins a letter and nukta written apart: these are the joins. The only
// marks that are not starters are the nukta, the virama and the sandhi
// mark, and NFC reorders them only when one follows a mark of a higher
// class. The danda and the commonest dashes and quotes compose with
// nothing. Everything else, the zero-width characters among them, is
// left to Normalize.
func changeOf(prev, r rune) change {
	if r >= 0x0980 && r <= 0x09FF {
		if !changesAfter(r) {
			return same
		}
		switch r {
		case bnNukta:
			switch prev {
			case bnYa, bnDda, bnDdha:
				return joins
			case bnVirama, bnSandhi:
				return whole
			}
		case bnVirama:
			if prev == bnSandhi {
				return whole
			}
		case bnSignAA, bnLength:
			if prev == bnSignE {
				return joins
			}
		}
		return same
	}
	switch r {
	case '।', '॥', '‐', '‑', '‒', '–', '—', '―', '‘', '’', '‚', '“', '”', '„', '•', '…':
		return same
	}
	return whole
}

// changesAfter reports whether a rune of the Bengali block may change
// after some rune (see changeOf): the nukta, the virama and the second
// halves of ো and ৌ; no other.
func changesAfter(r rune) bool {
	return r == bnNukta || r == bnVirama || r == bnSignAA || r == bnLength
}

// joined returns the one rune Normalize writes for prev followed by r,
// or false if it keeps both.
func joined(prev, r rune) (rune, bool) {
	switch {
	case r == bnNukta && prev == bnYa:
		return bnYya, true
	case r == bnNukta && prev == bnDda:
		return bnRra, true
	case r == bnNukta && prev == bnDdha:
		return bnRha, true
	case r == bnSignAA && prev == bnSignE:
		return bnSignO, true
	case r == bnLength && prev == bnSignE:
		return bnSignAU, true
	}
	return 0, false
}

// appendJoined appends s with its runes joined, left to right, as
// Normalize joins them: s must need no other change. No rune is both the
// second of a pair and the first of another, so the pairs never overlap.
func appendJoined(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if i+n < len(s) {
			next, nn := utf8.DecodeRuneInString(s[i+n:])
			if j, ok := joined(r, next); ok {
				dst = utf8.AppendRune(dst, j)
				i += n + nn
				continue
			}
		}
		dst = append(dst, s[i:i+n]...)
		i += n
	}
	return dst
}
