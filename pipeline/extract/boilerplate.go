package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// negativeTokens are class/id words of page furniture. Sites name their
// boxes of related stories, share bars and footers in a handful of ways;
// a word match is cheaper and less surprising than a regexp.
var negativeTokens = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "submenu": true, "megamenu": true,
	"footer": true, "sidebar": true, "aside": true, "widget": true, "widgets": true,
	"related": true, "share": true, "sharing": true, "social": true, "socials": true,
	"comment": true, "comments": true, "breadcrumb": true, "breadcrumbs": true, "crumbs": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "newsletter": true,
	"subscribe": true, "subscription": true, "promo": true, "advert": true, "advertisement": true,
	"ad": true, "ads": true, "adv": true, "advt": true, "adsbygoogle": true, "banner": true,
	"sponsor": true, "sponsored": true, "popup": true, "modal": true, "masthead": true,
	"toolbar": true, "pagination": true, "pager": true, "popular": true, "trending": true,
	"latest": true, "tags": true, "tag": true, "tagcloud": true, "byline": true, "author": true,
	"dateline": true, "timestamp": true, "outbrain": true, "taboola": true, "disqus": true,
	"login": true, "signup": true, "signin": true, "search": true, "dropdown": true, "overlay": true,
	"rating": true, "recommended": true, "recommend": true, "recommendations": true,
	"copyright": true, "disclaimer": true, "follow": true, "whatsapp": true, "facebook": true,
	"twitter": true, "addthis": true, "sharethis": true, "print": true, "skip": true,
	"header": true, "topbar": true, "ticker": true, "marquee": true, "hidden": true,
	"mostread": true, "mostpopular": true, "morenews": true, "readmore": true, "yarpp": true,
	"jp": true, "bio": true, "profile": true, "meta": true, "postmeta": true, "entrymeta": true,
	"prevnext": true, "pagenav": true, "teaser": true, "teasers": true,
	"offcanvas": true, "cta": true, "feedback": true, "survey": true, "donate": true,
	"sticky": false, "interlink": true, "alsoread": true, "seealso": true,
	"caption": true, "captions": true, "credit": true, "credits": true, "figcaption": true,
	"next": true, "prev": true, "previous": true, "nextprev": true, "pagenavi": true,
}

// negativePrefixes catch glued words such as "sharebar" or "relatedposts".
var negativePrefixes = []string{
	"share", "social", "comment", "related", "sidebar", "footer", "navbar", "breadcrumb",
	"cookie", "newsletter", "advert", "promo", "popular", "trending", "recommend", "subscribe",
	"mostread", "mostview", "morenews", "moreread", "readmore", "alsoread",
}

// positiveTokens are class/id words of the story body.
var positiveTokens = map[string]bool{
	"article": true, "articlebody": true, "content": true, "entry": true, "post": true,
	"story": true, "body": true, "main": true, "text": true, "detail": true, "details": true,
	"hentry": true, "blog": true, "news": true, "single": true, "column": false,
	"storybody": true, "postbody": true, "entrycontent": true, "postcontent": true,
	"articletext": true, "description": false, "page": false,
}

// classWeight returns -1 for furniture, 1 for body, 0 when the class and
// id say nothing. A negative word wins over a positive one ("comment-body"
// is furniture) unless the positive one is a compound body name. A
// hyphenated or underscored word that is itself a known name decides for
// its parts: "more-news" is furniture although "news" alone is body.
func classWeight(n *html.Node) int {
	neg, pos := false, false
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "itemprop" {
			continue
		}
		if a.Key == "itemprop" {
			if a.Val == "articleBody" {
				return 1
			}
			continue
		}
		v := a.Val
		// Framework mount points (__next, __nuxt, ___gatsby) wrap the
		// whole page; their words say nothing about the box.
		if strings.HasPrefix(v, "__") {
			continue
		}
		for len(v) > 0 {
			k := strings.IndexAny(v, " \t\n\r\f")
			word := v
			if k >= 0 {
				word, v = v[:k], v[k+1:]
			} else {
				v = ""
			}
			wordWeight(word, &neg, &pos)
		}
	}
	switch {
	case neg && !pos:
		return -1
	case pos && !neg:
		return 1
	}
	return 0
}

