package bangla

import (
	"math/rand/v2"
	"testing"
)

// TestDecodeFindsTheBestSequence: on random lattices, decode returns a
// sequence that never continues a name after no name, and whose total
// score no other such sequence beats, found by trying them all.
func TestDecodeFindsTheBestSequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var lat lattice
	total := func(tags []tag) (float32, bool) {
		var sum float32
		prev := tagO
		for i, tg := range tags {
			if tg == tagI && prev == tagO {
				return 0, false
			}
			sum += lat.scores[i][prev][tg]
			prev = tg
		}
		return sum, true
	}
	for round := range 2000 {
		n := 1 + round%6
		lat.scores = lat.scores[:0]
		for range n {
			var row [nTags][nTags]float32
			for p := range nTags {
				for c := range nTags {
					// Whole numbers keep float sums exact, so ties are real.
					row[p][c] = float32(rng.IntN(11) - 5)
				}
			}
			lat.scores = append(lat.scores, row)
		}
		got := lat.decode([]tag{tagB}) // decode appends
		if len(got) != n+1 || got[0] != tagB {
			t.Fatalf("decode did not append to dst: %v", got)
		}
		got = got[1:]
		score, ok := total(got)
		if !ok {
			t.Fatalf("round %d: decode gave %v, a name continued after no name", round, got)
		}
		// Try every sequence: 3^n of them.
		seq := make([]tag, n)
		for code := 0; code < pow3(n); code++ {
			c := code
			for i := range seq {
				seq[i] = tag(c % 3)
				c /= 3
			}
			if s, ok := total(seq); ok && s > score {
				t.Fatalf("round %d: decode gave %v scoring %v; %v scores %v", round, got, score, seq, s)
			}
		}
	}
	lat.scores = lat.scores[:0]
	if got := lat.decode(nil); len(got) != 0 {
		t.Errorf("an empty sentence decoded as %v", got)
	}
}

func pow3(n int) int {
	p := 1
	for range n {
		p *= 3
	}
	return p
}
