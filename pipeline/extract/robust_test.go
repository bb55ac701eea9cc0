package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/newsroom/tagger/models"
)

// bigArticle builds an article page of about n bytes: real-looking
// paragraphs, menus and lists, repeated.
func bigArticle(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html lang="bn"><head><meta charset="utf-8"><title>বড় পাতা</title></head><body>`)
	b.WriteString(`<nav><ul><li><a href="/">প্রচ্ছদ</a></li><li><a href="/d">জাতীয়</a></li></ul></nav><article><h1>বড় পাতা</h1>`)
	para := `<p>যমুনা নদীর তীব্র ভাঙনে সিরাজগঞ্জের চৌহালী উপজেলার তিনটি গ্রামের তিন শতাধিক পরিবার ঘরবাড়ি হারিয়েছে, বলে জানিয়েছেন <a href="/x">স্থানীয় বাসিন্দারা</a>।</p>` + "\n"
	for b.Len() < n-2000 {
		b.WriteString(`<div class="section">`)
		for i := 0; i < 20 && b.Len() < n-2000; i++ {
			b.WriteString(para)
		}
		b.WriteString(`<div class="related"><h3>সম্পর্কিত</h3><ul><li><a href="/1">উপকূলে ঘূর্ণিঝড় সতর্কতা</a></li></ul></div></div>`)
	}
	b.WriteString(`</article><footer>© ২০২৫</footer></body></html>`)
	return b.Bytes()
}

// allocs runs f and returns the bytes it allocated and the time it took.
func allocs(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	f()
	d := time.Since(t0)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, d
}

// TestLargePageMemory shows that a 10 MB page extracts in memory
// proportional to its size, and that an over-limit page is refused
// before any parsing (allocating next to nothing).
func TestLargePageMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large page")
	}
	page := bigArticle(10 << 20)
	var a models.Article
	var err error
	used, took := allocs(func() { a, err = Article(page, Source{}, Options{MaxBytes: 16 << 20}) })
	if err != nil {
		t.Fatal(err)
	}
	if a.PageType != models.PageArticle || len(a.Text) < 1<<20 {
		t.Errorf("page type %s, %d bytes of text", a.PageType, len(a.Text))
	}
	t.Logf("10 MB page: %d MB allocated in total, %v", used>>20, took)
	if limit := uint64(30 * len(page)); used > limit {
		t.Errorf("allocated %d bytes for a %d-byte page, want under %d", used, len(page), limit)
	}

	used, _ = allocs(func() { _, err = Article(page, Source{}, Options{}) })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if used > 64<<10 {
		t.Errorf("refusing an over-limit page allocated %d bytes; the check must come before parsing", used)
	}
}

// BenchmarkLargePage reports time and memory per 10 MB page.
func BenchmarkLargePage(b *testing.B) {
	page := bigArticle(10 << 20)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for range b.N {
		if _, err := Article(page, Source{}, Options{MaxBytes: 16 << 20}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeedPage is the hot path on a typical small page.
func BenchmarkSeedPage(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("testdata", "seed-desk-article.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for range b.N {
		if _, err := Article(page, Source{URL: "https://example.com/a/1"}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPathologicalPages feeds hostile shapes and bounds time and memory.
func TestPathologicalPages(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("testdata", "seed-desk-article.html"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		page []byte
	}{
		{"deep divs", []byte(strings.Repeat("<div>", 200000) + "text" + strings.Repeat("</div>", 200000))},
		{"deep unclosed", []byte(strings.Repeat("<div><span>x", 100000))},
		{"misnested formatting", []byte(strings.Repeat("<b><i><u><p>a</b></i></u>", 50000))},
		{"deep tables", []byte(strings.Repeat("<table><tr><td>", 30000))},
		{"huge attribute", []byte(`<p class="` + strings.Repeat("a ", 2<<20) + `">x</p>`)},
		{"huge text node", []byte("<p>" + strings.Repeat("ক খ গ, ", 400000) + "</p>")},
		{"many attributes", []byte("<p " + strings.Repeat(`a="b" `, 200000) + ">x</p>")},
		{"truncated in tag", seed[:len(seed)/2]},
		{"truncated in attribute", []byte(`<html><body><p class="abc`)},
		{"truncated in comment", []byte(`<html><body><!-- never closed <p>text</p>`)},
		{"truncated in rune", append([]byte("<p>বাংলা"), "\xe0\xa6"...)},
		{"only tags", []byte(strings.Repeat("<br>", 500000))},
		{"json-ld bomb", []byte(`<script type="application/ld+json">` + strings.Repeat("[", 100000) + `</script><p>x</p>`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var a models.Article
			var err error
			used, took := allocs(func() { a, err = Article(tc.page, Source{}, Options{}) })
			if err != nil && !errors.Is(err, ErrNotHTML) && !errors.Is(err, ErrEncoding) {
				t.Fatalf("unexpected error %v", err)
			}
			if !utf8.ValidString(a.Text) {
				t.Errorf("text is not valid UTF-8")
			}
			// Guard against super-linear blow-ups, not for speed: compare
			// with parsing the same page in the same run, so a loaded
			// machine slows both alike.
			_, parse := allocs(func() { html.Parse(bytes.NewReader(tc.page)) })
			t.Logf("%d bytes in: %v (html.Parse %v), %d KB allocated", len(tc.page), took, parse, used>>10)
			if limit := 50*parse + 2*time.Second; took > limit {
				t.Errorf("took %v, over 50× html.Parse's %v (+2 s)", took, parse)
			}
			// The parser alone allocates up to ~40 bytes per input byte on
			// node-dense input; what matters is that the cost stays linear.
			if limit := uint64(100*len(tc.page)) + 8<<20; used > limit {
				t.Errorf("allocated %d bytes, want under %d", used, limit)
			}
		})
	}
}

// FuzzArticle checks that no input panics and that output keeps its
// invariants. Run with: go test ./pipeline/extract -fuzz FuzzArticle
func FuzzArticle(f *testing.F) {
	for _, name := range []string{"seed-desk-article.html", "seed-feed-article.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
		f.Add(b[:len(b)/3], "text/html; charset=utf-8")
	}
	f.Add([]byte(`<html><head><meta charset="windows-1252"></head><body><p>caf\xe9</p>`), "")
	f.Add([]byte(`<div><div><div><p>a</p></div>`), "text/html; charset=iso-8859-1")
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"২০২৫-০২-০৮"}]}</script>`), "")
	f.Add([]byte(`<h1>t</h1><p>০৮ ফেব্রুয়ারি ২০২৫, ১৯:৫৪আপডেট : ০৮ ফেব্রুয়ারি ২০২৫, রাত ৯:১০</p>`), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := Article(body, Source{URL: "https://example.com/a", ContentType: contentType}, Options{MaxBytes: 1 << 20})
		if err != nil {
			for _, want := range []error{ErrEmpty, ErrNotHTML, ErrEncoding, ErrTooLarge} {
				if errors.Is(err, want) {
					return
				}
			}
			t.Fatalf("error %v is none of the sentinels", err)
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Errorf("output is not valid UTF-8")
		}
		switch a.Language {
		case "bn", "en", "und":
		default:
			t.Errorf("language %q", a.Language)
		}
		switch a.PageType {
		case models.PageArticle, models.PageListing, models.PageOther:
		default:
			t.Errorf("page type %q", a.PageType)
		}
		if strings.Contains(a.Text, "\n\n\n") {
			t.Errorf("text has empty paragraphs")
		}
	})
}
