package extract

import (
	"strings"
	"testing"
)

// layoutPage wraps an article's markup in the chrome every test page
// shares: a menu, a rail of other stories and a footer, none of which may
// reach the text.
func layoutPage(article string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour tolls rise for the first time in a decade | The Coast Courier</title>
<meta property="og:title" content="Harbour tolls rise for the first time in a decade"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="page"><main class="main-column">` + article + `</main>
<div class="rail"><h2>Latest news</h2><ul>
<li><a href="/a">Ferry timetable changes announced for the winter season</a></li>
<li><a href="/b">Fishing fleet returns early as storm warnings spread along the coast</a></li>
<li><a href="/c">Council approves new car park next to the old lighthouse</a></li></ul></div></div>
<footer><p>© The Coast Courier. All rights reserved. Contact the newsroom for corrections.</p></footer></body></html>`
}

// storyBody is the body of the test story, long enough to be chosen.
const storyBody = `<p>The harbour board voted on Tuesday to raise the tolls paid by cargo ships, the first increase since the port was rebuilt ten years ago, citing the cost of dredging the channel.</p>
<p>Shipping companies said the rise, which takes effect in March, would be passed on to importers, and warned that some lines might move their calls to the rival port across the bay.</p>
<p>The board's chair said the money would pay for a new breakwater, and that tolls would still be lower than at any other port of a similar size on the coast.</p>`

// TestStoryLayouts checks the rules for the parts of a story that sit
// outside the box holding its body, and for the boxes inside it that look
// like furniture but are not. Each page copies the layout of pages in the
// evaluation sets with text written for the test.
func TestStoryLayouts(t *testing.T) {
	cases := []struct {
		name    string
		article string
		want    []string // whole paragraphs that must be in the text
		absent  []string
	}{
		{
			name: "standfirst paragraph under the headline, byline between",
			article: `<article><header><h1>Harbour tolls rise for the first time in a decade</h1>
<p class="intro">Cargo lines face higher charges from March as the port pays for a new breakwater and deeper channel.</p>
<div class="meta"><span>By <a href="/ann-lee">Ann Lee</a></span> <time datetime="2024-02-06">6 Feb 2024</time></div>
<div class="hero"><img src="/ship.jpg" alt=""><p>A container ship waits for a pilot at the mouth of the harbour on Monday morning.</p></div>
<div class="topics"><a href="/t/harbours">Harbours</a> <a href="/t/shipping">Shipping</a> <a href="/t/council">Local council</a> <a href="/t/transport">Transport</a> <a href="/t/economy">Economy</a> <a href="/t/coast">Coast</a> <a href="/t/ports">Ports of the north</a> <a href="/t/trade">Trade</a> <a href="/t/jobs">Jobs</a> <a href="/t/weather">Weather</a> <a href="/t/board">Harbour board</a></div></header>
<div class="story-text">` + storyBody + `</div></article>`,
			want:   []string{"Cargo lines face higher charges from March as the port pays for a new breakwater and deeper channel."},
			absent: []string{"A container ship waits", "Ferry timetable"},
		},
		{
			name: "standfirst under a headline set as a second-level heading, the first-level one in the breadcrumbs",
			article: `<article><header><nav class="crumbs"><a href="/news">News</a> › <h1>Harbour tolls rise for the first time in a decade</h1></nav>
<h2>Harbour tolls rise for the first time in a decade</h2>
<p>Cargo lines face higher charges from March as the port pays for a new breakwater and deeper channel.</p>
<div class="topics"><a href="/t/harbours">Harbours</a> <a href="/t/shipping">Shipping</a> <a href="/t/council">Local council</a> <a href="/t/transport">Transport</a> <a href="/t/economy">Economy</a> <a href="/t/coast">Coast</a> <a href="/t/ports">Ports of the north</a> <a href="/t/trade">Trade</a> <a href="/t/jobs">Jobs</a> <a href="/t/weather">Weather</a> <a href="/t/board">Harbour board</a></div></header>
<div class="story-text">` + storyBody + `</div></article>`,
			want: []string{"Cargo lines face higher charges from March as the port pays for a new breakwater and deeper channel."},
		},
		{
			name: "standfirst set as a second-level heading",
			article: `<article><div class="head"><h1>Harbour tolls rise for the first time in a decade</h1>
<h2 class="deck">Cargo lines face higher charges from March as the port pays for a new breakwater and a deeper channel for larger ships.</h2></div>
<div class="share"><a href="/s">Share</a></div>
<div class="story-text">` + storyBody + `</div></article>`,
			want: []string{"Cargo lines face higher charges from March as the port pays for a new breakwater and a deeper channel for larger ships."},
		},
		{
			name: "list of facts beside the story's box",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="story-text">` + storyBody + `</div>
<div class="factbox"><h3>The new tolls</h3><ul><li>Container ships: 4.10 per tonne</li><li>Bulk carriers: 2.80 per tonne</li><li>Ferries and cruise ships: unchanged</li></ul></div></article>`,
			want: []string{"Container ships: 4.10 per tonne", "Bulk carriers: 2.80 per tonne", "Ferries and cruise ships: unchanged"},
		},
		{
			name: "one-word list items beside the story are not text",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="story-text">` + storyBody + `</div>
<div class="detector"><ul><li>narrow-phone</li><li>portrait-tablet</li><li>landscape-tablet</li><li>wide-desktop</li></ul></div></article>`,
			absent: []string{"narrow-phone", "portrait-tablet"},
		},
		{
			name: "a list heading over an empty teaser does not take the rest of the story",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="story-text">` + storyBody + `
<div class="promo-slot"><a href=""><strong>Don't miss:</strong> <span class="title"></span></a></div>
<h2>What the board will build</h2>
<p>The breakwater will run four hundred metres out from the northern pier, and work is due to start in the spring once the contracts have been signed.</p>
<ul><li>A deeper channel for larger container ships</li><li>A second pilot station at the harbour mouth</li><li>New moorings for the fishing fleet</li></ul>
<p>The board expects the work to take three years, and said the port would stay open while it was carried out, with some berths closed at times.</p></div></article>`,
			want: []string{
				"The breakwater will run four hundred metres out from the northern pier, and work is due to start in the spring once the contracts have been signed.",
				"A deeper channel for larger container ships",
				"The board expects the work to take three years, and said the port would stay open while it was carried out, with some berths closed at times.",
			},
		},
		{
			name: "an embedded post in the story is quoted text",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="story-text">` + storyBody + `
<blockquote class="twitter-tweet"><p>The board has approved the new tolls. Details of the breakwater plan will follow next week.</p>— Harbour Board (@harbourboard) <a href="https://example.com/status/1">February 6, 2024</a></blockquote>
<p>Importers' groups said they would ask the board to phase the increase in over two years rather than all at once.</p></div></article>`,
			want: []string{"The board has approved the new tolls. Details of the breakwater plan will follow next week."},
		},
		{
			name: "an embedded post in a box named for the network",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="story-text">` + storyBody + `
<div class="social-embed"><blockquote class="twitter-tweet"><p>The board has approved the new tolls. Details of the breakwater plan will follow next week.</p>— Harbour Board (@harbourboard) <a href="https://example.com/status/1">February 6, 2024</a></blockquote>
<script async src="https://example.com/widgets.js"></script></div>
<p>Importers' groups said they would ask the board to phase the increase in over two years rather than all at once.</p></div></article>`,
			want: []string{"The board has approved the new tolls. Details of the breakwater plan will follow next week."},
		},
		{
			name: "a company's boilerplate after a rule at the end of a press release",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="text block">` + storyBody + `</div>
<div class="text block"><hr><p>The Coast Harbour Board runs the port on behalf of the county. It employs around 300 people and handles four million tonnes of cargo a year.</p></div></article>`,
			absent: []string{"The Coast Harbour Board runs the port"},
		},
		{
			name: "a rule between sections of a long story",
			article: `<article><h1>Harbour tolls rise for the first time in a decade</h1>
<div class="text block">` + storyBody + `</div>
<div class="text block"><hr><h2>The breakwater</h2>
<p>The breakwater will run four hundred metres out from the northern pier, and work is due to start in the spring once the contracts have been signed by the board.</p>
<p>Engineers say it will cut the swell inside the harbour by half in winter storms, so that ships can stay at their berths when the wind is from the north-east.</p>
<p>The board expects the work to take three years, and said the port would stay open while it was carried out, with some berths closed at times.</p></div></article>`,
			want: []string{"Engineers say it will cut the swell inside the harbour by half in winter storms, so that ships can stay at their berths when the wind is from the north-east."},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Article([]byte(layoutPage(tc.article)), Source{URL: "https://courier.example.com/news/harbour-tolls"}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			paras := map[string]bool{}
			for _, p := range strings.Split(a.Text, "\n\n") {
				paras[p] = true
			}
			for _, p := range append(tc.want, strings.Split(stripTags(storyBody), "\n")...) {
				if !paras[p] {
					t.Errorf("text lacks paragraph %q\ntext:\n%s", p, a.Text)
				}
			}
			for _, s := range append(tc.absent, "Ferry timetable", "All rights reserved", "Latest news") {
				if strings.Contains(a.Text, s) {
					t.Errorf("text has %q\ntext:\n%s", s, a.Text)
				}
			}
		})
	}
}

// stripTags turns storyBody into its paragraphs, one a line.
func stripTags(s string) string {
	s = strings.ReplaceAll(s, "</p>", "")
	return strings.ReplaceAll(s, "<p>", "")
}
