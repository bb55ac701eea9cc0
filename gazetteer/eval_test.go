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

// proposerFunc is a Proposer from a function.
type proposerFunc func([]string) [][2]int

func (f proposerFunc) Persons(tokens []string) [][2]int { return f(tokens) }

// TestEvalNERWithProposer: a proposed person counts as a PER mention
// where no match lies; one that overlaps a match is dropped, as the tag
// stage drops it.
func TestEvalNERWithProposer(t *testing.T) {
	m := testMatcher(t)
	conll := strings.Join([]string{
		"আবদুল\tB-PER", "করিম\tI-PER", "ইরানে\tB-LOC", "যান\tO", "",
	}, "\n")
	p := proposerFunc(func(toks []string) [][2]int {
		return [][2]int{{0, 2}, {2, 3}} // করিম's name, and ইরানে, which the matcher took
	})
	rep, err := m.EvalNER(strings.NewReader(conll), p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"PER": {1, 0, 0}, "LOC": {1, 0, 0}}
	for _, ts := range rep.Types {
		if w, ok := want[ts.Type]; ok && [3]int{ts.TP, ts.FP, ts.FN} != w {
			t.Errorf("%s: TP/FP/FN = %v, want %v", ts.Type, [3]int{ts.TP, ts.FP, ts.FN}, w)
		}
	}
}

// TestEvalNERTaggedElsewhere: an untagged mention of an entity that the
// gold tags, with the same type, in another sentence is counted apart;
// one the gold never tags, or tags only with another type, is not.
func TestEvalNERTaggedElsewhere(t *testing.T) {
	m := testMatcher(t)
	conll := strings.Join([]string{
		"ঢাকায়\tB-LOC", "ফিরলেন\tO", "ইরান\tB-ORG", "দল\tO", "",
		"ঢাকার\tO", "বাইরে\tO", "তেহরানে\tO", "যান\tO", "",
		"ইরানের\tO", "খবর\tO", "",
	}, "\n")
	rep, err := m.EvalNER(strings.NewReader(conll), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range rep.Types {
		want := map[string][2]int{ // FP, FP tagged elsewhere
			"PER": {0, 0}, "ORG": {0, 0},
			"LOC": {4, 1}, // ঢাকার (tagged in sentence 1); not তেহরানে, ইরান, ইরানের
			"ALL": {4, 1},
		}[ts.Type]
		if got := [2]int{ts.FP, ts.FPTaggedElsewhere}; got != want {
			t.Errorf("%s: FP, tagged elsewhere = %v, want %v", ts.Type, got, want)
		}
	}
}
