package english

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// locate finds prose's tokens of one entity in s at or after byte from
// and returns each token's byte span in s.
//
// prose reports an entity as its tokens joined by single spaces, after its
// tokenizer has made curly quotes straight and "&rsquo;" an apostrophe,
// and split "Smith's" into "Smith" and "'s". So in s the tokens may be
// separated by any white space or by none, and a straight quote in a
// token may be a curly one in s. The first token must start, and the last
// must end, at a word boundary, so "Ira" is not found inside "Iran".
// Searching from the cursor, past the names already located in the
// sentence, finds the occurrence prose meant when a name repeats.
func locate(s string, toks []string, from int, spans []span) ([]span, bool) {
	if len(toks) == 0 {
		return spans, false
	}
	first, _ := utf8.DecodeRuneInString(toks[0])
	for i := from; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == first || isQuote(first) && isQuote(r) || first == '\'' && strings.HasPrefix(s[i:], "&rsquo;")) && wordStartAt(s, i, first) {
			if out, ok := matchTokens(s, i, toks, spans[:0]); ok {
				return out, true
			}
		}
		i += n
	}
	return spans, false
}

// matchTokens matches toks at s[i:], white space allowed between tokens.
func matchTokens(s string, i int, toks []string, spans []span) ([]span, bool) {
	for k, tok := range toks {
		if k > 0 {
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += n
			}
		}
		end, ok := matchToken(s, i, tok)
		if !ok {
			return spans, false
		}
		spans = append(spans, span{i, end})
		i = end
	}
	last, _ := utf8.DecodeLastRuneInString(toks[len(toks)-1])
	if isWordRune(last) && i < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[i:]); isWordRune(r) {
			return spans, false
		}
	}
	return spans, true
}

// matchToken matches one token at s[i:] and returns the end of the match.
func matchToken(s string, i int, tok string) (int, bool) {
	for _, tr := range tok {
		if i >= len(s) {
			return i, false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == tr:
		case tr == '\'' && (r == '‘' || r == '’'):
		case tr == '"' && (r == '“' || r == '”'):
		case tr == '\'' && strings.HasPrefix(s[i:], "&rsquo;"):
			n = len("&rsquo;")
		default:
			return i, false
		}
		i += n
	}
	return i, true
}

// wordStartAt reports whether a name starting with rune first may start at
// s[i]: a word rune must not continue a word.
func wordStartAt(s string, i int, first rune) bool {
	if i == 0 || !isWordRune(first) {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isQuote(r rune) bool {
	switch r {
	case '\'', '"', '‘', '’', '“', '”':
		return true
	}
	return false
}
