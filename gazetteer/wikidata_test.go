package gazetteer

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/newsroom/tagger/models"
)

var updateWikidata = flag.Bool("update-wikidata", false, "rewrite testdata/wikidata/sample.golden.jsonl")

const (
	wdSample = "testdata/wikidata/sample.json"
	wdGolden = "testdata/wikidata/sample.golden.jsonl"
)

// importString runs ImportWikidata on an in-memory dump.
func importString(t testing.TB, dump string, opt WikidataOptions) ([]Entry, WikidataStats) {
	t.Helper()
	var out bytes.Buffer
	st, err := ImportWikidata(context.Background(), strings.NewReader(dump), &out, opt)
	if err != nil {
		t.Fatalf("ImportWikidata: %v", err)
	}
	entries, err := Load(&out, JSONL)
	if err != nil {
		t.Fatalf("output does not load: %v", err)
	}
	return entries, st
}

func importFile(t testing.TB, path string, opt WikidataOptions) ([]byte, WikidataStats) {
	t.Helper()
	r, err := OpenDump(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out bytes.Buffer
	st, err := ImportWikidata(context.Background(), r, &out, opt)
	if err != nil {
		t.Fatalf("ImportWikidata(%s): %v", path, err)
	}
	return out.Bytes(), st
}

func TestImportWikidataSample(t *testing.T) {
	out, st := importFile(t, wdSample, WikidataOptions{})

	if st.FirstError == nil || !strings.HasPrefix(st.FirstError.Error(), "line 8:") {
		t.Errorf("FirstError = %v, want the truncated line 8", st.FirstError)
	}
	st.FirstError = nil
	fi, err := os.Stat(wdSample)
	if err != nil {
		t.Fatal(err)
	}
	want := WikidataStats{Bytes: fi.Size(), Read: 11, Kept: 5, PER: 3, LOC: 1, ORG: 1,
		Malformed: 1, NotItem: 2, Redirect: 1, Unclassified: 1, Unnamed: 1}
	if st != want {
		t.Errorf("stats\n got %+v\nwant %+v", st, want)
	}

	if *updateWikidata {
		if err := os.WriteFile(wdGolden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(wdGolden)
	if err != nil {
		t.Fatalf("%v (run with -update-wikidata to create it)", err)
	}
	if !bytes.Equal(out, golden) {
		t.Errorf("output differs from %s:\n%s", wdGolden, out)
	}
	again, _ := importFile(t, wdSample, WikidataOptions{})
	if !bytes.Equal(out, again) {
		t.Error("two imports of one dump differ")
	}

	entries, err := Load(bytes.NewReader(out), JSONL)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Entry{}
	var order []string
	for _, e := range entries {
		byID[e.ID] = e
		order = append(order, e.ID)
	}
	if want := []string{"Q57336", "Q3616", "Q38799", "Q1058", "Q1001"}; !reflect.DeepEqual(order, want) {
		t.Errorf("kept %v, want %v in dump order", order, want)
	}
	tests := []struct {
		name string
		want Entry
	}{
		{"human: bn+en labels; aliases deduped, label dropped; P27 as country", Entry{
			ID: "Q57336", Type: models.PER, Subtype: "person", EN: "Ali Khamenei", BN: "আলী খামেনি",
			AliasesEN:   []string{"Sayyid Ali Hosseini Khamenei", "Ayatollah Khamenei", "Khamenei"},
			AliasesBN:   []string{"খামেনি", "আয়াতুল্লাহ আলী খামেনি", "আলি খামেনি", "খামেনী"},
			Country:     "Q794",
			Description: "Supreme Leader of Iran since 1989", Source: "wikidata"}},
		{"city: specific class beats generic; deprecated P17 ignored; preferred P131 wins", Entry{
			ID: "Q3616", Type: models.LOC, Subtype: "city", EN: "Tehran", BN: "তেহরান",
			AliasesEN: []string{"Teheran", "Tehrān"}, AliasesBN: []string{"তেহেরান"},
			Parent: "Q83301", Country: "Q794",
			Description: "capital and largest city of Iran", Source: "wikidata"}},
		{"organisation", Entry{
			ID: "Q38799", Type: models.ORG, Subtype: "militant_group", EN: "Hamas", BN: "হামাস",
			AliasesEN: []string{"Islamic Resistance Movement", "Ḥarakat al-Muqāwamah al-Islāmiyyah"},
			AliasesBN: []string{"ইসলামি প্রতিরোধ আন্দোলন"}, Country: "Q219060",
			Description: "Palestinian Sunni Islamist political and militant organization", Source: "wikidata"}},
		{"mul label stands for en; non-Latin mul alias dropped; somevalue P27 skipped", Entry{
			ID: "Q1058", Type: models.PER, Subtype: "person", EN: "Narendra Modi", BN: "নরেন্দ্র মোদি",
			AliasesEN: []string{"Narendra Damodardas Modi"}, AliasesBN: []string{"মোদি", "নরেন্দ্র মোদী"},
			Country: "Q668", Description: "Prime Minister of India since 2014", Source: "wikidata"}},
		{`"aliases":[] decodes as no aliases`, Entry{
			ID: "Q1001", Type: models.PER, Subtype: "person", EN: "Mahatma Gandhi", BN: "মহাত্মা গান্ধী",
			Description: "leader of the Indian independence movement (1869–1948)", Source: "wikidata"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := byID[tt.want.ID]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestImportWikidataMatches checks the output is a working gazetteer: it
// loads, builds, and its matcher finds the imported names inflected.
func TestImportWikidataMatches(t *testing.T) {
	out, _ := importFile(t, wdSample, WikidataOptions{})
	entries, err := Load(bytes.NewReader(out), JSONL)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(entries, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := Compile(g, nil)
	tests := []struct {
		text string
		want []string
	}{
		{"তেহরানে খামেনির বক্তব্য", []string{"তেহরানে=Q3616", "খামেনির=Q57336"}},
		{"Khamenei's speech in Tehran, Hamas said", []string{"Khamenei's=Q57336", "Tehran=Q3616", "Hamas=Q38799"}},
		{"মোদির সঙ্গে বৈঠক", []string{"মোদির=Q1058"}},
	}
	for _, tt := range tests {
		if got := surfaces(tt.text, m.Find(tt.text, nil)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// wdItem renders an item line in the dump's format. claims is the inside
// of the claims object, built with wdClaim.
func wdItem(id, labels, aliases, claims string) string {
	return fmt.Sprintf(`{"type":"item","id":%q,"labels":{%s},"descriptions":{},"aliases":{%s},"claims":{%s},"sitelinks":{}}`,
		id, labels, aliases, claims)
}

// wdClaim renders one property's statements: "Q5" is a normal-rank
// statement, "Q5/preferred" one with that rank, "somevalue" an unknown
// value.
func wdClaim(prop string, values ...string) string {
	var stmts []string
	for i, v := range values {
		id, rank, _ := strings.Cut(v, "/")
		if rank == "" {
			rank = "normal"
		}
		snak := fmt.Sprintf(`{"snaktype":"value","property":%q,"datavalue":{"value":{"entity-type":"item","numeric-id":%s,"id":%q},"type":"wikibase-entityid"},"datatype":"wikibase-item"}`,
			prop, strings.TrimPrefix(id, "Q"), id)
		if id == "somevalue" {
			snak = fmt.Sprintf(`{"snaktype":"somevalue","property":%q,"datatype":"wikibase-item"}`, prop)
		}
		stmts = append(stmts, fmt.Sprintf(`{"mainsnak":%s,"type":"statement","id":"X$%d","rank":%q}`, snak, i, rank))
	}
	return fmt.Sprintf("%q:[%s]", prop, strings.Join(stmts, ","))
}

const (
	wdEN = `"en":{"language":"en","value":"Name"}`
	wdBN = `"bn":{"language":"bn","value":"নাম"}`
)

func TestImportWikidataEntities(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		opt   WikidataOptions
		want  *Entry // nil: dropped
		stats WikidataStats
	}{
		{"human wins over any other class",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q7278", "Q5")), WikidataOptions{},
			&Entry{ID: "Q1", Type: models.PER, Subtype: "person", EN: "Name", Source: "wikidata"}, WikidataStats{PER: 1}},
		{"first specific class in statement order",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q43229", "Q7278", "Q3918")), WikidataOptions{},
			&Entry{ID: "Q1", Type: models.ORG, Subtype: "party", EN: "Name", Source: "wikidata"}, WikidataStats{ORG: 1}},
		{"generic class alone",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q13442814", "Q43229")), WikidataOptions{},
			&Entry{ID: "Q1", Type: models.ORG, Subtype: "organization", EN: "Name", Source: "wikidata"}, WikidataStats{ORG: 1}},
		{"preferred P31 outranks normal ones",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q7278", "Q515/preferred")), WikidataOptions{},
			&Entry{ID: "Q1", Type: models.LOC, Subtype: "city", EN: "Name", Source: "wikidata"}, WikidataStats{LOC: 1}},
		{"deprecated P31 does not count",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q5/deprecated")), WikidataOptions{},
			nil, WikidataStats{Unclassified: 1}},
		{"no P31",
			wdItem("Q1", wdEN, "", ""), WikidataOptions{},
			nil, WikidataStats{Unclassified: 1}},
		{"Bangladesh district: country and parent; a country's own P17 is not its Country",
			wdItem("Q2", wdBN, "", wdClaim("P31", "Q152732")+","+wdClaim("P17", "somevalue", "Q902")+","+wdClaim("P131", "Q3", "Q4/preferred", "Q5/preferred")),
			WikidataOptions{},
			&Entry{ID: "Q2", Type: models.LOC, Subtype: "district", BN: "নাম", Parent: "Q4", Country: "Q902", Source: "wikidata"}, WikidataStats{LOC: 1}},
		{"country stating itself",
			wdItem("Q902", wdEN, "", wdClaim("P31", "Q3624078")+","+wdClaim("P17", "Q902")), WikidataOptions{},
			&Entry{ID: "Q902", Type: models.LOC, Subtype: "country", EN: "Name", Source: "wikidata"}, WikidataStats{LOC: 1}},
		{"P27 is no country for a place",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q515")+","+wdClaim("P27", "Q902")), WikidataOptions{},
			&Entry{ID: "Q1", Type: models.LOC, Subtype: "city", EN: "Name", Source: "wikidata"}, WikidataStats{LOC: 1}},
		{"older dumps: numeric-id without id",
			strings.Replace(wdItem("Q1", wdEN, "", wdClaim("P31", "Q5")), `,"id":"Q5"`, "", 1), WikidataOptions{},
			&Entry{ID: "Q1", Type: models.PER, Subtype: "person", EN: "Name", Source: "wikidata"}, WikidataStats{PER: 1}},
		{"labels in other languages only",
			wdItem("Q1", `"ja":{"language":"ja","value":"名前"}`, "", wdClaim("P31", "Q5")), WikidataOptions{},
			nil, WikidataStats{Unnamed: 1}},
		{"aliases without a label do not make a name",
			wdItem("Q1", "", `"en":[{"language":"en","value":"Alias"}]`, wdClaim("P31", "Q5")), WikidataOptions{},
			nil, WikidataStats{Unnamed: 1}},
		{"non-Latin mul label is not English",
			wdItem("Q1", `"mul":{"language":"mul","value":"Путин"}`, "", wdClaim("P31", "Q5")), WikidataOptions{},
			nil, WikidataStats{Unnamed: 1}},
		{"en label wins over mul; mul alias joins en aliases",
			wdItem("Q1", wdEN+`,"mul":{"language":"mul","value":"Mul Name"}`, `"mul":[{"language":"mul","value":"Other"}]`, wdClaim("P31", "Q5")),
			WikidataOptions{},
			&Entry{ID: "Q1", Type: models.PER, Subtype: "person", EN: "Name", AliasesEN: []string{"Other"}, Source: "wikidata"}, WikidataStats{PER: 1}},
		{"Languages bn only",
			wdItem("Q1", wdEN+","+wdBN, `"en":[{"language":"en","value":"Alias"}]`, wdClaim("P31", "Q5")),
			WikidataOptions{Languages: []string{"bn"}},
			&Entry{ID: "Q1", Type: models.PER, Subtype: "person", BN: "নাম", Source: "wikidata"}, WikidataStats{PER: 1}},
		{"Languages en only drops a bn-only item",
			wdItem("Q1", wdBN, "", wdClaim("P31", "Q5")), WikidataOptions{Languages: []string{"en"}},
			nil, WikidataStats{Unnamed: 1}},
		{"ExtraClasses keeps a class not in the table",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q32815")), WikidataOptions{ExtraClasses: map[string]models.EntityType{"Q32815": models.LOC}},
			&Entry{ID: "Q1", Type: models.LOC, EN: "Name", Source: "wikidata"}, WikidataStats{LOC: 1}},
		{"ExcludeClasses drops a built-in class",
			wdItem("Q1", wdEN, "", wdClaim("P31", "Q532")), WikidataOptions{ExcludeClasses: []string{"Q532"}},
			nil, WikidataStats{Unclassified: 1}},
		{"aliases: trimmed, blanks and duplicates dropped, capped",
			wdItem("Q1", wdEN, `"en":[{"language":"en","value":" A "},{"language":"en","value":""},{"language":"en","value":"Name"},{"language":"en","value":"A"},{"language":"en","value":"B"},{"language":"en","value":"C"}]`, wdClaim("P31", "Q5")),
			WikidataOptions{MaxAliases: 2},
			&Entry{ID: "Q1", Type: models.PER, Subtype: "person", EN: "Name", AliasesEN: []string{"A", "B"}, Source: "wikidata"}, WikidataStats{PER: 1}},
		{"empty labels written as []",
			strings.Replace(wdItem("Q1", "", "", wdClaim("P31", "Q5")), `"labels":{}`, `"labels":[]`, 1), WikidataOptions{},
			nil, WikidataStats{Unnamed: 1}},
		{"empty claims written as []",
			strings.Replace(wdItem("Q1", wdEN, "", ""), `"claims":{}`, `"claims":[]`, 1), WikidataOptions{},
			nil, WikidataStats{Unclassified: 1}},
		{"redirect",
			`{"type":"item","id":"Q2","redirects":{"from":"Q1","to":"Q2"}}`, WikidataOptions{},
			nil, WikidataStats{Redirect: 1}},
		{"property", `{"type":"property","datatype":"string","id":"P1","labels":{` + wdEN + `}}`, WikidataOptions{},
			nil, WikidataStats{NotItem: 1}},
		{"lexeme", `{"type":"lexeme","id":"L1","lemmas":{` + wdBN + `}}`, WikidataOptions{},
			nil, WikidataStats{NotItem: 1}},
		{"entity without id is malformed", `{"type":"item","labels":{` + wdEN + `}}`, WikidataOptions{},
			nil, WikidataStats{Malformed: 1}},
		{"wrong shape is malformed", `{"type":"item","id":"Q1","labels":{"en":"Name"}}`, WikidataOptions{},
			nil, WikidataStats{Malformed: 1}},
	}
	// A valid item after the line under test keeps "nothing decoded"
	// from turning the malformed cases into an import error.
	const tail = `{"type":"item","id":"Q999","labels":{"en":{"language":"en","value":"Tail"}},"claims":{}}`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, st := importString(t, "[\n"+tt.line+",\n"+tail+"\n]\n", tt.opt)
			tt.stats.Read = 2
			tt.stats.Kept = tt.stats.PER + tt.stats.LOC + tt.stats.ORG
			tt.stats.Unclassified++ // the tail
			st.Bytes, st.FirstError = 0, nil
			if st != tt.stats {
				t.Errorf("stats\n got %+v\nwant %+v", st, tt.stats)
			}
			var want []Entry
			if tt.want != nil {
				want = []Entry{*tt.want}
			}
			if !reflect.DeepEqual(entries, want) {
				t.Errorf("\n got %+v\nwant %+v", entries, want)
			}
		})
	}
}

// longAliasItem is an item line with n en aliases: over 1 MB for n of
// 40,000.
func longAliasItem(id string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"language":"en","value":"Alias number %d"}`, i)
	}
	return wdItem(id, wdEN, `"en":[`+b.String()+`]`, wdClaim("P31", "Q5"))
}

func TestImportWikidataLongLine(t *testing.T) {
	long := longAliasItem("Q1", 40_000)
	if len(long) < 1<<20 {
		t.Fatalf("line is %d bytes, want over 1 MB", len(long))
	}
	dump := "[\n" + long + ",\n" + wdItem("Q2", wdEN, "", wdClaim("P31", "Q5")) + "\n]\n"

	entries, st := importString(t, dump, WikidataOptions{})
	if st.Kept != 2 || len(entries) != 2 {
		t.Fatalf("kept %d (%+v), want both items", len(entries), st)
	}
	if n := len(entries[0].AliasesEN); n != DefaultWikidataMaxAliases {
		t.Errorf("%d aliases kept, want the default cap %d", n, DefaultWikidataMaxAliases)
	}
	entries, _ = importString(t, dump, WikidataOptions{MaxAliases: -1})
	if n := len(entries[0].AliasesEN); n != 40_000 {
		t.Errorf("%d aliases kept without a cap, want 40000", n)
	}

	entries, st = importString(t, dump, WikidataOptions{MaxLineBytes: 1 << 20})
	if st.TooLong != 1 || st.Kept != 1 || len(entries) != 1 || entries[0].ID != "Q2" {
		t.Errorf("with a 1 MB limit: %+v, entries %v; want the long line skipped and Q2 kept", st, entries)
	}
}

func TestOpenDump(t *testing.T) {
	want, _ := importFile(t, wdSample, WikidataOptions{})
	raw, err := os.ReadFile(wdSample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gzPath := filepath.Join(dir, "sample.json.gz")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{gzPath, "testdata/wikidata/sample.json.bz2"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if got, _ := importFile(t, path, WikidataOptions{}); !bytes.Equal(got, want) {
				t.Errorf("output differs from the uncompressed dump's:\n%s", got)
			}
		})
	}

	t.Run("errors", func(t *testing.T) {
		if _, err := OpenDump(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("missing file: %v", err)
		}
		notGz := filepath.Join(dir, "plain.json.gz")
		os.WriteFile(notGz, raw, 0o644)
		if _, err := OpenDump(notGz); err == nil {
			t.Error("a .gz that is not gzip opened without error")
		}
		notBz := filepath.Join(dir, "plain.json.bz2")
		os.WriteFile(notBz, raw, 0o644)
		r, err := OpenDump(notBz)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if _, err := ImportWikidata(context.Background(), r, io.Discard, WikidataOptions{}); err == nil {
			t.Error("a .bz2 that is not bzip2 imported without error")
		}
	})
}

func TestImportWikidataCancel(t *testing.T) {
	raw, err := os.ReadFile(wdSample)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ImportWikidata(ctx, bytes.NewReader(raw), io.Discard, WikidataOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the start: %v", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	st, err := ImportWikidata(ctx, bytes.NewReader(raw), &out, WikidataOptions{
		ProgressEvery: 3,
		Progress:      func(WikidataStats) { cancel() },
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled in Progress: %v", err)
	}
	if st.Read != 3 {
		t.Errorf("read %d entities, want to stop after the 3rd", st.Read)
	}
	// What was kept before the end is flushed, whole lines only.
	entries, err := Load(&out, JSONL)
	if err != nil || len(entries) != st.Kept || st.Kept == 0 {
		t.Errorf("partial output: %d entries (%v), stats say %d kept", len(entries), err, st.Kept)
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestImportWikidataFailures(t *testing.T) {
	raw, err := os.ReadFile(wdSample)
	if err != nil {
		t.Fatal(err)
	}
	errBroken := errors.New("broken stream")
	_, err = ImportWikidata(context.Background(), &failingReader{data: raw[:len(raw)/2], err: errBroken}, io.Discard, WikidataOptions{})
	if !errors.Is(err, errBroken) {
		t.Errorf("read error: got %v", err)
	}
	_, err = ImportWikidata(context.Background(), bytes.NewReader(raw), failingWriter{errBroken}, WikidataOptions{})
	if !errors.Is(err, errBroken) {
		t.Errorf("write error: got %v", err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	for name, in := range map[string][]byte{"still compressed": gz.Bytes(), "CSV": []byte("id,type,en\nQ1,PER,Name\n")} {
		st, err := ImportWikidata(context.Background(), bytes.NewReader(in), io.Discard, WikidataOptions{})
		if err == nil {
			t.Errorf("%s input: no error (%+v)", name, st)
		}
	}
	if _, err := ImportWikidata(context.Background(), strings.NewReader("[\n]\n"), io.Discard, WikidataOptions{}); err != nil {
		t.Errorf("empty dump: %v", err)
	}
}

func TestWikidataOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		opt  WikidataOptions
		ok   bool
	}{
		{"zero value", WikidataOptions{}, true},
		{"bn and mul", WikidataOptions{Languages: []string{"bn", "mul"}}, true},
		{"language without an Entry field", WikidataOptions{Languages: []string{"fr"}}, false},
		{"extra class", WikidataOptions{ExtraClasses: map[string]models.EntityType{"Q32815": models.LOC}}, true},
		{"extra class not a QID", WikidataOptions{ExtraClasses: map[string]models.EntityType{"mosque": models.LOC}}, false},
		{"extra class of unknown type", WikidataOptions{ExtraClasses: map[string]models.EntityType{"Q32815": "MISC"}}, false},
		{"negative line limit", WikidataOptions{MaxLineBytes: -1}, false},
		{"negative progress interval", WikidataOptions{ProgressEvery: -1}, false},
	}
	for _, tt := range tests {
		err := tt.opt.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil {
			if _, ierr := ImportWikidata(context.Background(), strings.NewReader(""), io.Discard, tt.opt); ierr == nil {
				t.Errorf("%s: ImportWikidata accepted options Validate rejects", tt.name)
			}
		}
	}
}

// syntheticDump streams a dump of n generated entities shaped like real
// ones: many labels, sitelinks and claims, of which a third are humans,
// a third cities and a third scholarly articles (dropped).
type syntheticDump struct {
	n, i int
	buf  []byte
}

func (d *syntheticDump) Read(p []byte) (int, error) {
	for len(d.buf) == 0 {
		switch {
		case d.i == 0:
			d.buf = append(d.buf, "[\n"...)
		case d.i <= d.n:
			d.buf = syntheticEntity(d.buf, d.i, d.i == d.n)
		case d.i == d.n+1:
			d.buf = append(d.buf, "]\n"...)
		default:
			return 0, io.EOF
		}
		d.i++
	}
	n := copy(p, d.buf)
	d.buf = d.buf[n:]
	if len(d.buf) == 0 {
		d.buf = d.buf[:0:cap(d.buf)]
	}
	return n, nil
}

var syntheticLangs = strings.Fields("en bn de fr es it nl pl ru ja zh ar fa hi ur pt sv fi tr ko id ms ta te ml")

func syntheticEntity(b []byte, i int, last bool) []byte {
	class, country := []string{"Q5", "Q515", "Q13442814"}[i%3], "Q902"
	b = fmt.Appendf(b, `{"type":"item","id":"Q%d","labels":{`, 1000000+i)
	for j, l := range syntheticLangs {
		if j > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `"%s":{"language":"%s","value":"Name %d in %s"}`, l, l, i, l)
	}
	b = append(b, `},"descriptions":{`...)
	for j, l := range syntheticLangs[:8] {
		if j > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `"%s":{"language":"%s","value":"a description of entity %d"}`, l, l, i)
	}
	b = fmt.Appendf(b, `},"aliases":{"en":[{"language":"en","value":"Alias %d"},{"language":"en","value":"Other %d"}],"bn":[{"language":"bn","value":"নাম %d"}]},"claims":{`, i, i, i)
	b = append(b, wdClaim("P31", class)...)
	b = append(b, ',')
	b = append(b, wdClaim("P17", country)...)
	b = append(b, ',')
	b = append(b, wdClaim("P131", "Q1354")...)
	for p := 100; p < 115; p++ { // other properties, to be skipped
		b = fmt.Appendf(b, `,"P%d":[{"mainsnak":{"snaktype":"value","property":"P%d","hash":"%040d","datavalue":{"value":{"time":"+2001-01-01T00:00:00Z","timezone":0,"before":0,"after":0,"precision":11,"calendarmodel":"http://www.wikidata.org/entity/Q1985727"},"type":"time"},"datatype":"time"},"type":"statement","id":"Q%d$%d","rank":"normal","references":[{"hash":"%040d","snaks":{"P143":[{"snaktype":"value","property":"P143","datavalue":{"value":{"entity-type":"item","numeric-id":328,"id":"Q328"},"type":"wikibase-entityid"},"datatype":"wikibase-item"}]},"snaks-order":["P143"]}]}]`,
			p, p, p, i, p, p)
	}
	b = append(b, `},"sitelinks":{`...)
	for j, l := range syntheticLangs[:12] {
		if j > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `"%swiki":{"site":"%swiki","title":"Name %d","badges":[]}`, l, l, i)
	}
	b = fmt.Appendf(b, `},"pageid":%d,"ns":0,"title":"Q%d","lastrevid":1,"modified":"2025-01-01T00:00:00Z"}`, i, 1000000+i)
	if !last {
		b = append(b, ',')
	}
	return append(b, '\n')
}

// TestImportWikidataFlatMemory streams about 150 MB through the importer
// and checks the heap stays small throughout: the dump is never held.
func TestImportWikidataFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 150 MB")
	}
	var peak uint64
	var ms runtime.MemStats
	st, err := ImportWikidata(context.Background(), &syntheticDump{n: 12_000}, io.Discard, WikidataOptions{
		ProgressEvery: 1000,
		Progress: func(WikidataStats) {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 8000 || st.Bytes < 100<<20 {
		t.Fatalf("stats %+v: want 8000 kept of about 150 MB", st)
	}
	t.Logf("%d MB streamed, peak heap %.1f MB", st.Bytes>>20, float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Errorf("peak heap %d MB while streaming: memory grows with the input", peak>>20)
	}
}

// BenchmarkImportWikidata measures import throughput (MB/s of
// decompressed dump) on generated entities of real shape, on one core.
func BenchmarkImportWikidata(b *testing.B) {
	var dump bytes.Buffer
	if _, err := io.Copy(&dump, &syntheticDump{n: 3000}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(dump.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ImportWikidata(context.Background(), bytes.NewReader(dump.Bytes()), io.Discard, WikidataOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeEntityTruncated cuts every sample entity at every byte: the
// scanner must neither panic nor accept a line cut short.
func TestDecodeEntityTruncated(t *testing.T) {
	for _, line := range sampleEntityLines(t) {
		if _, err := decodeEntity(line); err != nil {
			continue // the sample's own malformed line
		}
		for n := range len(line) {
			if _, err := decodeEntity(line[:n]); err == nil {
				t.Errorf("accepted a line cut to %d of %d bytes: %s", n, len(line), line[:n])
				break
			}
		}
	}
}

// FuzzDecodeEntity checks the scanner never panics on any line.
func FuzzDecodeEntity(f *testing.F) {
	for _, line := range sampleEntityLines(f) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		decodeEntity(line)
	})
}

func sampleEntityLines(t testing.TB) [][]byte {
	t.Helper()
	raw, err := os.ReadFile(wdSample)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, l := range bytes.Split(raw, []byte{'\n'}) {
		if l = trimDumpLine(l); len(l) > 1 {
			out = append(out, l)
		}
	}
	return out
}
