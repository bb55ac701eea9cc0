package gazetteer

import "testing"

// TestDefaultLoads checks the shipped gazetteer loads and compiles, and
// finds the seed pages' central names in both scripts.
func TestDefaultLoads(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() == 0 || g.Names() < g.Len() {
		t.Fatalf("default gazetteer: %d entities, %d names", g.Len(), g.Names())
	}
	m := Compile(g, nil)
	text := "ইরানের সর্বোচ্চ নেতা আয়াতুল্লাহ আলি খামেনি তেহরানে হামাস নেতাদের সঙ্গে বৈঠক করেছেন। Putin met Iran's envoy."
	found := map[string]bool{}
	for _, mt := range m.Find(text, nil) {
		e, _ := g.Entry(mt.ID)
		found[e.EN] = true
	}
	for _, want := range []string{"Iran"} {
		if !found[want] {
			t.Errorf("%s not found in %q (found %v)", want, text, found)
		}
	}
}
