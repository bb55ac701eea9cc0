// Package extract turns a fetched page's bytes into a models.Article: the
// story's text and metadata, with menus, lists of other stories, share bars
// and footers left out. It is the "extract" stage of the flow
// raw page -> decode -> extract -> tag -> encode -> publish -> commit,
// and knows nothing of Kafka or of the gazetteer.
//
// One call does, in order: the size and emptiness checks (before any
// parsing, so a huge page costs nothing), a sniff that the body is markup
// at all, decoding to UTF-8 (charset.go), one parse with golang.org/x/net/html,
// one walk that flattens the tree and collects metadata (tree.go, meta.go),
// removal of boxes of other stories (boilerplate.go), a readability-style
// score to find the story's box (content.go), and then dates (dates.go),
// language (language.go) and page type (pagetype.go). Article is safe for
// concurrent use: it keeps no state between calls.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsroom/tagger/models"
)

// Errors the pipeline branches on to choose a dead-letter reason.
var (
	ErrEmpty    = errors.New("extract: empty body")
	ErrNotHTML  = errors.New("extract: body is not HTML")
	ErrEncoding = errors.New("extract: invalid or unknown character encoding")
	ErrTooLarge = errors.New("extract: page exceeds size limit")
)

// Source describes where a page's bytes came from.
type Source struct {
	// URL is the fetch URL; relative links resolve against it.
	URL string
	// ContentType is the HTTP Content-Type, which may name a charset.
	ContentType string
	// Charset, if set, overrides every other charset declaration.
	Charset string
}

// Options bound the work done on one page.
type Options struct {
	// MaxBytes rejects larger pages with ErrTooLarge before parsing.
	// Zero means DefaultMaxBytes.
	MaxBytes int
	// Location is the time zone of dates that carry none. Nil means
	// Bangladesh time (+06:00).
	Location *time.Location
}

// DefaultMaxBytes is the page size limit when Options.MaxBytes is zero.
const DefaultMaxBytes = 8 << 20

// Article extracts the story from a page. A page that parses but is not an
// article comes back without error, with PageType listing or other.
func Article(body []byte, src Source, opt Options) (models.Article, error) {
	limit := opt.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if len(body) > limit {
		return models.Article{}, fmt.Errorf("checking size of %d bytes against limit %d: %w", len(body), limit, ErrTooLarge)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))) == 0 {
		return models.Article{}, fmt.Errorf("reading %d bytes of white space: %w", len(body), ErrEmpty)
	}
	if err := sniffHTML(body, src); err != nil {
		return models.Article{}, err
	}
	page, err := toUTF8(body, src)
	if err != nil {
		return models.Article{}, err
	}
	// Scripting off: <noscript> is then parsed as markup, and some sites
	// keep the only static copy of the story there.
	doc, err := html.ParseWithOptions(bytes.NewReader(page), html.ParseOptionEnableScripting(false))
	if err != nil {
		// The parser only fails on reader errors, which a byte slice has
		// none of; keep the branch for safety.
		return models.Article{}, fmt.Errorf("parsing page: %w: %v", ErrNotHTML, err)
	}
	// Each node starts at a '<' or is the text after one: counting them
	// sizes the flattened tree once instead of growing it many times.
	hint := bytes.Count(page, []byte("<")) + 16
	return document(doc, src, opt, hint), nil
}

// Document extracts the story from an already parsed page. It is the part
// of Article after decoding and parsing, for callers that hold a parsed
// tree; it does no size or charset checks.
func Document(doc *goquery.Document, src Source, opt Options) models.Article {
	return document(doc.Get(0), src, opt, 2048)
}

func document(root *html.Node, src Source, opt Options, hint int) models.Article {
	loc := opt.Location
	if loc == nil {
		loc = Bangladesh
	}
	base, _ := url.Parse(src.URL)
	if root == nil {
		return models.Article{Language: "und", PageType: models.PageOther, CanonicalURL: resolve(nil, src.URL)}
	}

	m := newMeta()
	t := build(root, true, m.visit, hint)
	if keep := t.wrappers(); keep != nil {
		t = buildKeeping(root, true, nil, len(t.items), keep)
	}
	ld := parseJSONLD(m.jsonld)
	title := pickTitle(m, ld)

	paras := t.content(title)
	if textRunes(paras) < 200 {
		// Tags and class names dropped too much (a story inside an
		// <aside>, a body box named "has-sidebar"): try again dropping
		// only what is never visible.
		t2 := build(root, false, nil, len(t.items))
		if p2 := t2.content(title); textRunes(p2) > 2*textRunes(paras)+100 {
			t, paras = t2, p2
		}
	}

	var a models.Article
	a.Title = title
	a.Text = joinParas(paras)
	a.Lead = lead(m, paras)
	a.Language = Language(a.Title + "\n" + a.Text)
	a.CanonicalURL = canonicalURL(m, base, src.URL)
	a.SiteName = siteName(m, ld, base)
	a.Section = section(m, ld)
	a.Authors = authors(m, ld)
	a.PublishedAt, a.ModifiedAt = t.dates(m, ld, title, loc)
	a.PageType = t.pageType(m, ld, paras, a.Title)
	return a
}

