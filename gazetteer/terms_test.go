package gazetteer

import (
	"reflect"
	"strings"
	"testing"
)

// testTerms overlap the test gazetteer's names on purpose: a term with a
// name's key (ঢাকা, Iran), a term inside a name (বিশ্ববিদ্যালয়), a name
// inside a term (supreme leader of Iran), an acronym (US) and lower-case
// English words that must match in any case.
var testTerms = []string{
	"ঢাকা", "Iran", "বিশ্ববিদ্যালয়", "সর্বোচ্চ নেতা", "নেতা", "হামলা", "supreme leader", "supreme leader of iran",
	"US", "talks", "voted", "report", "চিঠি", "সহায়তা",
}

func termsMatcher(t testing.TB) *Matcher {
	t.Helper()
	return testMatcherWith(t, &CompileOptions{Terms: testTerms})
}

// cutBody is the body a lexicon-only matcher would read under a limit.
func cutBody(body string, limit int) string {
	if limit <= 0 || limit >= len(body) {
		return body
	}
	return body[:max(strings.LastIndexAny(body[:limit], " \n\t"), 0)]
}

// TestEntitiesAndTerms checks the one-walk path against the two matchers
// it replaces: the entities are those of the matcher without terms, and
// the terms those of CompileTerms over the title and the cut body.
func TestEntitiesAndTerms(t *testing.T) {
	both := termsMatcher(t)
	names := testMatcher(t)
	lex := CompileTerms(testTerms)
	if both.TermCount() != len(testTerms) {
		t.Fatalf("TermCount = %d, want %d", both.TermCount(), len(testTerms))
	}
	tests := []struct {
		name, title, body string
		limit             int
		wantTitle         []string
		wantBody          []string
	}{
		{"Bangla, terms overlap names",
			"রাশিয়ার সহায়তা চেয়ে পুতিনকে খামেনির চিঠি",
			"ইরানে যুক্তরাষ্ট্রের হামলার পর দেশটির সর্বোচ্চ নেতা আয়াতুল্লাহ আলী খামেনি রাশিয়ার সহায়তা চেয়েছেন।\n\n" +
				"ঢাকা বিশ্ববিদ্যালয়ের শিক্ষার্থীরা ঢাকায় ফিরেছেন। নেতারা চিঠি দিয়েছেন।",
			0,
			[]string{"সহায়তা=সহায়তা", "চিঠি=চিঠি"},
			[]string{"হামলার=হামলা", "সর্বোচ্চ নেতা=সর্বোচ্চ নেতা", "সহায়তা=সহায়তা", "ঢাকা=ঢাকা",
				"বিশ্ববিদ্যালয়ের=বিশ্ববিদ্যালয়", "ঢাকায়=ঢাকা", "নেতারা=নেতা", "চিঠি=চিঠি"}},
		{"the limit stops terms, not names",
			"", "ইরানে হামলা হয়েছে। পরে সর্বোচ্চ নেতা চিঠি দেন।", 40,
			nil, []string{"হামলা=হামলা"}},
		{"English: case rules per kind, a name inside a longer term",
			"Iran’s supreme leader KHAMENEI met Khalil al Hayya",
			"The Supreme Leader of Iran said the US talks went well; Reuters' report. The U.S. voted. let us go to iran",
			0,
			[]string{"Iran’s=Iran", "supreme leader=supreme leader"},
			[]string{"Supreme Leader of Iran=supreme leader of iran", "US=US", "talks=talks", "report=report", "voted=voted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ents, terms := both.EntitiesAndTerms(tc.title, tc.body, tc.limit)
			if len(terms.List) != len(testTerms) || &terms.List[0] != &testTerms[0] {
				t.Errorf("Terms.List is not the slice the matcher was compiled with")
			}
			if want := names.Entities(tc.title, tc.body); !reflect.DeepEqual(ents, want) {
				t.Errorf("entities differ from the matcher without terms:\n got %+v\nwant %+v", ents, want)
			}
			if got := surfaces(tc.title, terms.Title); !reflect.DeepEqual(got, normalizeAll(tc.wantTitle)) {
				t.Errorf("title terms = %q, want %q", got, tc.wantTitle)
			}
			if got := surfaces(tc.body, terms.Body); !reflect.DeepEqual(got, normalizeAll(tc.wantBody)) {
				t.Errorf("body terms = %q, want %q", got, tc.wantBody)
			}
			if want := lex.Find(tc.title, nil); !sameMatches(terms.Title, want) {
				t.Errorf("title terms differ from CompileTerms: got %v, want %v", terms.Title, want)
			}
			if want := lex.Find(cutBody(tc.body, tc.limit), nil); !sameMatches(terms.Body, want) {
				t.Errorf("body terms differ from CompileTerms: got %v, want %v", terms.Body, want)
			}
		})
	}
}

// normalizeAll normalises "surface=term" pairs as the matcher reports
// terms: the source file may spell য় in two code points.
func normalizeAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		surface, term, _ := strings.Cut(s, "=")
		out = append(out, surface+"="+Normalize(term))
	}
	return out
}

// sameMatches compares the exported fields of a's term matches with b's
// from CompileTerms, where every match is a name: key indexes differ
// between two matchers, and a's Term must index its term in testTerms.
func sameMatches(a, b []Match) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.key, y.key = 0, 0
		if x.Term < 0 || x.Term >= len(testTerms) || Normalize(testTerms[x.Term]) != x.ID {
			return false
		}
		x.Term, y.Term = 0, 0
		if x != y {
			return false
		}
	}
	return true
}

// FuzzEntitiesAndTerms: on any input the one-walk path finds the names of
// the matcher without terms and the terms of CompileTerms.
func FuzzEntitiesAndTerms(f *testing.F) {
	both := termsMatcher(f)
	names := testMatcher(f)
	lex := CompileTerms(testTerms)
	for _, s := range []string{
		"ঢাকা বিশ্ববিদ্যালয়ের নেতারা", "Supreme Leader of Iran’s talks", "US us U.S.", "\xff\xfeইরানে হামলা",
		"সর্বোচ্চ নেতা আয়াতুল্লাহ আলী খামেনি", "ইরানে হামলা  হামাস-এর নেতা", "talks  US's supreme leader",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, limit := range []int{0, len(s) / 2} {
			ents, terms := both.EntitiesAndTerms("", s, limit)
			if want := names.Entities("", s); !reflect.DeepEqual(ents, want) {
				t.Fatalf("entities %+v, want %+v", ents, want)
			}
			if want := lex.Find(cutBody(s, limit), nil); !sameMatches(terms.Body, want) {
				t.Fatalf("limit %d: terms %v, want %v", limit, terms.Body, want)
			}
		}
	})
}
