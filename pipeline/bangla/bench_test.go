package bangla

import (
	"flag"
	"testing"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/internal/newsdump"
	"github.com/newsroom/tagger/models"
)

// newsFile is the real news the benchmark reads:
//
//	go test ./pipeline/bangla -run '^$' -bench . -news "$PWD/../shared/data/news/bd-newspapers-2025/articles_2025-12-30.json"
var newsFile = flag.String("news", "", "bd-newspapers-2025 articles JSON for the benchmark")

// BenchmarkUnlinked measures the person tagger on real Bangla news beside
// the gazetteer's matching of the same text, in the same run: matching
// alone, the tagger alone (given the matcher's entities, found before the
// timer starts), then both, as the tag stage runs them.
func BenchmarkUnlinked(b *testing.B) {
	if *newsFile == "" {
		b.Skip("needs -news")
	}
	arts, err := newsdump.ReadFile(*newsFile)
	if err != nil {
		b.Fatal(err)
	}
	var titles, bodies []string
	size := 0
	for _, a := range arts {
		if a.Language() == "bn" {
			titles, bodies = append(titles, a.Headline), append(bodies, a.Article)
			size += len(a.Headline) + len(a.Article)
		}
	}
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	m := gazetteer.Compile(g, nil)
	model, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("matcher", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for i := range titles {
				m.Entities(titles[i], bodies[i])
			}
		}
	})
	known := make([][]models.Entity, len(titles))
	for i := range titles {
		known[i] = m.Entities(titles[i], bodies[i])
	}
	b.Run("persons", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			// A new Recognizer for every pass, whose lexemes start empty
			// as on a day's first article: repeating the same day's news
			// must not find every word already known.
			r, _ := New(model)
			for i := range titles {
				r.Unlinked(titles[i], bodies[i], known[i])
			}
		}
	})
	b.Run("matcher+persons", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		people := 0
		for b.Loop() {
			r, _ := New(model)
			for i := range titles {
				known := m.Entities(titles[i], bodies[i])
				people += len(r.Unlinked(titles[i], bodies[i], known))
			}
		}
		b.ReportMetric(float64(people)/float64(b.N)/float64(len(titles)), "people/article")
	})
}
