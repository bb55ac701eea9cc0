package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// flags mark what the walk learned about one node.
type flags uint16

const (
	fDropped  flags = 1 << iota // never part of the text (script, nav, hidden, ...)
	fLink                       // inside an <a>
	fText                       // a text node
	fBlock                      // a block-level element: breaks paragraphs
	fNegative                   // class/id says boilerplate
	fPositive                   // class/id says article body
	fHead                       // inside <head>
	fBoiler                     // removed by a boilerplate heading or list rule
	fHard                       // never visible text: script, style, nav, hidden
)

// item is one node of the flattened tree. The tree is kept in pre-order in a
// slice so that subtree sums are a reverse loop and subtrees are index
// ranges, which keeps the hot path free of maps and pointer chasing.
type item struct {
	n      *html.Node
	parent int32 // index of the parent, -1 at the root
	end    int32 // one past the last index of the subtree
	flags  flags
	// Subtree sums over nodes that are not dropped, in runes.
	text   int32 // text length
	link   int32 // text length inside links
	commas int32 // commas and sentence ends: a sign of prose
	paras  int32 // paragraph-like children with real prose
	// raw is the text length counting boxes dropped for their class,
	// but not what is never visible (scripts, hidden boxes).
	raw   int32
	score float32
}

// tree is the flattened page.
type tree struct {
	items []item
	body  int32 // index of <body>, or 0
}

// maxDepth bounds how deep the walk follows the DOM. Pages nested deeper
// are pathological (or hostile); their deeper parts are dropped rather than
// letting one page use unbounded time.
const maxDepth = 256

// hardDrop lists elements whose content is never article text. The
// value says whether the element only usually holds furniture (nav,
// aside, footer): those are kept in the lenient second pass, for sites
// that wrap the story in an <aside>.
var hardDrop = map[atom.Atom]bool{
	atom.Script: false, atom.Style: false, atom.Template: false,
	atom.Svg: false, atom.Math: false, atom.Iframe: false, atom.Object: false, atom.Embed: false,
	atom.Canvas: false, atom.Button: false, atom.Input: false, atom.Select: false,
	atom.Textarea: false, atom.Option: false, atom.Nav: true, atom.Footer: true,
	atom.Aside: true, atom.Menu: true, atom.Figcaption: true, atom.Dialog: true, atom.Video: false, atom.Audio: false,
	atom.Picture: false, atom.Label: true, atom.Link: false, atom.Meta: false, atom.Title: false,
	atom.Head: false, atom.Frameset: false, atom.Frame: false, atom.Map: false, atom.Area: false,
}

// blockTags break the text into paragraphs.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dd: true, atom.Dt: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Tbody: true, atom.Thead: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Main: true, atom.Figure: true,
	atom.Figcaption: true, atom.Br: true, atom.Hr: true, atom.Address: true, atom.Form: true,
	atom.Fieldset: true, atom.Center: true, atom.Body: true, atom.Html: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Tfoot: true,
}

// build flattens doc. visit, if not nil, receives every element so that
// metadata is collected in the same walk. A strict build drops furniture
// by tag and by class; a lenient one only what is never visible.
func build(doc *html.Node, strict bool, visit func(n *html.Node, inHead bool), sizeHint int) *tree {
	return buildKeeping(doc, strict, visit, sizeHint, nil)
}

// buildKeeping is build with a set of boxes whose class is not held
// against them (see wrappers).
func buildKeeping(doc *html.Node, strict bool, visit func(n *html.Node, inHead bool), sizeHint int, keep map[*html.Node]bool) *tree {
	t := &tree{items: make([]item, 0, max(256, sizeHint))}
	// Iterative pre-order walk: deep nesting must not grow the goroutine
	// stack without bound.
	var stack [maxDepth + 2]int32
	depth := 0
	n := doc
	parent := int32(-1)
	var inherit flags
	for n != nil {
		idx := int32(len(t.items))
		it := item{n: n, parent: parent, flags: inherit &^ (fText | fBlock | fNegative | fPositive)}
		descend := true
		switch n.Type {
		case html.TextNode:
			it.flags |= fText
			descend = false
		case html.ElementNode:
			a := n.DataAtom
			if visit != nil {
				visit(n, inherit&fHead != 0 || a == atom.Head)
			}
			if a == atom.Head {
				it.flags |= fHead | fDropped
			}
			if a == atom.Body {
				t.body = idx
			}
			if soft, ok := hardDrop[a]; (ok && (strict || !soft)) || hidden(n) {
				it.flags |= fDropped | fHard
				if a == atom.Script || a == atom.Style || a == atom.Svg || a == atom.Math {
					descend = false
				}
			}
			if a == atom.A {
				it.flags |= fLink
			}
			if blockTags[a] || a == 0 {
				it.flags |= fBlock
			}
			// A quotation's class names where it was quoted from
			// ("twitter-tweet", "instagram-media"): an embedded post is
			// part of the story, not a share button.
			if a != atom.Html && a != atom.Body && a != atom.Main && a != atom.Blockquote && !keep[n] {
				switch w := classWeight(n); {
				case w < 0 && wrapsQuote(n):
					// The box of an embedded post, named for the
					// network it was quoted from.
				case w < 0:
					it.flags |= fNegative
					if strict {
						it.flags |= fDropped
					}
				case w > 0:
					it.flags |= fPositive
				}
			}
		case html.DocumentNode:
		default:
			descend = false
			it.flags |= fDropped
		}
		t.items = append(t.items, it)
		if descend && n.FirstChild != nil && depth < maxDepth {
			stack[depth] = parent
			depth++
			parent = idx
			inherit = it.flags & (fDropped | fLink | fHead | fHard)
			n = n.FirstChild
			continue
		}
		t.items[idx].end = idx + 1
		// Climb until a next sibling exists, closing subtrees on the way.
		for n != nil && n.NextSibling == nil {
			if depth == 0 {
				n = nil
				break
			}
			depth--
			t.items[parent].end = int32(len(t.items))
			n = n.Parent
			parent = stack[depth]
			if parent >= 0 {
				inherit = t.items[parent].flags & (fDropped | fLink | fHead | fHard)
			} else {
				inherit = 0
			}
			if n == doc {
				n = nil
			}
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	t.sum()
	return t
}

// wrapsQuote reports a box whose only content is a blockquote, beside
// scripts and white space.
func wrapsQuote(n *html.Node) bool {
	quote := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.CommentNode:
		case c.Type == html.ElementNode && c.DataAtom == atom.Script:
		case c.Type == html.ElementNode && c.DataAtom == atom.Blockquote && !quote:
			quote = true
		default:
			return false
		}
	}
	return quote
}

