package topics

import (
	"encoding/json"
	"testing"
)

func TestDebugSeeds(t *testing.T) {
	tg := defaultTagger(t)
	m := newsMatcher(t)
	for _, n := range []string{"seed_hamas_khamenei.txt", "seed_khamenei_putin.txt"} {
		a := readSample(t, n)
		ents := m.Entities(a.Title, a.Text)
		tp, pl := tg.Tag(a, ents, m.Gazetteer())
		b, _ := json.MarshalIndent(map[string]any{"topics": tp, "places": pl}, "", " ")
		t.Logf("%s\n%s", n, b)
	}
}
