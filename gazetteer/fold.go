package gazetteer

import "unicode/utf8"

// foldedText is a text in matching-key form, with a map from every key
// rune back to the span of the original text it came from. The matcher
// walks runes, and reports offsets in the caller's text, so normalisation
// may merge, drop or rewrite characters without moving a mention.
type foldedText struct {
	runes []rune
	// For key rune i, the original text's span in bytes and in code points.
	byteStart, byteEnd []int32
	cpStart, cpEnd     []int32
}

func (f *foldedText) reset() {
	f.runes = f.runes[:0]
	f.byteStart, f.byteEnd = f.byteStart[:0], f.byteEnd[:0]
	f.cpStart, f.cpEnd = f.cpStart[:0], f.cpEnd[:0]
}

func (f *foldedText) push(r rune, bs, be, cs, ce int) {
	f.runes = append(f.runes, r)
	f.byteStart = append(f.byteStart, int32(bs))
	f.byteEnd = append(f.byteEnd, int32(be))
	f.cpStart = append(f.cpStart, int32(cs))
	f.cpEnd = append(f.cpEnd, int32(ce))
}

// fold fills f with the key form of s (see Key). Invalid UTF-8 bytes fold
// to U+FFFD, which is not a word character, so they only break matches.
func (f *foldedText) fold(s string) {
	f.reset()
	var fo folder
	cp := 0
	pendingSep := false // a separator run seen since the last word rune
	sepBS, sepCS := 0, 0
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		cpn := 1
		var next rune = -1
		if i+n < len(s) {
			next = rune(s[i+n])
			if next >= utf8.RuneSelf {
				next, _ = utf8.DecodeRuneInString(s[i+n:])
			}
		}
		out, consumed := fo.strict(r, next)
		if consumed {
			_, nn := utf8.DecodeRuneInString(s[i+n:])
			n += nn
			cpn++
		}
		if out < 0 || (out >= 0x0300 && out <= 0x036F) {
			// Dropped: zero-width characters and Latin combining accents.
			i += n
			cp += cpn
			continue
		}
		out = loose(out)
		switch {
		case isSep(out):
			if !pendingSep {
				pendingSep, sepBS, sepCS = true, i, cp
			}
		default:
			if pendingSep {
				// Leading separators are dropped; inner runs become one.
				if len(f.runes) > 0 {
					f.push(sep, sepBS, i, sepCS, cp)
				}
				pendingSep = false
			}
			f.push(out, i, i+n, cp, cp+cpn)
		}
		i += n
		cp += cpn
	}
}
