package english

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"  \n ", nil},
		{"One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		// prose's splitter ignores the danda; ours ends a sentence there,
		// with or without a space after it.
		{"ঢাকায় বৃষ্টি হয়েছে। Dhaka is wet।Rain fell॥ End", []string{"ঢাকায় বৃষ্টি হয়েছে।", "Dhaka is wet।", "Rain fell॥", "End"}},
		{"Mr. Smith met Dr. Jones at St. Paul's. They left.", []string{"Mr. Smith met Dr. Jones at St. Paul's.", "They left."}},
		{"Ahsan H. Mansur spoke. S. Jaishankar listened.", []string{"Ahsan H. Mansur spoke.", "S. Jaishankar listened."}},
		{"He flew to the U.S. on Monday. It rained.", []string{"He flew to the U.S. on Monday.", "It rained."}},
		{"Prices rose 3.5 percent, etc. and more. Then fell.", []string{"Prices rose 3.5 percent, etc. and more.", "Then fell."}},
		{"“We will win.” He said so. (It was late.) Done", []string{"“We will win.”", "He said so.", "(It was late.)", "Done"}},
		{"Lead paragraph\n\nSecond paragraph\nline", []string{"Lead paragraph", "Second paragraph", "line"}},
		{"Visit example.com today", []string{"Visit example.com today"}},
	}
	for _, tc := range tests {
		var got []string
		for _, s := range splitSentences(tc.text, nil) {
			got = append(got, tc.text[s.start:s.end])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestBudgetCut(t *testing.T) {
	tests := []struct {
		text string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"one two three", 9, "one two"},
		{"one two three", 7, "one two"},
		{"one two three", 0, ""},
		{"abcdef", 3, "abc"},
		{"বাংলা", 4, "ব"}, // a rune boundary, never inside a rune
		{"বাংলা", 2, ""},
	}
	for _, tc := range tests {
		got := tc.text[:budgetCut(tc.text, tc.max)]
		if got != tc.want || !utf8.ValidString(got) || len(got) > tc.max {
			t.Errorf("budgetCut(%q, %d) = %q, want %q", tc.text, tc.max, got, tc.want)
		}
	}
}

func TestLatinShare(t *testing.T) {
	tests := []struct {
		text     string
		latinish bool
		upper    bool
	}{
		{"Jerome Powell spoke.", true, true},
		{"no capitals here", true, false},
		{"ঢাকায় আজ বৃষ্টি হয়েছে।", false, false},
		{"বাংলাদেশ ব্যাংকের গভর্নর IMF প্রতিনিধিদলের সঙ্গে বৈঠক করেছেন", false, true},
		{"Zürich and São Paulo", true, true},
		{"12345 !!!", false, false},
	}
	for _, tc := range tests {
		share, upper := latinShare(tc.text)
		if (share >= DefaultMinLatinShare) != tc.latinish || upper != tc.upper {
			t.Errorf("%q: share %v upper %v", tc.text, share, upper)
		}
	}
}

func TestLocate(t *testing.T) {
	tests := []struct {
		s    string
		toks string // prose's entity text
		from int
		want string // "" for not found
		at   int
	}{
		{"Jerome Powell spoke.", "Jerome Powell", 0, "Jerome Powell", 0},
		{"Jerome  \t Powell", "Jerome Powell", 0, "Jerome  \t Powell", 0},
		// Word boundaries: not inside Iran.
		{"Iran and Ira met.", "Ira", 0, "Ira", 9},
		// From the cursor: the second Smith.
		{"Smith met Smith.", "Smith", 1, "Smith", 10},
		// prose made the curly apostrophe straight.
		{"O’Brien left.", "O'Brien", 0, "O’Brien", 0},
		{"O&rsquo;Brien left.", "O'Brien", 0, "O&rsquo;Brien", 0},
		// prose split the possessive off.
		{"Smith’s car", "Smith 's", 0, "Smith’s", 0},
		{"the U.S. Senate", "U.S. Senate", 0, "U.S. Senate", 4},
		{"Nowhere here", "Paris", 0, "", 0},
		{"Parisian food", "Paris", 0, "", 0},
	}
	for _, tc := range tests {
		spans, ok := locate(tc.s, strings.Fields(tc.toks), tc.from, nil)
		if tc.want == "" {
			if ok {
				t.Errorf("%q in %q: found at %v", tc.toks, tc.s, spans)
			}
			continue
		}
		if !ok {
			t.Errorf("%q in %q: not found", tc.toks, tc.s)
			continue
		}
		start, end := spans[0].start, spans[len(spans)-1].end
		if got := tc.s[start:end]; got != tc.want || start != tc.at {
			t.Errorf("%q in %q: %q at %d, want %q at %d", tc.toks, tc.s, got, start, tc.want, tc.at)
		}
	}
}

func TestNameKey(t *testing.T) {
	tests := map[string]string{
		"Jerome Powell":    "jerome powell",
		"Mr. O’Brien":      "mr o'brien",
		"Mohamed El-Erian": "mohamed el erian",
		"  WASHINGTON ":    "washington",
		"Zürich":           "zurich",
		"Smith'":           "smith",
		"Ahsan H. Mansur":  "ahsan h mansur",
		"AT&T":             "at t",
	}
	for in, want := range tests {
		if got := nameKey(in); got != want {
			t.Errorf("nameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadlineCase(t *testing.T) {
	tests := map[string]bool{
		"Fed Holds Rates Steady As Powell Warns On Inflation": true,
		"Fed holds rates steady as Powell warns on inflation": false,
		"Powell Speaks": false, // too short to tell
		"Siemens Energy chief quits after shares slide": false,
		"Acme Boss Quits As Shares Slide In Frankfurt":  true,
	}
	for in, want := range tests {
		if got := headlineCase(in); got != want {
			t.Errorf("headlineCase(%q) = %v", in, got)
		}
	}
}
