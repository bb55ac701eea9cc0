package gazetteer

// packedTrie is a small read-only trie laid out for the cache, for the
// terms (CompileOptions.Terms): node records sit in one array in depth-
// first order, each its value, its edge count and its (label, child)
// pairs, so a step down reads one or two cache lines that are usually the
// next ones in memory. The names' trie keeps the flat arrays of trie,
// which cost less memory at a million names.
type packedTrie struct {
	recs []uint32
	root [rootDirect]uint32 // record of the root's child along r, or noNode
}

// The fields of a record at offset o.
const (
	recValue = 0 // key index, or noNode
	recEdges = 1 // number of (label, child) pairs that follow
	recPairs = 2
)

// pack lays t out as a packedTrie.
func pack(t *trie) *packedTrie {
	p := &packedTrie{}
	at := make([]uint32, len(t.value)) // node -> record offset
	// Depth-first, children in label order: a walk down a chain of
	// single children reads consecutive records.
	var place func(node uint32)
	place = func(node uint32) {
		at[node] = uint32(len(p.recs))
		lo, hi := t.first[node], t.first[node+1]
		p.recs = append(p.recs, t.value[node], hi-lo)
		for e := lo; e < hi; e++ {
			p.recs = append(p.recs, uint32(t.label[e]), 0)
		}
		for e := lo; e < hi; e++ {
			place(t.target[e])
		}
	}
	place(0)
	for node := range at {
		o := at[node]
		lo := t.first[node]
		for e := range p.recs[o+recEdges] {
			p.recs[o+recPairs+2*e+1] = at[t.target[lo+e]]
		}
	}
	for i := range p.root {
		p.root[i] = noNode
	}
	for e := uint32(0); e < p.recs[recEdges]; e++ {
		if r := p.recs[recPairs+2*e]; r < rootDirect {
			p.root[r] = p.recs[recPairs+2*e+1]
		}
	}
	return p
}

// child returns the record of o's child along r, or noNode.
func (p *packedTrie) child(o uint32, r rune) uint32 {
	if o == 0 && r < rootDirect {
		return p.root[r]
	}
	n := p.recs[o+recEdges]
	pairs := p.recs[o+recPairs : o+recPairs+2*n]
	for e := 0; e+1 < len(pairs); e += 2 {
		if pairs[e] == uint32(r) {
			return pairs[e+1]
		}
	}
	return noNode
}

// value returns the key index of record o, or noNode.
func (p *packedTrie) value(o uint32) uint32 { return p.recs[o+recValue] }
