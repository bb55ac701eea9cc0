package gazetteer

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsroom/tagger/models"
)

// Defaults of WikidataOptions.
const (
	// DefaultWikidataProgressEvery is how many entities pass between two
	// Progress calls: one every few seconds on a full dump, whose
	// entities average several KB.
	DefaultWikidataProgressEvery = 100_000
	// DefaultWikidataMaxLineBytes bounds one entity line. Wikibase itself
	// caps an entity at a few MB, so this leaves ample headroom while still
	// stopping a file that is not line-framed (one giant line) from being
	// read into memory whole.
	DefaultWikidataMaxLineBytes = 64 << 20
	// DefaultWikidataMaxAliases caps the aliases kept per language. Some
	// items carry hundreds (chemicals, transliterations); past a few dozen
	// they add matcher size and false matches, not recall.
	DefaultWikidataMaxAliases = 64
)

// WikidataOptions tune ImportWikidata. The zero value imports with the
// defaults.
type WikidataOptions struct {
	// Languages are the label languages read: "bn", "en" and "mul"
	// (Wikidata's default for all languages, used since 2024 for names
	// that are the same everywhere, often in place of an en label). A mul
	// label or alias counts as English when it is in Latin script, and
	// only where the item has no en label of its own. Empty means all
	// three.
	Languages []string
	// ExtraClasses add "instance of" (P31) classes to keep, with the type
	// their instances get. They take precedence over the built-in table;
	// their entries have no subtype.
	ExtraClasses map[string]models.EntityType
	// ExcludeClasses drops built-in classes, e.g. Q532 (village) for a
	// gazetteer without the millions of villages.
	ExcludeClasses []string
	// MaxAliases caps the aliases kept per language after deduplication:
	// 0 means DefaultWikidataMaxAliases, negative means no cap.
	MaxAliases int
	// MaxLineBytes bounds one entity line; longer lines are skipped and
	// counted in WikidataStats.TooLong. 0 means DefaultWikidataMaxLineBytes.
	MaxLineBytes int
	// Progress, when set, is called with the running counts every
	// ProgressEvery entities, on the importing goroutine. It is not called
	// at the end: ImportWikidata returns the final counts.
	Progress func(WikidataStats)
	// ProgressEvery is the Progress interval in entities: 0 means
	// DefaultWikidataProgressEvery.
	ProgressEvery int
}

// Validate reports options ImportWikidata cannot honour.
func (o WikidataOptions) Validate() error {
	for _, l := range o.Languages {
		switch l {
		case "bn", "en", "mul":
		default:
			return fmt.Errorf("gazetteer: wikidata: language %q: only bn, en and mul map to gazetteer names", l)
		}
	}
	for id, t := range o.ExtraClasses {
		if !isQID(id) {
			return fmt.Errorf("gazetteer: wikidata: extra class %q is not an item id (Q123)", id)
		}
		switch t {
		case models.PER, models.LOC, models.ORG:
		default:
			return fmt.Errorf("gazetteer: wikidata: extra class %s: type %q is not PER, LOC or ORG", id, t)
		}
	}
	if o.MaxLineBytes < 0 {
		return fmt.Errorf("gazetteer: wikidata: negative MaxLineBytes %d", o.MaxLineBytes)
	}
	if o.ProgressEvery < 0 {
		return fmt.Errorf("gazetteer: wikidata: negative ProgressEvery %d", o.ProgressEvery)
	}
	return nil
}

func (o WikidataOptions) withDefaults() WikidataOptions {
	if len(o.Languages) == 0 {
		o.Languages = []string{"bn", "en", "mul"}
	}
	if o.MaxAliases == 0 {
		o.MaxAliases = DefaultWikidataMaxAliases
	}
	if o.MaxLineBytes == 0 {
		o.MaxLineBytes = DefaultWikidataMaxLineBytes
	}
	if o.ProgressEvery == 0 {
		o.ProgressEvery = DefaultWikidataProgressEvery
	}
	return o
}

