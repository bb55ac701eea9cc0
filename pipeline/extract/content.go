package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const fScored flags = 1 << 12

// Climbing from the best box to its parent: the box must hold this share
// of the parent's text, and the rest may be at most this share links.
const (
	climbShare = 0.4
	climbLinks = 0.3
)

// score gives each box a readability-style content score: every
// paragraph of prose adds to its parent, and less to further ancestors;
// the box's own tag and class move the score up or down.
func (t *tree) score(root int32) {
	items := t.items
	for i := root; i < items[root].end; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			i = it.end - 1
			continue
		}
		if it.flags&fText != 0 {
			continue
		}
		it.flags &^= fScored
		it.score = 0
	}
	for i := root; i < items[root].end; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			i = it.end - 1
			continue
		}
		var l, commas int32
		switch {
		case it.flags&fText != 0:
			// Text straight inside a div (no <p>) makes the div a paragraph.
			p := it.parent
			if p < 0 || it.text < 25 {
				continue
			}
			switch items[p].n.DataAtom {
			case atom.Div, atom.Section, atom.Article, atom.Td, atom.Font, atom.Span, atom.Main, atom.Center, atom.Body:
			default:
				continue
			}
			if items[p].n.DataAtom == atom.Span || items[p].n.DataAtom == atom.Font {
				// spans inside a p are counted by the p
				if gp := items[p].parent; gp >= 0 && items[gp].n.DataAtom == atom.P {
					continue
				}
			}
			l, commas = it.text-it.link, it.commas
			t.propagate(p, l, commas, true)
			continue
		case it.n.Type != html.ElementNode:
			continue
		}
		switch it.n.DataAtom {
		case atom.P, atom.Pre, atom.Blockquote, atom.Li, atom.Dd, atom.Td:
		default:
			continue
		}
		l, commas = it.text-it.link, it.commas
		if l < 25 {
			continue
		}
		t.propagate(it.parent, l, commas, false)
		// The paragraph's own subtree was counted whole: skip into it only
		// for nested paragraphs, which are rare; skipping keeps it linear.
		i = it.end - 1
	}
}

// propagate adds one paragraph's score to its ancestors.
func (t *tree) propagate(p int32, l, commas int32, self bool) {
	if commas > 20 {
		commas = 20
	}
	s := 1 + float32(commas) + min(float32(l)/100, 3)
	for level := 0; p >= 0 && level < 5; level++ {
		it := &t.items[p]
		if it.flags&fScored == 0 {
			it.flags |= fScored
			it.score = baseScore(it)
		}
		switch level {
		case 0:
			it.score += s
		case 1:
			it.score += s / 2
		default:
			it.score += s / float32(level*3)
		}
		p = it.parent
	}
}

// baseScore is a box's score before any paragraph counts.
func baseScore(it *item) float32 {
	var s float32
	switch it.n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	if it.flags&fPositive != 0 {
		s += 25
	}
	if it.flags&fNegative != 0 {
		s -= 25
	}
	if it.n.DataAtom == atom.Article {
		s += 10
	}
	return s
}

// final is a box's score weighed by how little of it is links.
func (it *item) final() float32 {
	if it.text == 0 {
		return 0
	}
	return it.score * (1 - float32(it.link)/float32(it.text))
}

// best returns the highest-scoring box under root, or -1.
func (t *tree) best(root int32) int32 {
	bi, bs := int32(-1), float32(0)
	items := t.items
	for i := root; i < items[root].end; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			i = it.end - 1
			continue
		}
		if it.flags&fScored == 0 {
			continue
		}
		if s := it.final(); s > bs {
			bi, bs = i, s
		}
	}
	return bi
}

