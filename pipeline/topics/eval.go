package topics

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/internal/newsdump"
	"github.com/newsroom/tagger/models"
)

// The three top-level topics that publisher sections map to without
// ambiguity.
const (
	CodeSport    = "medtop:15000000"
	CodePolitics = "medtop:11000000"
	CodeEconomy  = "medtop:04000000"
)

// sectionTopic maps a publisher section (lower-cased) to a topic. Sections
// such as "national" or "Bangladesh" mix every subject and are not mapped.
var sectionTopic = map[string]string{
	"sports": CodeSport, "sport": CodeSport, "খেলা": CodeSport, "খেলাধুলা": CodeSport,
	"politics": CodePolitics, "রাজনীতি": CodePolitics,
	"economy": CodeEconomy, "economics": CodeEconomy, "business": CodeEconomy, "অর্থনীতি": CodeEconomy,
}

// Split names for EvalStats.Split.
const (
	SplitOlder = "older" // the older half by date: vocabulary was read here
	SplitNewer = "newer" // the newer half by date: the reported figures
)

// EvalStats are the figures for one language and one half of the data.
type EvalStats struct {
	// Language is "bn" or "en"; Split is SplitOlder or SplitNewer.
	Language, Split string
	// Articles is the number of articles; Tagged those with a topic.
	Articles, Tagged int
	// Mapped is the number of articles whose section maps to a topic;
	// TopCorrect those whose highest-scoring topic among sport, politics
	// and economy is the section's; Present those where the section's
	// topic is among the topics at all.
	Mapped, TopCorrect, Present int
	// Confusion counts mapped articles by section topic and predicted top
	// topic ("" when none of the three fired).
	Confusion map[[2]string]int
	// URLConfirmed counts the mapped articles whose URL path names the
	// same section (/sports/, /business/: see urlSection), and
	// URLTopCorrect those of them with the right top topic. The section
	// field of the dump is not always the page's section: Prothom Alo's
	// English film and youth pages (/entertainment/..., /youth/...) carry
	// "Business". These figures leave such labels out; they are reported
	// beside the main ones, never instead of them.
	URLConfirmed, URLTopCorrect int
}

// URLAccuracy is URLTopCorrect/URLConfirmed.
func (s EvalStats) URLAccuracy() float64 { return ratio(s.URLTopCorrect, s.URLConfirmed) }

// urlSection maps a URL path segment to the topic of the section it
// names, in the outlets' own spellings.
var urlSection = map[string]string{
	"sports": CodeSport, "sport": CodeSport, "khela": CodeSport,
	"politics": CodePolitics, "rajniti": CodePolitics,
	"economy": CodeEconomy, "economics": CodeEconomy, "business": CodeEconomy, "arthoniti": CodeEconomy,
}

// urlConfirms reports whether a path segment of rawURL (before the last,
// the story's own slug) names the section of topic code.
func urlConfirms(rawURL, code string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for _, seg := range segs[:max(len(segs)-1, 0)] {
		if urlSection[strings.ToLower(seg)] == code {
			return true
		}
	}
	return false
}

// Accuracy is TopCorrect/Mapped.
func (s EvalStats) Accuracy() float64 { return ratio(s.TopCorrect, s.Mapped) }

// AccuracyInterval is the 95% Wilson score interval of Accuracy: with a
// few dozen mapped articles per half, one article moves the accuracy by
// about 0.03, and the interval says how far the true rate may lie from
// the measured one. It is [0, 1] when nothing is mapped.
func (s EvalStats) AccuracyInterval() (lo, hi float64) {
	if s.Mapped == 0 {
		return 0, 1
	}
	const z = 1.959964 // the normal quantile for 95%
	n := float64(s.Mapped)
	p := float64(s.TopCorrect) / n
	centre := (p + z*z/(2*n)) / (1 + z*z/n)
	half := z / (1 + z*z/n) * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return max(centre-half, 0), min(centre+half, 1)
}

// Recall is Present/Mapped: how often the section's topic appears at all.
func (s EvalStats) Recall() float64 { return ratio(s.Present, s.Mapped) }

