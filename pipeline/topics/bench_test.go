package topics

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// benchArticles returns real text: the news dump given with -news, else
// the seed samples in testdata.
func benchArticles(b *testing.B) []models.Article {
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

// BenchmarkTopicsVsEntities times entity tagging (Matcher.Entities, with
// the shipped gazetteer) and topic tagging (Tagger.Tag) on the same texts
// in the same run, and reports topic time as a share of entity time; the
// budget is 20%:
//
//	go test ./pipeline/topics -run '^$' -bench TopicsVsEntities -news /work/shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
func BenchmarkTopicsVsEntities(b *testing.B) {
	arts := benchArticles(b)
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	m := gazetteer.Compile(g, nil)
	tg := defaultTagger(b)
	ents := make([][]models.Entity, len(arts))
	for i, a := range arts {
		ents[i] = m.Entities(a.Title, a.Text)
	}
	var entNS, topNS time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		t0 := time.Now()
		for _, a := range arts {
			m.Entities(a.Title, a.Text)
		}
		t1 := time.Now()
		for i, a := range arts {
			tg.Tag(a, ents[i], g)
		}
		t2 := time.Now()
		entNS += t1.Sub(t0)
		topNS += t2.Sub(t1)
	}
	b.StopTimer()
	per := float64(b.N * len(arts))
	b.ReportMetric(float64(entNS.Nanoseconds())/per, "entities-ns/article")
	b.ReportMetric(float64(topNS.Nanoseconds())/per, "topics-ns/article")
	b.ReportMetric(100*float64(topNS)/float64(entNS), "topics/entities-%")
}