// selection picks the boxes whose text is the story: the best box and
// those of its siblings that score close to it or read as prose.
func (t *tree) selection(top int32) (sel []int32, core int32) {
	items := t.items
	// A best box that is alone in its parent says nothing the parent does
	// not; the parent may hold more of the story.
	for {
		p := items[top].parent
		if p < 0 || p == t.body || items[p].n.Type != html.ElementNode {
			break
		}
		n := 0
		t.children(p, func(c int32) bool {
			if items[c].flags&fDropped == 0 && items[c].text > 0 {
				n++
			}
			return n < 2
		})
		if n != 1 {
			break
		}
		top = p
	}
	// Climb while the parent adds little beyond the box and what it adds
	// is prose, not links: a standfirst or a first paragraph often sits in
	// a sibling box of the body's box, inside the same <article>.
	ts := items[top].final()
	core = top
	for {
		p := items[top].parent
		if p < 0 || p == t.body || items[p].n.Type != html.ElementNode {
			break
		}
		pi, ti := &items[p], &items[top]
		extra, extraLink := pi.text-ti.text, pi.link-ti.link
		if extra == 0 {
			top = p
			continue
		}
		if float32(ti.text) < climbShare*float32(pi.text) || float32(extraLink) > climbLinks*float32(extra) {
			break
		}
		top = p
	}
	p := items[top].parent
	if p < 0 {
		return []int32{top}, core
	}
	threshold := max(10, ts*0.25)
	var out []int32
	t.children(p, func(c int32) bool {
		ci := &items[c]
		if c == top {
			out = append(out, c)
			return true
		}
		if ci.flags&fDropped != 0 || ci.text == 0 {
			return true
		}
		if ci.flags&fScored != 0 && ci.final() >= threshold && float32(ci.link) < 0.3*float32(ci.text) {
			out = append(out, c)
			return true
		}
		// Some sites put each paragraph in a box of its own: a sibling
		// shaped like the best box, and as free of links, is more of it.
		if ci.n.Type == html.ElementNode && sameShape(ci.n, items[top].n) && float32(ci.link) < 0.3*float32(ci.text) {
			out = append(out, c)
			return true
		}
		if ci.n.Type == html.ElementNode && ci.n.DataAtom == atom.P {
			l := ci.text
			ld := float32(ci.link) / float32(l)
			if (l > 80 && ld < 0.25) || (l > 0 && ld == 0 && endsSentence(ci)) {
				out = append(out, c)
			}
		}
		return true
	})
	return out, core
}

// endsSentence reports a short paragraph that ends like prose.
func endsSentence(it *item) bool {
	s := strings.TrimSpace(textOf(it.n))
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '।' || r == '!' || r == '?'
}

// textOf is the raw text of a subtree.
func textOf(n *html.Node) string {
	return nodeText(n)
}

// para is one paragraph of gathered text.
type para struct {
	text    string
	runes   int
	link    int
	heading bool
	li      bool
	idx     int32 // item index of the block that holds it
}

// gather collects the text of the selected boxes as paragraphs. Blocks
// break paragraphs; inline markup and links flow into them.
func (t *tree) gather(sel []int32, buf []byte) []para {
	items := t.items
	var out []para
	var cur []byte = buf[:0]
	var curLink, curRunes int
	var curHeading, curLi bool
	curIdx := int32(-1)
	var ends [maxDepth + 2]int32
	var blockTag [maxDepth + 2]atom.Atom
	depth := 0
	flush := func() {
		s := strings.TrimSpace(string(cur))
		if s != "" {
			out = append(out, para{text: s, runes: curRunes, link: curLink, heading: curHeading, li: curLi, idx: curIdx})
		}
		cur = cur[:0]
		curLink, curRunes = 0, 0
		curHeading, curLi = false, false
		curIdx = -1
	}
	for _, root := range sel {
		flush()
		depth = 0
		for i := root; i < items[root].end; i++ {
			for depth > 0 && i >= ends[depth-1] {
				depth--
				flush()
			}
			it := &items[i]
			if it.flags&(fDropped|fTeaser) != 0 {
				i = it.end - 1
				continue
			}
			if it.flags&fText != 0 {
				if it.text == 0 {
					if len(cur) > 0 && cur[len(cur)-1] != ' ' {
						cur = append(cur, ' ')
					}
					continue
				}
				if curIdx < 0 {
					curIdx = it.parent
				}
				cur = appendCollapsed(cur, it.n.Data)
				curRunes += int(it.text)
				curLink += int(it.link)
				if depth > 0 {
					switch blockTag[depth-1] {
					case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
						curHeading = true
					case atom.Li:
						curLi = true
					}
				}
				continue
			}
			if it.flags&fBlock != 0 && it.n.Type == html.ElementNode {
				flush()
				if depth < len(ends) && it.end > i+1 {
					ends[depth] = it.end
					blockTag[depth] = it.n.DataAtom
					depth++
				}
			}
		}
		for depth > 0 {
			depth--
		}
		flush()
	}
	return out
}

// appendCollapsed appends s with each run of white space as one space.
func appendCollapsed(b []byte, s string) []byte {
	space := len(b) > 0 && b[len(b)-1] == ' '
	if len(b) == 0 {
		space = true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			if !space {
				b = append(b, ' ')
				space = true
			}
			i++
			continue
		}
		if c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0 { // no-break space
			if !space {
				b = append(b, ' ')
				space = true
			}
			i += 2
			continue
		}
		b = append(b, c)
		space = false
		i++
	}
	return b
}
