package extract

import (
	"math"
	"testing"
)

func TestShingleMatch(t *testing.T) {
	cases := []struct {
		name        string
		truth, pred string
		p, r        float64
	}{
		{"same", "one two three four five", "one two three four five", 1, 1},
		{"case and punctuation", "One, two; three four five.", "one two THREE four five", 1, 1},
		{"extra text", "a b c d", "a b c d e", 0.5, 1},   // truth 1 shingle; pred 2, one right
		{"missing text", "a b c d e", "a b c d", 1, 0.5}, // mirror image
		{"nothing predicted", "a b c d", "", 0, 0},       // precision undefined: not averaged
		{"short texts", "a b", "a b", 1, 1},              // fewer than 4 tokens: one shingle
		{"bangla marks", "বাংলাদেশের রাজধানী ঢাকা শহর", "বাংলাদেশের রাজধানী ঢাকা শহর", 1, 1},
		{"repeated shingles count", "a b c d a b c d", "a b c d", 1, 0.2}, // 5 shingles vs 1
	}
	for _, tc := range cases {
		m := shingleMatch(tc.truth, tc.pred)
		if math.Abs(m.precision()-tc.p) > 1e-9 || math.Abs(m.recall()-tc.r) > 1e-9 {
			t.Errorf("%s: P=%.3f R=%.3f, want %.3f %.3f", tc.name, m.precision(), m.recall(), tc.p, tc.r)
		}
	}
}

func TestShingleScoreAverages(t *testing.T) {
	pages := []prf{
		shingleMatch("a b c d e", "a b c d e"), // P 1, R 1
		shingleMatch("a b c d e", "a b c d"),   // P 1, R .5
		shingleMatch("a b c d", ""),            // no prediction: only in recall (0)
	}
	p, r, f := shingleScore(pages)
	if math.Abs(p-1) > 1e-9 || math.Abs(r-0.5) > 1e-9 || math.Abs(f-2.0/3) > 1e-9 {
		t.Errorf("P=%.3f R=%.3f F1=%.3f, want 1 .5 .667", p, r, f)
	}
}

func TestSnippetMatch(t *testing.T) {
	text := "The story\n\nbegins   here and\nends there."
	c := snippetMatch(text, true, []string{"begins here and ends", "missing bit"}, []string{"Impressum", "The story begins"})
	if c != (snippetCounts{tp: 1, fn: 1, fp: 1, tn: 1}) {
		t.Errorf("counts = %+v", c)
	}
	if c := snippetMatch("", false, []string{"a", "b"}, []string{"c"}); c != (snippetCounts{fn: 2, tn: 1}) {
		t.Errorf("failed page counts = %+v", c)
	}
	var total snippetCounts
	total.add(snippetCounts{tp: 3, fp: 1, fn: 1})
	p, r, f := total.scores()
	if p != 0.75 || r != 0.75 || f != 0.75 {
		t.Errorf("scores = %v %v %v", p, r, f)
	}
}
