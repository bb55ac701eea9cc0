package gazetteer

import (
	"slices"
	"testing"
)

// TestTrieShortcuts checks the walk's shortcuts against the plain edge
// search on the default gazetteer's keys: the root's direct array, the
// Bengali pair table (second) and the binary search over wide nodes must
// find the same node for every key's every prefix, and nothing for runes
// no key has there.
func TestTrieShortcuts(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range g.entries {
		for _, n := range e.names() {
			if k := Key(n); k != "" {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	tr := buildTrie(keys)
	// slow is the plain search: every edge of node, in order.
	slow := func(node uint32, r rune) uint32 {
		for e := tr.first[node]; e < tr.first[node+1]; e++ {
			if tr.label[e] == r {
				return tr.target[e]
			}
		}
		return noNode
	}
	probes := []rune{'a', 'z', 'ক', 'ো', '\u09ff', '\u0a00', 'é'}
	for i, k := range keys {
		rs := []rune(k)
		node := uint32(0)
		for j, r := range rs {
			want := slow(node, r)
			got := tr.child(node, r)
			if j == 1 {
				got = tr.second(node, rs[0], r)
			}
			if got != want {
				t.Fatalf("key %q rune %d: node %d, want %d", k, j, got, want)
			}
			for _, p := range probes {
				if w, gp := slow(node, p), tr.child(node, p); w != gp {
					t.Fatalf("key %q after %d runes, probe %q: node %d, want %d", k, j, p, gp, w)
				}
				if j == 1 {
					if w, gp := slow(node, p), tr.second(node, rs[0], p); w != gp {
						t.Fatalf("key %q second rune probe %q: node %d, want %d", k, p, gp, w)
					}
				}
			}
			node = want
		}
		if tr.value[node] != uint32(i) {
			t.Fatalf("key %q ends at value %d, want %d", k, tr.value[node], i)
		}
	}
}
