package topics

import (
	"context"
	"flag"
	"math"
	"os"
	"testing"

	"github.com/newsroom/tagger/gazetteer"
)

// newsPath is the news dump for TestEval and the benchmark, e.g.
// -news /work/shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
var newsPath = flag.String("news", "", "news dump (bd-newspapers-2025 JSON) for TestEval and BenchmarkTopicsVsEntities")

// TestEval runs Eval on the news dump given with -news, with the shipped
// gazetteer, and prints the table:
//
//	go test ./pipeline/topics -run TestEval -v -news /work/shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
func TestEval(t *testing.T) {
	if *newsPath == "" {
		t.Skip("no -news file given; skipping the evaluation on real news")
	}
	f, err := os.Open(*newsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := gazetteer.Compile(g, nil)
	rep, err := Eval(context.Background(), f, m, defaultTagger(t), os.Stdout)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"bn", "en"} {
		s, _ := rep.Get(lang, SplitNewer)
		if s.Mapped > 0 && s.Accuracy() < 0.9 {
			t.Logf("%s: top-topic accuracy %.3f is below the 0.90 target", lang, s.Accuracy())
		}
	}
}

func TestURLConfirms(t *testing.T) {
	tests := []struct {
		url, code string
		want      bool
	}{
		{"https://www.thedailystar.net/sports/cricket/news/tigers-win-3912345", CodeSport, true},
		{"https://www.thedailystar.net/business/economy/news/remittance-rises-3911111", CodeEconomy, true},
		{"https://en.prothomalo.com/entertainment/Mrinal-Sen-passes-away", CodeEconomy, false},
		{"https://www.jagonews24.com/politics/news/1012345", CodePolitics, true},
		{"https://www.jagonews24.com/international/news/1012346", CodePolitics, false},
		{"https://example.com/sports", CodeSport, false}, // the slug is not a section
		{"::not a url", CodeSport, false},
	}
	for _, tt := range tests {
		if got := urlConfirms(tt.url, tt.code); got != tt.want {
			t.Errorf("urlConfirms(%q, %s) = %v, want %v", tt.url, tt.code, got, tt.want)
		}
	}
}

// TestAccuracyInterval checks the Wilson interval against values computed
// by hand from its formula.
func TestAccuracyInterval(t *testing.T) {
	for _, tt := range []struct {
		correct, mapped int
		lo, hi          float64
	}{
		{31, 35, 0.7405, 0.9546},
		{89, 96, 0.8571, 0.9642},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{0, 0, 0, 1},
	} {
		lo, hi := EvalStats{TopCorrect: tt.correct, Mapped: tt.mapped}.AccuracyInterval()
		if math.Abs(lo-tt.lo) > 1e-4 || math.Abs(hi-tt.hi) > 1e-4 {
			t.Errorf("%d/%d: interval %.4f-%.4f, want %.4f-%.4f", tt.correct, tt.mapped, lo, hi, tt.lo, tt.hi)
		}
	}
}
