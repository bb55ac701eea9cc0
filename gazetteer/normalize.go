package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Bangla code points the normalisation rewrites.
const (
	bnYa         = '\u09AF' // য
	bnDda        = '\u09A1' // ড
	bnDdha       = '\u09A2' // ঢ
	bnNukta      = '\u09BC' // ়
	bnYya        = '\u09DF' // য় precomposed
	bnRra        = '\u09DC' // ড় precomposed
	bnRha        = '\u09DD' // ঢ় precomposed
	bnSignE      = '\u09C7' // ে
	bnSignAA     = '\u09BE' // া
	bnSignO      = '\u09CB' // ো
	bnLengthMark = '\u09D7' // ৗ
	bnSignAU     = '\u09CC' // ৌ
)

// Normalize applies the one normalisation the product uses for both text
// and names: NFC, the precomposed encoding of য়, ড় and ঢ়, no ZWJ, ZWNJ,
// soft hyphens or zero-width spaces, and split vowel signs repaired
// (ে + া → ো, ে + ৗ → ৌ). It keeps case and spelling; the matcher's looser
// key is built on top of it.
func Normalize(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := decodeAt(s, i)
		next, nn := decodeAt(s, i+n)
		out, consumed := strict(r, next)
		if consumed {
			n += nn
		}
		if out >= 0 {
			b.WriteRune(out)
		}
		i += n
	}
	return b.String()
}

// strict folds one rune given the next one (-1 at the end). It returns -1
// for a rune that is dropped, and consumed=true when next was merged into
// the result.
func strict(r, next rune) (out rune, consumed bool) {
	switch r {
	case '\u200C', '\u200D', '\u00AD', '\u200B', '\uFEFF', '\u2060':
		return -1, false
	case bnYa, bnDda, bnDdha:
		if next == bnNukta {
			switch r {
			case bnYa:
				return bnYya, true
			case bnDda:
				return bnRra, true
			default:
				return bnRha, true
			}
		}
	case bnSignE:
		switch next {
		case bnSignAA:
			return bnSignO, true
		case bnLengthMark:
			return bnSignAU, true
		}
	}
	return r, false
}

// loose folds a strictly normalised rune further, into the key the
// automaton is built on: case folded, Latin diacritics removed, quotes and
// hyphens unified, and the Bangla long/short vowel pairs that outlets mix
// up merged (ী/ি, ূ/ু, ঈ/ই, ঊ/উ).
func loose(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		if r == '`' {
			return '\''
		}
		return r
	case r >= 0x0980 && r <= 0x09FF:
		switch r {
		case '\u09C0': // ী
			return '\u09BF' // ি
		case '\u09C2': // ূ
			return '\u09C1' // ু
		case '\u0988': // ঈ
			return '\u0987' // ই
		case '\u098A': // ঊ
			return '\u0989' // উ
		}
		return r
	case r >= 0x00C0 && r <= 0x024F:
		return latinBase[r-0x00C0]
	}
	switch r {
	case '\u2018', '\u2019', '\u02BC', '\u00B4', '\u2032':
		return '\''
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2212':
		return '-'
	}
	return unicode.ToLower(r)
}

// latinBase maps U+00C0..U+024F to the lower-case base letter, so that
// "Zürich" and "Zurich" share a key. It is computed once and never written.
var latinBase = func() [0x024F - 0x00C0 + 1]rune {
	var t [0x024F - 0x00C0 + 1]rune
	for r := rune(0x00C0); r <= 0x024F; r++ {
		base := unicode.ToLower(r)
		d := norm.NFD.String(string(base))
		if br, _ := utf8.DecodeRuneInString(d); br < 0x80 && unicode.IsLetter(br) {
			base = br
		}
		t[r-0x00C0] = base
	}
	// Letters with no decomposition that English spells with two letters.
	t['ß'-0x00C0] = 's'
	t['ø'-0x00C0], t['Ø'-0x00C0] = 'o', 'o'
	t['đ'-0x00C0], t['Đ'-0x00C0] = 'd', 'd'
	t['ł'-0x00C0], t['Ł'-0x00C0] = 'l', 'l'
	return t
}()

// isWord reports whether a folded rune is part of a word. Bangla vowel
// signs, virama and nukta are marks and so word characters; the apostrophe
// is not, so "Iran's" ends the name before it.
func isWord(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || r == '_'
	}
	if r >= 0x0980 && r <= 0x09FF {
		// Danda and double danda live in the Devanagari block, so the whole
		// Bengali block is letters, marks and digits but for a few signs.
		return r != '\u09F2' && r != '\u09F3' && r != '\u09FA' && r != '\u09FB'
	}
	if r == '\u0964' || r == '\u0965' || r >= 0x2000 && r <= 0x206F {
		// The danda and Unicode's general punctuation (curly quotes,
		// dashes), the commonest runes of Bangla text outside its block,
		// answered before the Unicode tables.
		return false
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// isSep reports whether a folded rune joins two words of one name: spaces
// and hyphens, which outlets use interchangeably (আল-হায়া, আল হায়া).
func isSep(r rune) bool {
	switch r {
	case ' ', '\t', '-', '\u00A0', '\u2009', '\u202F':
		// Not newlines: a name never runs across a paragraph break.
		return true
	}
	return false
}

// sep is the one rune every run of separators folds to in a key.
const sep = ' '

// Key returns the loose matching key of a name or a text: the strict
// normalisation, folded loosely, with every run of spaces and hyphens
// between words reduced to one space. Two spellings that meet under Key
// are the same name to the matcher.
func Key(s string) string {
	var fs foldedText
	fs.fold(s)
	return string(fs.runes)
}
