package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Language returns the BCP 47 code of text from its script: "bn" when
// Bengali letters dominate, "en" when Latin ones do, "und" otherwise or
// when there are too few letters to tell. The page's lang attribute is not
// consulted: Bangla sites often declare lang="en".
func Language(text string) string {
	var bengali, latin, other int
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
				latin++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r >= 0x0980 && r <= 0x09FF:
			// Bengali block: letters, vowel signs and digits. Digits count:
			// dates and figures in Bangla digits are Bangla text.
			bengali++
		case unicode.IsLetter(r):
			if unicode.Is(unicode.Latin, r) {
				latin++
			} else {
				other++
			}
		}
	}
	total := bengali + latin + other
	switch {
	case total < 20:
		return "und"
	case bengali*2 > total:
		return "bn"
	case latin*2 > total:
		return "en"
	}
	return "und"
}

// bnFold rewrites the two-code-point spellings of য়, ড়, ঢ় to their
// one-code-point forms, so that "জানুয়ারি" is found however a site typed it.
var bnFold = strings.NewReplacer(
	"\u09AF\u09BC", "\u09DF",
	"\u09A1\u09BC", "\u09DC",
	"\u09A2\u09BC", "\u09DD",
	"\u09C7\u09BE", "\u09CB",
	"\u09C7\u09D7", "\u09CC",
)

// normalizeBangla folds the encoding variants of Bangla letters.
func normalizeBangla(s string) string {
	if strings.IndexByte(s, 0xE0) < 0 {
		return s
	}
	return bnFold.Replace(s)
}
