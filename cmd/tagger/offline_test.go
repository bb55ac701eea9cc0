package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom/tagger/models"
)

func runMain(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e lockedBuffer
	code = Main(context.Background(), args, Env{Stdin: strings.NewReader(stdin), Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }})
	return o.String(), e.String(), code
}

func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON Lines: %v: %.200s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

// TestExtractCommand: one file gives one JSON article; several (one of
// them gzipped) give JSON Lines naming their input in "source".
func TestExtractCommand(t *testing.T) {
	out, errOut, code := runMain(t, "", "extract", "samples/en-gaza-ceasefire.html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a models.Article
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.PageType != models.PageArticle || a.Language != "en" || !strings.Contains(a.Title, "Gaza") {
		t.Errorf("article %+v", a)
	}

	gz := filepath.Join(t.TempDir(), "page.html.gz")
	f, _ := os.Create(gz)
	w := gzip.NewWriter(f)
	w.Write(readTestdata(t, "samples/bn-khamenei-hamas.html"))
	w.Close()
	f.Close()
	out, errOut, code = runMain(t, "", "extract", "samples/en-putin-iran-talks.html", gz)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := jsonLines(t, out)
	if len(lines) != 2 || lines[0]["source"] != "samples/en-putin-iran-talks.html" || lines[1]["source"] != gz {
		t.Fatalf("lines: %v", lines)
	}
	if lines[1]["language"] != "bn" || !strings.Contains(lines[1]["text"].(string), "খামেনি") {
		t.Errorf("gzipped Bangla page extracted as %v", lines[1]["language"])
	}
}

// TestTagCommand: the offline tag command prints the same event the
// service publishes; --text --jsonl tags one text per line.
func TestTagCommand(t *testing.T) {
	out, errOut, code := runMain(t, "", "tag", "samples/bn-khamenei-putin-letter.html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var ev models.TaggedEvent
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Source.File != "samples/bn-khamenei-putin-letter.html" || len(ev.EventID) != 64 || len(ev.Entities) == 0 {
		t.Errorf("event source %+v id %q entities %d", ev.Source, ev.EventID, len(ev.Entities))
	}

	stdin := "পুতিনকে খামেনির চিঠি\n\"Hamas and Israel agreed on Gaza.\"\n\n"
	out, errOut, code = runMain(t, stdin, "tag", "--text", "--jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := jsonLines(t, out)
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2 (blank lines skipped)", len(lines))
	}
	names := func(m map[string]any) []string {
		var out []string
		for _, e := range m["entities"].([]any) {
			out = append(out, e.(map[string]any)["name"].(map[string]any)["en"].(string))
		}
		return out
	}
	if got := strings.Join(names(lines[0]), ","); !strings.Contains(got, "Vladimir Putin") || !strings.Contains(got, "Ali Khamenei") {
		t.Errorf("line 1 entities: %s", got)
	}
	if got := strings.Join(names(lines[1]), ","); !strings.Contains(got, "Hamas") || !strings.Contains(got, "Israel") {
		t.Errorf("line 2 entities: %s", got)
	}
}

// TestOfflineErrors: bad input is a clear error and a non-zero exit.
func TestOfflineErrors(t *testing.T) {
	_, errOut, code := runMain(t, "", "extract", "no-such-file.html")
	if code != 1 || !strings.Contains(errOut, "no-such-file.html") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	_, errOut, code = runMain(t, "", "tag")
	if code != 2 || !strings.Contains(errOut, "FILE") {
		t.Errorf("no input: exit %d, %q", code, errOut)
	}
	_, errOut, code = runMain(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
}

// TestGazetteerImportWikidata runs the importer on the dump-format fixture
// and tags with the result merged over the default gazetteer.
func TestGazetteerImportWikidata(t *testing.T) {
	out := filepath.Join(t.TempDir(), "wd.jsonl")
	_, errOut, code := runMain(t, "", "gazetteer", "import-wikidata", "../../gazetteer/testdata/wikidata/sample.json.bz2", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "kept") || !strings.Contains(errOut, "malformed 1") {
		t.Errorf("progress report: %q", errOut)
	}
	stdout, errOut, code := runMain(t, "", "gazetteer", "stats", "--gazetteer", "default,"+out)
	if code != 0 || !strings.Contains(stdout, "entities") {
		t.Fatalf("stats: exit %d: %s%s", code, stdout, errOut)
	}
	stdout, errOut, code = runMain(t, "Khamenei's letter reached Moscow.\n", "tag", "--text", "--gazetteer", out, "-")
	if code != 0 || !strings.Contains(stdout, `"Q57336"`) {
		t.Errorf("tag with the imported gazetteer: exit %d: %s%s", code, stdout, errOut)
	}
}

// tagTextWith runs "tag --text" on text, with flag if on, and decodes
// the event.
func tagTextWith(t *testing.T, text string, on bool, flag string) models.TaggedEvent {
	t.Helper()
	args := []string{"tag", "--text", "-"}
	if on {
		args = append(args, flag)
	}
	out, errOut, code := runMain(t, text, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var ev models.TaggedEvent
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestEnglishNERFlag: --english-ner adds unlinked English names with lower
// confidence after the linked ones; without it there are none.
func TestEnglishNERFlag(t *testing.T) {
	text := "Goldman Sachs analyst Priya Raman said Vladimir Putin would meet Iran's envoy in Moscow.\n"
	for _, on := range []bool{false, true} {
		ev := tagTextWith(t, text, on, "--english-ner")
		unlinked, linkedAfter := 0, false
		for _, e := range ev.Entities {
			if strings.HasPrefix(e.ID, "unlinked:") {
				unlinked++
				if e.Confidence >= 1 {
					t.Errorf("%s: confidence %v", e.ID, e.Confidence)
				}
			} else if unlinked > 0 {
				linkedAfter = true
			}
		}
		if on && unlinked == 0 || !on && unlinked != 0 {
			t.Errorf("english-ner=%v: %d unlinked entities", on, unlinked)
		}
		if linkedAfter {
			t.Errorf("a linked entity comes after an unlinked one")
		}
	}
}

// TestBanglaNERFlag: by default the Bangla people the gazetteer lacks are
// added, unlinked, with lower confidence, after the linked entities;
// --bangla-ner=false leaves them out.
func TestBanglaNERFlag(t *testing.T) {
	text := "রাশিয়ার ইতিহাস নিয়ে গবেষণা করেছেন জর্জ ভার্নাদস্কি।\n"
	for _, on := range []bool{false, true} {
		// on: the default, no flag; off: --bangla-ner=false.
		ev := tagTextWith(t, text, !on, "--bangla-ner=false")
		var ids []string
		for i, e := range ev.Entities {
			ids = append(ids, e.ID)
			if strings.HasPrefix(e.ID, "unlinked:") && (e.Confidence >= 1 || i == 0) {
				t.Errorf("%s: confidence %v, position %d", e.ID, e.Confidence, i)
			}
		}
		want := "[Q159]"
		if on {
			want = "[Q159 unlinked:জর্জ-ভার্নাদস্কি]"
		}
		if got := fmt.Sprint(ids); got != want {
			t.Errorf("bangla-ner=%v: entities %s, want %s", on, got, want)
		}
	}
}