// Coverage is Tagged/Articles.
func (s EvalStats) Coverage() float64 { return ratio(s.Tagged, s.Articles) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Report is the result of Eval: one EvalStats per language and split, in
// the order bn/older, bn/newer, en/older, en/newer.
type Report struct {
	Stats []EvalStats
}

// Get returns the stats for a language and split.
func (r Report) Get(lang, split string) (EvalStats, bool) {
	for _, s := range r.Stats {
		if s.Language == lang && s.Split == split {
			return s, true
		}
	}
	return EvalStats{}, false
}

// Eval tags every article of a news dump (the JSON array format of
// ../shared/data/news/bd-newspapers-2025/articles_2025-12-30.json) and
// scores the topics against the publisher sections that map unambiguously
// to sport, politics or economy. It prints a table to w.
//
// The data is split per language into an older and a newer half by
// publication date. The lexicon's vocabulary and the body budget were
// checked against the older half only (see TestOlderErrors), so the newer
// half's figures are the ones to quote. Articles without a usable date (about
// half) cannot be placed by date; they are assigned to a half by a hash of
// their URL, which is deterministic and independent of content.
func Eval(ctx context.Context, articlesJSON io.Reader, m *gazetteer.Matcher, t *Tagger, w io.Writer) (Report, error) {
	arts, err := newsdump.Decode(articlesJSON)
	if err != nil {
		return Report{}, fmt.Errorf("topics: eval: %w", err)
	}
	split := splitByDate(arts)
	stats := map[[2]string]*EvalStats{}
	var order [][2]string
	for _, lang := range []string{"bn", "en"} {
		for _, sp := range []string{SplitOlder, SplitNewer} {
			k := [2]string{lang, sp}
			stats[k] = &EvalStats{Language: lang, Split: sp, Confusion: map[[2]string]int{}}
			order = append(order, k)
		}
	}
	var g *gazetteer.Gazetteer
	if m != nil {
		g = m.Gazetteer()
	}
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return Report{}, fmt.Errorf("topics: eval: %w", err)
		}
		lang := a.Language()
		s := stats[[2]string{lang, split[i]}]
		if s == nil {
			continue
		}
		art := models.Article{Title: a.Headline, Text: a.Article, Language: lang}
		var ents []models.Entity
		if m != nil {
			ents = m.Entities(art.Title, art.Text)
		}
		topics, _ := t.Tag(art, ents, g)
		s.Articles++
		if len(topics) > 0 {
			s.Tagged++
		}
		want, ok := sectionTopic[strings.ToLower(strings.TrimSpace(a.Category))]
		if !ok {
			continue
		}
		s.Mapped++
		got := topOf(topics)
		if got == want {
			s.TopCorrect++
		}
		if slices.ContainsFunc(topics, func(tp models.Topic) bool { return tp.Code == want }) {
			s.Present++
		}
		s.Confusion[[2]string{want, got}]++
		if urlConfirms(a.URL, want) {
			s.URLConfirmed++
			if got == want {
				s.URLTopCorrect++
			}
		}
	}
	var rep Report
	for _, k := range order {
		rep.Stats = append(rep.Stats, *stats[k])
	}
	if err := rep.print(w); err != nil {
		return rep, fmt.Errorf("topics: eval: %w", err)
	}
	return rep, nil
}

// topOf returns the highest-scoring of the three mapped topics, or "".
// Topics come sorted by score, so the first one found wins.
func topOf(topics []models.Topic) string {
	for _, tp := range topics {
		switch tp.Code {
		case CodeSport, CodePolitics, CodeEconomy:
			return tp.Code
		}
	}
	return ""
}

// splitByDate assigns each article to SplitOlder or SplitNewer: per
// language, dated articles are sorted by date (then URL) and halved;
// undated ones go by the parity of an FNV hash of the URL.
func splitByDate(arts []newsdump.Article) []string {
	out := make([]string, len(arts))
	type dated struct {
		i  int
		at time.Time
	}
	byLang := map[string][]dated{}
	for i, a := range arts {
		at, ok := parseDate(a.PublicationDate)
		if !ok {
			h := fnv.New32a()
			h.Write([]byte(a.URL))
			out[i] = SplitOlder
			if h.Sum32()%2 == 1 {
				out[i] = SplitNewer
			}
			continue
		}
		lang := a.Language()
		byLang[lang] = append(byLang[lang], dated{i, at})
	}
	for _, ds := range byLang {
		slices.SortFunc(ds, func(a, b dated) int {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
			return strings.Compare(arts[a.i].URL, arts[b.i].URL)
		})
		for j, d := range ds {
			out[d.i] = SplitOlder
			if j >= len(ds)/2 {
				out[d.i] = SplitNewer
			}
		}
	}
	return out
}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if at, err := time.Parse(layout, s); err == nil {
			return at, true
		}
	}
	return time.Time{}, false
}

func shortName(code string) string {
	switch code {
	case CodeSport:
		return "sport"
	case CodePolitics:
		return "politics"
	case CodeEconomy:
		return "economy"
	case "":
		return "(none)"
	}
	return code
}

func (r Report) print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "Topic evaluation against publisher sections (sports/খেলা -> sport; politics/রাজনীতি -> politics;")
	fmt.Fprintln(tw, "economy/economics/Business/অর্থনীতি -> economy). Lexicon vocabulary and the body budget were chosen on")
	fmt.Fprintln(tw, "the OLDER half only, so quote the NEWER half. Undated articles are halved by URL hash.")
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "lang\thalf\tarticles\twith topic\tmapped\ttop-topic acc\t95% interval\tsection topic present\tURL confirms\tacc there\t")
	for _, s := range r.Stats {
		lo, hi := s.AccuracyInterval()
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%d\t%.3f\t[%.3f, %.3f]\t%.3f\t%d\t%.3f\t\n", s.Language, s.Split, s.Articles, s.Coverage(), s.Mapped, s.Accuracy(), lo, hi, s.Recall(), s.URLConfirmed, s.URLAccuracy())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "URL confirms: mapped articles whose URL path names the same section (/sports/, /business/, ...);")
	fmt.Fprintln(w, "the dump's section field is sometimes not the page's (English film and youth pages labelled Business).")
	fmt.Fprintln(w, "The targets apply to \"top-topic acc\"; \"acc there\" is for reading the errors. The 95% interval")
	fmt.Fprintln(w, "(Wilson) is the range the true accuracy may lie in, given how few articles are mapped.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Confusion on the newer half (section -> predicted top topic: count):")
	for _, s := range r.Stats {
		if s.Split != SplitNewer {
			continue
		}
		keys := make([][2]string, 0, len(s.Confusion))
		for k := range s.Confusion {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int {
			if c := strings.Compare(a[0], b[0]); c != 0 {
				return c
			}
			return strings.Compare(a[1], b[1])
		})
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s->%s: %d", shortName(k[0]), shortName(k[1]), s.Confusion[k]))
		}
		if _, err := fmt.Fprintf(w, "  %s: %s\n", s.Language, strings.Join(parts, ", ")); err != nil {
			return err
		}
	}
	return nil
}
