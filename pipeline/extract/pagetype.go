package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsroom/tagger/models"
)

// challengeMarks are phrases of bot-challenge and block pages.
var challengeMarks = []string{
	"just a moment", "attention required", "checking your browser", "verify you are human",
	"enable javascript and cookies to continue", "ddos protection by", "access denied",
	"please wait while we", "are you a robot", "captcha", "security check",
	"needs to review the security of your connection",
}

// errorMarks are phrases of error pages' titles.
var errorMarks = []string{"404", "page not found", "not found", "error 50", "server error", "পাতাটি খুঁজে পাওয়া যায়নি", "পেজটি খুঁজে পাওয়া যায়নি"}

// pageType tells an article from a listing and from pages that are no
// story at all. A challenge or error page says so in its title; a listing
// is a box of many headline links with little prose of its own.
func (t *tree) pageType(m *meta, ld *ldInfo, ps []para, title string) models.PageType {
	head := strings.ToLower(m.title + " " + title)
	prose := textRunes(ps)
	for _, w := range challengeMarks {
		if strings.Contains(head, w) && prose < 1500 {
			return models.PageOther
		}
	}
	for _, w := range errorMarks {
		if strings.Contains(head, w) && prose < 1000 {
			return models.PageOther
		}
	}
	headlines := t.headlineLinks()
	if prose == 0 {
		if headlines >= 12 {
			return models.PageListing
		}
		return models.PageOther
	}
	article := ld != nil && ld.article
	if strings.EqualFold(m.props["og:type"], "article") {
		article = true
	}
	// Many headline links around little prose: a section front.
	switch {
	case t.teaserFront(ps):
		return models.PageListing
	case headlines >= 12 && prose < 25*headlines && !article:
		return models.PageListing
	case headlines >= 12 && prose < 12*headlines:
		return models.PageListing
	case prose < 150 && !article:
		return models.PageListing
	}
	return models.PageArticle
}

// Listing pages whose cards carry a summary have as much prose as a short
// story; what tells them apart is that the prose is all in the cards.
const (
	// listingCards is the fewest cards with summaries of a listing.
	listingCards = 8
	// listingOutside is the longest paragraph, in runes, a listing may
	// have outside its cards: a section's one-line blurb, not a story.
	listingOutside = 150
)

// teaserFront reports a page whose text is a list of many teaser cards
// (headline link and summary, repeated in boxes of one shape) with no
// real paragraph of its own outside them. An article followed by a few
// "see also" teasers has its own long paragraphs, and is not one.
func (t *tree) teaserFront(ps []para) bool {
	if t.markTeasers(t.body) < listingCards {
		return false
	}
	inside, outside := 0, 0
	for _, p := range ps {
		if p.idx >= 0 && t.inTeaser(p.idx) {
			inside += p.runes
			continue
		}
		if p.runes >= listingOutside && !p.heading {
			return false
		}
		outside += p.runes
	}
	return inside > outside
}

// headlineLinks counts links whose text is long enough to be a headline.
func (t *tree) headlineLinks() int {
	n := 0
	for i := range t.items {
		it := &t.items[i]
		if it.flags&(fHard|fHead) != 0 || it.n.Type != html.ElementNode || it.n.DataAtom != atom.A {
			continue
		}
		if l := t.rawText(int32(i)); l >= 25 {
			n++
		}
	}
	return n
}

// rawText is the text length of a subtree, dropped parts included.
func (t *tree) rawText(i int32) int32 {
	var n int32
	for j := i; j < t.items[i].end; j++ {
		c := &t.items[j]
		if c.flags&fHard != 0 {
			j = c.end - 1
			continue
		}
		if c.flags&fText != 0 {
			l, _ := measure(c.n.Data)
			n += int32(l)
		}
	}
	return n
}
