package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/newsroom/tagger/models"
)

const (
	sharedData  = "../../../../shared/data"
	gazDataDir  = "../../data"
	defaultFile = "../../data/default.jsonl"
)

// TestRegenerationMatchesCommitted runs the generator and checks that the
// output equals the committed default.jsonl byte for byte.
func TestRegenerationMatchesCommitted(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedData, "gazetteer-sources")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared data not present (%v)", err)
	}
	out := t.TempDir()
	if _, err := run(sharedData, gazDataDir, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "default.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(defaultFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("default.jsonl is stale; regenerate with\n  go run ./gazetteer/internal/gengazetteer -data ../shared/data -out gazetteer/data\nfirst difference at line %d:\n got: %s\nwant: %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("default.jsonl is stale: %d lines generated, %d committed", len(gl), len(wl))
	}
}

func readDefault(t *testing.T) []Entry {
	t.Helper()
	f, err := os.Open(defaultFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var e Entry
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCommittedGazetteer(t *testing.T) {
	entries := readDefault(t)
	byID := map[string]Entry{}
	names := 0
	prev := ""
	for _, e := range entries {
		if _, dup := byID[e.ID]; dup {
			t.Errorf("duplicate id %s", e.ID)
		}
		if e.ID <= prev {
			t.Errorf("ids not sorted: %s after %s", e.ID, prev)
		}
		prev = e.ID
		byID[e.ID] = e
		names += nameCount(e)
		switch e.Type {
		case models.PER, models.LOC, models.ORG:
		default:
			t.Errorf("%s: bad type %q", e.ID, e.Type)
		}
		if e.EN == "" && e.BN == "" {
			t.Errorf("%s: no name", e.ID)
		}
		if slices.Contains(e.AliasesEN, e.EN) || slices.Contains(e.AliasesBN, e.BN) {
			t.Errorf("%s: alias repeats the canonical name", e.ID)
		}
	}
	for _, e := range entries {
		if e.Parent != "" {
			if _, ok := byID[e.Parent]; !ok {
				t.Errorf("%s: parent %s does not resolve", e.ID, e.Parent)
			}
		}
		if e.Country != "" {
			if _, ok := byID[e.Country]; !ok {
				t.Errorf("%s: country %s does not resolve", e.ID, e.Country)
			}
		}
	}
	if len(entries) < 5000 {
		t.Errorf("%d entities, want >= 5000", len(entries))
	}
	if names < 15000 {
		t.Errorf("%d names, want >= 15000", names)
	}
	t.Logf("%d entities, %d names", len(entries), names)

	// The entities named in the seed articles, with the spellings used there.
	seeds := []struct {
		typ models.EntityType
		en  []string
		bn  []string
	}{
		{models.PER, []string{"Ali Khamenei", "Khamenei"}, []string{"খামেনি", "খামেনী", "আলি খামেনি", "আলী খামেনি"}},
		{models.ORG, []string{"Hamas"}, []string{"হামাস"}},
		{models.PER, []string{"Khalil al-Hayya"}, []string{"খলিল আল-হায়া"}},
		{models.PER, []string{"Vladimir Putin", "Putin"}, []string{"পুতিন", "ভ্লাদিমির পুতিন"}},
		{models.LOC, []string{"Tehran"}, []string{"তেহরান", "তেহেরান"}},
		{models.ORG, []string{"Kremlin"}, []string{"ক্রেমলিন"}},
		{models.ORG, []string{"Reuters"}, []string{"রয়টার্স"}},
		{models.ORG, []string{"AFP"}, []string{"এএফপি"}},
		{models.PER, []string{"Abbas Araghchi"}, []string{"আব্বাস আরাগচি"}},
		{models.PER, []string{"Donald Trump", "Trump"}, []string{"ডোনাল্ড ট্রাম্প", "ট্রাম্প"}},
		{models.LOC, []string{"Israel"}, []string{"ইসরায়েল", "ইসরাইল"}},
		{models.LOC, []string{"United States"}, []string{"যুক্তরাষ্ট্র"}},
		{models.LOC, []string{"Moscow"}, []string{"মস্কো"}},
		{models.LOC, []string{"Gaza"}, []string{"গাজা"}},
		{models.LOC, []string{"West Bank"}, []string{"পশ্চিম তীর"}},
		{models.LOC, []string{"Washington"}, []string{"ওয়াশিংটন"}},
		{models.LOC, []string{"Middle East"}, []string{"মধ্যপ্রাচ্য"}},
		{models.LOC, []string{"Iran"}, []string{"ইরান"}},
		{models.LOC, []string{"Russia"}, []string{"রাশিয়া"}},
		{models.LOC, []string{"Bangladesh"}, []string{"বাংলাদেশ"}},
		{models.LOC, []string{"Chittagong", "Chattogram"}, []string{"চট্টগ্রাম"}},
		{models.LOC, []string{"Comilla", "Cumilla"}, []string{"কুমিল্লা"}},
		{models.ORG, []string{"University of Dhaka", "Dhaka University"}, []string{"ঢাকা বিশ্ববিদ্যালয়"}},
		{models.ORG, []string{"Awami League"}, []string{"আওয়ামী লীগ"}},
		{models.ORG, []string{"United Nations", "UN"}, []string{"জাতিসংঘ"}},
	}
	for _, s := range seeds {
		found := false
		for _, e := range entries {
			if e.Type != s.typ || !hasAll(e.EN, e.AliasesEN, s.en) || !hasAll(e.BN, e.AliasesBN, s.bn) {
				continue
			}
			found = true
			break
		}
		if !found {
			t.Errorf("no %s entry named %q / %q", s.typ, s.en, s.bn)
		}
	}
}

// hasAll reports whether every name in want is the canonical name or an
// alias.
func hasAll(canonical string, aliases, want []string) bool {
	for _, w := range want {
		if w != canonical && !slices.Contains(aliases, w) {
			return false
		}
	}
	return true
}

// TestCuratedFilesParse loads the curated files alone: they parse, ids are
// unique across files, and every entry is marked curated.
func TestCuratedFilesParse(t *testing.T) {
	b := newBuilder()
	if err := b.loadCurated(gazDataDir + "/curated"); err != nil {
		t.Fatal(err)
	}
	for id, e := range b.byID {
		if e.Source != srcCurated {
			t.Errorf("%s: source %q, want curated", id, e.Source)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Cox's Bazar":      "coxs-bazar",
		"Comilla Sadar":    "comilla-sadar",
		"Ho Chi Minh City": "ho-chi-minh-city",
		"  A--B  ":         "a-b",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
