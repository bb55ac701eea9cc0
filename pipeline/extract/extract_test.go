package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
)

// seedCase is a synthetic page modelled on a real Bangla news page: the
// story is surrounded by lists of other stories that must stay out.
type seedCase struct {
	file      string
	url       string
	title     string
	paras     []string // must be in the text, as whole paragraphs
	absent    []string // list headlines, captions, header lines
	published string
	modified  string
	canonical string
	authors   []string
}

var seedCases = []seedCase{
	{
		file:  "seed-desk-article.html",
		url:   "https://example.com/national/98765?ref=home",
		title: "নদীভাঙনে ঘরহারা তিন শতাধিক পরিবার",
		paras: []string{
			"যমুনা নদীর তীব্র ভাঙনে সিরাজগঞ্জের চৌহালী উপজেলার তিনটি গ্রামের তিন শতাধিক পরিবার ঘরবাড়ি হারিয়েছে। শনিবার (৮ ফেব্রুয়ারি) সকাল থেকে ভাঙন আরও বেড়েছে বলে জানিয়েছেন স্থানীয় বাসিন্দারা।",
			"উপজেলা নির্বাহী কর্মকর্তা ক্ষতিগ্রস্ত এলাকা পরিদর্শন করে প্রতিটি পরিবারকে শুকনো খাবার ও নগদ সহায়তা দেওয়ার আশ্বাস দিয়েছেন।",
		},
		absent: []string{
			"সম্পর্কিত", "সর্বশেষ খবর", "সর্বাধিক পঠিত", "উপকূলে ঘূর্ণিঝড় সতর্কতা", "চালের দাম কমেছে",
			"মেট্রোরেলের নতুন স্টেশন", "জাতীয় দলের নতুন অধিনায়ক", "বৈশাখ", "শুক্রবার, ০৯ মে", "আপডেট", "স্বত্ব",
			"রাজনীতি", "নিজস্ব প্রতিবেদক",
		},
		published: "2025-02-08T19:54:00+06:00",
		modified:  "2025-02-08T21:10:00+06:00",
		authors:   []string{"নিজস্ব প্রতিবেদক"},
		canonical: "https://example.com/national/article/98765",
	},
	{
		file:  "seed-feed-article.html",
		url:   "https://probash.example.com/news/4521",
		title: "মালয়েশিয়ায় শ্রমিক নিয়োগে নতুন নীতিমালা",
		paras: []string{
			"বিদেশি শ্রমিক নিয়োগে নতুন নীতিমালা ঘোষণা করেছে মালয়েশিয়া সরকার। এতে নিয়োগকারী প্রতিষ্ঠানকে শ্রমিকের আবাসন ও স্বাস্থ্যবিমার পুরো দায়িত্ব নিতে হবে।",
			"তবে নিয়োগ প্রক্রিয়ায় দালালদের দৌরাত্ম্য কমবে কি না, সে বিষয়ে সংশয় প্রকাশ করেছেন প্রবাসী অধিকারকর্মীরা।",
		},
		absent: []string{
			"আরও দেখুন", "রোমে বাংলাদেশি ব্যবসায়ীদের মেলা", "ইতালির রাজধানীতে", "সৌদি আরবে ভিসা",
			"দুবাইয়ে প্রবাসী শিশুদের", "দিন আগে", "Copied!", "প্রবাসের খবর", "বিডিজেন ডেস্ক",
		},
		published: "2025-06-23T00:00:00+06:00",
		canonical: "https://probash.example.com/news/4521",
		authors:   []string{"বিডিজেন ডেস্ক"},
	},
}

func TestSeedPages(t *testing.T) {
	for _, tc := range seedCases {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Article(body, Source{URL: tc.url}, Options{})
			if err != nil {
				t.Fatalf("Article: %v", err)
			}
			if a.Title != tc.title {
				t.Errorf("title = %q, want %q", a.Title, tc.title)
			}
			paras := map[string]bool{}
			for _, p := range strings.Split(a.Text, "\n\n") {
				paras[p] = true
			}
			for _, p := range tc.paras {
				if !paras[p] {
					t.Errorf("text lacks paragraph %q\ntext:\n%s", p, a.Text)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(a.Text, s) {
					t.Errorf("text contains boilerplate %q", s)
				}
			}
			if a.Language != "bn" {
				t.Errorf("language = %q, want bn", a.Language)
			}
			if a.PageType != models.PageArticle {
				t.Errorf("page type = %q, want article", a.PageType)
			}
			if a.CanonicalURL != tc.canonical {
				t.Errorf("canonical = %q, want %q", a.CanonicalURL, tc.canonical)
			}
			checkTime(t, "published", a.PublishedAt, tc.published)
			checkTime(t, "modified", a.ModifiedAt, tc.modified)
			if strings.Join(a.Authors, "|") != strings.Join(tc.authors, "|") {
				t.Errorf("authors = %q, want %q", a.Authors, tc.authors)
			}
			if a.Lead != tc.paras[0] {
				t.Errorf("lead = %q, want the first paragraph", a.Lead)
			}
		})
	}
}

func checkTime(t *testing.T, what string, got *time.Time, want string) {
	t.Helper()
	if want == "" {
		if got != nil {
			t.Errorf("%s = %v, want none", what, got)
		}
		return
	}
	if got == nil {
		t.Errorf("%s missing, want %s", what, want)
		return
	}
	if s := got.Format(time.RFC3339); s != want {
		t.Errorf("%s = %s, want %s", what, s, want)
	}
}

