package gazetteer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	return testMatcherWith(t, &CompileOptions{})
}

// testMatcherWith compiles the test gazetteer with opt.
func testMatcherWith(t testing.TB, opt *CompileOptions) *Matcher {
	t.Helper()
	entries, err := LoadFile("testdata/news.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(entries, []string{"আলী", "আলি", "বন্দর"})
	if err != nil {
		t.Fatal(err)
	}
	return Compile(g, opt)
}

// surfaces renders matches as "surface=id" for compact comparisons.
func surfaces(text string, ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, text[m.ByteStart:m.ByteEnd]+"="+m.ID)
	}
	return out
}

func TestFind(t *testing.T) {
	m := testMatcher(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"seed: titled name, inflected place, consonant stem + সহ",
			"হামাসের ভারপ্রাপ্ত নেতা খলিল আল-হায়াসহ আরও দুই শীর্ষ নেতার সঙ্গে বৈঠক করেছেন ইরানের সর্বোচ্চ নেতা আয়াতুল্লাহ আলি খামেনি।",
			[]string{"হামাসের=Q38799", "খলিল আল-হায়াসহ=per-khalil-al-hayya", "ইরানের=Q794", "আয়াতুল্লাহ আলি খামেনি=Q57336"}},
		{"seed: vowel stem takes কে and তে",
			"ফিলিস্তিনি নেতারা খামেনিকে শুভেচ্ছা জানাতে তেহরানে গেছেন",
			[]string{"খামেনিকে=Q57336", "তেহরানে=Q3616"}},
		{"seed: পুতিনকে, খামেনির, রাশিয়ার",
			"রাশিয়ার সহায়তা চেয়ে পুতিনকে খামেনির চিঠি",
			[]string{"রাশিয়ার=Q159", "পুতিনকে=Q7747", "খামেনির=Q57336"}},
		{"decomposed য় (য + nukta) matches the precomposed name",
			"রাশিয\u09BCার প্রেসিডেন্ট",
			[]string{"রাশিয\u09BCার=Q159"}},
		{"split vowel sign and ZWNJ are repaired",
			"রয়টার্\u200Cস জানিয়েছে",
			[]string{"রয়টার্\u200Cস=Q130998"}},
		{"long/short vowel variants meet: খামেনী, আলী খামেনির",
			"খামেনী বলেছেন; আলী খামেনির দপ্তর",
			[]string{"খামেনী=Q57336", "আলী খামেনির=Q57336"}},
		{"spelling variant alias",
			"ইসরাইলের হামলা, তেহেরানে বিক্ষোভ",
			[]string{"ইসরাইলের=Q801", "তেহেরানে=Q3616"}},
		{"য়ের after an acronym that ends in a vowel letter",
			"এফবিসিসিআইয়ের সভাপতি, এফবিসিসিআইর নেতারা", []string{"এফবিসিসিআইয়ের=org-fbcci", "এফবিসিসিআইর=org-fbcci"}},
		{"plural রা after a consonant stem, for an organisation; never for a place",
			"হামাসরা রাজি, ইরানরা নয়", []string{"হামাসরা=Q38799"}},
		{"emphatic after case ending",
			"ইরানেরও দাবি, হামাসও রাজি",
			[]string{"ইরানেরও=Q794", "হামাসও=Q38799"}},
		{"wrong-class ending is not a name: vowel ending on consonant stem",
			"ইরানর কথা", nil},
		{"a longer word that starts with a name is not the name",
			"ইরানিদের মানসিকতায় কোনও পরিবর্তন আসবে না", nil},
		{"detached এর after a foreign name",
			"হামাস-এর নেতা", []string{"হামাস-এর=Q38799"}},
		{"place inside an organisation's name: the longest wins",
			"ঢাকা বিশ্ববিদ্যালয়ের শিক্ষার্থীরা ঢাকায় ফিরেছেন",
			[]string{"ঢাকা বিশ্ববিদ্যালয়ের=Q1186", "ঢাকায়=Q1353"}},
		{"stop forms never match alone",
			"আলী বলেন, বন্দর এলাকায়", nil},
		{"English: case folded, possessive, curly quote, hyphen",
			"Iran’s supreme leader KHAMENEI met Khalil al Hayya; Reuters' report",
			[]string{"Iran’s=Q794", "KHAMENEI=Q57336", "Khalil al Hayya=per-khalil-al-hayya", "Reuters'=Q130998"}},
		{"English: lower-case common word and pronoun 'us' do not match",
			"let us go to iran", nil},
		{"English acronym only in capitals",
			"The US and the U.S. said", []string{"US=Q30", "U.S.=Q30"}},
		{"English word that continues is no match",
			"Iranian officials", nil},
		{"সদর after a district is the upazila's designation, not part of the name",
			"কুমিল্লা সদর উপজেলায় সংঘর্ষ", []string{"কুমিল্লা=bd-district-cumilla"}},
		{"a place that starts an organisation's name a few words on is not the place",
			"বাংলাদেশ টেলিযোগাযোগ নিয়ন্ত্রণ কমিশন জানায়, কুমিল্লা মহিলা ডিগ্রি কলেজে ভর্তি", nil},
		{"a name-breaking word between the place and the head word keeps the place",
			"তাঁকে কুমিল্লা থেকে ঢাকা মেডিকেল কলেজ হাসপাতালে নেওয়া হয়",
			[]string{"কুমিল্লা=bd-district-cumilla"}},
		{"a place before a currency or a tournament is not the place, before a longer word it is",
			"পাকিস্তান কাপের ফাইনাল, ইরান কাপড় কেনে", []string{"ইরান=Q794"}},
		{"a place's name before a Hindu middle name is a person's given name",
			"ইরান কুমার দাস বলেন, পাকিস্তান চন্দ্রযান", []string{"পাকিস্তান=Q843"}},
		{"a person's short form inside a longer name is someone else",
			"শাকিল রিজভী বলেন, নজরুল ইসলামের বাড়ি, এ বি রিজভী", nil},
		{"a person's short form alone, or with a case ending, is the person",
			"রিজভী বলেন, নজরুলের কবিতা, নজরুল ইসলামী গান", []string{"রিজভী=per-ruhul-kabir-rizvi", "নজরুলের=per-kazi-nazrul-islam", "নজরুল=per-kazi-nazrul-islam"}},
		{"a place takes no plural ending; an organisation does",
			"জর্জিয়ারা নয়, ঢাকাদের নয়, হামাসেরা বলেছে", []string{"হামাসেরা=Q38799"}},
		{"a name never runs across a paragraph break",
			"বৈঠক হয় ঢাকা\n\nবিশ্ববিদ্যালয়ে নয়", []string{"ঢাকা=Q1353"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := surfaces(tt.text, m.Find(tt.text, nil))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Find(%q)\n got %v\nwant %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFindOffsetsAreCodePoints(t *testing.T) {
	m := testMatcher(t)
	text := "শনিবার তেহরানে\u200C এই বৈঠক; রাশিয\u09BCার"
	for _, mt := range m.Find(text, nil) {
		runes := []rune(text)
		if got := string(runes[mt.Start:mt.End]); got != text[mt.ByteStart:mt.ByteEnd] {
			t.Errorf("%s: code points give %q, bytes give %q", mt.ID, got, text[mt.ByteStart:mt.ByteEnd])
		}
		if utf8.RuneCountInString(text[:mt.ByteStart]) != mt.Start {
			t.Errorf("%s: start %d is not the code-point offset of byte %d", mt.ID, mt.Start, mt.ByteStart)
		}
	}
}

func TestEntities(t *testing.T) {
	m := testMatcher(t)
	title := "রাশিয়ার সহায়তা চেয়ে পুতিনকে খামেনির চিঠি"
	body := "ইরানে যুক্তরাষ্ট্রের হামলার পর দেশটির সর্বোচ্চ নেতা আয়াতুল্লাহ আলী খামেনি রাশিয়ার সহায়তা চেয়েছেন।\n\n" +
		"বার্তা সংস্থা রয়টার্সের খবরে এ কথা বলা হয়েছে। রুশ প্রেসিডেন্ট পুতিনের কাছে খামেনির একটি চিঠি।"
	ents := m.Entities(title, body)
	byID := map[string]int{}
	for i, e := range ents {
		byID[e.ID] = i
	}
	want := map[string]int{"Q57336": 3, "Q7747": 2, "Q159": 2, "Q794": 1, "Q30": 1, "Q130998": 1}
	for id, n := range want {
		i, ok := byID[id]
		if !ok {
			t.Errorf("%s not found in %v", id, ents)
			continue
		}
		if ents[i].Count != n || len(ents[i].Mentions) != n {
			t.Errorf("%s: count %d, want %d", id, ents[i].Count, n)
		}
	}
	if len(ents) != len(want) {
		t.Errorf("got %d entities, want %d", len(ents), len(want))
	}
	if ents[0].ID != "Q57336" || ents[0].Salience != 1 {
		t.Errorf("most salient = %s (%v), want Khamenei at 1", ents[0].ID, ents[0].Salience)
	}
	k := ents[byID["Q57336"]]
	if k.Name.BN != "আলী খামেনি" || k.Name.EN != "Ali Khamenei" {
		t.Errorf("names = %+v", k.Name)
	}
	if k.Mentions[0].Field != "title" || k.Mentions[0].Surface != "খামেনির" {
		t.Errorf("first mention = %+v, want the title's খামেনির", k.Mentions[0])
	}
	for _, e := range ents {
		if e.Salience <= 0 || e.Salience > 1 {
			t.Errorf("%s salience %v out of (0,1]", e.ID, e.Salience)
		}
	}
}

func TestEntitiesAmbiguityByContext(t *testing.T) {
	m := testMatcher(t)
	alone := m.Entities("", "Georgia held talks.")
	if len(alone) != 1 || alone[0].ID != "Q230" {
		t.Fatalf("alone: %+v, want the country", alone)
	}
	withUS := m.Entities("", "In the United States, Georgia voted.")
	ids := []string{}
	for _, e := range withUS {
		ids = append(ids, e.ID)
	}
	if !strings.Contains(strings.Join(ids, " "), "georgia-us") {
		t.Fatalf("with the US named: %v, want the US state", ids)
	}
}

func TestKeyFolds(t *testing.T) {
	pairs := [][2]string{
		{"আলি", "আলী"},
		{"রাশিয\u09BCা", "রাশিয়া"},
		{"মো\u09C7\u09BEদি", "মোদি"}, // broken on purpose below
		{"আল-হায়া", "আল  হায়া"},
		{"Zürich", "zurich"},
		{"Iran’s", "iran's"},
	}
	for i, p := range pairs {
		if i == 2 {
			// ে + া written separately after a consonant is ো.
			p = [2]string{"ম\u09C7\u09BEদি", "মোদি"}
		}
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%q)=%q != Key(%q)=%q", p[0], Key(p[0]), p[1], Key(p[1]))
		}
	}
	if Key("ইরান") == Key("ইরানি") {
		t.Error("distinct words folded together")
	}
}

func TestNormalize(t *testing.T) {
	got := Normalize("রাশিয\u09BCা\u200Cর ম\u09C7\u09BEদি\u00AD")
	if want := "রাশি\u09DFার মোদি"; got != want {
		t.Errorf("Normalize = %q, want %q", got, want)
	}
}

func TestFindUnionNeedsLocalityWord(t *testing.T) {
	entries, err := LoadFile("testdata/news.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := Compile(g, nil) // unions are context subtypes by default
	tests := []struct{ text, want string }{
		{"কুমিল্লার বরুড়া উপজেলার ঝলম ইউনিয়নে সংঘর্ষ", "[কুমিল্লার=bd-district-cumilla ঝলম=bd-union-cumilla-barura-jhalam]"},
		{"ঝলম গ্রামের কৃষক", "[ঝলম=bd-union-cumilla-barura-jhalam]"},
		{"ঝলম নিয়ে কথা হলো।", "[]"},
		{"উপজেলা পর্যায়ে। ঝলম নিয়ে কথা", "[]"}, // a locality word in another sentence does not count
	}
	for _, tt := range tests {
		if got := fmt.Sprint(surfaces(tt.text, m.Find(tt.text, nil))); got != tt.want {
			t.Errorf("Find(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

// TestFindUnlistedPlaces: the word before গ্রামের, মহল্লায়, থানার,
// ইউনিয়নের or পৌরসভার is a place no list names. The sentences are from
// the train split of the rifat1493 NER set (MIT, see NOTICE).
func TestFindUnlistedPlaces(t *testing.T) {
	m := testMatcherWith(t, &CompileOptions{UnlistedPlaces: true})
	tests := []struct{ name, text, want string }{
		{"a village before গ্রামের, and a second one",
			"তাঁরা হলেন মাগুরা সদর উপজেলার ধলহরা গ্রামের মোবারক মোল্লার ছেলে ওহিদুল মোল্লা ( ৪০ ) ও বারইখালী গ্রামের নিজামের ছেলে",
			"[ধলহরা=unlinked:ধলহরা বারইখালী=unlinked:বারইখালী]"},
		{"a union, then a village before গ্রামে",
			"এই দিনে জসীম উদ্দীন ফরিদপুর সদর উপজেলার কৈজুরী ইউনিয়নের তাম্বুলখানা গ্রামে মামাবাড়িতে জন্মগ্রহণ করেন ।",
			"[কৈজুরী=unlinked:কৈজুরী তাম্বুলখানা=unlinked:তাম্বুলখানা]"},
		{"a police station before থানার; only the last word of a two-word village",
			"চট্টগ্রাম জেলার রাউজান থানার লেলেঙ্গারা মনাগাজি গ্রামে পারিবারিক কবরস্থানে",
			"[রাউজান=unlinked:রাউজান মনাগাজি=unlinked:মনাগাজি]"},
		{"a mahalla before মহল্লায়",
			"পৌর শহরের মাছিমপুর মহল্লায় আগুন", "[মাছিমপুর=unlinked:মাছিমপুর]"},
		{"a direction that starts the village's name is part of it",
			"সদর উপজেলার উত্তর রামপুর গ্রামের কৃষক", "[উত্তর রামপুর=unlinked:উত্তর-রামপুর]"},
		{"a determiner is not a place", "তিনি ওই গ্রামের শামু চৌকিদারের ছেলে ।", "[]"},
		{"a genitive is the owner of the village, not its name",
			"পুলিশ জানায় , নিহত রোজিনার গ্রামের বাড়ি", "[]"},
		{"a locative or a noun with its article is not a place",
			"লাঞ্ছিত করার ঘটনায় ইউনিয়ন পরিষদের সামনে, পুড়ে যাওয়া গাড়িটি থানায় নিয়ে যায়", "[]"},
		{"a kind of union is an organisation, not a place",
			"সেন্টার অব ইন্ডিয়ান ট্রেড ইউনিয়নের নেতা, ছাত্র ইউনিয়নসহ বিভিন্ন সংগঠন", "[]"},
		{"a longer word that starts like a head is no head", "ধলহরা গ্রামীণ ব্যাংক", "[]"},
		{"a bare head that goes on into a longer name is no head",
			"ঋণের বড় অংশই খেলাপি। এছাড়া ইউনিয়ন ব্যাংকে, জান্তা বাহিনীপন্থী ইউনিয়ন সলিডারিটি", "[]"},
		{"a bare head before পুলিশ, থেকে or the clause's end",
			"শাজাহানপুর থানা থেকে প্রত্যাহার, রাউজান থানা পুলিশ, কাঠালতলী ইউনিয়ন।",
			"[শাজাহানপুর=unlinked:শাজাহানপুর রাউজান=unlinked:রাউজান কাঠালতলী=unlinked:কাঠালতলী]"},
		{"the gazetteer's match wins over the context", "কুমিল্লা থানার ওসি", "[কুমিল্লা=bd-district-cumilla]"},
		{"pronouns and the nouns news sends to a police station are no places",
			"তিনি থানায় অভিযোগ করেন। পরে মামলা থানায় পাঠানো হয়। লাশ গ্রামে নেওয়া হয়", "[]"},
		{"a name before গ্রামের বাড়ি is a person's, whose home is there",
			"রহিম মিয়া গ্রামের বাড়িতে ফেরেন", "[]"},
		{"ঁ and ং are letters of a village's name", "কাঁঠালতলী গ্রামের রংমহল মহল্লায়",
			"[কাঁঠালতলী=unlinked:কাঁঠালতলী রংমহল=unlinked:রংমহল]"},
		{"a head is not the place before another head", "মিরপুর থানা ইউনিয়ন", "[]"},
		{"people counted, and a family name ending a longer name, are no places",
			"কয়েকজন থানায় যান। কালকিনির চরদৌলত খান ইউনিয়নের মাথাভাঙ্গা গ্রামে", "[মাথাভাঙ্গা=unlinked:মাথাভাঙ্গা]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(surfaces(tt.text, m.Find(tt.text, nil))); got != tt.want {
				t.Errorf("Find(%q)\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
	if got := surfaces("ধলহরা গ্রামের", testMatcher(t).Find("ধলহরা গ্রামের", nil)); got != nil {
		t.Errorf("without UnlistedPlaces: %v, want none", got)
	}
}

// TestUnlistedPlaceEntity: an unlisted place is an unlinked LOC with a
// confidence below a gazetteer match's.
func TestUnlistedPlaceEntity(t *testing.T) {
	m := testMatcherWith(t, &CompileOptions{UnlistedPlaces: true})
	ents := m.Entities("ধলহরা গ্রামে সংঘর্ষ", "মাগুরা সদর উপজেলার ধলহরা গ্রামের দুই পক্ষের সংঘর্ষে ইরানের নাগরিক আহত")
	var got []string
	for _, e := range ents {
		got = append(got, fmt.Sprintf("%s %s/%s %d %.1f", e.ID, e.Type, e.Subtype, e.Count, e.Confidence))
	}
	want := "[Q794 LOC/country 1 1.0 unlinked:ধলহরা LOC/locality 2 0.7]"
	if fmt.Sprint(got) != want {
		t.Errorf("Entities = %v, want %s", got, want)
	}
	// Named twice, in the title, the village outscores Iran, but an
	// unlinked entity ranks below every linked one.
	if len(ents) == 2 && ents[1].Salience >= ents[0].Salience {
		t.Errorf("unlisted place salience %v, linked %v", ents[1].Salience, ents[0].Salience)
	}
	ents = m.Entities("", "সদর উপজেলার উত্তর চর চান্দিয়া গ্রামের কৃষক")
	if len(ents) != 1 || ents[0].Name.BN != Normalize("উত্তর চর চান্দিয়া") || ents[0].ID != Normalize("unlinked:উত্তর-চর-চান্দিয়া") {
		t.Errorf("Entities = %+v, want unlinked:উত্তর-চর-চান্দিয়া named উত্তর চর চান্দিয়া", ents)
	}
}

// TestFindMdPrefix: the abbreviated মোহাম্মদ before a person's name is
// part of the mention, as written with or without a space before the
// dot, or as মোঃ; not a stray মো elsewhere.
func TestFindMdPrefix(t *testing.T) {
	m := testMatcher(t)
	tests := []struct{ text, want string }{
		{"মো. রিজভী বলেন", "[মো. রিজভী=per-ruhul-kabir-rizvi]"},
		{"মো . রিজভীর বক্তব্য", "[মো . রিজভীর=per-ruhul-kabir-rizvi]"},
		{"মোঃ রিজভী বলেন", "[মোঃ রিজভী=per-ruhul-kabir-rizvi]"},
		{"মো রিজভী বলেন", "[রিজভী=per-ruhul-kabir-rizvi]"},
		{"মো. ইরানের", "[ইরানের=Q794]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(surfaces(tt.text, m.Find(tt.text, nil))); got != tt.want {
			t.Errorf("Find(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}
