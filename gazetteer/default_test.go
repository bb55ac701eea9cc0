package gazetteer

import (
	"fmt"
	"testing"
)

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

// TestStopWords checks the stop list's whole words ("=দোহাই"): the word
// itself is not the name, while the bare name and its other case forms
// still are.
func TestStopWords(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	m := Compile(g, nil)
	for _, tc := range []struct{ text, want string }{
		{"নিরাপত্তার দোহাই দিয়ে সভা বন্ধ করা হয়", "[]"},
		{"কাতারের রাজধানী দোহায় বৈঠক হয়", "[দোহায়]"},
		{"আলোচনা হবে দোহা শহরে", "[দোহা]"},
		{"এক পলকে সব শেষ হয়ে গেল", "[]"},
	} {
		var got []string
		for _, mt := range m.Find(tc.text, nil) {
			if mt.ID == "city-doha" || mt.ID == "per-zunaid-ahmed-palak" {
				got = append(got, tc.text[mt.ByteStart:mt.ByteEnd])
			}
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("%q: got %v, want %s", tc.text, got, tc.want)
		}
	}
}
