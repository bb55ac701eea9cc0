package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// This file holds the scoring of the two extraction benchmarks, written
// the way their projects score them, so that figures compare with
// published ones.

// tokenRE is a word for shingle scoring. Python's \w, which the
// scrapinghub script uses, splits Bangla words at vowel signs; counting
// marks as word characters keeps them whole.
var tokenRE = regexp.MustCompile(`[\p{L}\p{M}\p{N}_]+`)

// shingles counts the 4-word shingles of text, lowercased. A text of
// fewer than n tokens is one shingle, as in the scrapinghub script.
func shingles(text string, n int) map[string]int {
	toks := tokenRE.FindAllString(strings.ToLower(text), -1)
	out := make(map[string]int, len(toks))
	if len(toks) == 0 {
		return out
	}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		out[strings.Join(toks[i:min(i+n, len(toks))], "\x00")]++
	}
	return out
}

// prf is one page's true positive, false positive and false negative
// shares of shingles, normalised to sum to one so that long pages do not
// weigh more.
type prf struct{ tp, fp, fn float64 }

// shingleMatch compares predicted and true text.
func shingleMatch(truth, pred string) prf {
	ts, ps := shingles(truth, 4), shingles(pred, 4)
	var r prf
	for k, tc := range ts {
		pc := ps[k]
		r.tp += float64(min(tc, pc))
		r.fn += float64(max(0, tc-pc))
	}
	for k, pc := range ps {
		r.fp += float64(max(0, pc-ts[k]))
	}
	if s := r.tp + r.fp + r.fn; s > 0 {
		r.tp, r.fp, r.fn = r.tp/s, r.fp/s, r.fn/s
	}
	return r
}

func (r prf) precision() float64 {
	switch {
	case r.fp == 0 && r.fn == 0:
		return 1
	case r.tp == 0 && r.fp == 0:
		return 0
	}
	return r.tp / (r.tp + r.fp)
}

func (r prf) recall() float64 {
	switch {
	case r.fp == 0 && r.fn == 0:
		return 1
	case r.tp == 0 && r.fn == 0:
		return 0
	}
	return r.tp / (r.tp + r.fn)
}

// shingleScore averages precision over pages that predicted something
// and recall over pages that have truth, then takes F1 of the averages.
func shingleScore(pages []prf) (p, r, f1 float64) {
	var np, nr int
	for _, x := range pages {
		if x.tp+x.fp > 0 {
			p += x.precision()
			np++
		}
		if x.tp+x.fn > 0 {
			r += x.recall()
			nr++
		}
	}
	if np > 0 {
		p /= float64(np)
	}
	if nr > 0 {
		r /= float64(nr)
	}
	return p, r, f1of(p, r)
}

func f1of(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// snippetCounts are the trafilatura evaluation's counts: a found "with"
// snippet is a true positive, a missing one a false negative; a present
// "without" snippet a false positive, an absent one a true negative.
type snippetCounts struct{ tp, fn, fp, tn int }

func (c *snippetCounts) add(o snippetCounts) {
	c.tp += o.tp
	c.fn += o.fn
	c.fp += o.fp
	c.tn += o.tn
}

// snippetMatch checks one page's snippets against the extracted text,
// with white space normalised as the trafilatura project does. A failed
// extraction (ok false) misses every "with" and holds no "without".
func snippetMatch(text string, ok bool, with, without []string) snippetCounts {
	var c snippetCounts
	if !ok {
		return snippetCounts{fn: len(with), tn: len(without)}
	}
	// NFC on both sides: canonically equivalent text is the same text
	// (the Bangla snippet spells য় as U+09DF, which NFC decomposes).
	flat := norm.NFC.String(strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " "))
	for _, s := range with {
		if strings.Contains(flat, norm.NFC.String(s)) {
			c.tp++
		} else {
			c.fn++
		}
	}
	for _, s := range without {
		if strings.Contains(flat, norm.NFC.String(s)) {
			c.fp++
		} else {
			c.tn++
		}
	}
	return c
}

// scores are precision, recall and F1 from summed counts.
func (c snippetCounts) scores() (p, r, f1 float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	return p, r, f1of(p, r)
}
