package gazetteer

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// TypeScore is precision, recall and F1 for one entity type.
type TypeScore struct {
	Type              string
	TP, FP, FN        int
	Precision, Recall float64
	F1                float64
	// FPTaggedElsewhere counts the false positives that touch no gold
	// mention at all and whose entity the gold does tag, with this type,
	// somewhere else in the same file: mentions its annotators left
	// untagged here but not there. It is part of FP and is reported
	// beside it, so that a reader can tell tagger errors from
	// inconsistencies of the gold.
	FPTaggedElsewhere int
}

// NERReport is the result of EvalNER.
type NERReport struct {
	Sentences int
	Types     []TypeScore // PER, LOC, ORG, then ALL (micro-averaged)
}

// Proposer proposes people's names that no list holds, as a statistical
// tagger does (*bangla.Recognizer is one): the token spans [from, to) of
// the names in a sentence of tokens.
type Proposer interface {
	Persons(tokens []string) [][2]int
}

// EvalNER scores the matcher's mentions against a CoNLL-style file (token
// TAB tag per line, blank lines between sentences, BIO tags). A mention
// counts when its token span and type equal a gold mention's exactly; the
// gold spans there include the case ending, as our surfaces do. Tags
// other than PER, LOC and ORG are ignored on both sides.
//
// With a Proposer (nil for none), its people whose spans overlap no
// matched mention count as PER mentions too, as the tag stage adds them.
func (m *Matcher) EvalNER(r io.Reader, p Proposer) (NERReport, error) {
	counts := map[string]*TypeScore{}
	for _, t := range []string{"PER", "LOC", "ORG"} {
		counts[t] = &TypeScore{Type: t}
	}
	var rep NERReport
	var toks, tags []string
	// For FPTaggedElsewhere: the entities found right (type and id), and
	// the untouched false positives by type and entity, known only at the end.
	right := map[[2]string]bool{}
	untouched := map[[2]string]int{}
	flush := func() {
		if len(toks) == 0 {
			return
		}
		rep.Sentences++
		gold := goldSpans(tags)
		pred := m.tokenSpans(toks)
		if p != nil {
			for _, s := range p.Persons(toks) {
				k := span{s[0], s[1]}
				if !overlapsAny(k, pred) {
					pred[k] = predicted{typ: "PER"}
				}
			}
		}
		for k, pr := range pred {
			c := counts[pr.typ]
			if c == nil {
				continue
			}
			if gold[k] == pr.typ {
				c.TP++
				right[[2]string{pr.typ, pr.id}] = true
				continue
			}
			c.FP++
			if pr.id != "" && !overlapsAny(k, gold) {
				untouched[[2]string{pr.typ, pr.id}]++
			}
		}
		for k, typ := range gold {
			if c := counts[typ]; c != nil && pred[k].typ != typ {
				c.FN++
			}
		}
		toks, tags = toks[:0], tags[:0]
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		tok, tag, ok := strings.Cut(line, "\t")
		if !ok {
			f := strings.Fields(line)
			if len(f) < 2 {
				return rep, fmt.Errorf("gazetteer: eval: line %q: want token TAB tag", line)
			}
			tok, tag = f[0], f[len(f)-1]
		}
		toks = append(toks, strings.TrimSpace(strings.TrimPrefix(tok, "\ufeff")))
		tags = append(tags, strings.TrimSpace(tag))
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("gazetteer: eval: %w", err)
	}
	flush()
	for k, n := range untouched {
		if right[k] {
			counts[k[0]].FPTaggedElsewhere += n
		}
	}
	all := TypeScore{Type: "ALL"}
	for _, t := range []string{"PER", "LOC", "ORG"} {
		c := counts[t]
		c.score()
		all.TP, all.FP, all.FN = all.TP+c.TP, all.FP+c.FP, all.FN+c.FN
		all.FPTaggedElsewhere += c.FPTaggedElsewhere
		rep.Types = append(rep.Types, *c)
	}
	all.score()
	rep.Types = append(rep.Types, all)
	return rep, nil
}

func (c *TypeScore) score() {
	if c.TP+c.FP > 0 {
		c.Precision = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN > 0 {
		c.Recall = float64(c.TP) / float64(c.TP+c.FN)
	}
	if c.Precision+c.Recall > 0 {
		c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
	}
}

// span is a half-open token range.
type span struct{ from, to int }

// predicted is a predicted mention: its type, and its entity's id ("" for
// a proposed person no list holds).
type predicted struct{ typ, id string }

// overlapsAny reports whether k shares a token with any span of spans.
func overlapsAny[V any](k span, spans map[span]V) bool {
	for s := range spans {
		if s.from < k.to && k.from < s.to {
			return true
		}
	}
	return false
}

// goldSpans reads BIO tags into typed token spans.
func goldSpans(tags []string) map[span]string {
	out := map[span]string{}
	start, typ := -1, ""
	end := func(i int) {
		if start >= 0 {
			out[span{start, i}] = typ
		}
		start, typ = -1, ""
	}
	for i, t := range tags {
		switch {
		case strings.HasPrefix(t, "B-"):
			end(i)
			start, typ = i, t[2:]
		case strings.HasPrefix(t, "I-") && start >= 0 && t[2:] == typ:
		case strings.HasPrefix(t, "I-"):
			end(i)
			start, typ = i, t[2:]
		default:
			end(i)
		}
	}
	end(len(tags))
	return out
}

// tokenSpans runs the matcher over tokens joined by spaces and maps each
// match to the tokens it touches, as the gold tags whole tokens: a match
// may start after punctuation glued to its token (‘বাংলাদেশের) or after a
// hyphen inside it (ঢাকা-রংপুর, বিএনপি-জামায়াত), and end before such a
// hyphen (লালমনিরহাট-৩). Several matches on the same tokens are one
// predicted mention, of the first match's type, as the gold tags a
// hyphenated pair as one mention.
func (m *Matcher) tokenSpans(toks []string) map[span]predicted {
	starts := make([]int, len(toks))
	var b strings.Builder
	cp := 0
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
			cp++
		}
		starts[i] = cp
		b.WriteString(t)
		cp += len([]rune(t))
	}
	out := map[span]predicted{}
	for _, mt := range m.Find(b.String(), nil) {
		typ := "LOC" // an unlisted place
		if mt.key != unlistedKey {
			e, _ := m.g.Entry(mt.ID)
			typ = string(e.Type)
		}
		k := span{sort.SearchInts(starts, mt.Start+1) - 1, sort.SearchInts(starts, mt.End+1)}
		if _, seen := out[k]; !seen {
			out[k] = predicted{typ, mt.ID}
		}
	}
	return out
}
