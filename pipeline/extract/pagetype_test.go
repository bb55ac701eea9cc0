package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom/tagger/models"
)

// TestListingWithSummaries: a section front whose 24 cards each carry a
// one-line summary has as much prose as a short story, and must still be
// a listing.
func TestListingWithSummaries(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "listing-section-front.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Article(body, Source{URL: "https://www.dainik-namuna.example/opinion"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.PageType != models.PageListing {
		t.Errorf("page type %q, want listing; text:\n%s", a.PageType, a.Text)
	}
}

// cardPage builds a page of n teaser cards (headline block and summary),
// after the given story markup.
func cardPage(story string, n int) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Section</title></head><body><main>` + story + `<div class="grid">`)
	for i := range n {
		fmt.Fprintf(&b, `<div class="item col-%d"><h3><a href="/s/%d">Headline number %d about the city council budget</a></h3><p>A one-line summary of story %d, with a comma.</p><span>2 hours ago</span></div>`, i, i, i, i)
	}
	b.WriteString(`</div></main></body></html>`)
	return b.String()
}

func TestTeaserCardsPageType(t *testing.T) {
	long := `<article><h1>The council passed the budget</h1><p>` + strings.Repeat("The city council passed its budget on Monday after a long debate, and the mayor signed it at once. ", 4) + `</p><p>` + strings.Repeat("Opposition members said the plan cuts too deep into the library service. ", 3) + `</p></article>`
	// A roundup story whose list items open with an inline link: the
	// items are the story, not cards.
	var roundup strings.Builder
	roundup.WriteString(`<html><head><meta property="og:type" content="article"><title>10 things</title></head><body><article><h1>10 things you need to know</h1><p>Good morning! Here is the news.</p><ol>`)
	for i := range 10 {
		fmt.Fprintf(&roundup, `<li><strong><a href="/n/%d">Company number %d announced new results today</a>.</strong> Analysts said the results, which beat forecasts, lift the whole sector again.</li>`, i, i)
	}
	roundup.WriteString(`</ol></article></body></html>`)
	cases := []struct {
		name string
		page string
		want models.PageType
	}{
		{"cards only", cardPage("", 12), models.PageListing},
		{"story before cards", cardPage(long, 12), models.PageArticle},
		{"story and a few cards", cardPage(long, 4), models.PageArticle},
		{"roundup with inline links", roundup.String(), models.PageArticle},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Article([]byte(tc.page), Source{URL: "https://example.com/x"}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.PageType != tc.want {
				t.Errorf("page type %q, want %q; text:\n%s", a.PageType, tc.want, a.Text)
			}
		})
	}
}