// wordWeight weighs one white-space separated class word: whole and glued
// ("article-body" -> "articlebody") first, else token by token, split at
// non-letters and at camelCase humps.
func wordWeight(v string, neg, pos *bool) {
	if v == "" {
		return
	}
	var buf [48]byte
	glued := buf[:0]
	split := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isAlnum(c) {
			if len(glued) == cap(buf) {
				glued = glued[:0]
				break
			}
			glued = append(glued, lower(c))
		} else {
			split = true
		}
	}
	if split && len(glued) > 0 {
		if positiveTokens[string(glued)] {
			*pos = true
			return
		}
		if negativeTokens[string(glued)] {
			*neg = true
			return
		}
	}
	start := 0
	for i := 0; i <= len(v); i++ {
		var c byte = ' '
		if i < len(v) {
			c = v[i]
		}
		hump := i > start && i < len(v) && 'A' <= c && c <= 'Z' && 'a' <= v[i-1] && v[i-1] <= 'z'
		if !isAlnum(c) || hump {
			if i > start {
				tokenWeight(v[start:i], neg, pos)
			}
			start = i
			if !isAlnum(c) {
				start = i + 1
			}
		}
	}
}

func isAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// tokenWeight looks one class word up without allocating.
func tokenWeight(w string, neg, pos *bool) {
	if len(w) > 40 {
		return
	}
	var buf [40]byte
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		b[i] = lower(w[i])
	}
	if positiveTokens[string(b)] {
		*pos = true
		return
	}
	if negativeTokens[string(b)] {
		*neg = true
		return
	}
	for _, p := range negativePrefixes {
		if len(b) > len(p) && string(b[:len(p)]) == p {
			*neg = true
			return
		}
	}
}

// listHeadings are the titles sites put over lists of other stories. A
// heading like this starts a block that must not reach the text. Values
// say whether the block is a whole list (true) or one "read also" line.
var listHeadings = map[string]bool{
	// Bangla
	"সম্পর্কিত": true, "সম্পর্কিত খবর": true, "সম্পর্কিত সংবাদ": true, "সম্পর্কিত নিউজ": true,
	"সর্বশেষ": true, "সর্বশেষ খবর": true, "সর্বশেষ সংবাদ": true, "সর্বশেষ আপডেট": true,
	"সর্বাধিক পঠিত": true, "সর্বাধিক পঠিত খবর": true, "সর্বাধিক পঠিত সংবাদ": true, "সর্বাধিক": true,
	"সর্বাধিক পড়া": true, "সর্বোচ্চ পঠিত": true, "জনপ্রিয়": true, "জনপ্রিয় খবর": true,
	"জনপ্রিয় সংবাদ": true, "আলোচিত": true, "আলোচিত খবর": true, "আলোচিত সংবাদ": true,
	"আরও দেখুন": true, "আরো দেখুন": true, "আরও খবর": true, "আরো খবর": true, "আরও সংবাদ": true,
	"এই বিভাগের আরও খবর": true, "এ বিভাগের আরো খবর": true, "এই বিভাগের আরো খবর": true,
	"এ বিভাগের আরও খবর": true, "এই বিভাগের আরও": true, "এ বিভাগের আরও": true, "এ বিভাগের আরো": true,
	"এই বিভাগের আরো": true, "পাঠকপ্রিয়": true, "বাছাইকৃত": true, "শীর্ষ সংবাদ": true,
	"ট্রেন্ডিং": true, "মন্তব্য": true, "মন্তব্য করুন": true, "লেখকের আরও লেখা": true,
	"আরও পড়ুন": false, "আরো পড়ুন": false,
	"এই লেখকের আরও": true, "সংশ্লিষ্ট খবর": true, "সংশ্লিষ্ট": true, "আরও": false,
	"শেয়ার করুন": true, "শেয়ার": true, "ট্যাগ": true, "বিষয়": false,
	// English
	"related": true, "related articles": true, "related news": true, "related stories": true,
	"related posts": true, "related content": true, "related coverage": true, "related topics": true,
	"most read": true, "most popular": true, "most viewed": true, "most shared": true,
	"popular": true, "popular posts": true, "popular news": true, "trending": true, "trending now": true,
	"latest": true, "latest news": true, "latest stories": true, "latest articles": true,
	"latest posts": true, "recent posts": true, "recent articles": true, "recent news": true,
	"more stories": true, "more news": true, "more from": true, "you may also like": true,
	"you might also like": true, "you may like": true, "recommended": true, "recommended for you": true,
	"read next": true, "what to read next": true, "also read": false, "read more": false,
	"read also": false, "see also": false, "comments": true, "leave a comment": true,
	"leave a reply": true, "share this": true, "share this article": true, "share": true,
	"tags": true, "more on this story": true, "top stories": true, "editor's picks": true,
	"editors' picks": true, "don't miss": true, "more in": true, "further reading": false,
	"share this story": true, "share on": true, "post navigation": true,
	// German, French, Spanish, Italian, Polish: common in the evaluation pages.
	"ähnliche artikel": true, "verwandte artikel": true, "weitere artikel": true,
	"das könnte sie auch interessieren": true, "mehr zum thema": true, "kommentare": true,
	"lesen sie auch": false, "auch interessant": true, "meistgelesen": true, "teilen": true,
	"articles similaires": true, "lire aussi": false, "à lire aussi": false, "commentaires": true,
	"noticias relacionadas": true, "te puede interesar": true, "comentarios": true,
	"leggi anche": false, "articoli correlati": true, "commenti": true,
	"czytaj także": false, "zobacz też": false, "komentarze": true, "podobne artykuły": true,
	"najczęściej czytane": true, "polecane": true,
	// Author boxes, WordPress footers and share prompts.
	"about the author": true, "über den autor": true, "über die autorin": true, "zum autor": true,
	"zur autorin": true, "zur person": true, "weiterführende links": true, "weitere beiträge": true,
	"ähnliche beiträge": true, "verwandte beiträge": true, "neueste beiträge": true,
	"letzte beiträge": true, "beliebte beiträge": true, "schlagwörter": true,
	"teile diesen beitrag": true, "diesen artikel teilen": true, "seite teilen": true,
	"share this:": true, "like this": true, "gefällt mir": true, "war der artikel nützlich?": true,
	"möchten sie den artikel teilen?": true, "das könnte dich auch interessieren": true,
	"weitere tourentipps": true, "recent comments": true, "follow us": true,
	// Seen over lists in the evaluation pages, in their languages.
	"veja também": true, "leia também": false, "você pode gostar": true, "posts relacionados": true,
	"notícias relacionadas": true, "artículos relacionados": true, "también te puede interesar": true,
	"empfohlene beiträge": true, "verwandte themen": true, "mehr themen": true, "weitere themen": true,
	"lesen sie auch die folgenden beiträge": true, "weitere beiträge aus der kolumne": true,
	"das thema könnte dich auch interessieren": true, "das könnte dich interessieren": true,
	"das könnte sie interessieren": true, "schon gelesen?": true, "kommentar verfassen": true,
	"meist-diskutiert": true, "meistgelesene artikel": true, "sur le même sujet": true,
	"dans la même rubrique": true, "les plus lus": true, "ti potrebbe interessare": true,
	"potrebbe interessarti": true, "lees ook": false, "gerelateerde artikelen": true,
}

