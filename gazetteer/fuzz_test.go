package gazetteer

import (
	"testing"
	"unicode/utf8"
)

// FuzzFind: on any input, even invalid UTF-8, Find must not panic and
// every match must point at a real span whose byte and code-point offsets
// agree, and matches come in text order without overlapping.
func FuzzFind(f *testing.F) {
	m := testMatcherWith(f, &CompileOptions{UnlistedPlaces: true})
	for _, s := range []string{
		"হামাসের নেতা খলিল আল-হায়াসহ তেহরানে", "রাশিয\u09BCার\u200C", "Iran’s KHAMENEI", "ম\u09C7\u09BEদি",
		"\xff\xfeইরান", "আল--হায়া", "ঢাকা বিশ্ববিদ্যালয়ের", "Reuters'",
		"উত্তর ধলহরা গ্রামের", " গ্রামে", "মো. রিজভী", ". রিজভী", "মোঃ\u200Cরিজভী", "ইরান থানা",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prevEnd := 0
		for _, mt := range m.Find(s, nil) {
			if mt.Start < prevEnd {
				t.Fatalf("match at %d overlaps or precedes the one ending at %d", mt.Start, prevEnd)
			}
			prevEnd = mt.End
			if mt.ByteStart < 0 || mt.ByteEnd > len(s) || mt.ByteStart >= mt.ByteEnd {
				t.Fatalf("bad byte span %d..%d of %d", mt.ByteStart, mt.ByteEnd, len(s))
			}
			if cs := utf8.RuneCountInString(s[:mt.ByteStart]); cs != mt.Start {
				t.Fatalf("start %d, but %d code points precede byte %d", mt.Start, cs, mt.ByteStart)
			}
			if ce := utf8.RuneCountInString(s[:mt.ByteEnd]); ce != mt.End {
				t.Fatalf("end %d, but %d code points precede byte %d", mt.End, ce, mt.ByteEnd)
			}
		}
	})
}