// outsideMinRunes is the shortest paragraph kept outside the best box.
const outsideMinRunes = 60

// content runs the boilerplate removal, scoring and gathering on a tree.
func (t *tree) content(title string) []para {
	paras, _, _ := t.contentBoxes(title)
	return paras
}

// contentBoxes is content that also returns the chosen boxes and the
// best box among them.
func (t *tree) contentBoxes(title string) (paras []para, sel []int32, core int32) {
	root := t.body
	t.dropListBlocks(root)
	t.score(root)
	top := t.best(root)
	if top < 0 {
		return nil, nil, -1
	}
	sel, core = t.selection(top)
	// Teaser cards inside the chosen boxes ("more stories" with
	// link-free summaries) are left out of the text. They are marked only
	// now, so that they still count while the box is chosen: their links
	// are what keeps the climb from the body's box out of the page's rails.
	for _, s := range sel {
		t.markTeasers(s)
	}
	buf := make([]byte, 0, 1024)
	paras = t.gather(sel, buf)
	if lead := t.leadBoxes(sel[0], title); len(lead) > 0 {
		paras = append(t.gather(lead, buf), paras...)
	}
	// Outside the best box only real prose is kept: the climb is for a
	// standfirst, not for the bylines and share bars around it.
	out := paras[:0]
	brk := t.breakAfter(sel, core)
	if brk >= 0 {
		// An appendix is short beside the story; a long text after a
		// break is more story in sections.
		var after int
		for _, p := range paras {
			if p.idx > brk {
				after += p.runes
			}
		}
		if float32(after) > 0.5*float32(t.items[core].text) {
			brk = -1
		}
	}
	for _, p := range paras {
		if brk >= 0 && p.idx > brk {
			continue
		}
		if t.keepOutside(p, core) {
			out = append(out, p)
		}
	}
	return filterParas(out, title), sel, core
}

// leadMaxGap is the most text between the headline and the chosen boxes
// for what lies between them to be taken for the story's head.
const leadMaxGap = 1200

// leadBoxes returns the standfirst paragraphs between the headline (the
// last <h1> before the chosen boxes, or an <h2> that reads as the title)
// and the first chosen box: prose without links that the climb did not
// reach because bylines, pictures or share bars stand between it and
// the body.
func (t *tree) leadBoxes(first int32, title string) []int32 {
	items := t.items
	h := int32(-1)
	titleRunes, _ := measure(title)
	for i := t.body; i < first; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			i = it.end - 1
			continue
		}
		if it.n.Type != html.ElementNode || it.end > first || it.text == 0 {
			continue
		}
		switch it.n.DataAtom {
		case atom.H1:
		case atom.H2:
			// The headline set as <h2> (the <h1> holds the site's name or
			// sits in the breadcrumbs); only the title's length is
			// worth comparing the text of.
			if d := int(it.text) - titleRunes; d < -2 || d > 2 || !strings.EqualFold(collapse(nodeText(it.n)), title) {
				continue
			}
		default:
			continue
		}
		h = i
		i = it.end - 1
	}
	if h < 0 || t.textBetween(items[h].end, first) > leadMaxGap {
		return nil
	}
	var out []int32
	for i := items[h].end; i < first; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			i = it.end - 1
			continue
		}
		if it.n.Type != html.ElementNode {
			continue
		}
		switch it.n.DataAtom {
		case atom.P, atom.H2, atom.H3:
		default:
			continue
		}
		if it.text-it.link >= outsideMinRunes && float32(it.link) < 0.1*float32(it.text) && (it.text >= 100 || endsSentence(it)) && !t.isCaption(i) {
			out = append(out, i)
		}
		i = it.end - 1
	}
	return out
}

// isCaption reports a paragraph that is the text of a box holding a
// picture: the picture's caption, not the story's.
func (t *tree) isCaption(i int32) bool {
	p := t.items[i].parent
	if p < 0 || float32(t.items[i].text) < 0.8*float32(t.items[p].text) {
		return false
	}
	for j := p + 1; j < t.items[p].end; j++ {
		if a := t.items[j].n.DataAtom; a == atom.Img || a == atom.Picture || a == atom.Figure {
			return true
		}
	}
	return false
}

