package gazetteer

import "unicode/utf8"

// foldedText is a text in matching-key form, with a map from every key
// rune back to the span of the original text it came from. The matcher
// walks runes, and reports offsets in the caller's text, so normalisation
// may merge, drop or rewrite characters without moving a mention.
type foldedText struct {
	runes []rune
	// spans[i] is the original text's span of key rune i. It is kept apart
	// from runes so the scan, which reads runes only, stays cache-dense.
	spans []origin
}

// origin is a span of the original text in bytes and in code points.
type origin struct {
	byteStart, byteEnd int32
	cpStart, cpEnd     int32
}

func (f *foldedText) reset() {
	f.runes = f.runes[:0]
	f.spans = f.spans[:0]
}

func (f *foldedText) push(r rune, bs, be, cs, ce int) {
	f.runes = append(f.runes, r)
	f.spans = append(f.spans, origin{int32(bs), int32(be), int32(cs), int32(ce)})
}

// fold fills f with the key form of s (see Key). Invalid UTF-8 bytes fold
// to U+FFFD, which is not a word character, so they only break matches.
// Each rune is decoded once; the one-rune lookahead that the strict fold
// needs is carried over to the next step.
func (f *foldedText) fold(s string) {
	f.reset()
	cp := 0
	pendingSep := false // a separator run seen since the last word rune
	sepBS, sepCS := 0, 0
	r, n := decodeAt(s, 0)
	for i := 0; i < len(s); {
		next, nn := decodeAt(s, i+n)
		out, consumed := strict(r, next)
		size, cpn := n, 1
		if consumed {
			size += nn
			cpn++
		}
		if out >= 0 && (out < 0x0300 || out > 0x036F) { // drop zero-width and Latin combining accents
			out = loose(out)
			if isSep(out) {
				if !pendingSep {
					pendingSep, sepBS, sepCS = true, i, cp
				}
			} else {
				if pendingSep {
					// Leading separators are dropped; inner runs become one.
					if len(f.runes) > 0 {
						f.push(sep, sepBS, i, sepCS, cp)
					}
					pendingSep = false
				}
				f.push(out, i, i+size, cp, cp+cpn)
			}
		}
		i += size
		cp += cpn
		if consumed {
			r, n = decodeAt(s, i)
		} else {
			r, n = next, nn
		}
	}
}

// decodeAt decodes the rune at s[i:], or returns -1 past the end.
func decodeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	// Bangla and the punctuation block are three bytes after 0xE0 or 0xE2;
	// decoding them inline is the fold's hottest path.
	if (c == 0xE0 || c == 0xE2) && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && (c == 0xE2 || c1 >= 0xA0) {
			return rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}
