package bangla

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

//go:embed data/persons.tsv.gz
var defaultModel []byte

// Default returns the model shipped with the product, trained by
// internal/trainner.
func Default() (*Model, error) { return Load(bytes.NewReader(defaultModel)) }

// DefaultConfidence is the confidence of every proposed person: on the
// test split of the rifat1493 set, about five in six of the names the
// tagger proposes are people's names with the right span.
const DefaultConfidence = 0.6

// Subtype is the Subtype of every proposed person.
const Subtype = "person"

// Recognizer proposes people's names in Bangla text that the gazetteer
// did not link. It is safe for concurrent use.
type Recognizer struct {
	model      *Model
	confidence float64
}

// New returns a Recognizer for model (Default's if nil).
func New(model *Model) (*Recognizer, error) {
	if model == nil {
		var err error
		if model, err = Default(); err != nil {
			return nil, err
		}
	}
	return &Recognizer{model: model, confidence: DefaultConfidence}, nil
}

// Persons returns the token spans [from, to) of the people's names in a
// sentence of tokens: what gazetteer.EvalNER asks of a Proposer.
func (r *Recognizer) Persons(tokens []string) [][2]int { return r.model.Persons(tokens) }

// mention is one proposed name in a field, before grouping.
type mention struct {
	field  string
	bs, be int
	key    string
}

// Unlinked returns the people the model finds in the Bangla title and
// body whose mentions no linked entity's mention overlaps, as unlinked
// PER entities, most salient first, or nil.
//
// A person's id is "unlinked:" and the name, normalised, its words
// joined by '-', the last word without its case ending ("খালেদা জিয়ার"
// is unlinked:খালেদা-জিয়া): mentions of one name in different cases are
// one entity. Salience is computed as the gazetteer's is (title 3, lead
// 2, body 1 plus up to 0.5 for early mentions, relative to the top
// person) and then scaled by the confidence and by the lowest salience
// among known, and rounded down, so that a proposal never outranks, nor
// ties, a linked entity.
func (r *Recognizer) Unlinked(title, body string, known []models.Entity) []models.Entity {
	var found []mention
	// toks are the field's tokens; norm the same tokens of the field
	// normalised as a whole, once, which is far cheaper than word by word.
	var toks, norm []Token
	var ws []word
	var tags []tag
	var buf []uint64
	var spans [][2]int
	for _, field := range [2]string{models.FieldTitle, models.FieldBody} {
		text := body
		if field == models.FieldTitle {
			text = title
		}
		toks = Tokenize(text, toks[:0])
		norm = Tokenize(gazetteer.Normalize(text), norm[:0])
		if len(norm) != len(toks) {
			norm = norm[:0] // normalised word by word below instead
		}
		taken := knownSpans(known, field)
		for from := 0; from < len(toks); {
			to := from
			for to < len(toks) && !endsSentence(toks[to].Text) && !newlineBetween(text, toks, to) {
				to++
			}
			if to < len(toks) && endsSentence(toks[to].Text) {
				to++
			}
			ws = ws[:0]
			for i := from; i < to; i++ {
				if len(norm) > 0 {
					ws = append(ws, newNormalWord(norm[i].Text))
				} else {
					ws = append(ws, newWord(toks[i].Text))
				}
			}
			tags, buf = r.model.tagWords(ws, tags[:0], buf)
			spans = spansOf(tags, spans[:0])
			for _, s := range spans {
				bs, be := toks[from+s[0]].Start, toks[from+s[1]-1].End
				if overlaps(bs, be, taken) {
					continue
				}
				if key := nameKey(text[bs:be]); key != "" {
					found = append(found, mention{field: field, bs: bs, be: be, key: key})
				}
			}
			from = max(to, from+1)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return r.group(title, body, found, known)
}

// newlineBetween reports a line break between token i-1 and token i: a
// sentence never runs across one.
func newlineBetween(text string, toks []Token, i int) bool {
	return i > 0 && strings.ContainsRune(text[toks[i-1].End:toks[i].Start], '\n')
}

// knownSpans returns the byte spans of known's mentions in field.
func knownSpans(known []models.Entity, field string) [][2]int {
	var out [][2]int
	for _, e := range known {
		for _, m := range e.Mentions {
			if m.Field == field {
				out = append(out, [2]int{m.ByteStart, m.ByteEnd})
			}
		}
	}
	return out
}

func overlaps(bs, be int, in [][2]int) bool {
	for _, s := range in {
		if bs < s[1] && s[0] < be {
			return true
		}
	}
	return false
}

// nameKey is a name's grouping key: normalised, the words joined by '-',
// the last without its case ending; "" for a name of fewer than two
// letters.
func nameKey(surface string) string {
	words := strings.Fields(gazetteer.Normalize(surface))
	if len(words) == 0 {
		return ""
	}
	words[len(words)-1] = stem(words[len(words)-1])
	key := strings.Join(words, "-")
	if utf8.RuneCountInString(key) < 2 {
		return ""
	}
	return key
}

// Mention weights for salience, as the gazetteer's.
const (
	weightTitle = 3.0
	weightLead  = 2.0
	weightBody  = 1.0
	weightEarly = 0.5
)

func (r *Recognizer) group(title, body string, found []mention, known []models.Entity) []models.Entity {
	floor := 1.0
	for _, e := range known {
		floor = min(floor, e.Salience)
	}
	leadEnd := strings.Index(body, "\n\n")
	if leadEnd < 0 {
		leadEnd = len(body)
	}
	byKey := map[string]int{}
	var out []models.Entity
	var score []float64
	for _, f := range found {
		text, w := body, weightBody+weightEarly*(1-float64(f.bs)/float64(len(body)+1))
		switch {
		case f.field == models.FieldTitle:
			text, w = title, weightTitle
		case f.bs < leadEnd:
			w = weightLead
		}
		at, ok := byKey[f.key]
		if !ok {
			at = len(out)
			byKey[f.key] = at
			out = append(out, models.Entity{
				ID: gazetteer.UnlinkedPrefix + f.key, Type: models.PER, Subtype: Subtype,
				Name:       models.Names{BN: strings.ReplaceAll(f.key, "-", " ")},
				Confidence: r.confidence,
			})
			score = append(score, 0)
		}
		cs := utf8.RuneCountInString(text[:f.bs])
		out[at].Mentions = append(out[at].Mentions, models.Mention{
			Surface: text[f.bs:f.be], Field: f.field,
			Start: cs, End: cs + utf8.RuneCountInString(text[f.bs:f.be]),
			ByteStart: f.bs, ByteEnd: f.be,
		})
		out[at].Count++
		score[at] += w
	}
	top := 0.0
	for _, s := range score {
		top = max(top, s)
	}
	for i := range out {
		out[i].Salience = math.Floor(score[i]/top*r.confidence*floor*1e4) / 1e4
	}
	gazetteer.SortEntities(out)
	return out
}

// String describes the recogniser for logs.
func (r *Recognizer) String() string {
	return fmt.Sprintf("bangla person tagger (%d features, confidence %.2g)", r.model.Features(), r.confidence)
}