// WikidataStats counts what an import saw and kept. Every entity line
// read ends in exactly one of Kept, Malformed, TooLong, NotItem, Redirect,
// Unclassified or Unnamed.
type WikidataStats struct {
	// Bytes is how much of the (decompressed) input has been consumed.
	Bytes int64
	// Read counts entity lines: every line but blanks and the array's
	// "[" and "]".
	Read int
	// Kept counts the entries written; PER, LOC and ORG split it by type.
	Kept, PER, LOC, ORG int
	// Malformed counts lines that are not an entity's JSON; they are
	// skipped. FirstError is the first of them, with its line number.
	Malformed int
	// TooLong counts lines over MaxLineBytes, skipped unread.
	TooLong int
	// NotItem counts properties, lexemes and other non-item entities.
	NotItem int
	// Redirect counts redirect stubs.
	Redirect int
	// Unclassified counts items whose P31 holds no kept class.
	Unclassified int
	// Unnamed counts items of a kept class with no label in the chosen
	// languages.
	Unnamed int
	// FirstError is the first malformed line's error, for the log; the
	// rest are only counted.
	FirstError error
}

// ImportWikidata reads a Wikidata JSON dump from r (already decompressed;
// see OpenDump) and writes one Entry per line as JSONL to w, in input
// order, so the same dump always gives the same output.
//
// The dump is a JSON array with one entity per line ("[", then
// "{...},"-lines, then "]"); lines without the framing (NDJSON) are read
// too. Only one line is held at a time, so memory stays flat whatever the
// dump's size. An item is kept when it is an instance (P31) of a class in
// the built-in table or opt.ExtraClasses and has a label in the chosen
// languages. Lines that do not decode are counted and skipped; an error
// from r or w, or ctx's end, stops the import and is returned with the
// counts so far. Entries already encoded are flushed to w in every case.
func ImportWikidata(ctx context.Context, r io.Reader, w io.Writer, opt WikidataOptions) (WikidataStats, error) {
	var st WikidataStats
	if err := opt.Validate(); err != nil {
		return st, err
	}
	o := opt.withDefaults()
	conv := newWikidataConverter(o)
	lr := newDumpLineReader(r, o.MaxLineBytes)
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // names with & stay readable; Load reads either form
	decoded := 0

	err := func() error {
		for {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("gazetteer: wikidata: stopped at line %d: %w", lr.line, err)
			}
			line, tooLong, err := lr.next()
			st.Bytes = lr.consumed
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("gazetteer: wikidata: reading line %d: %w", lr.line, err)
			}
			if tooLong {
				st.Read++
				st.TooLong++
			} else {
				line = trimDumpLine(line)
				if len(line) == 0 || len(line) == 1 && (line[0] == '[' || line[0] == ']') {
					continue
				}
				st.Read++
				e, outcome, err := conv.convert(line)
				if outcome != wdMalformed {
					decoded++
				}
				switch outcome {
				case wdKept:
					if err := enc.Encode(e); err != nil {
						return fmt.Errorf("gazetteer: wikidata: writing %s: %w", e.ID, err)
					}
					st.Kept++
					switch e.Type {
					case models.PER:
						st.PER++
					case models.LOC:
						st.LOC++
					case models.ORG:
						st.ORG++
					}
				case wdMalformed:
					st.Malformed++
					if st.FirstError == nil {
						st.FirstError = fmt.Errorf("line %d: %w", lr.line, err)
					}
				case wdNotItem:
					st.NotItem++
				case wdRedirect:
					st.Redirect++
				case wdUnclassified:
					st.Unclassified++
				case wdUnnamed:
					st.Unnamed++
				}
			}
			if o.Progress != nil && st.Read%o.ProgressEvery == 0 {
				o.Progress(st)
			}
		}
	}()
	if ferr := bw.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("gazetteer: wikidata: writing: %w", ferr)
	}
	if err != nil {
		return st, err
	}
	// Every line failing means the input is not a dump at all (still
	// compressed, or another format): say so rather than write nothing.
	if decoded == 0 && st.Malformed+st.TooLong > 0 {
		return st, fmt.Errorf("gazetteer: wikidata: no line decoded as an entity (%d malformed, %d too long; first: %v)",
			st.Malformed, st.TooLong, st.FirstError)
	}
	return st, nil
}

