package english

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a half-open byte range [start, end) of a field.
type span struct{ start, end int }

// splitSentences appends to dst the sentences of text as byte ranges,
// trimmed of surrounding white space, in text order.
//
// A sentence ends at a line break (a paragraph never continues across
// one), after a danda or double danda, and after '.', '!' or '?' (and any
// closing quotes or brackets) followed by white space or the end of the
// text. A full stop does not end a sentence after a known abbreviation or
// a single capital (an initial: "Ahsan H. Mansur"), or when the next word
// starts in lower case. A missed boundary only gives prose a longer
// sentence; a false one can cut a name in two, so the rules lean towards
// not splitting.
func splitSentences(text string, dst []span) []span {
	emit := func(s, e int) {
		for s < e {
			r, n := utf8.DecodeRuneInString(text[s:])
			if !unicode.IsSpace(r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(text[s:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= n
		}
		if s < e {
			dst = append(dst, span{s, e})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '\n', '\r', '\u2028', '\u2029':
			emit(start, i)
			start = i + n
		case '।', '॥':
			emit(start, i+n)
			start = i + n
		case '.', '!', '?':
			j := i + n
			for j < len(text) {
				c, m := utf8.DecodeRuneInString(text[j:])
				if !isCloser(c) {
					break
				}
				j += m
			}
			if j < len(text) {
				c, _ := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(c) {
					i = j
					continue
				}
			}
			if r == '.' && j == i+n && !fullStopEnds(text, start, i, j) {
				break
			}
			emit(start, j)
			start = j
			i = j
			continue
		}
		i += n
	}
	emit(start, len(text))
	return dst
}

// isCloser reports whether r may follow a sentence's final punctuation
// and still belong to that sentence.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '”', '’', '»', '›':
		return true
	}
	return false
}

// fullStopEnds reports whether the full stop at dot (text[start:] being
// the current sentence, after the stop's end) ends the sentence.
func fullStopEnds(text string, start, dot, after int) bool {
	// The word before the stop: letters and inner stops ("U.S").
	k := dot
	for k > start {
		r, n := utf8.DecodeLastRuneInString(text[start:k])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		k -= n
	}
	word := text[k:dot]
	if word != "" {
		if utf8.RuneCountInString(word) == 1 {
			if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
				return false // an initial
			}
		}
		if strings.Contains(word, ".") || abbreviations[word] {
			return false
		}
	}
	// The next word: a lower-case start continues the sentence ("etc. and").
	for j := after; j < len(text); {
		r, n := utf8.DecodeRuneInString(text[j:])
		if unicode.IsSpace(r) {
			j += n
			continue
		}
		return !unicode.IsLower(r)
	}
	return true
}

// abbreviations are the common English abbreviations of news copy that
// take a full stop inside a sentence: titles before names, company
// designators, months.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "St": true,
	"Jr": true, "Sr": true, "Gen": true, "Lt": true, "Col": true, "Maj": true,
	"Capt": true, "Sgt": true, "Cmdr": true, "Adm": true, "Gov": true,
	"Sen": true, "Rep": true, "Rev": true, "Hon": true, "Pres": true,
	"Inc": true, "Corp": true, "Ltd": true, "Co": true, "Bros": true,
	"No": true, "Nos": true, "vs": true, "etc": true, "approx": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true,
	"Jul": true, "Aug": true, "Sep": true, "Sept": true, "Oct": true,
	"Nov": true, "Dec": true, "Mt": true, "Ft": true,
}

// budgetCut returns the length of text's prefix that fits in max bytes:
// all of it if it fits, else cut at the last white space within max, or,
// for a text with no space there, at the last rune boundary within max.
// Cutting at a word keeps the last name prose sees whole.
func budgetCut(text string, max int) int {
	if len(text) <= max {
		return len(text)
	}
	if max <= 0 {
		return 0
	}
	if i := strings.LastIndexFunc(text[:max+1], unicode.IsSpace); i > 0 {
		return i
	}
	for max > 0 && !utf8.RuneStart(text[max]) {
		max--
	}
	return max
}

// latinShare returns the share of s's letters that are Latin, and whether
// s has any upper-case letter. prose's model is English: on text that is
// mostly Bangla it only proposes noise and burns time, and a text without
// a capital has no proper name for it to find.
func latinShare(s string) (share float64, hasUpper bool) {
	letters, latin := 0, 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if r < 0x80 || unicode.Is(unicode.Latin, r) {
			latin++
		}
		if !hasUpper && unicode.IsUpper(r) {
			hasUpper = true
		}
	}
	if letters == 0 {
		return 0, false
	}
	return float64(latin) / float64(letters), hasUpper
}