// sum fills the subtree sums bottom-up. Parents precede children in the
// slice, so one reverse loop sees every child before its parent.
func (t *tree) sum() {
	items := t.items
	for i := range items {
		items[i].text, items[i].link, items[i].commas, items[i].paras, items[i].raw = 0, 0, 0, 0, 0
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := &items[i]
		if it.flags&fDropped != 0 {
			if it.flags&fHard == 0 {
				if it.flags&fText != 0 {
					l, _ := measure(it.n.Data)
					it.raw = int32(l)
				}
				if p := it.parent; p >= 0 {
					items[p].raw += it.raw
				}
			}
			continue
		}
		if it.flags&fText != 0 {
			l, c := measure(it.n.Data)
			it.text = int32(l)
			it.commas = int32(c)
			if it.flags&fLink != 0 {
				it.link = it.text
			}
		} else if it.n.Type == html.ElementNode && (it.n.DataAtom == atom.P || it.n.DataAtom == atom.Pre || it.n.DataAtom == atom.Blockquote) && it.text-it.link >= 40 {
			it.paras++
		}
		it.raw += it.text
		if p := it.parent; p >= 0 {
			pi := &items[p]
			pi.raw += it.raw
			pi.text += it.text
			pi.link += it.link
			pi.commas += it.commas
			pi.paras += it.paras
		}
	}
}

// measure counts the non-space runes of s and its prose punctuation.
func measure(s string) (runes, commas int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\n', '\t', '\r', '\f':
				continue
			case ',', '.', ';':
				commas++
			}
			runes++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\u00a0', '\u200b', '\u200c', '\u200d', '\u3000':
			continue
		case '।', '،', '、', '，', '。':
			commas++
		}
		runes++
	}
	return runes, commas
}

// hidden reports elements that a browser would not show.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			if containsFold(a.Val, "display:none") || containsFold(a.Val, "display: none") || containsFold(a.Val, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// containsFold reports whether s contains the ASCII-lowercase sub,
// ignoring ASCII case in s, without allocating.
func containsFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// children calls f for each direct child index of i.
func (t *tree) children(i int32, f func(c int32) bool) {
	end := t.items[i].end
	for c := i + 1; c < end; c = t.items[c].end {
		if !f(c) {
			return
		}
	}
}

// attr returns the value of the named attribute.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// wrapperShare is the share of the page's text above which a box dropped
// for its class is taken for a wrapper of the page: "Page-ad-margins" or
// "has-sidebar" around the whole layout says nothing of the story.
const wrapperShare = 0.35

// wrappers returns the boxes dropped for their class that hold most of
// the page's text, or nil when there are none.
func (t *tree) wrappers() map[*html.Node]bool {
	items := t.items
	total := items[t.body].raw
	if total < 200 {
		return nil
	}
	var keep map[*html.Node]bool
	for i := t.body; i < items[t.body].end; i++ {
		it := &items[i]
		if it.flags&fHard != 0 {
			i = it.end - 1
			continue
		}
		if float32(it.raw) < wrapperShare*float32(total) {
			i = it.end - 1 // too small to be or hold a wrapper
			continue
		}
		if it.flags&(fDropped|fNegative) == fDropped|fNegative {
			if keep == nil {
				keep = map[*html.Node]bool{}
			}
			// Go on inside: a wrapper inside a wrapper is one too.
			keep[it.n] = true
		}
	}
	return keep
}