func TestErrors(t *testing.T) {
	big := bytes.Repeat([]byte("<p>x</p>"), 200)
	cases := []struct {
		name string
		body []byte
		src  Source
		opt  Options
		want error
	}{
		{"empty", nil, Source{}, Options{}, ErrEmpty},
		{"white space", []byte(" \n\t \r\n"), Source{}, Options{}, ErrEmpty},
		{"json", []byte(`{"url": "https://x", "html": "<p>hi</p>"}`), Source{}, Options{}, ErrNotHTML},
		{"json array", []byte(`[1, 2, 3]`), Source{}, Options{}, ErrNotHTML},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>"), Source{}, Options{}, ErrNotHTML},
		{"plain text", []byte("Just some words, and 3 < 4 is true.\nNo markup here."), Source{}, Options{}, ErrNotHTML},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Source{}, Options{}, ErrNotHTML},
		{"json content type", []byte("<p>x</p>"), Source{ContentType: "application/json"}, Options{}, ErrNotHTML},
		{"too large", big, Source{}, Options{MaxBytes: 1000}, ErrTooLarge},
		{"unknown source charset", []byte("<p>x</p>"), Source{Charset: "klingon-8"}, Options{}, ErrEncoding},
		{"unknown content-type charset", []byte("<p>x</p>"), Source{ContentType: "text/html; charset=nope"}, Options{}, ErrEncoding},
		{"unknown meta charset", []byte(`<meta charset="nope"><p>x</p>`), Source{}, Options{}, ErrEncoding},
		{"invalid utf-8 declared", []byte("<meta charset=utf-8><p>caf\xe9 \xff\xfe au lait</p>"), Source{}, Options{}, ErrEncoding},
		{"invalid utf-8 by header", []byte("<p>caf\xe9 \xff au lait</p>"), Source{ContentType: "text/html; charset=UTF-8"}, Options{}, ErrEncoding},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Article(tc.body, tc.src, tc.opt)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestCharsets(t *testing.T) {
	const word = "café crème"
	latin1 := []byte("<html><body><p>caf\xe9 cr\xe8me</p></body></html>")
	cases := []struct {
		name string
		body []byte
		src  Source
	}{
		{"source charset", latin1, Source{Charset: "iso-8859-1"}},
		{"content-type", latin1, Source{ContentType: "text/html; charset=windows-1252"}},
		{"meta charset", append([]byte(`<meta charset="latin1">`), latin1...), Source{}},
		{"http-equiv", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`), latin1...), Source{}},
		{"sniffed", latin1, Source{}},
		{"source beats meta", append([]byte(`<meta charset="utf-8">`), latin1...), Source{Charset: "windows-1252"}},
		{"utf-8 bom", append([]byte("\xEF\xBB\xBF<p>"), []byte(word+"</p>")...), Source{}},
		{"truncated rune", []byte("<p>" + word + "</p><p>\xe0\xa6"), Source{ContentType: "text/html; charset=utf-8"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := toUTF8(tc.body, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(page, []byte(word)) {
				t.Errorf("decoded page %q lacks %q", page, word)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	cases := []struct{ text, want string }{
		{"বাংলাদেশের রাজধানী ঢাকা একটি বড় শহর। এখানে অনেক মানুষ বাস করে।", "bn"},
		{"Dhaka is the capital of Bangladesh and one of the largest cities.", "en"},
		{"ঢাকায় Metro Rail চালু হয়েছে, যাত্রীরা খুশি এবং সময় বাঁচছে অনেক।", "bn"},
		{"Москва — столица России, крупнейший город страны.", "und"},
		{"short", "und"},
		{"", "und"},
	}
	for _, tc := range cases {
		if got := Language(tc.text); got != tc.want {
			t.Errorf("Language(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestStrayBytes: a UTF-8 page with a handful of invalid bytes (fewer than
// maxStrayBytes and under 0.1% of the page) is read with U+FFFD in their
// place; one past either line is ErrEncoding.
func TestStrayBytes(t *testing.T) {
	// page is a declared UTF-8 page of exactly size bytes with strays
	// Latin-1 bytes in its story.
	page := func(size, strays int) []byte {
		head := `<html><head><meta charset="utf-8"><title>t</title></head><body><article><p>caf` + strings.Repeat("\xe9", strays) + ` `
		tail := "</p></article></body></html>"
		fill := strings.Repeat("Dhaka had rain, and traffic all day. ", size/len("Dhaka had rain, and traffic all day. ")+1)
		b := []byte(head + fill)
		b = append(b[:size-len(tail)-8], strings.Repeat(" ", 8)+tail...)
		if len(b) != size {
			t.Fatalf("page of %d bytes, want %d", len(b), size)
		}
		return b
	}
	cases := []struct {
		name    string
		body    []byte
		wantErr bool
	}{
		{"3 strays in 100 KB", page(100000, 3), false},
		{"15 strays in 100 KB", page(100000, 15), false},
		{"16 strays in 100 KB", page(100000, 16), true},
		{"1 stray in 2001 bytes", page(2001, 1), false},
		{"2 strays in 2001 bytes (0.1%)", page(2001, 2), false},
		{"2 strays in 2000 bytes", page(2000, 2), true},
		{"3 strays in 2001 bytes", page(2001, 3), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Article(tc.body, Source{}, Options{})
			if tc.wantErr {
				if !errors.Is(err, ErrEncoding) {
					t.Fatalf("err = %v, want ErrEncoding", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "caf\uFFFD") || !strings.Contains(a.Text, "Dhaka had rain") {
				t.Errorf("text lacks the story or the replaced stray byte:\n%.300s", a.Text)
			}
		})
	}
}
