package topics

import (
	"encoding/json"
	"io/fs"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

const (
	codeIntlRelations = "medtop:20000638"
	codeDiplomacy     = "medtop:20000639"
	codeArmedConflict = "medtop:20000056"
	codeConflict      = "medtop:16000000"
	codeCricket       = "medtop:20000888"
	codeElection      = "medtop:20000574"
	codeCrime         = "medtop:20000082"
)

func codes(tp []models.Topic) []string {
	out := make([]string, len(tp))
	for i, t := range tp {
		out[i] = t.Code
	}
	return out
}

// TestSeeds checks the two real seed stories: both are about
// international relations and diplomacy in the Middle East; the one on
// Khamenei's letter after the US strikes is also about armed conflict.
func TestSeeds(t *testing.T) {
	tg := defaultTagger(t)
	m := newsMatcher(t)
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"seed_hamas_khamenei.txt", []string{codeIntlRelations, codeDiplomacy}},
		{"seed_khamenei_putin.txt", []string{codeIntlRelations, codeDiplomacy, codeArmedConflict, codeConflict}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			a := readSample(t, tc.file)
			topics, places := tg.Tag(a, m.Entities(a.Title, a.Text), m.Gazetteer())
			got := codes(topics)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			var ids []string
			for _, p := range places {
				ids = append(ids, p.ID)
			}
			for _, w := range []string{"Q794", "region:middle-east"} {
				if !slices.Contains(ids, w) {
					t.Errorf("places lack %s; got %v", w, ids)
				}
			}
			if len(places) > 0 && places[0].ID != "region:middle-east" && places[0].ID != "Q794" {
				t.Errorf("heaviest place is %s, want Iran or the Middle East", places[0].ID)
			}
			checkTopics(t, tg, topics)
		})
	}
}

// checkTopics checks the output contract: sorted by score, scores in
// [0, 1], labels in both languages, evidence located, parents present.
func checkTopics(t *testing.T, tg *Tagger, topics []models.Topic) {
	t.Helper()
	have := map[string]bool{}
	for _, tp := range topics {
		have[tp.Code] = true
	}
	for i, tp := range topics {
		if tp.Score < 0 || tp.Score > 1 {
			t.Errorf("%s: score %v outside [0, 1]", tp.Code, tp.Score)
		}
		if i > 0 && topics[i-1].Score < tp.Score {
			t.Errorf("not sorted by score at %d", i)
		}
		if tp.Label.EN == "" || tp.Label.BN == "" {
			t.Errorf("%s: missing label %+v", tp.Code, tp.Label)
		}
		if len(tp.Evidence) == 0 {
			t.Errorf("%s: no evidence", tp.Code)
		}
		for _, e := range tp.Evidence {
			if (e.Term == "") == (e.EntityID == "") {
				t.Errorf("%s: evidence must name a term or an entity: %+v", tp.Code, e)
			}
			if e.End <= e.Start || e.Weight <= 0 {
				t.Errorf("%s: bad evidence %+v", tp.Code, e)
			}
		}
		if p := tg.Parent(tp.Code); p != "" && !have[p] {
			t.Errorf("%s fired without its parent %s", tp.Code, p)
		}
	}
}

// TestTag runs short real-world style sentences in both languages.
func TestTag(t *testing.T) {
	tg := defaultTagger(t)
	for _, tc := range []struct {
		name, title, body string
		want              string
	}{
		{"en cricket", "Bangladesh beat Ireland by 7 wickets", "Taijul Islam took five wickets as the Tigers bowled Ireland out, and the batters chased the target in the second innings.", codeCricket},
		{"bn cricket", "আয়ারল্যান্ডকে ৭ উইকেটে হারাল বাংলাদেশ", "তাইজুল ইসলামের পাঁচ উইকেটে আয়ারল্যান্ডকে অলআউট করার পর দ্বিতীয় ইনিংসে লক্ষ্য তাড়া করে জিতেছে টাইগাররা।", codeCricket},
		{"en election", "EC announces schedule for national election", "The Election Commission said voters will cast their ballots in February, and candidates can submit nomination papers until next month.", codeElection},
		{"bn election", "জাতীয় নির্বাচনের তফসিল ঘোষণা করল ইসি", "নির্বাচন কমিশন জানিয়েছে, ফেব্রুয়ারিতে ভোটগ্রহণ হবে। প্রার্থীরা আগামী মাস পর্যন্ত মনোনয়নপত্র জমা দিতে পারবেন।", codeElection},
		{"en crime", "Two arrested over robbery in Mirpur", "Police arrested two suspects on Sunday in connection with the robbery of a jewellery shop.", codeCrime},
		{"bn crime", "মিরপুরে ডাকাতির ঘটনায় দুজন গ্রেপ্তার", "রোববার একটি জুয়েলারি দোকানে ডাকাতির ঘটনায় দুজনকে গ্রেপ্তার করেছে পুলিশ।", codeCrime},
		{"bn economy", "রেমিট্যান্স বেড়েছে, রিজার্ভ ছাড়াল ৩২ বিলিয়ন ডলার", "বাংলাদেশ ব্যাংকের তথ্য অনুযায়ী, চলতি অর্থবছরে প্রবাসী আয় ও রপ্তানি আয় দুটোই বেড়েছে। মূল্যস্ফীতি কিছুটা কমেছে।", CodeEconomy},
		{"en economy", "Remittance inflow rises as reserves cross $32 billion", "Bangladesh Bank data show remittances and export earnings rose in the current fiscal year while inflation eased.", CodeEconomy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topics, _ := tg.Tag(models.Article{Title: tc.title, Text: tc.body}, nil, nil)
			if !slices.Contains(codes(topics), tc.want) {
				t.Errorf("want %s among %v", tc.want, codes(topics))
			}
			checkTopics(t, tg, topics)
		})
	}
}