// OpenDump opens a dump file, decompressing it by its extension: .gz with
// compress/gzip, .bz2 with compress/bzip2 (both read the multi-stream
// files parallel compressors write), anything else as is. Closing the
// result closes the file.
func OpenDump(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: wikidata dump: %w", err)
	}
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".gz"):
		gz, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("gazetteer: wikidata dump %s: %w", path, err)
		}
		return &dumpFile{Reader: gz, closers: []io.Closer{gz, f}}, nil
	case strings.HasSuffix(lower, ".bz2"):
		// bzip2.NewReader reads its header lazily: a damaged file shows up
		// as an error from the first Read, which ImportWikidata returns.
		return &dumpFile{Reader: bzip2.NewReader(bufio.NewReaderSize(f, 1<<20)), closers: []io.Closer{f}}, nil
	}
	return f, nil
}

// dumpFile is a decompressing reader that closes its layers.
type dumpFile struct {
	io.Reader
	closers []io.Closer
}

func (d *dumpFile) Close() error {
	var errs []error
	for _, c := range d.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// dumpLineReader yields the lines of a dump one at a time, reusing one
// buffer, so a multi-MB entity costs its own size and no more.
type dumpLineReader struct {
	br       *bufio.Reader
	buf      []byte
	max      int
	line     int   // number of the line last returned
	consumed int64 // bytes read so far, newlines included
}

func newDumpLineReader(r io.Reader, max int) *dumpLineReader {
	return &dumpLineReader{br: bufio.NewReaderSize(r, 1<<20), max: max}
}

// keepBuf is the largest line buffer kept between lines: one rare huge
// entity must not pin its size for the rest of a 100 GB dump.
const keepBuf = 8 << 20

// next returns the next line without its newline, valid until the
// following call and not to be modified. A line over max bytes is consumed without being stored
// and reported by tooLong. The error is io.EOF after the last line.
func (lr *dumpLineReader) next() (line []byte, tooLong bool, err error) {
	if cap(lr.buf) > keepBuf {
		lr.buf = nil
	}
	lr.buf = lr.buf[:0]
	n := 0 // line bytes so far, newline excluded
	for first := true; ; first = false {
		frag, err := lr.br.ReadSlice('\n')
		lr.consumed += int64(len(frag))
		if err == nil {
			frag = frag[:len(frag)-1]
		}
		n += len(frag)
		if n > lr.max {
			tooLong = true
		}
		switch {
		case tooLong:
		case first && err == nil:
			// The whole line is in bufio's buffer: no copy.
			lr.line++
			return frag, false, nil
		default:
			lr.buf = append(lr.buf, frag...)
		}
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && n > 0:
			// a last line without a newline
		default:
			return nil, false, err
		}
		lr.line++
		if tooLong {
			return nil, true, nil
		}
		return lr.buf, false, nil
	}
}

// trimDumpLine strips what frames an entity in the array: surrounding
// space (and a CR) and the trailing comma.
func trimDumpLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	b = bytes.TrimSuffix(b, []byte{','})
	return bytes.TrimRight(b, " \t\r")
}

// wdClass is what an instance of a Wikidata class becomes.
type wdClass struct {
	typ     models.EntityType
	subtype string
	// generic classes (organisation, human settlement, ...) are used only
	// when no specific class of the item matches, so "city" wins over
	// "human settlement" whatever the order of the P31 statements.
	generic bool
}

