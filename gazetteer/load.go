package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsroom/tagger/models"
)

// Format is a gazetteer file format.
type Format string

// The formats Load reads.
const (
	JSONL Format = "jsonl" // one Entry as JSON per line
	CSV   Format = "csv"   // a header row naming Entry's JSON fields, then rows
	TSV   Format = "tsv"   // as CSV, tab-separated
)

// FormatOf guesses a file's format from its name (.jsonl, .json, .csv,
// .tsv, each optionally .gz).
func FormatOf(path string) (Format, error) {
	name := strings.TrimSuffix(strings.ToLower(path), ".gz")
	switch filepath.Ext(name) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	case ".csv":
		return CSV, nil
	case ".tsv", ".tab":
		return TSV, nil
	}
	return "", fmt.Errorf("gazetteer: %s: unknown format (want .jsonl, .csv or .tsv)", path)
}

// Load reads entries in the given format. List columns in CSV and TSV
// (aliases_en, aliases_bn) separate values with "|".
func Load(r io.Reader, f Format) ([]Entry, error) {
	switch f {
	case JSONL:
		return loadJSONL(r)
	case CSV:
		return loadDelimited(r, ',')
	case TSV:
		return loadDelimited(r, '\t')
	}
	return nil, fmt.Errorf("gazetteer: unknown format %q", f)
}

// LoadFile reads the entries of one file, gunzipping .gz files.
func LoadFile(path string) ([]Entry, error) {
	f, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer file.Close()
	var r io.Reader = file
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(file)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	entries, err := Load(r, f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return entries, nil
}

func loadJSONL(r io.Reader) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		var e Entry
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: %w", line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: line %d: %w", line+1, err)
	}
	return out, nil
}

func loadDelimited(r io.Reader, comma rune) ([]Entry, error) {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	if comma == '\t' {
		cr.LazyQuotes = true
	}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"id", "type"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("gazetteer: header lacks the %q column (have %s)", need, strings.Join(header, ","))
		}
	}
	var out []Entry
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		list := func(name string) []string {
			var l []string
			for _, s := range strings.Split(get(name), "|") {
				if s = strings.TrimSpace(s); s != "" {
					l = append(l, s)
				}
			}
			return l
		}
		out = append(out, Entry{
			ID: get("id"), Type: models.EntityType(strings.ToUpper(get("type"))), Subtype: get("subtype"),
			EN: get("en"), BN: get("bn"), AliasesEN: list("aliases_en"), AliasesBN: list("aliases_bn"),
			Parent: get("parent"), Country: get("country"), Description: get("description"), Source: get("source"),
		})
	}
}

// LoadStopForms reads a stop-form list: one form a line, # comments.
func LoadStopForms(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		s := sc.Text()
		if i := strings.Index(s, "#"); i >= 0 {
			s = s[:i]
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: stop forms: %w", err)
	}
	return out, nil
}

//go:embed data/default.jsonl data/stopforms.txt
var defaultData embed.FS

// DefaultName is how configuration names the embedded gazetteer.
const DefaultName = "default"

// Default returns the gazetteer the product ships.
func Default() (*Gazetteer, error) { return Open(DefaultName) }

// Open loads and merges gazetteer sources in order: DefaultName for the
// embedded one, or file paths. Later sources extend or override entries
// with the same id. The embedded stop forms always apply.
func Open(sources ...string) (*Gazetteer, error) {
	if len(sources) == 0 {
		sources = []string{DefaultName}
	}
	var all []Entry
	for _, src := range sources {
		if src == DefaultName {
			b, err := defaultData.ReadFile("data/default.jsonl")
			if err != nil {
				return nil, fmt.Errorf("gazetteer: embedded: %w", err)
			}
			entries, err := loadJSONL(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("gazetteer: embedded: %w", err)
			}
			all = append(all, entries...)
			continue
		}
		entries, err := LoadFile(src)
		if err != nil {
			return nil, err
		}
		all = append(all, entries...)
	}
	b, err := defaultData.ReadFile("data/stopforms.txt")
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded stop forms: %w", err)
	}
	stops, err := LoadStopForms(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return New(all, stops)
}