// TestScoreMonotone checks that the squashing is strictly increasing
// (before rounding) and stays in [0, 1], and that more evidence in an
// article never lowers a topic's score.
func TestScoreMonotone(t *testing.T) {
	prev := -1.0
	for x := 0.0; x <= 60; x += 0.25 {
		s := Score(x)
		if s < prev || s < 0 || s > 1 {
			t.Fatalf("Score(%v) = %v after %v", x, s, prev)
		}
		prev = s
	}
	if Score(1) >= Score(2) || Score(0) != 0 || math.IsNaN(Score(-1)) {
		t.Fatal("Score is not strictly increasing on small evidence")
	}
	tg := defaultTagger(t)
	body := "ক্রিকেট"
	last := 0.0
	for i := 0; i < 6; i++ {
		topics, _ := tg.Tag(models.Article{Title: "খেলা", Text: body}, nil, nil)
		s := 0.0
		for _, tp := range topics {
			if tp.Code == CodeSport {
				s = tp.Score
			}
		}
		if s < last {
			t.Fatalf("sport score fell from %v to %v after adding evidence", last, s)
		}
		last = s
		body += " উইকেট ইনিংস"
	}
	if last < 0.9 {
		t.Errorf("sport score %v after plenty of evidence", last)
	}
}

// TestEmpty checks that nothing is tagged in an empty article and that
// the slices are empty, not nil, so JSON shows [].
func TestEmpty(t *testing.T) {
	tg := defaultTagger(t)
	topics, places := tg.Tag(models.Article{}, nil, nil)
	b, err := json.Marshal(struct {
		T []models.Topic `json:"t"`
		P []models.Place `json:"p"`
	}{topics, places})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"t":[],"p":[]}` {
		t.Errorf("got %s", b)
	}
}

// TestDeterministicAndConcurrent tags the seeds from many goroutines and
// checks every result is identical.
func TestDeterministicAndConcurrent(t *testing.T) {
	tg := defaultTagger(t)
	m := newsMatcher(t)
	a := readSample(t, "seed_khamenei_putin.txt")
	ents := m.Entities(a.Title, a.Text)
	want, wantP := tg.Tag(a, ents, m.Gazetteer())
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, gotP := tg.Tag(a, ents, m.Gazetteer())
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotP, wantP) {
				errs <- "different output"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

// TestTagTerms checks the one-fold path against Tag: a matcher from
// Compile finds the same entities as the plain matcher, and TagTerms on
// its terms gives the same topics and places as Tag, with the shipped
// body budget and a small one, and through the slower path when the
// matcher also holds terms of its own.
func TestTagTerms(t *testing.T) {
	plain := newsMatcher(t)
	g := plain.Gazetteer()
	arts := []models.Article{readSample(t, "seed_hamas_khamenei.txt"), readSample(t, "seed_khamenei_putin.txt"),
		{Title: "Bangladesh beat Ireland by 7 wickets", Text: "Taijul Islam took five wickets as the Tigers bowled Ireland out. " +
			"The batters chased the target in the second innings, and Iran's and Russia's envoys watched from the stands."},
		{Title: "Remittance inflow rises", Text: strings.Repeat("The finance adviser spoke. ", 8) + "Bangladesh Bank data show remittances and exports rose."},
	}
	defaultBudget := defaultTagger(t)
	for _, tg := range []*Tagger{defaultBudget, defaultBudget.WithBodyBudget(120)} {
		for name, m := range map[string]*gazetteer.Matcher{
			"lexicon only":     tg.Compile(g, nil),
			"lexicon and more": tg.Compile(g, &gazetteer.CompileOptions{Terms: []string{"envoy", "stands"}}),
		} {
			for _, a := range arts {
				ents, terms := m.EntitiesAndTerms(a.Title, a.Text, tg.BodyBudget())
				if indexed := &terms.List[0] == &tg.termList[0]; indexed != (name == "lexicon only") {
					t.Fatalf("%s: matches index the lexicon = %v", name, indexed)
				}
				want := plain.Entities(a.Title, a.Text)
				if !reflect.DeepEqual(ents, want) {
					t.Fatalf("%s, budget %d, %q: entities differ from the plain matcher's", name, tg.BodyBudget(), a.Title)
				}
				wantT, wantP := tg.Tag(a, want, g)
				gotT, gotP := tg.TagTerms(terms, ents, g)
				if !reflect.DeepEqual(gotT, wantT) || !reflect.DeepEqual(gotP, wantP) {
					t.Errorf("%s, budget %d, %q: TagTerms gives\n%v\n%v\nTag gives\n%v\n%v",
						name, tg.BodyBudget(), a.Title, gotT, gotP, wantT, wantP)
				}
				if len(gotT) == 0 {
					t.Errorf("%s, budget %d, %q: no topics", name, tg.BodyBudget(), a.Title)
				}
			}
		}
	}
}

// TestData checks the embedded data: every code carries both labels, the
// 17 top-level topics are all there, and every lexicon code exists (Load
// checks the latter and fails otherwise).
func TestData(t *testing.T) {
	tg := defaultTagger(t)
	top := 0
	for _, c := range tg.Codes() {
		l, _ := tg.Label(c)
		if l.EN == "" || l.BN == "" {
			t.Errorf("%s: missing label", c)
		}
		if tg.Parent(c) == "" {
			top++
		}
		if !strings.HasPrefix(c, "medtop:") {
			t.Errorf("bad code %s", c)
		}
	}
	if top != 17 {
		t.Errorf("%d top-level topics, want 17", top)
	}
}

func TestPrefix(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc def", 0, "abc def"},
		{"abc def", 100, "abc def"},
		{"abc def ghi", 6, "abc"},
		{"abcdef", 3, ""},
	} {
		if got := prefix(tc.s, tc.n); got != tc.want {
			t.Errorf("prefix(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// TestMinEvidence checks the shortcut in topics: no evidence below
// minEvidence reaches minScore.
func TestMinEvidence(t *testing.T) {
	if Score(minEvidence) >= minScore {
		t.Fatalf("Score(minEvidence = %v) = %v, the shortcut would drop a topic that passes", minEvidence, Score(minEvidence))
	}
	for x := minEvidence; x < minEvidence+0.01; x += 1e-5 {
		if Score(x) >= minScore {
			return
		}
	}
	t.Fatalf("no evidence just above minEvidence = %v reaches minScore: the shortcut is too loose to matter", minEvidence)
}

// TestEntityRules checks the rules for particular entities: every id in
// entity_topics.tsv names an entity of the default gazetteer, and a
// portfolio holder's mention is evidence for the portfolio's field as well
// as for government.
func TestEntityRules(t *testing.T) {
	tg := defaultTagger(t)
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(tg.byEntity) == 0 {
		t.Fatal("no entity rules loaded")
	}
	for id := range tg.byEntity {
		if _, ok := g.Entry(id); !ok {
			t.Errorf("entity_topics.tsv: id:%s is not in the default gazetteer", id)
		}
	}
	m := gazetteer.Compile(g, nil)
	art := models.Article{
		Title:    "Salehuddin Ahmed meets business leaders",
		Text:     "Salehuddin Ahmed spoke to reporters at the secretariat on Sunday after the meeting.",
		Language: "en",
	}
	topics, _ := tg.Tag(art, m.Entities(art.Title, art.Text), g)
	byCode := map[string]models.Topic{}
	for _, tp := range topics {
		byCode[tp.Code] = tp
	}
	// The subtype (minister) says government only, so economic evidence
	// naming him comes from his own rule.
	econ, ok := byCode[CodeEconomy]
	if !ok {
		t.Fatalf("no economy topic among %v", codes(topics))
	}
	if !slices.ContainsFunc(econ.Evidence, func(e models.Evidence) bool { return e.EntityID == "per-salehuddin-ahmed" }) {
		t.Errorf("economy evidence %+v does not name the finance adviser", econ.Evidence)
	}
	if _, ok := byCode["medtop:20000593"]; !ok {
		t.Errorf("the adviser's subtype rule (government) is gone: %v", codes(topics))
	}
}

// TestShortTexts checks headlines with a one-sentence lead, often all a
// feed carries: the words a match report or business brief names its
// field with must count, and look-alikes must not.
func TestShortTexts(t *testing.T) {
	tg := defaultTagger(t)
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := gazetteer.Compile(g, nil)
	for _, tc := range []struct {
		name, title, body string
		want, notWant     string
	}{
		{"the Ashes is cricket", "Potts set to play in Ashes finale", "England name an unchanged attack for the last match in Sydney.", codeCricket, ""},
		{"ashes are not", "Fire reduces kitchen market to ashes", "Nobody was hurt, the fire service said.", "", codeCricket},
		{"a Test is cricket", "Rain threatens Sylhet Test", "The second Test may lose its first day.", codeCricket, ""},
		{"a test is not", "Students sit a test of nerves", "The admission test starts on Friday.", "", codeCricket},
		{"centuries-old is not cricket", "Centuries-old mosque restored in Bagerhat", "Craftsmen finished the terracotta work this week.", "", codeCricket},
		{"US open is not tennis", "US open to talks with Iran, says envoy", "The envoy spoke to reporters in Doha.", "", CodeSport},
		{"a toss-up is not a toss", "Seat a toss-up between two candidates", "Voters in the constituency are split.", "", codeCricket},
		{"the House of Lords is not Lord's", "হাউস অব লর্ডসে বিল পাস", "যুক্তরাজ্যের পার্লামেন্টের উচ্চকক্ষে বিলটি পাস হয়েছে।", "", CodeSport},
		{"an age limit is not a youth team", "অনূর্ধ্ব পাঁচ বছর বয়সী শিশুদের মৃত্যুহার কমেছে", "জরিপে দেখা গেছে শিশুমৃত্যু কমেছে।", "", CodeSport},
		{"an under-19 team is", "অনূর্ধ্ব-১৯ দলের ঘোষণা", "আগামী মাসে সফর শুরু।", CodeSport, ""},
		{"a cricket ground is cricket", "Gates open early at Zahur Ahmed Chowdhury Stadium", "Covers were on all morning.", codeCricket, ""},
		{"a trade body as the main entity is business", "New BTMA president takes over", "Members met in Dhaka on Saturday.", CodeEconomy, ""},
		{"crores of people are not money", "১৭ কোটি মানুষের দেশে নতুন অঙ্গীকার", "নেতারা বলেছেন, কোটি কোটি মানুষ পরিবর্তন চায়।", "", CodeEconomy},
		{"crores of taka are", "দুই ব্যাংকে ৫০০ কোটি টাকা খেলাপি ঋণ", "", CodeEconomy, ""},
		{"a team camp is not Shibir", "প্রশিক্ষণ শিবিরে যোগ দিলেন ফুটবলাররা", "জাতীয় দলের অনুশীলন শুরু হয়েছে।", CodeSport, CodePolitics},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := models.Article{Title: tc.title, Text: tc.body}
			topics, _ := tg.Tag(a, m.Entities(a.Title, a.Text), g)
			got := codes(topics)
			if tc.want != "" && !slices.Contains(got, tc.want) {
				t.Errorf("want %s among %v", tc.want, got)
			}
			if tc.notWant != "" && slices.Contains(got, tc.notWant) {
				t.Errorf("%s should not be among %v", tc.notWant, got)
			}
			checkTopics(t, tg, topics)
		})
	}
}

// TestLoadRejectsATermListedTwice checks that a term listed twice for one
// topic, which would count twice, stops Load; the same term for two
// topics is fine.
func TestLoadRejectsATermListedTwice(t *testing.T) {
	data, err := fs.Sub(embedded, "data")
	if err != nil {
		t.Fatal(err)
	}
	lexicon, err := fs.ReadFile(data, "lexicon.tsv")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, name := range []string{"taxonomy.tsv", "entity_topics.tsv", "regions.tsv"} {
		b, err := fs.ReadFile(data, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	for _, tc := range []struct {
		extra   string
		wantErr bool
	}{
		{"medtop:20000344\t2\tEconomy\n", true},  // "economy" is already listed for economy
		{"medtop:20000349\t1\teconomy\n", false}, // for another topic
		{"-\t0\teconomy class\n", false},         // a new blocking phrase
	} {
		fsys["lexicon.tsv"] = &fstest.MapFile{Data: append(slices.Clip(lexicon), tc.extra...)}
		_, err := Load(fsys)
		if (err != nil) != tc.wantErr {
			t.Errorf("with %q: err = %v, want error %v", tc.extra, err, tc.wantErr)
		}
	}
}
