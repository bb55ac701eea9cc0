package models

import "time"

// RawPage is one fetched web page as a scraper produces it to the input
// topic, as a JSON object. A record whose value is the bare HTML, with the
// URL in a "url" header, is decoded into the same struct.
type RawPage struct {
	// URL is the address the page was fetched from. Required.
	URL string `json:"url"`
	// HTML is the page's markup. In the JSON envelope it is a JSON string,
	// so it is already UTF-8; bare-HTML records may be in any charset.
	HTML string `json:"html"`
	// FetchedAt is when the scraper fetched the page, if it says.
	FetchedAt *time.Time `json:"fetched_at,omitempty"`
	// Source names the scraper or outlet that produced the page.
	Source string `json:"source,omitempty"`
	// ContentType is the HTTP Content-Type the page was served with, if
	// known, e.g. "text/html; charset=windows-1252".
	ContentType string `json:"content_type,omitempty"`
	// Charset overrides the charset declared in ContentType or the markup.
	Charset string `json:"charset,omitempty"`
}

// PageType says what kind of page the extractor found.
type PageType string

// The page types. Only PageArticle is tagged; the others are dead-lettered
// with reason "not_article".
const (
	PageArticle PageType = "article" // one story with its own body text
	PageListing PageType = "listing" // a section front or list of links to stories
	PageOther   PageType = "other"   // bot challenge, error page, login wall, ...
)

// Article is what extraction keeps of a page: the story and its metadata,
// with menus, lists of other stories, share bars and footers removed.
type Article struct {
	// Title is the headline.
	Title string `json:"title"`
	// Lead is the standfirst or first paragraph, as it appears on the page.
	Lead string `json:"lead,omitempty"`
	// Text is the body as paragraphs separated by a blank line ("\n\n").
	// Mention offsets with field "body" index into it.
	Text string `json:"text"`
	// PublishedAt and ModifiedAt are the story's own dates, not the
	// "today" line of the site header.
	PublishedAt *time.Time `json:"published_at,omitempty"`
	ModifiedAt  *time.Time `json:"modified_at,omitempty"`
	// Authors are the byline's names or desks, in page order.
	Authors []string `json:"authors,omitempty"`
	// Section is the site's section, e.g. "আন্তর্জাতিক" or "Sport".
	Section string `json:"section,omitempty"`
	// Language is the BCP 47 code taken from the script of the text: "bn",
	// "en", or "und" when it cannot be told.
	Language string `json:"language"`
	// CanonicalURL is the page's rel=canonical or og:url, resolved against
	// the fetch URL, or the fetch URL itself.
	CanonicalURL string `json:"canonical_url"`
	// SiteName is the outlet's name, e.g. from og:site_name.
	SiteName string `json:"site_name,omitempty"`
	// PageType says whether this is an article at all.
	PageType PageType `json:"page_type"`
}