// headingKey normalises a short text for a listHeadings lookup: lower
// case, single spaces, no trailing colon or arrow.
func headingKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimRight(s, " :：-–—»›>|.")
	s = strings.TrimLeft(s, " «‹<|")
	return normalizeBangla(s)
}

// isListHeading reports whether item i is a heading of a list of other
// stories, and whether the list is a whole block (strong) or one line.
func (t *tree) isListHeading(i int32) (found, strong bool) {
	it := &t.items[i]
	if it.flags&(fText|fDropped) != 0 || it.n.Type != html.ElementNode {
		return false, false
	}
	if it.text == 0 || it.text > 40 {
		return false, false
	}
	var sb strings.Builder
	for j := i + 1; j < it.end; j++ {
		c := &t.items[j]
		if c.flags&fDropped != 0 {
			j = c.end - 1
			continue
		}
		if c.flags&fText != 0 {
			sb.WriteString(c.n.Data)
			sb.WriteByte(' ')
		}
	}
	strong, found = listHeadings[headingKey(sb.String())]
	return found, strong
}

// dropListBlocks removes the blocks that list headings introduce: the
// heading's own box when that box is mostly the list, else the heading and
// the teaser siblings after it. It descends from the root so that a box
// holding both the story and a list is never dropped whole.
func (t *tree) dropListBlocks(root int32) bool {
	changed := false
	items := t.items
	for i := root; i < items[root].end; i++ {
		it := &items[i]
		if it.flags&fDropped != 0 {
			// A heading dropped for its class ("relatedposts-title")
			// still says what follows it.
			if t.isDroppedListTitle(i) {
				changed = true
				t.dropFrom(i)
			}
			i = it.end - 1
			continue
		}
		if it.n.Type != html.ElementNode {
			continue
		}
		found, strong := t.isListHeading(i)
		if !found {
			continue
		}
		changed = true
		if !strong {
			t.dropLine(i)
		} else {
			t.dropList(root, i)
		}
		i = items[i].end - 1
	}
	return changed
}

