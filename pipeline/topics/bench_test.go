package topics

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// benchArticles returns real text: the news dump given with -news, else
// the seed samples in testdata.
func benchArticles(b testing.TB) []models.Article {
	b.Helper()
	if *newsPath == "" {
		return []models.Article{readSample(b, "seed_hamas_khamenei.txt"), readSample(b, "seed_khamenei_putin.txt")}
	}
	raw, err := os.ReadFile(*newsPath)
	if err != nil {
		b.Fatal(err)
	}
	var arts []newsArticle
	if err := json.Unmarshal(raw, &arts); err != nil {
		b.Fatal(err)
	}
	out := make([]models.Article, 0, len(arts))
	for _, a := range arts {
		out = append(out, models.Article{Title: a.Headline, Text: a.Article, Language: languageOf(a.SourceLanguage)})
	}
	return out
}

// BenchmarkTopicsVsEntities measures what topic tagging adds to entity
// tagging on the same texts, in the same run; the budget is 20%:
//
//	go test ./pipeline/topics -run '^$' -bench TopicsVsEntities -benchtime 20x -news /work/shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
//
// The baseline is entity tagging alone: Matcher.Entities with the shipped
// gazetteer compiled without terms. The one-walk path (topics/entities-%)
// is what the product pays with a matcher from Tagger.Compile:
// EntitiesAndTerms plus TagTerms, minus the baseline. So the share counts
// everything topics add, the lexicon's part of the shared walk included.
// The standalone path (standalone-topics/entities-%) is Tag after
// Entities, which folds and walks the lexicon's part of the text again.
//
// The machine is shared, so each article is timed on its own and each
// path's time for an article is its fastest round: interference only ever
// adds time. The -mean metrics use every round instead. The paths run in
// a random order for each article and round, so that none of them always
// finds the article's text and entries in cache after another. Each
// matcher is used once per article and round: one used more often would
// find its own automaton warm.
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
	const paths = 3 // entities alone, one walk for both, standalone topics
	best := make([][paths]time.Duration, len(arts))
	var sum [paths]time.Duration
	run := [paths]func(i int){
		func(i int) { plain.Entities(arts[i].Title, arts[i].Text) },
		func(i int) {
			es, terms := both.EntitiesAndTerms(arts[i].Title, arts[i].Text, tg.BodyBudget())
			tg.TagTerms(terms, es, g)
		},
		func(i int) { tg.Tag(arts[i], ents[i], g) },
	}
	// A fixed seed keeps runs comparable.
	rng := rand.New(rand.NewPCG(1, 2))
	order := [paths]int{0, 1, 2}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := range arts {
			rng.Shuffle(paths, func(x, y int) { order[x], order[y] = order[y], order[x] })
			for _, p := range order {
				t0 := time.Now()
				run[p](i)
				d := time.Since(t0)
				sum[p] += d
				if n == 0 || d < best[i][p] {
					best[i][p] = d
				}
			}
		}
	}
	b.StopTimer()
	var fast [paths]time.Duration
	for _, t := range best {
		for p := range paths {
			fast[p] += t[p]
		}
	}
	share := func(t [paths]time.Duration) (oneWalk, standalone float64) {
		return 100 * float64(t[1]-t[0]) / float64(t[0]), 100 * float64(t[2]) / float64(t[0])
	}
	per := float64(len(arts))
	b.ReportMetric(float64(fast[0].Nanoseconds())/per, "entities-ns/article")
	b.ReportMetric(float64((fast[1]-fast[0]).Nanoseconds())/per, "topics-ns/article")
	oneWalk, standalone := share(fast)
	b.ReportMetric(oneWalk, "topics/entities-%")
	b.ReportMetric(standalone, "standalone-topics/entities-%")
	oneWalk, standalone = share(sum)
	b.ReportMetric(oneWalk, "topics/entities-%-mean")
	b.ReportMetric(standalone, "standalone-topics/entities-%-mean")
}
