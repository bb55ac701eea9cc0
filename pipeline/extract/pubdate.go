package extract

import (
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publishedKeys and modifiedKeys are the meta keys of the story's dates,
// best first.
var (
	publishedKeys = []string{
		"article:published_time", "og:article:published_time", "og:published_time",
		"datepublished", "datecreated", "dc.date.issued", "dcterms.created", "article.published",
		"parsely-pub-date", "sailthru.date", "publish-date", "publish_date", "pubdate",
		"cxenseparse:recs:publishtime", "dc.date", "date",
	}
	modifiedKeys = []string{
		"article:modified_time", "og:article:modified_time", "og:updated_time",
		"datemodified", "dateupdated", "dcterms.modified", "article.updated",
	}
)

// dates finds the story's publication and modification times: JSON-LD,
// then meta tags, then <time> and itemprop elements, then dates printed
// near the headline. Each source fills only what the ones before left.
func (t *tree) dates(m *meta, ld *ldInfo, title string, loc *time.Location) (pub, mod *time.Time) {
	set := func(dst **time.Time, s string) {
		if *dst != nil || s == "" {
			return
		}
		if tm, ok := parseDate(s, loc); ok {
			*dst = &tm
		}
	}
	if ld != nil {
		set(&pub, ld.published)
		set(&mod, ld.modified)
	}
	for _, k := range publishedKeys {
		set(&pub, m.props[k])
	}
	for _, k := range modifiedKeys {
		set(&mod, m.props[k])
	}
	for _, tt := range m.times {
		switch tt.prop {
		case "datePublished", "dateCreated":
			set(&pub, tt.value)
		case "dateModified":
			set(&mod, tt.value)
		}
	}
	if pub == nil {
		for _, tt := range m.times {
			if tt.node.DataAtom != atom.Time || isCalendarLine(parentText(tt.node)) {
				continue
			}
			set(&pub, tt.value)
			if pub != nil {
				break
			}
		}
	}
	if pub == nil || mod == nil {
		p, md := t.visibleDates(title, loc)
		if pub == nil {
			pub = p
		}
		if mod == nil && md != nil && (pub == nil || !md.Before(*pub)) {
			mod = md
		}
	}
	return pub, mod
}

// parentText is the text around a node, to spot a header "today" line.
func parentText(n *html.Node) string {
	if n.Parent != nil {
		n = n.Parent
	}
	return nodeText(n)
}

// visibleDates reads the dates printed in the lines after the headline
// (the byline area), or just before it, skipping the header's calendar
// line. The first date found is the publication; one labelled as an
// update is the modification.
func (t *tree) visibleDates(title string, loc *time.Location) (pub, mod *time.Time) {
	start := t.headlineIndex(title)
	if start < 0 {
		return nil, nil
	}
	var lines []string
	t.lines(start, int32(len(t.items)), 40, func(s string) { lines = append(lines, s) })
	for _, s := range lines {
		if len(s) > 600 || isCalendarLine(s) {
			continue
		}
		for _, d := range findDates(s, loc) {
			d := d
			if d.modified {
				if mod == nil {
					mod = &d.t
				}
				continue
			}
			if pub == nil {
				pub = &d.t
			} else if mod == nil && d.t.After(*pub) {
				mod = &d.t
			}
		}
		if pub != nil {
			return pub, mod
		}
	}
	return pub, mod
}

// headlineIndex is the item index of the h1 holding the title, else of
// the first h1, else -1.
func (t *tree) headlineIndex(title string) int32 {
	first := int32(-1)
	key := strings.ToLower(title)
	for i := range t.items {
		it := &t.items[i]
		if it.n.Type != html.ElementNode || it.n.DataAtom != atom.H1 || it.flags&fHead != 0 {
			continue
		}
		if first < 0 {
			first = int32(i)
		}
		if key != "" && strings.ToLower(nodeText(it.n)) == key {
			return int32(i)
		}
	}
	return first
}

// lines calls f with up to max lines of visible text in [from, to),
// boilerplate boxes included (a byline often sits in one) but not
// scripts or navigation.
func (t *tree) lines(from, to int32, max int, f func(string)) {
	var b []byte
	var ends []int32
	count := 0
	flush := func() {
		s := strings.TrimSpace(string(b))
		b = b[:0]
		if s != "" {
			f(s)
			count++
		}
	}
	for i := from; i < to && count < max; i++ {
		for len(ends) > 0 && i >= ends[len(ends)-1] {
			ends = ends[:len(ends)-1]
			flush()
		}
		it := &t.items[i]
		if it.flags&(fHard|fHead) != 0 {
			i = it.end - 1
			continue
		}
		if it.flags&fText != 0 {
			b = appendCollapsed(b, it.n.Data)
			continue
		}
		if it.flags&fBlock != 0 {
			flush()
			ends = append(ends, it.end)
		}
	}
	flush()
}
