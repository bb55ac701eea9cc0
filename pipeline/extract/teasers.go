package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A teaser card is one entry of a list of other stories: a box holding a
// headline link and a short summary, a date or a byline, shaped like the
// boxes beside it. Sites rarely name these boxes in a way the class rules
// catch ("card", "item", "col-md-4"), and the summaries are prose with no
// links, so link density does not catch them either; their repetition does.

// fTeaser marks a box found to be a teaser card.
const fTeaser flags = 1 << 13

const (
	// teaserHeadline is the least link text, in runes, of a card's
	// headline.
	teaserHeadline = 15
	// teaserSummary is the most text outside links, in runes, of a card:
	// a summary of a sentence or two, a date and a byline.
	teaserSummary = 400
	// teaserRun is the fewest cards of one shape side by side that make a
	// list: two boxes alike may be chance, three are a pattern.
	teaserRun = 3
)

// markTeasers flags the teaser cards under root and returns how many of
// them carry a summary (text beyond their links). Cards are found in runs
// of at least teaserRun consecutive siblings of the same shape; each
// element's children are visited once, so the cost is linear.
func (t *tree) markTeasers(root int32) (withSummary int) {
	items := t.items
	for i := root; i < items[root].end; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			i = it.end - 1
			continue
		}
		if it.n.Type != html.ElementNode || it.end == i+1 || it.link < teaserRun*teaserHeadline {
			continue
		}
		var run []int32
		var buf [16]int32
		closeRun := func() {
			if len(run) >= teaserRun {
				for _, c := range run {
					items[c].flags |= fTeaser
					if items[c].text-items[c].link >= 20 {
						withSummary++
					}
				}
			}
			run = buf[:0]
		}
		run = buf[:0]
		t.children(i, func(c int32) bool {
			ci := &items[c]
			if ci.flags&fDropped != 0 || ci.text == 0 {
				return true // white space and hidden boxes do not break a run
			}
			if !t.isCard(c) {
				closeRun()
				return true
			}
			if len(run) > 0 && !sameShape(items[run[0]].n, ci.n) {
				closeRun()
			}
			run = append(run, c)
			return true
		})
		closeRun()
	}
	return withSummary
}

// isCard reports a box that could be a teaser card: a block (not a
// paragraph, whose links are the story's own) with a headline-long link
// and little other text.
func (t *tree) isCard(c int32) bool {
	ci := &t.items[c]
	if ci.n.Type != html.ElementNode {
		return false
	}
	switch ci.n.DataAtom {
	case atom.Div, atom.Article, atom.Li, atom.Section:
	default:
		return false
	}
	if ci.link < teaserHeadline || ci.text-ci.link > teaserSummary {
		return false
	}
	return t.hasHeadline(c)
}

// teaserKicker is the most text, in runes, a card may show before its
// headline: a section label or a date.
const teaserKicker = 30

// hasHeadline reports a card that opens with a headline of its own: a
// heading or block that is all link, or a link that is a whole block. A
// link inline in a sentence ("<li><b><a>Company X did Y</a>.</b> More on
// it.</li>") is a story's list item, and a link after the text (an
// exercise and its "solution" link) is not a headline.
func (t *tree) hasHeadline(c int32) bool {
	items := t.items
	var before int32
	for j := c + 1; j < items[c].end; j++ {
		d := &items[j]
		if d.flags&fDropped != 0 {
			j = d.end - 1
			continue
		}
		if d.flags&fText != 0 {
			if before += d.text - d.link; before > teaserKicker {
				return false
			}
			continue
		}
		if d.n.Type != html.ElementNode || d.text < teaserHeadline || d.link != d.text {
			continue
		}
		if d.flags&fBlock != 0 {
			return true
		}
		if d.n.DataAtom == atom.A {
			p := d.parent
			if p == c || items[p].flags&fBlock != 0 && items[p].text == d.text {
				return true
			}
		}
	}
	return false
}

// sameShape reports two boxes of one tag whose class attributes start
// with the same word ("card", "post-item"): list entries share that word
// while the rest of their classes often carry an id or a position.
func sameShape(a, b *html.Node) bool {
	if a.DataAtom != b.DataAtom || a.Data != b.Data {
		return false
	}
	return firstWord(attr(a, "class")) == firstWord(attr(b, "class"))
}

// firstWord is the first white-space separated word of s.
func firstWord(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
		i++
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' {
		j++
	}
	return s[i:j]
}

// inTeaser reports whether item i is inside a flagged teaser card.
func (t *tree) inTeaser(i int32) bool {
	for ; i >= 0; i = t.items[i].parent {
		if t.items[i].flags&fTeaser != 0 {
			return true
		}
	}
	return false
}
