package gazetteer

// noNode marks a missing child or an empty value.
const noNode = ^uint32(0)

// rootDirect covers the runes of ASCII and the Bengali block, which begin
// nearly every key, so the busiest node of the walk is one array index.
const rootDirect = 0x0A00

// trie is a read-only trie over key runes in flat arrays: node n's edges
// are label[first[n]:first[n+1]], sorted, and lead to target[...]. It is
// built once from sorted keys in linear time and costs about 13 bytes a
// node, which keeps a million-name gazetteer well inside the heap budget.
//
// We walk it from every word start rather than run Aho-Corasick over the
// whole text: names must start and end at word boundaries, and Bangla
// case endings are checked after the stem (see suffix.go), so failure
// links would buy nothing but memory.
type trie struct {
	first  []uint32
	label  []rune
	target []uint32
	value  []uint32 // node -> key index, or noNode
	root   [rootDirect]uint32
	// pair is the node after two Bengali-block runes, indexed by their
	// offsets in the block (see second): the root's children have dozens
	// of edges each, the busiest binary searches of the walk.
	pair []uint32
}

// buildTrie builds the trie of keys, which must be sorted and unique. The
// value of the node that ends keys[i] is i.
func buildTrie(keys []string) *trie {
	t := &trie{value: []uint32{noNode}}
	var parents []uint32 // edge -> parent node, in creation order
	var labels []rune
	var targets []uint32
	path := []uint32{0}
	var prev []rune
	var cur []rune
	for i, k := range keys {
		cur = cur[:0]
		for _, r := range k {
			cur = append(cur, r)
		}
		common := 0
		for common < len(prev) && common < len(cur) && prev[common] == cur[common] {
			common++
		}
		path = path[:common+1]
		for j := common; j < len(cur); j++ {
			child := uint32(len(t.value))
			t.value = append(t.value, noNode)
			parents = append(parents, path[j])
			labels = append(labels, cur[j])
			targets = append(targets, child)
			path = append(path, child)
		}
		t.value[path[len(cur)]] = uint32(i)
		prev, cur = cur, prev
	}
	// Group edges by parent. Within a parent they were created in key
	// order, so a stable placement keeps them sorted by label.
	n := len(t.value)
	t.first = make([]uint32, n+1)
	for _, p := range parents {
		t.first[p+1]++
	}
	for i := 1; i <= n; i++ {
		t.first[i] += t.first[i-1]
	}
	t.label = make([]rune, len(labels))
	t.target = make([]uint32, len(targets))
	fill := make([]uint32, n)
	copy(fill, t.first[:n])
	for e, p := range parents {
		at := fill[p]
		fill[p]++
		t.label[at] = labels[e]
		t.target[at] = targets[e]
	}
	for i := range t.root {
		t.root[i] = noNode
	}
	for e := t.first[0]; e < t.first[1]; e++ {
		if r := t.label[e]; r < rootDirect {
			t.root[r] = t.target[e]
		}
	}
	t.pair = make([]uint32, 0x80*0x80)
	for i := range t.pair {
		t.pair[i] = noNode
	}
	for e := t.first[0]; e < t.first[1]; e++ {
		a := t.label[e] - bnBlock
		if a < 0 || a >= 0x80 {
			continue
		}
		c := t.target[e]
		for f := t.first[c]; f < t.first[c+1]; f++ {
			if b := t.label[f] - bnBlock; b >= 0 && b < 0x80 {
				t.pair[a<<7|b] = t.target[f]
			}
		}
	}
	return t
}

// second returns the child along b of first, the root's child along a:
// one index when both runes are in the Bengali block.
func (t *trie) second(first uint32, a, b rune) uint32 {
	if x, y := a-bnBlock, b-bnBlock; uint32(x) < 0x80 && uint32(y) < 0x80 {
		return t.pair[x<<7|y]
	}
	return t.child(first, b)
}

// child returns node's child along r, or noNode.
func (t *trie) child(node uint32, r rune) uint32 {
	if node == 0 && r < rootDirect {
		return t.root[r]
	}
	lo, hi := t.first[node], t.first[node+1]
	if hi-lo <= 8 {
		for e := lo; e < hi; e++ {
			if t.label[e] == r {
				return t.target[e]
			}
		}
		return noNode
	}
	for lo < hi { // binary search for the first label >= r
		mid := lo + (hi-lo)/2
		if t.label[mid] < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < t.first[node+1] && t.label[lo] == r {
		return t.target[lo]
	}
	return noNode
}
