package extract

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta is what the page says about itself in markup rather than in the
// text: meta tags, link rel, JSON-LD, the <title> and the h1s. It is
// filled during the one walk that flattens the tree.
type meta struct {
	props     map[string]string // meta property/name/itemprop -> first content
	canonical string
	title     string
	h1        []string
	jsonld    []string
	times     []timeTag
	authors   []string // meta author names
	bylines   []string // visible author boxes: rel=author, itemprop=author, class "author"/"byline"
	htmlLang  string
}

// timeTag is a <time> or itemprop date element, in page order.
type timeTag struct {
	value string // datetime/content attribute, else the text
	prop  string // itemprop, when set
	node  *html.Node
}

// wantedMeta lists the meta keys used; others are not stored, so a page
// with thousands of meta tags costs no more than one with ten.
var wantedMeta = map[string]bool{
	"og:title": true, "twitter:title": true, "og:url": true, "og:site_name": true,
	"og:type": true, "og:description": true, "description": true, "twitter:description": true,
	"article:published_time": true, "article:modified_time": true, "og:published_time": true,
	"og:updated_time": true, "article:section": true, "article:author": true, "author": true,
	"datepublished": true, "datemodified": true, "datecreated": true, "dateupdated": true,
	"date": true, "pubdate": true, "publish-date": true, "publish_date": true,
	"dc.date": true, "dc.date.issued": true, "dcterms.created": true, "dcterms.modified": true,
	"sailthru.date": true, "parsely-pub-date": true, "article.published": true,
	"article.updated": true, "last-modified": true, "og:article:published_time": true,
	"og:article:modified_time": true, "section": true, "articlesection": true,
	"application-name": true, "dc.creator": true, "byl": true, "parsely-author": true,
	"headline": true, "name": false, "cxenseparse:recs:publishtime": true,
}

func newMeta() *meta {
	return &meta{props: make(map[string]string, 16)}
}

// visit records one element's metadata.
func (m *meta) visit(n *html.Node, inHead bool) {
	switch n.DataAtom {
	case atom.Html:
		m.htmlLang = attr(n, "lang")
	case atom.Meta:
		key := attr(n, "property")
		if key == "" {
			key = attr(n, "name")
		}
		if key == "" {
			key = attr(n, "itemprop")
		}
		if key == "" {
			key = attr(n, "http-equiv")
		}
		if key == "" {
			return
		}
		key = strings.ToLower(strings.TrimSpace(key))
		if !wantedMeta[key] {
			return
		}
		content := strings.TrimSpace(attr(n, "content"))
		if content == "" {
			return
		}
		if key == "article:author" || key == "author" || key == "dc.creator" || key == "parsely-author" {
			if !strings.HasPrefix(content, "http") {
				m.authors = append(m.authors, content)
			}
		}
		if _, ok := m.props[key]; !ok {
			m.props[key] = content
		}
	case atom.Link:
		rel := strings.ToLower(attr(n, "rel"))
		if rel == "canonical" && m.canonical == "" {
			m.canonical = strings.TrimSpace(attr(n, "href"))
		}
	case atom.Title:
		if m.title == "" && inHead {
			m.title = nodeText(n)
		}
	case atom.H1:
		if len(m.h1) < 8 {
			if s := nodeText(n); s != "" {
				m.h1 = append(m.h1, s)
			}
		}
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil && len(m.jsonld) < 16 {
			m.jsonld = append(m.jsonld, n.FirstChild.Data)
		}
	case atom.Time:
		if len(m.times) < 32 {
			v := attr(n, "datetime")
			if v == "" {
				v = nodeText(n)
			}
			m.times = append(m.times, timeTag{value: v, prop: attr(n, "itemprop"), node: n})
		}
	default:
		if len(m.bylines) < 6 && isBylineBox(n) {
			if s := nodeText(n); s != "" && utf8.RuneCountInString(s) < 120 {
				m.bylines = append(m.bylines, s)
			}
		}
		if ip := attr(n, "itemprop"); ip != "" {
			switch ip {
			case "datePublished", "dateModified", "dateCreated":
				v := attr(n, "content")
				if v == "" {
					v = attr(n, "datetime")
				}
				if v == "" {
					v = nodeText(n)
				}
				if len(m.times) < 32 {
					m.times = append(m.times, timeTag{value: v, prop: ip, node: n})
				}
			}
		}
	}
}