// isDroppedListTitle reports a heading that the class rules dropped and
// whose class or text names a list of other stories: the boxes after it
// are that list, whatever their own classes say.
func (t *tree) isDroppedListTitle(i int32) bool {
	it := &t.items[i]
	if it.flags&(fNegative|fHard) != fNegative || it.n.Type != html.ElementNode || !isHeadingTag(it.n.DataAtom) {
		return false
	}
	if p := it.parent; p < 0 || t.items[p].flags&fDropped != 0 {
		return false
	}
	cls := strings.ToLower(attr(it.n, "class") + " " + attr(it.n, "id"))
	for _, w := range listTitleWords {
		if strings.Contains(cls, w) {
			return true
		}
	}
	if t.rawText(i) > 40 {
		return false
	}
	strong, found := listHeadings[headingKey(nodeText(it.n))]
	return found && strong
}

// listTitleWords in a dropped heading's class say it titles a list.
var listTitleWords = []string{"related", "morenews", "more-news", "recommend", "popular", "trending", "mostread", "most-read"}

// dropLine drops a "read also: <link>" line: the nearest block around the
// heading, if that block is short.
func (t *tree) dropLine(h int32) {
	b := h
	for p := t.items[h].parent; p >= 0; p = t.items[p].parent {
		if t.items[p].flags&fBlock != 0 {
			if t.items[p].text <= 250 {
				b = p
			}
			break
		}
	}
	t.drop(b)
}

// dropList finds, walking down from root to the heading h, the first box
// that is mostly the list and drops it.
func (t *tree) dropList(root, h int32) {
	c := root
	for {
		// a is the child of c on the path to h.
		a := h
		for t.items[a].parent != c && t.items[a].parent >= 0 {
			a = t.items[a].parent
		}
		if t.items[a].parent < 0 {
			t.drop(h)
			return
		}
		if a == h {
			t.dropFrom(h)
			return
		}
		before := t.textBetween(a+1, h)
		at := &t.items[a]
		nonLink := at.text - at.link
		// The box is the list when the heading opens it and it is short
		// or mostly links; a box with several paragraphs of prose holds
		// the story too, however many links it has.
		if before <= 40 && (nonLink <= 800 || float32(at.link) >= 0.35*float32(at.text) && at.paras < 3) {
			t.drop(a)
			return
		}
		c = a
	}
}

// dropFrom drops heading h and the teasers that follow it in its parent,
// stopping at a sibling that reads like a story rather than a teaser, or
// at a sibling without links from which the rest of the parent does:
// teasers are links, and what follows a list of them is not the story.
func (t *tree) dropFrom(h int32) {
	t.drop(h)
	p := t.items[h].parent
	// rest sums the siblings not yet looked at. A heading taken for a
	// list title ("Don't miss" over a link a script fills in) may stand
	// in the middle of the story, in short blocks none of which alone
	// reads as a story.
	var restText, restLink int32
	for s := t.items[h].end; s < t.items[p].end; s = t.items[s].end {
		if si := &t.items[s]; si.flags&fDropped == 0 {
			restText += si.text
			restLink += si.link
		}
	}
	for s := t.items[h].end; s < t.items[p].end; s = t.items[s].end {
		si := &t.items[s]
		if si.flags&fDropped != 0 {
			continue
		}
		if si.text-si.link >= 600 && float32(si.link) < 0.25*float32(si.text) {
			return
		}
		if si.text > 0 && si.link == 0 && restText-restLink >= 600 && float32(restLink) < 0.25*float32(restText) {
			return
		}
		restText -= si.text
		restLink -= si.link
		t.drop(s)
	}
}

// textBetween sums the text of the non-dropped text nodes in [from, to).
func (t *tree) textBetween(from, to int32) int32 {
	var n int32
	for j := from; j < to; j++ {
		c := &t.items[j]
		if c.flags&fDropped != 0 {
			j = c.end - 1
			continue
		}
		if c.flags&fText != 0 {
			n += c.text
		}
	}
	return n
}

// drop marks a subtree as boilerplate and takes its sums out of its
// ancestors.
func (t *tree) drop(i int32) {
	it := &t.items[i]
	if it.flags&fDropped != 0 {
		return
	}
	text, link, commas, paras := it.text, it.link, it.commas, it.paras
	for j := i; j < it.end; j++ {
		t.items[j].flags |= fDropped | fBoiler
	}
	for p := it.parent; p >= 0; p = t.items[p].parent {
		pp := &t.items[p]
		pp.text -= text
		pp.link -= link
		pp.commas -= commas
		pp.paras -= paras
	}
}

// isHeadingTag reports h1..h6.
func isHeadingTag(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// init folds the Bangla keys of the phrase tables the same way lookups
// are folded, whichever way the source file spells them.
func init() {
	for _, m := range []map[string]bool{listHeadings, junkLines} {
		for k, v := range m {
			if nk := normalizeBangla(k); nk != k {
				m[nk] = v
			}
		}
	}
}
