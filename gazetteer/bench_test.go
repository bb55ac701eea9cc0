package gazetteer

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsroom/tagger/internal/newsdump"
	"github.com/newsroom/tagger/models"
)

// newsFile is the real news the speed benchmarks read:
//
//	go test ./gazetteer -run '^$' -bench . -news ../shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
var newsFile = flag.String("news", "", "bd-newspapers-2025 articles JSON for the tagging benchmarks")

// benchTexts returns the Bangla article bodies of the news file, or the
// bundled sample pages' text when no file is given.
func benchTexts(b *testing.B) []string {
	b.Helper()
	if *newsFile == "" {
		var out []string
		for _, name := range []string{"../pipeline/topics/testdata/seed_000.txt", "../pipeline/topics/testdata/seed_001.txt"} {
			if t, err := os.ReadFile(name); err == nil {
				out = append(out, string(t))
			}
		}
		if len(out) == 0 {
			b.Skip("no -news file and no bundled texts")
		}
		return out
	}
	arts, err := newsdump.ReadFile(*newsFile)
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, a := range arts {
		if a.Language() == "bn" {
			out = append(out, a.Headline+"\n\n"+a.Article)
		}
	}
	return out
}

func totalBytes(texts []string) int64 {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return int64(n)
}

// BenchmarkTagDefault measures tagging (normalisation, matching and
// aggregation into entities) of real Bangla news with the shipped
// gazetteer, on one core. Target: at least 50 MB/s.
func BenchmarkTagDefault(b *testing.B) {
	g, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	m := Compile(g, nil)
	texts := benchTexts(b)
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			title, body, _ := strings.Cut(t, "\n\n")
			m.Entities(title, body)
		}
	}
}

// BenchmarkMillionNames measures a gazetteer of 1,000,000 generated names:
// load (parse + compile) time, heap after compiling, and matching speed on
// real news. Targets: load <= 20 s, heap <= 2 GiB, >= 25 MB/s.
func BenchmarkMillionNames(b *testing.B) {
	texts := benchTexts(b)
	const n = 1_000_000
	var sb strings.Builder
	syll := []string{"কা", "রি", "মো", "তা", "লে", "সু", "নি", "বা", "দে", "গো", "প্র", "স্ত", "হা", "জু", "ফি", "রা"}
	for i := range n {
		// Bangla-like two-word names from syllables, unique by construction.
		x := i
		var w1, w2 strings.Builder
		for k := 0; k < 3; k++ {
			w1.WriteString(syll[x%16])
			x /= 16
		}
		for k := 0; k < 3; k++ {
			w2.WriteString(syll[x%16])
			x /= 16
		}
		w2.WriteString(syll[(i*7)%16])
		e := Entry{ID: fmt.Sprintf("gen-%d", i), Type: models.PER, BN: w1.String() + " " + w2.String(), EN: fmt.Sprintf("Gen Name%d", i)}
		line, _ := json.Marshal(e)
		sb.Write(line)
		sb.WriteByte('\n')
	}
	data := sb.String()
	runtime.GC()
	start := time.Now()
	entries, err := Load(strings.NewReader(data), JSONL)
	if err != nil {
		b.Fatal(err)
	}
	g, err := New(entries, nil)
	if err != nil {
		b.Fatal(err)
	}
	m := Compile(g, nil)
	load := time.Since(start)
	entries, data = nil, ""
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.SetBytes(totalBytes(texts))
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			title, body, _ := strings.Cut(t, "\n\n")
			m.Entities(title, body)
		}
	}
	// After the loop: ResetTimer drops metrics reported before it.
	b.ReportMetric(load.Seconds(), "load-s")
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(g.Names()), "names")
	runtime.KeepAlive(m)
}