// nodeText is the whitespace-normalised text of a small subtree.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, depth int) {
		if depth > 32 || b.Len() > 4096 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
				b.WriteByte(' ')
			case html.ElementNode:
				if c.DataAtom == atom.Script || c.DataAtom == atom.Style {
					continue
				}
				walk(c, depth+1)
			}
		}
	}
	walk(n, 0)
	return collapse(b.String())
}

// collapse trims s and turns each run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// resolve makes ref absolute against base; a bad ref gives "".
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// pickTitle chooses the headline: an h1 the other title sources agree
// with, else the structured headline, else og:title, else the <title>
// with the site name cut off.
func pickTitle(m *meta, ld *ldInfo) string {
	og := m.props["og:title"]
	if og == "" {
		og = m.props["twitter:title"]
	}
	title := collapse(m.title)
	headline := ""
	if ld != nil {
		headline = ld.headline
	}
	for _, h := range m.h1 {
		k := strings.ToLower(h)
		if len(h) < 4 {
			continue
		}
		if (og != "" && strings.EqualFold(collapse(og), h)) || (title != "" && strings.Contains(strings.ToLower(title), k)) || (headline != "" && strings.EqualFold(collapse(headline), h)) {
			return h
		}
	}
	switch {
	case headline != "":
		return collapse(headline)
	case og != "":
		return collapse(og)
	}
	if title != "" {
		return cutSiteName(title)
	}
	if len(m.h1) > 0 {
		return m.h1[0]
	}
	return ""
}

// cutSiteName keeps the longest part of "Story | Site" style titles.
func cutSiteName(t string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » "} {
		if strings.Contains(t, sep) {
			best := ""
			for _, p := range strings.Split(t, sep) {
				if len(p) > len(best) {
					best = p
				}
			}
			return strings.TrimSpace(best)
		}
	}
	return t
}

// isBylineBox reports an element that holds the author's name.
func isBylineBox(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "rel":
			if a.Val == "author" {
				return true
			}
		case "itemprop":
			if a.Val == "author" {
				return true
			}
		case "class":
			if containsFold(a.Val, "byline") || containsFold(a.Val, "author-name") || containsFold(a.Val, "authorname") || containsFold(a.Val, "reporter") || containsFold(a.Val, "writer") || a.Val == "author" {
				return true
			}
		}
	}
	return false
}

// bylinePrefixes are the words before a name in a byline.
var bylinePrefixes = []string{"by ", "by:", "written by", "author:", "লেখক:", "লেখক :", "প্রতিবেদক:", "প্রতিবেদন:", "von ", "par ", "por "}

// cleanByline strips "By", dates and trailing separators from a byline.
func cleanByline(s string) string {
	s = collapse(s)
	low := strings.ToLower(s)
	for _, p := range bylinePrefixes {
		if strings.HasPrefix(low, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	if ds := findDates(s, time.UTC); len(ds) > 0 {
		// A byline that runs into its date: keep what comes before the
		// first digit.
		if i := firstDigit(s); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	s = strings.Trim(s, " ,|-–—:")
	if utf8.RuneCountInString(s) > 80 {
		return ""
	}
	return s
}

// firstDigit is the byte offset of the first ASCII or Bangla digit, or -1.
func firstDigit(s string) int {
	for i, r := range s {
		if ('0' <= r && r <= '9') || ('০' <= r && r <= '৯') {
			return i
		}
	}
	return -1
}
