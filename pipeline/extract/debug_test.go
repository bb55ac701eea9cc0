package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// debugPage prints what the extractor makes of one page, for working on
// the rules:
//
//	go test ./pipeline/extract -run TestDebugPage -page path/to/page.html [-pageurl URL]
var (
	debugPage    = flag.String("page", "", "print the extraction of this page (TestDebugPage)")
	debugPageURL = flag.String("pageurl", "https://example.com/", "fetch URL for -page")
	debugSH      = flag.String("sh", "", "with -data: print the extraction of this scrapinghub page id, marking paragraphs not in the truth with + and truth lines missed with -")
)

// TestDebugPage is a tool, not a check: it is skipped without -page.
func TestDebugPage(t *testing.T) {
	if *debugSH != "" {
		debugScrapinghub(t, *debugSH)
		return
	}
	if *debugPage == "" {
		t.Skip("no -page given")
	}
	body, err := readPage(*debugPage)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Article(body, Source{URL: *debugPageURL}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("title: %q\ntype: %s\nlanguage: %s\nauthors: %q\n---\n%s\n", a.Title, a.PageType, a.Language, a.Authors, a.Text)
}

// readPage reads a page, gunzipping a .gz file.
func readPage(path string) ([]byte, error) {
	if strings.HasSuffix(path, ".gz") {
		return readGz(path)
	}
	return os.ReadFile(path)
}

// debugScrapinghub prints one scrapinghub page's extraction against its
// truth: "+" marks a paragraph mostly absent from the truth, "-" a truth
// line mostly absent from the extraction.
func debugScrapinghub(t *testing.T, id string) {
	pages, err := loadScrapinghub(filepath.Join(*dataDir, "scrapinghub"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if id == "all" {
			a, err := Article(p.html, Source{URL: p.url}, Options{})
			if err != nil {
				continue
			}
			truth, text := shingles(p.truth, 4), shingles(a.Text, 4)
			for _, para := range strings.Split(a.Text, "\n\n") {
				if mark(para, truth, "+") == "+" {
					fmt.Printf("%.8s + %.150s\n", p.id, para)
				}
			}
			for _, line := range strings.Split(p.truth, "\n") {
				if mark(line, text, "-") == "-" {
					fmt.Printf("%.8s - %.150s\n", p.id, line)
				}
			}
			continue
		}
		if !strings.HasPrefix(p.id, id) {
			continue
		}
		a, err := Article(p.html, Source{URL: p.url}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := shingleMatch(p.truth, a.Text)
		fmt.Printf("%s %s\ntitle: %q type: %s P=%.2f R=%.2f\n", p.id, p.url, a.Title, a.PageType, m.precision(), m.recall())
		truth, text := shingles(p.truth, 4), shingles(a.Text, 4)
		for _, para := range strings.Split(a.Text, "\n\n") {
			fmt.Printf("%s %s\n", mark(para, truth, "+"), para)
		}
		fmt.Println("--- missed:")
		for _, line := range strings.Split(p.truth, "\n") {
			if m := mark(line, text, "-"); m != " " {
				fmt.Printf("- %s\n", line)
			}
		}
		if id != "all" {
			return
		}
	}
	if id != "all" {
		t.Fatalf("no scrapinghub page %s", id)
	}
}

// mark returns sign when most of s's shingles are not in set.
func mark(s string, set map[string]int, sign string) string {
	sh := shingles(s, 4)
	miss := 0
	for k := range sh {
		if set[k] == 0 {
			miss++
		}
	}
	if len(sh) > 0 && 2*miss > len(sh) {
		return sign
	}
	return " "
}