// breakAfter returns the thematic break (<hr>) that closes the best box,
// coming after it in the chosen boxes with no text in between, or -1.
// What follows the story after such a break is an appendix: the
// company's boilerplate, a disclaimer, a bio.
func (t *tree) breakAfter(sel []int32, core int32) int32 {
	items := t.items
	from := items[core].end
	for _, s := range sel {
		for i := max(s, from); i < items[s].end; i++ {
			it := &items[i]
			switch {
			case it.flags&fDropped != 0:
				i = it.end - 1
			case it.flags&fText != 0 && it.text > 0:
				return -1
			case it.n.Type == html.ElementNode && it.n.DataAtom == atom.Hr:
				return i
			}
		}
	}
	return -1
}

// keepOutside reports whether a gathered paragraph is kept: everything
// inside the best box, and outside it only real prose.
func (t *tree) keepOutside(p para, core int32) bool {
	if p.idx >= core && p.idx < t.items[core].end {
		return true
	}
	if float32(p.link) >= 0.2*float32(p.runes) {
		return false
	}
	if p.heading {
		// A "heading" of several lines is a standfirst set in <h2>.
		return p.runes >= standfirstMinRunes
	}
	if p.runes >= outsideMinRunes {
		return true
	}
	// A short item of a list or table is kept when the list as a whole
	// is text rather than links: ingredients, specifications, steps. An
	// item of one word is a label or a script's token, not a line of text.
	if !strings.Contains(p.text, " ") {
		return false
	}
	if c := t.listOf(p.idx); c >= 0 {
		ci := &t.items[c]
		return ci.text >= outsideMinRunes && float32(ci.link) < 0.2*float32(ci.text)
	}
	return false
}

// listOf returns the list or table that holds item i, a few levels up,
// or -1.
func (t *tree) listOf(i int32) int32 {
	for level := 0; i >= 0 && level < 6; level++ {
		it := &t.items[i]
		if it.n.Type == html.ElementNode {
			switch it.n.DataAtom {
			case atom.Ul, atom.Ol, atom.Dl, atom.Table:
				return i
			}
		}
		i = it.parent
	}
	return -1
}

// standfirstMinRunes is the shortest heading outside the best box taken
// for a standfirst rather than a subheading.
const standfirstMinRunes = 90

func textRunes(ps []para) int {
	n := 0
	for _, p := range ps {
		n += p.runes
	}
	return n
}

// joinParas is the body text: paragraphs separated by a blank line.
func joinParas(ps []para) string {
	n := 0
	for _, p := range ps {
		n += len(p.text) + 2
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// lead is the standfirst when the page marks one (its meta description
// opens the text), else the first paragraph.
func lead(m *meta, ps []para) string {
	for _, p := range ps {
		if !p.heading {
			return p.text
		}
	}
	return ""
}

// canonicalURL prefers rel=canonical, then og:url, then the fetch URL.
func canonicalURL(m *meta, base *url.URL, fetch string) string {
	if u := resolve(base, m.canonical); u != "" {
		return u
	}
	if u := resolve(base, m.props["og:url"]); u != "" {
		return u
	}
	return resolve(nil, fetch)
}

// siteName is og:site_name, the JSON-LD publisher, or the host.
func siteName(m *meta, ld *ldInfo, base *url.URL) string {
	if s := m.props["og:site_name"]; s != "" {
		return collapse(s)
	}
	if ld != nil && ld.publisher != "" {
		return ld.publisher
	}
	if s := m.props["application-name"]; s != "" {
		return collapse(s)
	}
	if base != nil {
		return strings.TrimPrefix(base.Hostname(), "www.")
	}
	return ""
}

// section is the site's section from JSON-LD or article:section.
func section(m *meta, ld *ldInfo) string {
	if ld != nil && ld.section != "" {
		return ld.section
	}
	for _, k := range []string{"article:section", "section", "articlesection"} {
		if s := m.props[k]; s != "" {
			return collapse(s)
		}
	}
	return ""
}

// authors are the JSON-LD authors, else the meta authors, else the
// visible byline, without duplicates.
func authors(m *meta, ld *ldInfo) []string {
	var src []string
	switch {
	case ld != nil && len(ld.authors) > 0:
		src = ld.authors
	case len(m.authors) > 0:
		src = m.authors
	default:
		src = m.bylines
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range src {
		s = cleanByline(s)
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}
