package topics

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/internal/newsdump"
	"github.com/newsroom/tagger/models"
)

// benchArticles returns real text: the news dump given with -news, else
// the seed samples in testdata.
func benchArticles(b testing.TB) []models.Article {
	b.Helper()
	if *newsPath == "" {
		return []models.Article{readSample(b, "seed_hamas_khamenei.txt"), readSample(b, "seed_khamenei_putin.txt")}
	}
	arts, err := newsdump.ReadFile(*newsPath)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]models.Article, 0, len(arts))
	for _, a := range arts {
		out = append(out, models.Article{Title: a.Headline, Text: a.Article, Language: a.Language()})
	}
	return out
}

// BenchmarkTopicsVsEntities measures what topic tagging adds to entity
// tagging on the same texts, in the same run; the budget is 20%:
//
//	go test ./pipeline/topics -run '^$' -bench TopicsVsEntities -benchtime 20x -news /work/shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
//
// The baseline is entity tagging alone: Matcher.Entities with the shipped
// gazetteer compiled without terms. The one-fold path (topics/entities-%)
// is what the product pays with a matcher from Tagger.Compile:
// EntitiesAndTerms plus TagTerms, minus the baseline. So the share counts
// everything topics add, the lexicon's walk over the shared fold included.
// The standalone path (standalone-topics/entities-%) is Tag after
// Entities, which folds the lexicon's part of the text again.
//
// The machine is shared, so each article is timed on its own, -benchtime
// sets the number of rounds, and each path's time for an article is its
// fastest round: interference only ever adds time. The -median metrics
// take each article's median round instead, which keeps the usual
// interference. The paths run in a random order for each article and
// round, so that none of them always finds the article's text and
// entries in cache after another. Each matcher is used once per article
// and round: one used more often would find its own automaton warm.
func BenchmarkTopicsVsEntities(b *testing.B) {
	arts := benchArticles(b)
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	tg := defaultTagger(b)
	plain := gazetteer.Compile(g, nil)
	both := tg.Compile(g, nil)
	ents := make([][]models.Entity, len(arts))
	for i, a := range arts {
		ents[i] = plain.Entities(a.Title, a.Text)
	}
	const paths = 3 // entities alone, one fold for both, standalone topics
	run := [paths]func(i int){
		func(i int) { plain.Entities(arts[i].Title, arts[i].Text) },
		func(i int) {
			es, terms := both.EntitiesAndTerms(arts[i].Title, arts[i].Text, tg.BodyBudget())
			tg.TagTerms(terms, es, g)
		},
		func(i int) { tg.Tag(arts[i], ents[i], g) },
	}
	// times[p][i] are path p's times for article i, one per round.
	var times [paths][][]time.Duration
	for p := range times {
		times[p] = make([][]time.Duration, len(arts))
	}
	// A fixed seed keeps runs comparable.
	rng := rand.New(rand.NewPCG(1, 2))
	order := [paths]int{0, 1, 2}
	b.ResetTimer()
	for range b.N {
		for i := range arts {
			rng.Shuffle(paths, func(x, y int) { order[x], order[y] = order[y], order[x] })
			for _, p := range order {
				t0 := time.Now()
				run[p](i)
				times[p][i] = append(times[p][i], time.Since(t0))
			}
		}
	}
	b.StopTimer()
	// total sums, over articles, each article's k-th fastest round.
	total := func(p int, k func(n int) int) float64 {
		var sum time.Duration
		for _, ts := range times[p] {
			slices.Sort(ts)
			sum += ts[k(len(ts))]
		}
		return float64(sum.Nanoseconds())
	}
	report := func(k func(n int) int, suffix string) {
		ent, one, solo := total(0, k), total(1, k), total(2, k)
		if suffix == "" {
			b.ReportMetric(ent/float64(len(arts)), "entities-ns/article")
			b.ReportMetric((one-ent)/float64(len(arts)), "topics-ns/article")
		}
		b.ReportMetric(100*(one-ent)/ent, "topics/entities-%"+suffix)
		b.ReportMetric(100*solo/ent, "standalone-topics/entities-%"+suffix)
	}
	report(func(int) int { return 0 }, "")
	report(func(n int) int { return n / 2 }, "-median")
}
