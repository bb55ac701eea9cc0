package gazetteer

import (
	"strings"
	"testing"
)

// TestEvalNERTokenAlignment checks the scoring conventions on a small
// CoNLL file: a hyphenated pair of names in one token is one mention, a
// quote glued to a token does not move the mention, a case ending is part
// of it, and an untagged name is a false positive.
func TestEvalNERTokenAlignment(t *testing.T) {
	m := testMatcher(t)
	conll := strings.Join([]string{
		"ইরান-ইসরায়েল\tB-LOC", "যুদ্ধে\tO", "‘হামাসের\tB-ORG", "ভূমিকা\tO", "।\tO", "",
		"কুমিল্লা\tB-LOC", "সদর\tO", "উপজেলায়\tO", "খলিল\tB-PER", "আল-হায়া\tI-PER", "এসেছেন\tO", "",
		"পুতিন\tB-PER", "ঢাকায়\tO", "রাশিয়া\tB-ORG", "যান\tO", "",
	}, "\n")
	rep, err := m.EvalNER(strings.NewReader(conll), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sentences != 3 {
		t.Errorf("sentences = %d, want 3", rep.Sentences)
	}
	want := map[string][3]int{ // TP, FP, FN
		"PER": {2, 0, 0},
		"LOC": {2, 2, 0}, // ঢাকায় untagged; রাশিয়া tagged ORG
		"ORG": {1, 0, 1},
		"ALL": {5, 2, 1},
	}
	for _, ts := range rep.Types {
		w := want[ts.Type]
		if got := [3]int{ts.TP, ts.FP, ts.FN}; got != w {
			t.Errorf("%s: TP/FP/FN = %v, want %v", ts.Type, got, w)
		}
	}
}
