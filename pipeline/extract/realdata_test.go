package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsroom/tagger/models"
)

// sharedData is the team's evaluation data, beside the repo in CI and on
// the developers' machines, absent on a fresh clone.
const sharedData = "../../../shared/data/extraction"

// needShared returns the shared folder, skipping the test when it is
// absent, or failing it in CI, where it must be present.
func needShared(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join(sharedData, sub)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but shared data %s is missing: %v", dir, err)
		}
		t.Skipf("shared data %s not present", dir)
	}
	return dir
}

// TestScrapinghubSamples is an accuracy floor on the real pages copied
// into testdata (MIT licence, see testdata/NOTICE-extract.md).
func TestScrapinghubSamples(t *testing.T) {
	dir := filepath.Join("testdata", "scrapinghub")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var all []prf
	for _, id := range ids {
		page, err := readGz(filepath.Join(dir, id+".html.gz"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Article(page, Source{URL: gt[id].URL}, Options{})
		if err != nil {
			t.Fatalf("%s: %v", id[:8], err)
		}
		m := shingleMatch(gt[id].ArticleBody, a.Text)
		all = append(all, m)
		if f := f1of(m.precision(), m.recall()); f < 0.8 {
			t.Errorf("%s (%s): F1 %.3f (P %.3f R %.3f), want >= 0.8", id[:8], gt[id].URL, f, m.precision(), m.recall())
		}
		if a.PageType != models.PageArticle || a.Language != "en" || a.Title == "" {
			t.Errorf("%s: page type %q, language %q, title %q", id[:8], a.PageType, a.Language, a.Title)
		}
	}
	p, r, f := shingleScore(all)
	t.Logf("%d pages: P %.3f R %.3f F1 %.3f", len(all), p, r, f)
	if f < 0.9 {
		t.Errorf("F1 %.3f over the samples, want >= 0.9", f)
	}
}

// TestBanglaReal checks page types and the one real Bangla article. The
// pages are the publishers' and are not copied into the repo.
func TestBanglaReal(t *testing.T) {
	dir := needShared(t, "bangla-real")
	cases := []struct {
		file string
		want models.PageType
	}{
		{"ukbdnews.com.23646.html", models.PageArticle},
		{"prothomalo.com-opinion.html", models.PageListing},
		{"samakal.com-opinion.html", models.PageListing},
		{"dhakapost.com-opinion.html", models.PageListing},
		{"dainikamadershomoy.com-opinion-2025-11-15.html", models.PageListing},
		{"banglanews24.com-cloudflare-challenge.html", models.PageOther},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Article(page, Source{URL: "https://" + strings.SplitN(tc.file, "-", 2)[0] + "/"}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.PageType != tc.want {
				t.Errorf("page type %q, want %q", a.PageType, tc.want)
			}
		})
	}

	raw, err := os.ReadFile(filepath.Join(dir, "ukbdnews.com.23646.annotation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ann map[string]struct {
		Title   string   `json:"title"`
		Date    string   `json:"date"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &ann); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "ukbdnews.com.23646.html"))
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range ann {
		a, err := Article(page, Source{URL: u}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if normalizeBangla(a.Title) != normalizeBangla(want.Title) {
			t.Errorf("title %q, want %q", a.Title, want.Title)
		}
		if a.PublishedAt == nil || a.PublishedAt.In(Bangladesh).Format("2006-01-02") != want.Date {
			t.Errorf("published %v, want %s", a.PublishedAt, want.Date)
		}
		if a.Language != "bn" {
			t.Errorf("language %q, want bn (the page says lang=en)", a.Language)
		}
		// The annotation's snippets spell য় as two code points in places
		// where the page uses one; compare folded.
		text := normalizeBangla(strings.Join(strings.Fields(a.Text), " "))
		for _, s := range want.With {
			if !strings.Contains(text, normalizeBangla(s)) {
				t.Errorf("text lacks %q", s)
			}
		}
		for _, s := range want.Without {
			if strings.Contains(text, normalizeBangla(s)) {
				t.Errorf("text has %q", s)
			}
		}
	}
}
