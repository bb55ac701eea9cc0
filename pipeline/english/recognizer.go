package english

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	prose "github.com/jdkato/prose/v2"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// Defaults for Options' zero values.
const (
	// DefaultMaxBytes is about 3,000 words: most news stories whole. prose
	// reads news copy at 0.04 to 0.1 MB/s on one core (BenchmarkUnlinked),
	// so this bounds the worst article near half a second.
	DefaultMaxBytes = 20000
	// DefaultConfidence is the confidence of every unlinked entity. prose
	// gives no per-entity score (its classifier keeps only the best label),
	// so the confidence is one number that marks a proposal as a proposal:
	// on our test stories most names are right, but a fair share of types
	// are not (a bank as a place, a company as a person).
	DefaultConfidence = 0.5
	// DefaultMinLatinShare skips a field or sentence if fewer than half of
	// its letters are Latin.
	DefaultMinLatinShare = 0.5
)

// IDPrefix starts the id of every entity this package proposes.
const IDPrefix = gazetteer.UnlinkedPrefix

// SubtypeFacility is the Subtype of a place prose labels FACILITY: an
// airport, a stadium, a bridge.
const SubtypeFacility = "facility"

// Options configures a Recognizer. The zero value is the defaults.
type Options struct {
	// MaxBytes caps the text handed to prose per article, title first and
	// then the body, cut at a word boundary, so that one huge page cannot
	// stall the stream. Zero means DefaultMaxBytes.
	MaxBytes int
	// Confidence is the Confidence of every unlinked entity, in (0, 1):
	// 1 is the gazetteer's. Zero means DefaultConfidence.
	Confidence float64
	// MinLatinShare is the least share of Latin letters a field or a
	// sentence needs to be read, in [0, 1]: prose's model is English. The
	// caller picks English articles; this guards against Bangla text and
	// Bangla paragraphs inside them. Zero means DefaultMinLatinShare.
	MinLatinShare float64
}

// withDefaults fills the zero fields.
func (o Options) withDefaults() Options {
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Confidence == 0 {
		o.Confidence = DefaultConfidence
	}
	if o.MinLatinShare == 0 {
		o.MinLatinShare = DefaultMinLatinShare
	}
	return o
}

// Validate reports options that cannot work, after defaults are applied.
func (o Options) Validate() error {
	o = o.withDefaults()
	var errs []error
	if o.MaxBytes < 0 {
		errs = append(errs, fmt.Errorf("english: MaxBytes %d is negative", o.MaxBytes))
	}
	if !(o.Confidence > 0 && o.Confidence < 1) {
		errs = append(errs, fmt.Errorf("english: Confidence %v is not in (0, 1)", o.Confidence))
	}
	if !(o.MinLatinShare >= 0 && o.MinLatinShare <= 1) {
		errs = append(errs, fmt.Errorf("english: MinLatinShare %v is not in [0, 1]", o.MinLatinShare))
	}
	return errors.Join(errs...)
}

// Recognizer proposes English person, place and organisation names that
// the gazetteer did not link.
//
// It is safe for concurrent use, and one Recognizer should serve the whole
// process. It holds prose's model, decoded once by New (about 0.4 s and
// tens of MB), and shares it read-only: in prose v2.0.0 NewDocument with
// UsingModel only reads the model (the POS tagger's weight and tag maps,
// the entity classifier's weights, feature mapping and labels), while the
// tokens, tokenizer and every buffer belong to the document, which
// Unlinked builds per sentence and drops. prose's own globals are
// read-only maps and compiled regexps. The -race test runs goroutines on
// one Recognizer. Never train or write through the model (prose's
// ModelFromData, Model.Write): that is not covered.
type Recognizer struct {
	model *prose.Model
	opt   Options
}

// New loads prose's embedded model once and checks the options.
//
// prose has no exported loader for its default model; a document made
// without UsingModel decodes one, so New makes one empty document and keeps
// its model. Every later document is made with UsingModel; without it each
// would decode the model again (a third of a second each).
func New(opt Options) (r *Recognizer, err error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	defer func() {
		// prose panics where it could return an error: decoding its assets.
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("english: loading prose model: %v", p)
		}
	}()
	doc, err := prose.NewDocument("", prose.WithSegmentation(false))
	if err != nil {
		return nil, fmt.Errorf("english: loading prose model: %w", err)
	}
	if doc.Model == nil {
		return nil, errors.New("english: prose returned no model")
	}
	return &Recognizer{model: doc.Model, opt: opt.withDefaults()}, nil
}

