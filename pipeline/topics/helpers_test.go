package topics

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// readSample reads a testdata article: # comment lines, then the headline,
// then the body.
func readSample(t testing.TB, name string) models.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		lines = append(lines, l)
	}
	return models.Article{Title: lines[0], Text: strings.TrimSpace(strings.Join(lines[1:], "\n")), Language: "bn"}
}

var (
	testMatcherOnce sync.Once
	testMatcher     *gazetteer.Matcher
	testMatcherErr  error
)

// newsMatcher is the gazetteer's own small test gazetteer, which has the
// seed stories' people, places and organisations; it keeps these tests
// independent of the generated default gazetteer.
func newsMatcher(t testing.TB) *gazetteer.Matcher {
	t.Helper()
	testMatcherOnce.Do(func() {
		entries, err := gazetteer.LoadFile(filepath.Join("..", "..", "gazetteer", "testdata", "news.jsonl"))
		if err != nil {
			testMatcherErr = err
			return
		}
		g, err := gazetteer.New(entries, nil)
		if err != nil {
			testMatcherErr = err
			return
		}
		testMatcher = gazetteer.Compile(g, nil)
	})
	if testMatcherErr != nil {
		t.Fatal(testMatcherErr)
	}
	return testMatcher
}

func defaultTagger(t testing.TB) *Tagger {
	t.Helper()
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}