// wikidataClasses maps P31 values to entry types. Instance-of is read
// directly: a stream has no class hierarchy to walk, so each class an
// item may state must be listed. Only ids checked against more than one
// independent public source, or well known, are here; add others through
// WikidataOptions.ExtraClasses. Ids left out for want of certainty:
// national (cricket or football) team, Q1785271 and Q748720 (given by one
// source for military unit and armed forces branch), Q4456236 (terrorist
// group), Q7930989 (city/town), Q902104 (private university).
// The table is read-only.
var wikidataClasses = map[string]wdClass{
	// People.
	"Q5": {models.PER, "person", false}, // human

	// Countries and polities.
	"Q6256":    {models.LOC, "country", false},            // country
	"Q3624078": {models.LOC, "country", false},            // sovereign state
	"Q3024240": {models.LOC, "historical_country", false}, // historical country
	"Q7275":    {models.LOC, "state", true},               // state (polity)

	// Settlements.
	"Q515":     {models.LOC, "city", false},         // city
	"Q1549591": {models.LOC, "city", false},         // big city
	"Q1637706": {models.LOC, "city", false},         // city with millions of inhabitants
	"Q200250":  {models.LOC, "city", false},         // metropolis
	"Q5119":    {models.LOC, "city", false},         // capital city
	"Q1093829": {models.LOC, "city", false},         // city in the United States
	"Q3957":    {models.LOC, "town", false},         // town
	"Q532":     {models.LOC, "village", false},      // village
	"Q15284":   {models.LOC, "municipality", false}, // municipality
	"Q486972":  {models.LOC, "settlement", true},    // human settlement

	// Administrative units.
	"Q10864048": {models.LOC, "region", false},    // first-level administrative country subdivision
	"Q35657":    {models.LOC, "region", false},    // state of the United States
	"Q34876":    {models.LOC, "region", false},    // province
	"Q107390":   {models.LOC, "region", false},    // federated state
	"Q878040":   {models.LOC, "division", false},  // division of Bangladesh
	"Q152732":   {models.LOC, "district", false},  // district of Bangladesh
	"Q620471":   {models.LOC, "upazila", false},   // upazila of Bangladesh
	"Q1149652":  {models.LOC, "district", false},  // district of India
	"Q149621":   {models.LOC, "district", false},  // district
	"Q56061":    {models.LOC, "admin_area", true}, // administrative territorial entity

	// Geography.
	"Q82794": {models.LOC, "region", true},    // geographic region
	"Q5107":  {models.LOC, "region", false},   // continent
	"Q23442": {models.LOC, "island", false},   // island
	"Q4022":  {models.LOC, "river", false},    // river
	"Q8502":  {models.LOC, "mountain", false}, // mountain
	"Q23397": {models.LOC, "water", false},    // lake
	"Q165":   {models.LOC, "water", false},    // sea
	"Q9430":  {models.LOC, "water", false},    // ocean

	// Politics and the state.
	"Q7278":    {models.ORG, "party", false},               // political party
	"Q7210356": {models.ORG, "political_org", false},       // political organization
	"Q7188":    {models.ORG, "government", false},          // government
	"Q192350":  {models.ORG, "ministry", false},            // ministry
	"Q327333":  {models.ORG, "government_agency", false},   // government agency
	"Q2659904": {models.ORG, "government_agency", false},   // government organization
	"Q47913":   {models.ORG, "intelligence_agency", false}, // intelligence agency
	"Q11204":   {models.ORG, "legislature", false},         // legislature
	"Q41487":   {models.ORG, "court", false},               // court
	"Q66344":   {models.ORG, "central_bank", false},        // central bank

	// Armed groups and forces.
	"Q17149090": {models.ORG, "militant_group", false}, // armed organization
	"Q17127659": {models.ORG, "militant_group", false}, // terrorist organization
	"Q772547":   {models.ORG, "armed_forces", false},   // armed forces
	"Q61883":    {models.ORG, "armed_forces", false},   // military branch
	"Q176799":   {models.ORG, "military_unit", false},  // military unit

	// International and civil society.
	"Q484652":   {models.ORG, "intl_org", false},   // international organization
	"Q245065":   {models.ORG, "intl_org", false},   // intergovernmental organization
	"Q79913":    {models.ORG, "ngo", false},        // non-governmental organization
	"Q163740":   {models.ORG, "ngo", false},        // nonprofit organization
	"Q15911314": {models.ORG, "association", true}, // association
	"Q48204":    {models.ORG, "association", true}, // voluntary association

	// Business.
	"Q783794":  {models.ORG, "company", false}, // company
	"Q891723":  {models.ORG, "company", false}, // public company
	"Q167037":  {models.ORG, "company", false}, // corporation
	"Q1058914": {models.ORG, "company", false}, // telecommunications company
	"Q46970":   {models.ORG, "company", false}, // airline
	"Q22687":   {models.ORG, "bank", false},    // bank
	"Q4830453": {models.ORG, "company", true},  // business
	"Q6881511": {models.ORG, "company", true},  // enterprise

	// Media.
	"Q192283":   {models.ORG, "news_agency", false}, // news agency
	"Q11032":    {models.ORG, "news_outlet", false}, // newspaper
	"Q1110794":  {models.ORG, "news_outlet", false}, // daily newspaper
	"Q1616075":  {models.ORG, "broadcaster", false}, // television station
	"Q15265344": {models.ORG, "broadcaster", false}, // broadcaster

	// Education, research, health.
	"Q3918":   {models.ORG, "university", false},         // university
	"Q875538": {models.ORG, "university", false},         // public university
	"Q189004": {models.ORG, "college", false},            // college
	"Q31855":  {models.ORG, "research_institute", false}, // research institute
	"Q16917":  {models.ORG, "hospital", false},           // hospital

	// Sport.
	"Q847017":   {models.ORG, "sports_team", false}, // sports club
	"Q476028":   {models.ORG, "sports_team", false}, // association football club
	"Q12973014": {models.ORG, "sports_team", false}, // sports team
	"Q4438121":  {models.ORG, "sports_body", false}, // sports organization

	// Generic organisation, last resort.
	"Q43229": {models.ORG, "organization", true}, // organization
}

