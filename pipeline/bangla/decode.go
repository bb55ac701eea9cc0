package bangla

import (
	"math"
	"slices"
)

// lattice is the working memory of tagging one sentence, kept from
// sentence to sentence: the sentence's lexemes between its edges (pad),
// the score of each tag of each word after each tag of the word before
// (scores[i][prev][t]), and the best tag before each (back).
//
// The tagger takes the sequence of tags with the highest total score
// (Viterbi), not each word's best tag in turn: a name's first word is
// then chosen knowing whether the words after it read as its
// continuation, which cuts the names that run on into the next word
// (নেইমারের গোল) or begin a word late. On five folds of the rifat1493
// train split it raised precision from 0.841 to 0.864 and recall from
// 0.563 to 0.601.
type lattice struct {
	pad    []*lexeme
	scores [][nTags][nTags]float32
	back   [][nTags]tag
}

// noPath scores a sequence that cannot be: a name continued (I) after
// no name (O).
var noPath = float32(math.Inf(-1))

// decode appends to dst the highest-scoring tags for lat.scores. The
// word before the first is tagged O, and I never follows O. Ties go to
// the lower tag (O before B before I), as they always have.
func (lat *lattice) decode(dst []tag) []tag {
	n := len(lat.scores)
	if n == 0 {
		return dst
	}
	lat.back = slices.Grow(lat.back[:0], n)[:n]
	// best[t] is the score of the best tags up to word i that end in t.
	best := lat.scores[0][tagO]
	best[tagI] = noPath
	for i := 1; i < n; i++ {
		var next [nTags]float32
		for t := range nTags {
			// A back pointer that always leads somewhere, even where
			// no path does (scores of -Inf): B, since I cannot follow O.
			next[t], lat.back[i][t] = noPath, min(t, tagB)
			for prev := range nTags {
				if t == tagI && prev == tagO {
					continue
				}
				if v := best[prev] + lat.scores[i][prev][t]; v > next[t] {
					next[t], lat.back[i][t] = v, prev
				}
			}
		}
		best = next
	}
	last := tagO
	for t := tagB; t < nTags; t++ {
		if best[t] > best[last] {
			last = t
		}
	}
	at := len(dst)
	dst = slices.Grow(dst, n)[:at+n]
	for i := n - 1; i >= 0; i-- {
		dst[at+i] = last
		last = lat.back[i][last]
	}
	return dst
}