// Options returns the options in effect, defaults filled in.
func (r *Recognizer) Options() Options { return r.opt }

// found is one located proposal, before grouping.
type found struct {
	field   int // fieldTitle or fieldBody
	bs, be  int // byte span in the field
	label   string
	key     string
	confirm bool // needs the body to name it too
}

const (
	fieldTitle = iota
	fieldBody
)

var fieldNames = [...]string{models.FieldTitle, models.FieldBody}

// Unlinked returns entities for the names prose finds in the English title
// and body that the gazetteer did not link, most salient first, or nil.
//
// prose's chunks are cut into names at job titles and at words that
// overlap a mention in known (same field, overlapping bytes), so no
// mention returned overlaps a linked one (see chunker.segments). A name
// is dropped when its normalised form equals a known entity's English
// name or surface form, or when it is a whole-word part of one
// ("Powell" beside a linked "Jerome Powell": a later reference to the
// same person, not a new one). Proposals from a title in headline case
// ("Fed Holds Rates As Powell Warns") are kept only if the body names them
// too, since prose tags most capitalised words there as a name.
//
// Each entity has the ID IDPrefix plus its normalised name in lower case
// with words joined by '-' ("unlinked:jerome-powell"), Confidence from the
// options, Type from prose's label (PERSON is PER; GPE, GSP, LOCATION and
// FACILITY are LOC; ORGANIZATION is ORG), Name.EN as first written, and
// mentions with code-point and byte offsets into their field. A lone
// surname is folded into the unlinked person whose name it ends
// ("Mansur" into "Ahsan H. Mansur").
//
// Salience is computed as the gazetteer's is (title 3, lead 2, body 1 plus
// up to 0.5 for early mentions, relative to the top entity) and then
// scaled by Confidence and by the lowest salience in known, and rounded
// down, so an unlinked entity never outranks, nor ties, a linked one with
// a salience above zero.
//
// It reads at most Options.MaxBytes: the title, then the body. It skips a
// field or sentence that is mostly not Latin script, and it never panics:
// if prose panics on a field, that field gives nothing.
func (r *Recognizer) Unlinked(title, body string, known []models.Entity) []models.Entity {
	texts := [2]string{title, body}
	knownSpans := mentionSpans(known)
	budget := r.opt.MaxBytes
	var all []found
	var sents []span
	var toks []string
	var spans []span
	for f, text := range texts {
		cut := budgetCut(text, budget)
		budget -= cut
		text = text[:cut]
		if share, upper := latinShare(text); !upper || share < r.opt.MinLatinShare {
			continue
		}
		confirm := f == fieldTitle && headlineCase(text)
		sents = splitSentences(text, sents[:0])
		var got []found
		ok := true
		for _, s := range sents {
			sent := text[s.start:s.end]
			if share, upper := latinShare(sent); !upper || share < r.opt.MinLatinShare {
				continue
			}
			ents, given, perr := r.prose(sent)
			if perr {
				ok = false
				break
			}
			c := chunker{text: text, field: f, confirm: confirm, known: knownSpans[f], given: given, floor: s.start}
			var inSent []found
			cursor := 0
			for _, e := range ents {
				toks = append(toks[:0], strings.Fields(e.Text)...)
				var located bool
				spans, located = locate(sent, toks, cursor, spans)
				if !located {
					continue // never guess an offset
				}
				cursor = spans[len(spans)-1].end
				for i := range spans {
					spans[i].start += s.start
					spans[i].end += s.start
				}
				inSent = c.segments(inSent, toks, spans, e.Label)
			}
			got = append(got, joinInitials(text, inSent)...)
		}
		if ok {
			all = append(all, got...)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return r.group(texts, all, known)
}

// mentionSpans returns the byte spans of known's mentions per field.
func mentionSpans(known []models.Entity) (out [2][]span) {
	for _, e := range known {
		for _, m := range e.Mentions {
			switch m.Field {
			case models.FieldTitle:
				out[fieldTitle] = append(out[fieldTitle], span{m.ByteStart, m.ByteEnd})
			case models.FieldBody:
				out[fieldBody] = append(out[fieldBody], span{m.ByteStart, m.ByteEnd})
			}
		}
	}
	return out
}

// chunker cuts prose's chunks of one sentence into names.
type chunker struct {
	text    string // the field
	field   int
	confirm bool
	known   []span // the linked mentions in the field
	// given holds the words of the sentence prose tagged as proper nouns
	// (NNP) but left outside every entity.
	given map[string]bool
	// floor is where the next name may start: the end of the sentence's
	// last name, so a name never reaches back into the one before.
	floor int
}

// segments appends the names in one prose chunk, given its tokens and
// their spans in the field. prose chains adjacent proper nouns into one
// chunk ("Federal Reserve Chair Jerome Powell"), so the chunk is cut at
// tokens the gazetteer already linked and at job titles. The part after a
// job title is a person; a part before one ("Federal Reserve") is kept
// only if it has two words or more, and never as a person. Each part then
// loses leading honorifics and trailing punctuation (nameRange), and one
// that ends in an organisation's head word ("Bangladesh Bank") is an
// organisation whatever prose said: prose's types are its weakest output.
// A person takes back up to two proper nouns just before it that prose
// left out: it often labels only the surname ("Chief Executive Mary
// Barra" gives "Barra").
func (c *chunker) segments(dst []found, toks []string, spans []span, label string) []found {
	emit := func(lo, hi int, lb string) {
		a, b := nameRange(toks[lo:hi])
		if a >= b {
			return
		}
		if orgHeads[strings.TrimSuffix(toks[lo+b-1], ".")] {
			lb = "ORGANIZATION"
		}
		bs, be := spans[lo+a].start, spans[lo+b-1].end
		if lb == "PERSON" {
			bs = c.extendLeft(bs)
		}
		if bs < c.floor {
			return
		}
		dst = append(dst, found{field: c.field, label: lb, confirm: c.confirm, bs: bs, be: be})
		c.floor = be
	}
	start := 0
	afterTitle := false
	flush := func(end int, beforeTitle bool) {
		if start < end {
			switch {
			case afterTitle:
				emit(start, end, "PERSON")
			case beforeTitle:
				if end-start >= 2 {
					lb := label
					if lb == "PERSON" {
						lb = "ORGANIZATION"
					}
					emit(start, end, lb)
				}
			default:
				emit(start, end, label)
			}
		}
	}
	for i, t := range toks {
		linked := overlapsAny(spans[i], c.known)
		title := jobTitles[strings.TrimSuffix(t, ".")]
		if linked || title {
			flush(i, title)
			start = i + 1
			afterTitle = title || afterTitle && !linked
		}
	}
	flush(len(toks), false)
	return dst
}

// extendLeft returns where a person's name starting at bs starts once it
// takes back the proper nouns prose left out before it (see segments).
func (c *chunker) extendLeft(bs int) int {
	for n := 0; n < 2; n++ {
		j := bs
		for j > c.floor && c.text[j-1] == ' ' {
			j--
		}
		k := j
		for k > c.floor {
			r, size := utf8.DecodeLastRuneInString(c.text[c.floor:k])
			if !isWordRune(r) && r != '-' {
				break
			}
			k -= size
		}
		word := c.text[k:j]
		if j == bs || word == "" || !c.given[word] || !hasUpper(word[:1]) ||
			jobTitles[word] || honorifics[word] || functionWords[strings.ToLower(word)] ||
			overlapsAny(span{k, j}, c.known) {
			break
		}
		bs = k
	}
	return bs
}

func overlapsAny(s span, in []span) bool {
	for _, k := range in {
		if s.start < k.end && k.start < s.end {
			return true
		}
	}
	return false
}

// orgHeads are the last words of organisations' names.
var orgHeads = map[string]bool{
	"Bank": true, "Commission": true, "Fund": true, "Corp": true,
	"Corporation": true, "Inc": true, "Ltd": true, "Limited": true,
	"Group": true, "Ministry": true, "Party": true, "University": true,
	"Council": true, "Agency": true, "Association": true, "Company": true,
	"Committee": true, "League": true, "Authority": true, "Court": true,
	"Police": true, "Army": true, "Navy": true, "Institute": true,
	"Organisation": true, "Organization": true, "Federation": true,
	"Board": true, "Department": true, "Reserve": true, "Parliament": true,
	"Assembly": true, "Senate": true, "Congress": true, "Foundation": true,
	"Trust": true, "Holdings": true, "Airlines": true, "Airways": true,
	"Club": true, "Front": true, "Alliance": true, "Forum": true,
	"Society": true, "Exchange": true, "Office": true, "Services": true,
	"Force": true, "Forces": true, "Battalion": true, "Brigade": true, "Guard": true, "Cabinet": true,
	"Secretariat": true, "Times": true, "Post": true, "Tribune": true,
}

// jobTitles are capitalised words of job titles that prose chains with
// the name after them. Words that also start organisations' and places'
// names are left out: General (Motors), Major (League), Justice
// (Department), King, Queen and Prince (King's College, Prince George's
// County).
var jobTitles = map[string]bool{
	"President": true, "Vice": true, "Prime": true, "Minister": true,
	"Chancellor": true, "Secretary": true, "Chair": true, "Chairman": true,
	"Chairwoman": true, "Chairperson": true, "Governor": true, "Gov": true,
	"Senator": true, "Sen": true, "Rep": true, "Representative": true,
	"Mayor": true, "Pope": true, "Gen": true, "Commander": true,
	"Chief": true, "CEO": true, "Director": true, "Ambassador": true,
	"Spokesman": true, "Spokeswoman": true, "Spokesperson": true,
	"Judge": true, "Adviser": true, "Advisor": true, "Speaker": true,
	"Captain": true, "Capt": true, "Coach": true, "Deputy": true,
	"Inspector": true, "Superintendent": true, "Professor": true,
	"Lt": true, "Col": true, "Colonel": true, "Lieutenant": true,
	"Sergeant": true, "Sgt": true, "Maj": true, "Admiral": true, "Adm": true,
	"Executive": true, "Officer": true,
}

// prose runs prose's tagger and entity extractor over one sentence and
// returns its entities and the proper nouns outside them (see
// chunker.given). It reports panicked when prose panicked, which it does
// for errors.
func (r *Recognizer) prose(sent string) (ents []prose.Entity, given map[string]bool, panicked bool) {
	defer func() {
		if recover() != nil {
			ents, given, panicked = nil, nil, true
		}
	}()
	// prose's chunker only closes an entity at the next outside token, so
	// a name that ends the text (a title, a sentence without a full stop)
	// would be lost; a final full stop closes it.
	if last, _ := utf8.DecodeLastRuneInString(sent); isWordRune(last) {
		sent += " ."
	}
	// Segmentation off: we split sentences ourselves, and prose's
	// segmenter would reload its training data for every document.
	doc, err := prose.NewDocument(sent, prose.UsingModel(r.model), prose.WithSegmentation(false))
	if err != nil {
		return nil, nil, false
	}
	ents = doc.Entities()
	if len(ents) == 0 {
		return nil, nil, false
	}
	for _, t := range doc.Tokens() {
		if t.Tag == "NNP" && t.Label == "O" {
			if given == nil {
				given = map[string]bool{}
			}
			given[t.Text] = true
		}
	}
	return ents, given, false
}

// nameRange returns the tokens [lo, hi) that form the name: without
// leading or trailing punctuation, a trailing possessive, or leading
// honorifics ("Mr. Smith" is Smith, and found under the same id as
// "Smith").
func nameRange(toks []string) (lo, hi int) {
	lo, hi = 0, len(toks)
	for hi > lo && (!hasWordRune(toks[hi-1]) || isPossessive(toks[hi-1])) {
		hi--
	}
	for lo < hi && (!hasWordRune(toks[lo]) || honorifics[strings.TrimSuffix(toks[lo], ".")]) {
		lo++
	}
	return lo, hi
}

func hasWordRune(s string) bool { return strings.IndexFunc(s, isWordRune) >= 0 }

func isPossessive(tok string) bool {
	switch tok {
	case "'s", "'S", "’s", "'":
		return true
	}
	return false
}

// honorifics are titles that precede a name but are not part of it.
var honorifics = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Miss": true, "Dr": true,
	"Prof": true, "Sir": true, "Dame": true,
}

// joinInitials joins a name that prose split at an initial's full stop
// ("Ahsan H" and "Mansur" in "Ahsan H. Mansur"): its tokenizer makes the
// stop a token of its own, which ends the entity.
func joinInitials(text string, in []found) []found {
	out := in[:0]
	for _, f := range in {
		if n := len(out); n > 0 {
			p := &out[n-1]
			gap := text[p.be:f.bs]
			if strings.HasPrefix(gap, ".") && strings.TrimSpace(gap[1:]) == "" && len(gap) > 1 && endsWithInitial(text[p.bs:p.be]) {
				p.be = f.be
				if f.label == "PERSON" {
					p.label = "PERSON"
				}
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// endsWithInitial reports whether s ends with a lone capital letter.
func endsWithInitial(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	if n == len(s) {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
	return unicode.IsSpace(p)
}

// headlineCase reports whether a title capitalises most of its words
// ("Fed Holds Rates Steady As Powell Warns"), where capitals say nothing
// about names. Short function words are not counted either way.
func headlineCase(title string) bool {
	words, caps := 0, 0
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !isWordRune(r) && r != '\'' && r != '’' }) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || functionWords[strings.ToLower(w)] {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return words >= 3 && caps*4 >= words*3
}

var functionWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "on": true,
	"at": true, "to": true, "for": true, "and": true, "or": true, "but": true,
	"as": true, "by": true, "with": true, "from": true, "is": true, "vs": true,
}

// nameKey is the normalised form of a name: gazetteer.Key (lower case,
// Latin diacritics and quote variants folded), with every run of
// characters that are not letters, digits or inner apostrophes made one
// space. "Mr. O’Brien" and "mr obrien" differ, "O’Brien" and "o'brien" do
// not.
func nameKey(s string) string {
	k := gazetteer.Key(s)
	var b strings.Builder
	b.Grow(len(k))
	pending := false
	var prev rune
	for i, r := range k {
		keep := isWordRune(r)
		if r == '\'' && isWordRune(prev) {
			next, _ := utf8.DecodeRuneInString(k[i+1:])
			keep = isWordRune(next)
		}
		if !keep {
			pending = true
		} else {
			if pending && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pending = false
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// stopNames are words prose labels as names that are never entities
// worth proposing: days and months.
var stopNames = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true,
	"may": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true,
}

// entityType maps a prose label to our type; ok is false for labels we
// do not propose.
func entityType(label string) (t models.EntityType, subtype string, ok bool) {
	switch label {
	case "PERSON":
		return models.PER, "", true
	case "GPE", "GSP", "LOCATION":
		return models.LOC, "", true
	case "FACILITY":
		return models.LOC, SubtypeFacility, true
	case "ORGANIZATION", "ORG":
		return models.ORG, "", true
	}
	return "", "", false
}

// group filters the proposals against known, groups them by name and
// builds the entities.
func (r *Recognizer) group(texts [2]string, all []found, known []models.Entity) []models.Entity {
	// What the gazetteer linked: spans per field, and names.
	knownKeys := map[string]bool{}
	var knownNames []string // " key " for part-of tests
	addKey := func(s string) {
		if k := nameKey(s); k != "" && !knownKeys[k] {
			knownKeys[k] = true
			knownNames = append(knownNames, " "+k+" ")
		}
	}
	for _, e := range known {
		addKey(e.Name.EN)
		for _, m := range e.Mentions {
			addKey(m.Surface)
		}
	}
	isKnown := func(k string) bool {
		if knownKeys[k] {
			return true
		}
		pad := " " + k + " "
		for _, n := range knownNames {
			if strings.Contains(n, pad) {
				return true
			}
		}
		return false
	}

	// Filter, and note the names the body gives, to confirm the title's.
	kept := all[:0]
	inBody := map[string]bool{}
	for _, f := range all {
		if _, _, ok := entityType(f.label); !ok {
			continue
		}
		surface := texts[f.field][f.bs:f.be]
		if !hasUpper(surface) {
			continue
		}
		f.key = nameKey(surface)
		if utf8.RuneCountInString(f.key) < 2 || stopNames[f.key] || isKnown(f.key) {
			continue
		}
		if f.field == fieldBody {
			inBody[f.key] = true
		}
		kept = append(kept, f)
	}

	// Group by key, in order of first mention.
	type group struct {
		key     string
		first   found // first mention before surnames join: the name
		ments   []found
		votes   map[string]int
		firstLb string
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, f := range kept {
		if f.confirm && !inBody[f.key] {
			continue
		}
		g := byKey[f.key]
		if g == nil {
			g = &group{key: f.key, first: f, votes: map[string]int{}, firstLb: f.label}
			byKey[f.key] = g
			groups = append(groups, g)
		}
		g.ments = append(g.ments, f)
		g.votes[f.label]++
	}
	label := func(g *group) string {
		best, n := g.firstLb, g.votes[g.firstLb]
		// Labels in a fixed order, so a tie cannot depend on map order.
		for _, l := range [...]string{"PERSON", "ORGANIZATION", "ORG", "GPE", "GSP", "LOCATION", "FACILITY"} {
			if g.votes[l] > n {
				best, n = l, g.votes[l]
			}
		}
		return best
	}

	// A lone surname joins the one person whose name ends with it.
	var out []*group
	for _, g := range groups {
		if !strings.Contains(g.key, " ") {
			var into *group
			n := 0
			for _, h := range groups {
				if h != g && label(h) == "PERSON" && strings.HasSuffix(h.key, " "+g.key) {
					into, n = h, n+1
				}
			}
			if n == 1 {
				into.ments = append(into.ments, g.ments...)
				continue
			}
		}
		out = append(out, g)
	}

	// Build, with the gazetteer's mention weights.
	weights := gazetteer.NewWeights(texts[fieldBody])
	ents := make([]models.Entity, 0, len(out))
	score := make([]float64, 0, len(out))
	for _, g := range out {
		slices.SortFunc(g.ments, func(a, b found) int {
			if a.field != b.field {
				return a.field - b.field
			}
			return a.bs - b.bs
		})
		typ, sub, _ := entityType(label(g))
		first := g.first
		e := models.Entity{
			ID:         IDPrefix + strings.ReplaceAll(g.key, " ", "-"),
			Type:       typ,
			Subtype:    sub,
			Name:       models.Names{EN: strings.Join(strings.Fields(texts[first.field][first.bs:first.be]), " ")},
			Confidence: r.opt.Confidence,
		}
		var s float64
		var rc runeCounter
		field := -1
		for _, m := range g.ments {
			if m.field != field {
				field, rc = m.field, runeCounter{text: texts[m.field]}
			}
			e.Mentions = append(e.Mentions, models.Mention{
				Surface: texts[m.field][m.bs:m.be], Field: fieldNames[m.field],
				Start: rc.at(m.bs), End: rc.at(m.be), ByteStart: m.bs, ByteEnd: m.be,
			})
			s += weights.Of(fieldNames[m.field], m.bs)
		}
		e.Count = len(e.Mentions)
		ents = append(ents, e)
		score = append(score, s)
	}
	top := slices.Max(score)
	floor := gazetteer.LinkedFloor(known)
	for i := range ents {
		ents[i].Salience = gazetteer.BelowLinked(score[i], top, r.opt.Confidence, floor)
	}
	gazetteer.SortEntities(ents)
	return ents
}

func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }

// runeCounter converts increasing byte offsets of one text to code-point
// offsets, counting each stretch once.
type runeCounter struct {
	text       string
	byte, rune int
}

func (c *runeCounter) at(b int) int {
	if b < c.byte {
		c.byte, c.rune = 0, 0
	}
	c.rune += utf8.RuneCountInString(c.text[c.byte:b])
	c.byte = b
	return c.rune
}