// wdOutcome is what became of one entity line.
type wdOutcome int

const (
	wdKept wdOutcome = iota
	wdMalformed
	wdNotItem
	wdRedirect
	wdUnclassified
	wdUnnamed
)

// wikidataConverter turns entity lines into entries; it holds the class
// table and languages of one import.
type wikidataConverter struct {
	classes    map[string]wdClass
	bn, en     bool
	mul        bool
	maxAliases int
}

func newWikidataConverter(o WikidataOptions) *wikidataConverter {
	c := &wikidataConverter{
		classes:    make(map[string]wdClass, len(wikidataClasses)+len(o.ExtraClasses)),
		bn:         slices.Contains(o.Languages, "bn"),
		en:         slices.Contains(o.Languages, "en"),
		mul:        slices.Contains(o.Languages, "mul"),
		maxAliases: o.MaxAliases,
	}
	for id, cl := range wikidataClasses {
		if !slices.Contains(o.ExcludeClasses, id) {
			c.classes[id] = cl
		}
	}
	for id, t := range o.ExtraClasses {
		c.classes[id] = wdClass{typ: t}
	}
	return c
}

// wdEntity is the part of a dump entity the import reads: three
// languages and four properties out of hundreds.
type wdEntity struct {
	ID, Type     string
	Redirect     bool
	Labels       wdTerms
	Descriptions wdTerms
	Aliases      wdAliases
	Claims       wdClaims
}

type wdTerm struct {
	Value string `json:"value"`
}

// wdTerms are an entity's labels or descriptions in the languages read.
type wdTerms struct{ BN, EN, Mul *wdTerm }

