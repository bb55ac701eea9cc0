package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/RadhiFadlillah/whatlanggo"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// The quality benchmark reads the shared evaluation data, which is not in
// the repo:
//
//	go test ./pipeline/extract -run '^$' -bench Extraction -benchtime 1x -data /work/shared/data/extraction
var (
	dataDir   = flag.String("data", "", "extraction evaluation data (folder with scrapinghub/ and trafilatura/)")
	benchReps = flag.Int("reps", 3, "timing runs per page; the fastest counts")
	benchBad  = flag.Int("worst", 0, "print this many worst pages of each set")
	benchOnly = flag.String("only", "", "run only this set: scrapinghub or trafilatura")
	benchFull = flag.Bool("compare", true, "also run go-trafilatura and the timing; false for a quick quality check")
)

// evalPage is one benchmark page.
type evalPage struct {
	id, url string
	html    []byte
	truth   string   // scrapinghub article body
	with    []string // trafilatura snippets
	without []string
	lang    string
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", path, err)
	}
	return io.ReadAll(zr)
}

func loadScrapinghub(dir string) ([]evalPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("reading ground truth: %w", err)
	}
	var pages []evalPage
	for id, v := range gt {
		b, err := readGz(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, err
		}
		pages = append(pages, evalPage{id: id, url: v.URL, html: b, truth: v.ArticleBody})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].id < pages[j].id })
	return pages, nil
}

func loadTrafilatura(dir string) ([]evalPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return nil, err
	}
	var ed map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &ed); err != nil {
		return nil, fmt.Errorf("reading evaldata: %w", err)
	}
	var pages []evalPage
	for u, v := range ed {
		b, err := readGz(filepath.Join(dir, "html", v.File+".gz"))
		if err != nil {
			return nil, err
		}
		lang := whatlanggo.DetectLang(strings.Join(v.With, " ")).Iso6391()
		if lang == "" {
			lang = "??"
		}
		pages = append(pages, evalPage{id: v.File, url: u, html: b, with: v.With, without: v.Without, lang: lang})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].id < pages[j].id })
	return pages, nil
}

// runOurs extracts one page; an error is an empty text.
func runOurs(p evalPage) (string, bool) {
	a, err := Article(p.html, Source{URL: p.url}, Options{})
	if err != nil {
		return "", false
	}
	return a.Text, true
}

// runTrafilatura is the comparison extractor, with its default options.
func runTrafilatura(p evalPage) (text string, ok bool) {
	if !*benchFull {
		return "", false
	}
	defer func() {
		if recover() != nil {
			text, ok = "", false
		}
	}()
	u, _ := url.Parse(p.url)
	res, err := trafilatura.Extract(bytes.NewReader(p.html), trafilatura.Options{OriginalURL: u})
	if err != nil || res == nil {
		return "", false
	}
	return res.ContentText, true
}

