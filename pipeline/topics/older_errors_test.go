package topics

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/internal/newsdump"
	"github.com/newsroom/tagger/models"
)

// olderErrors names a language whose OLDER-half errors TestOlderErrors
// prints, for tuning the lexicon and weights on the half that is not
// reported (the newer half's articles are never printed):
//
//	go test ./pipeline/topics -run TestOlderErrors -v -older-errors en -news /work/shared/data/news/bd-newspapers-2025/articles_2025-12-30.json
//
// -older-budget 1 reads the headline alone and -older-budget 150 a
// one-sentence lead: many feeds (The Daily Star's, in the dump) carry no
// more, and the words missing there are the ones short stories lack.
var (
	olderErrors = flag.String("older-errors", "", "language (bn or en) whose older-half top-topic errors TestOlderErrors prints")
	olderBudget = flag.Int("older-budget", defaultBodyBudget, "body budget for TestOlderErrors")
	olderMargin = flag.Float64("older-margin", 0, "TestOlderErrors also lists correct articles won by less than this score margin")
	olderQuiet  = flag.Bool("older-quiet", false, "TestOlderErrors prints only the count")
)

// TestOlderErrors prints, for the older half of the -news dump in the
// language given with -older-errors, each mapped article whose top topic
// is wrong, with the scores and evidence of the three mapped topics.
func TestOlderErrors(t *testing.T) {
	if *newsPath == "" || *olderErrors == "" {
		t.Skip("needs -news and -older-errors")
	}
	arts, err := newsdump.ReadFile(*newsPath)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := gazetteer.Compile(g, nil)
	tg := defaultTagger(t).WithBodyBudget(*olderBudget)
	split := splitByDate(arts)
	wrong, mapped := 0, 0
	for i, a := range arts {
		if split[i] != SplitOlder || a.Language() != *olderErrors {
			continue
		}
		want, ok := sectionTopic[strings.ToLower(strings.TrimSpace(a.Category))]
		if !ok {
			continue
		}
		mapped++
		art := models.Article{Title: a.Headline, Text: a.Article, Language: *olderErrors}
		ents := m.Entities(art.Title, art.Text)
		topics, _ := tg.Tag(art, ents, g)
		got := topOf(topics)
		if got == want {
			if *olderMargin > 0 {
				var sw, so float64
				for _, tp := range topics {
					switch {
					case tp.Code == want:
						sw = tp.Score
					case tp.Code == CodeSport || tp.Code == CodePolitics || tp.Code == CodeEconomy:
						so = max(so, tp.Score)
					}
				}
				if sw-so < *olderMargin {
					t.Logf("close: want %s %.3f vs other %.3f: %s", shortName(want), sw, so, a.Headline)
				}
			}
			continue
		}
		wrong++
		var b strings.Builder
		fmt.Fprintf(&b, "\n=== want %s got %s: %s\n", shortName(want), shortName(got), a.Headline)
		for _, tp := range topics {
			fmt.Fprintf(&b, "  %s %s %.3f:", tp.Code, tp.Label.EN, tp.Score)
			for _, e := range tp.Evidence {
				fmt.Fprintf(&b, " %s%s(%s %.2f)", e.Term, e.EntityID, e.Field[:1], e.Weight)
			}
			b.WriteByte('\n')
		}
		for _, e := range ents[:min(len(ents), 8)] {
			fmt.Fprintf(&b, "  ent %s %s/%s %.2f\n", e.Name, e.Type, e.Subtype, e.Salience)
		}
		fmt.Fprintf(&b, "  text: %.600s\n", prefix(art.Text, tg.BodyBudget()))
		if !*olderQuiet {
			t.Log(b.String())
		}
	}
	t.Logf("%s older half: %d wrong of %d mapped", *olderErrors, wrong, mapped)
}