// wdAliases are an entity's aliases in the languages read.
type wdAliases struct{ BN, EN, Mul []wdTerm }

// wdClaims are the statements of the properties read.
type wdClaims struct {
	P31  []wdStatement // instance of
	P17  []wdStatement // country
	P27  []wdStatement // country of citizenship
	P131 []wdStatement // located in the administrative territorial entity
}

type wdStatement struct {
	Mainsnak struct {
		Snaktype  string `json:"snaktype"`
		Datavalue struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"datavalue"`
	} `json:"mainsnak"`
	Rank string `json:"rank"`
}

// item returns the item id a statement points to, or "" for other values
// and for "some value"/"no value" snaks.
func (s *wdStatement) item() string {
	m := &s.Mainsnak
	if m.Snaktype != "value" || m.Datavalue.Type != "wikibase-entityid" {
		return ""
	}
	var v struct {
		ID        string `json:"id"`
		NumericID int64  `json:"numeric-id"`
	}
	if json.Unmarshal(m.Datavalue.Value, &v) != nil {
		return ""
	}
	if v.ID == "" && v.NumericID > 0 { // older dumps carry only numeric-id
		v.ID = "Q" + strconv.FormatInt(v.NumericID, 10)
	}
	if !isQID(v.ID) {
		return ""
	}
	return v.ID
}

// bestItems lists a property's item values the way Wikidata's "truthy"
// statements do: preferred ones if any, else normal ones, never
// deprecated ones, each in dump order.
func bestItems(stmts []wdStatement) []string {
	var preferred, normal []string
	for i := range stmts {
		id := stmts[i].item()
		if id == "" {
			continue
		}
		switch stmts[i].Rank {
		case "preferred":
			preferred = append(preferred, id)
		case "deprecated":
		default:
			normal = append(normal, id)
		}
	}
	if len(preferred) > 0 {
		return preferred
	}
	return normal
}

// decodeEntity reads the fields of wdEntity from one entity's JSON.
//
// Handing the whole line to encoding/json costs three passes over it
// (validation, decoding, skipping unknown fields), mostly over sitelinks
// and the claims the import ignores. Instead a light scanner finds the
// bounds of each member, and encoding/json decodes, and so validates, only
// the few values that are read. A line cut short still fails: the scanner
// needs every bracket closed.
//
// The scanner also absorbs a quirk of the dumps: an empty labels, aliases
// or claims map may be written as [] rather than {}.
func decodeEntity(line []byte) (wdEntity, error) {
	var e wdEntity
	err := eachMember(line, func(key, val []byte) error {
		switch string(key) {
		case "id":
			return json.Unmarshal(val, &e.ID)
		case "type":
			return json.Unmarshal(val, &e.Type)
		case "redirects":
			e.Redirect = true
		case "labels":
			return decodeTerms(val, &e.Labels)
		case "descriptions":
			return decodeTerms(val, &e.Descriptions)
		case "aliases":
			return eachMember(val, func(lang, v []byte) error {
				switch string(lang) {
				case "bn":
					return json.Unmarshal(v, &e.Aliases.BN)
				case "en":
					return json.Unmarshal(v, &e.Aliases.EN)
				case "mul":
					return json.Unmarshal(v, &e.Aliases.Mul)
				}
				return nil
			})
		case "claims":
			return eachMember(val, func(prop, v []byte) error {
				switch string(prop) {
				case "P31":
					return json.Unmarshal(v, &e.Claims.P31)
				case "P17":
					return json.Unmarshal(v, &e.Claims.P17)
				case "P27":
					return json.Unmarshal(v, &e.Claims.P27)
				case "P131":
					return json.Unmarshal(v, &e.Claims.P131)
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return wdEntity{}, err
	}
	return e, nil
}

func decodeTerms(obj []byte, t *wdTerms) error {
	return eachMember(obj, func(lang, v []byte) error {
		switch string(lang) {
		case "bn":
			return json.Unmarshal(v, &t.BN)
		case "en":
			return json.Unmarshal(v, &t.EN)
		case "mul":
			return json.Unmarshal(v, &t.Mul)
		}
		return nil
	})
}

// errJSON is what the scanner reports; encoding/json's own errors cover
// the values it decodes.
var errJSON = errors.New("invalid or truncated JSON")

// eachMember calls fn with the raw key (quotes stripped, escapes left
// as they are: the keys looked for have none) and the raw value of each
// member of the JSON object obj, which must be all of obj but for
// surrounding space. An empty array counts as an empty object.
func eachMember(obj []byte, fn func(key, val []byte) error) error {
	i := skipSpace(obj, 0)
	if i < len(obj) && obj[i] == '[' {
		if j := skipSpace(obj, i+1); j < len(obj) && obj[j] == ']' && skipSpace(obj, j+1) == len(obj) {
			return nil
		}
		return fmt.Errorf("%w: an array where an object belongs", errJSON)
	}
	if i >= len(obj) || obj[i] != '{' {
		return fmt.Errorf("%w: not an object", errJSON)
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return trailing(obj, i+1)
	}
	for {
		if i >= len(obj) || obj[i] != '"' {
			return fmt.Errorf("%w: at byte %d: want a key", errJSON, i)
		}
		end, ok := skipString(obj, i)
		if !ok {
			return fmt.Errorf("%w: at byte %d: unterminated key", errJSON, i)
		}
		key := obj[i+1 : end-1]
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return fmt.Errorf("%w: at byte %d: want ':'", errJSON, i)
		}
		i = skipSpace(obj, i+1)
		end, ok = skipValue(obj, i)
		if !ok {
			return fmt.Errorf("%w: value of %q", errJSON, key)
		}
		if err := fn(key, obj[i:end]); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		i = skipSpace(obj, end)
		if i >= len(obj) {
			return fmt.Errorf("%w: object not closed", errJSON)
		}
		switch obj[i] {
		case ',':
			i = skipSpace(obj, i+1)
		case '}':
			return trailing(obj, i+1)
		default:
			return fmt.Errorf("%w: at byte %d: want ',' or '}'", errJSON, i)
		}
	}
}

func trailing(b []byte, i int) error {
	if skipSpace(b, i) != len(b) {
		return fmt.Errorf("%w: at byte %d: data after the object", errJSON, i)
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) (int, bool) {
	i++
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return 0, false
		}
		i += j
		// The quote is escaped if an odd number of backslashes precede it.
		k := i - 1
		for b[k] == '\\' {
			k--
		}
		if (i-1-k)%2 == 0 {
			return i + 1, true
		}
		i++
	}
}

// skipValue returns the index after the value starting at b[i]. It checks
// only what finding the end needs: strings end and brackets balance.
func skipValue(b []byte, i int) (int, bool) {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			end, ok := skipString(b, i)
			if !ok {
				return 0, false
			}
			if depth == 0 {
				return end, true
			}
			i = end
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return 0, false
			}
			if depth == 0 {
				return i + 1, true
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return 0, false
			}
		default:
			if depth == 0 { // number, true, false, null
				j := i
				for j < len(b) && !strings.ContainsRune(",}] \t\r\n", rune(b[j])) {
					j++
				}
				return j, true
			}
		}
		i++
	}
	return 0, false
}

// convert decodes one entity line and makes its entry.
func (c *wikidataConverter) convert(line []byte) (Entry, wdOutcome, error) {
	if line[0] != '{' {
		return Entry{}, wdMalformed, errors.New("not a JSON object")
	}
	ent, err := decodeEntity(line)
	if err != nil {
		return Entry{}, wdMalformed, err
	}
	if ent.ID == "" {
		return Entry{}, wdMalformed, errors.New("entity without an id")
	}
	if ent.Redirect {
		return Entry{}, wdRedirect, nil
	}
	if ent.Type != "item" {
		return Entry{}, wdNotItem, nil
	}
	class, ok := c.classify(bestItems(ent.Claims.P31))
	if !ok {
		return Entry{}, wdUnclassified, nil
	}
	e := Entry{ID: ent.ID, Type: class.typ, Subtype: class.subtype, Source: "wikidata"}
	var enAliases, bnAliases []string
	if c.en {
		e.EN = termValue(ent.Labels.EN)
		enAliases = appendTerms(enAliases, ent.Aliases.EN, nil)
	}
	if c.mul {
		if e.EN == "" {
			if v := termValue(ent.Labels.Mul); latinScript(v) {
				e.EN = v
			}
		}
		enAliases = appendTerms(enAliases, ent.Aliases.Mul, latinScript)
	}
	if c.bn {
		e.BN = termValue(ent.Labels.BN)
		bnAliases = appendTerms(bnAliases, ent.Aliases.BN, nil)
	}
	if e.EN == "" && e.BN == "" {
		return Entry{}, wdUnnamed, nil
	}
	e.AliasesEN = c.aliases(enAliases, e.EN)
	e.AliasesBN = c.aliases(bnAliases, e.BN)
	if c.en {
		e.Description = termValue(ent.Descriptions.EN)
	}
	if e.Description == "" && c.bn {
		e.Description = termValue(ent.Descriptions.BN)
	}
	country := bestItems(ent.Claims.P17)
	if len(country) == 0 && e.Type == models.PER {
		// People rarely state P17; citizenship is their country.
		country = bestItems(ent.Claims.P27)
	}
	e.Country = firstOther(country, e.ID)
	e.Parent = firstOther(bestItems(ent.Claims.P131), e.ID)
	return e, wdKept, nil
}

// classify picks the class of an item from its P31 values: a human is a
// person whatever else it states; otherwise the first specific class in
// statement order, else the first generic one.
func (c *wikidataConverter) classify(p31 []string) (wdClass, bool) {
	if slices.Contains(p31, "Q5") {
		if cl, ok := c.classes["Q5"]; ok {
			return cl, true
		}
	}
	var fallback wdClass
	found := false
	for _, id := range p31 {
		cl, ok := c.classes[id]
		if !ok {
			continue
		}
		if !cl.generic {
			return cl, true
		}
		if !found {
			fallback, found = cl, true
		}
	}
	return fallback, found
}

// aliases dedupes a language's aliases, drops the label itself and caps
// the list.
func (c *wikidataConverter) aliases(list []string, label string) []string {
	var out []string
	var seen map[string]bool // only for long lists: a linear scan is quadratic
	if len(list) > 16 {
		seen = make(map[string]bool, len(list))
	}
	for _, a := range list {
		if c.maxAliases > 0 && len(out) == c.maxAliases {
			break
		}
		if a == label || seen[a] || seen == nil && slices.Contains(out, a) {
			continue
		}
		if seen != nil {
			seen[a] = true
		}
		out = append(out, a)
	}
	return out
}

func termValue(t *wdTerm) string {
	if t == nil {
		return ""
	}
	return strings.TrimSpace(t.Value)
}

// appendTerms appends the non-empty values of terms that pass keep (nil
// keeps all).
func appendTerms(dst []string, terms []wdTerm, keep func(string) bool) []string {
	for _, t := range terms {
		v := strings.TrimSpace(t.Value)
		if v != "" && (keep == nil || keep(v)) {
			dst = append(dst, v)
		}
	}
	return dst
}

// firstOther returns the first id that is not self: a country's P17 is
// itself, which says nothing as a Country.
func firstOther(ids []string, self string) string {
	for _, id := range ids {
		if id != self {
			return id
		}
	}
	return ""
}

// latinScript reports a non-empty name whose letters are all Latin: only
// such mul labels can stand for the English name.
func latinScript(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

func isQID(s string) bool {
	if len(s) < 2 || s[0] != 'Q' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