// fastest times f over reps runs and keeps the minimum, which is the
// least disturbed by the scheduler and the GC.
func fastest(reps int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range reps {
		t0 := time.Now()
		f()
		if d := time.Since(t0); d < best {
			best = d
		}
	}
	return best
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkExtraction prints the quality and speed figures of the
// extractor and of go-trafilatura on the same pages in the same run.
func BenchmarkExtraction(b *testing.B) {
	if *dataDir == "" {
		b.Skip("no evaluation data: pass -data /path/to/shared/data/extraction")
	}
	var sh, tr []evalPage
	var err error
	if *benchOnly != "trafilatura" {
		if sh, err = loadScrapinghub(filepath.Join(*dataDir, "scrapinghub")); err != nil {
			b.Fatal(err)
		}
	}
	if *benchOnly != "scrapinghub" {
		if tr, err = loadTrafilatura(filepath.Join(*dataDir, "trafilatura")); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		out := &strings.Builder{}
		var parseT, oursT, trafT []time.Duration
		timeAll := func(pages []evalPage) {
			for _, p := range pages {
				parseT = append(parseT, fastest(*benchReps, func() { _, _ = html.Parse(bytes.NewReader(p.html)) }))
				oursT = append(oursT, fastest(*benchReps, func() { _, _ = runOurs(p) }))
				trafT = append(trafT, fastest(1, func() { _, _ = runTrafilatura(p) }))
			}
		}

		if len(sh) > 0 {
			var ours, theirs []prf
			type bad struct {
				id   string
				f1   float64
				p, r float64
			}
			var worst []bad
			for _, p := range sh {
				text, _ := runOurs(p)
				m := shingleMatch(p.truth, text)
				ours = append(ours, m)
				worst = append(worst, bad{p.id, f1of(m.precision(), m.recall()), m.precision(), m.recall()})
				tt, _ := runTrafilatura(p)
				theirs = append(theirs, shingleMatch(p.truth, tt))
			}
			pp, rr, ff := shingleScore(ours)
			tp, trr, tf := shingleScore(theirs)
			fmt.Fprintf(out, "scrapinghub (%d pages), 4-word shingles:\n", len(sh))
			fmt.Fprintf(out, "  extract        P=%.3f R=%.3f F1=%.3f\n", pp, rr, ff)
			fmt.Fprintf(out, "  go-trafilatura P=%.3f R=%.3f F1=%.3f\n", tp, trr, tf)
			b.ReportMetric(ff, "scrapinghub-F1")
			if *benchBad > 0 {
				sort.Slice(worst, func(i, j int) bool { return worst[i].f1 < worst[j].f1 })
				for _, w := range worst[:min(*benchBad, len(worst))] {
					fmt.Fprintf(out, "    worst %s F1=%.2f P=%.2f R=%.2f\n", w.id, w.f1, w.p, w.r)
				}
			}
		}

		if len(tr) > 0 {
			var ours, theirs snippetCounts
			byLang := map[string]*[2]snippetCounts{}
			pagesByLang := map[string]int{}
			var misses []string
			for _, p := range tr {
				text, ok := runOurs(p)
				c := snippetMatch(text, ok, p.with, p.without)
				ours.add(c)
				tt, tok := runTrafilatura(p)
				c2 := snippetMatch(tt, tok, p.with, p.without)
				theirs.add(c2)
				l := byLang[p.lang]
				if l == nil {
					l = &[2]snippetCounts{}
					byLang[p.lang] = l
				}
				l[0].add(c)
				l[1].add(c2)
				pagesByLang[p.lang]++
				if *benchBad > 0 && (c.fn > 0 || c.fp > 0) {
					norm := strings.Join(strings.Fields(text), " ")
					var why []string
					for _, s := range p.with {
						if !strings.Contains(norm, s) {
							why = append(why, "missing "+fmt.Sprintf("%.60q", s))
						}
					}
					for _, s := range p.without {
						if strings.Contains(norm, s) {
							why = append(why, "has "+fmt.Sprintf("%.60q", s))
						}
					}
					misses = append(misses, fmt.Sprintf("    %s (%d runes): %s", p.id, len([]rune(text)), strings.Join(why, "; ")))
				}
			}
			pp, rr, ff := ours.scores()
			tp, trr, tf := theirs.scores()
			fmt.Fprintf(out, "trafilatura set (%d pages), snippets:\n", len(tr))
			fmt.Fprintf(out, "  extract        P=%.3f R=%.3f F1=%.3f  (tp %d fn %d fp %d tn %d)\n", pp, rr, ff, ours.tp, ours.fn, ours.fp, ours.tn)
			fmt.Fprintf(out, "  go-trafilatura P=%.3f R=%.3f F1=%.3f  (tp %d fn %d fp %d tn %d)\n", tp, trr, tf, theirs.tp, theirs.fn, theirs.fp, theirs.tn)
			b.ReportMetric(ff, "trafilatura-F1")
			var langs []string
			for l := range byLang {
				langs = append(langs, l)
			}
			sort.Slice(langs, func(i, j int) bool { return pagesByLang[langs[i]] > pagesByLang[langs[j]] })
			fmt.Fprintf(out, "  by language (of the 'with' snippets): pages, extract F1, go-trafilatura F1\n")
			for _, l := range langs {
				_, _, f := byLang[l][0].scores()
				_, _, g := byLang[l][1].scores()
				fmt.Fprintf(out, "    %-3s %4d  %.3f  %.3f\n", l, pagesByLang[l], f, g)
			}
			if len(misses) > *benchBad {
				misses = misses[:*benchBad]
			}
			for _, m := range misses {
				fmt.Fprintln(out, m)
			}
		}

		if !*benchFull {
			fmt.Print(out.String())
			continue
		}
		runtime.GC()
		timeAll(sh)
		timeAll(tr)
		mp, mo, mt := median(parseT), median(oursT), median(trafT)
		fmt.Fprintf(out, "speed, median per page over %d pages (fastest of %d runs each):\n", len(parseT), *benchReps)
		fmt.Fprintf(out, "  html.Parse      %.2f ms\n", ms(mp))
		fmt.Fprintf(out, "  extract         %.2f ms  (%.2fx html.Parse)\n", ms(mo), float64(mo)/float64(max(mp, 1)))
		fmt.Fprintf(out, "  go-trafilatura  %.2f ms\n", ms(mt))
		b.ReportMetric(float64(mo)/float64(max(mp, 1)), "x-parse")
		fmt.Print(out.String())
	}
}
