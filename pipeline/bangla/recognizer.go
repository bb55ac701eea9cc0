package bangla

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

//go:embed data/persons.tsv.gz
var defaultModel []byte

// Default returns the model shipped with the product, trained by
// internal/trainner.
func Default() (*Model, error) { return Load(bytes.NewReader(defaultModel)) }

// DefaultConfidence is the confidence of every proposed person. On the
// test split of the rifat1493 set about seven in eight of the people's
// names found are right, span and all (0.885 with the gazetteer's), but
// that set is the training data's kind of news; 0.6 leaves room for text
// unlike it, and stays below an unlisted place's 0.7, which rests on a
// rule.
const DefaultConfidence = 0.6

// Subtype is the Subtype of every proposed person.
const Subtype = "person"

// Recognizer proposes people's names in Bangla text that the gazetteer
// did not link. It is safe for concurrent use; each call in progress
// holds up to about 4 MiB of the words seen before (see scratch).
type Recognizer struct {
	model      *Model
	confidence float64
	// scratch holds *scratch between calls, so that a call allocates
	// next to nothing.
	scratch sync.Pool
}

// scratch is the working memory of Unlinked.
type scratch struct {
	toks, norm []Token
	// joins marks the tokens whose runes Normalize joins (see
	// tokenize), and joined is one of them joined.
	joins  []bool
	joined []byte
	// lexemes are the words seen in the calls as the model scores them,
	// and index finds a normalised word's. They are kept from call to
	// call, up to maxLexemes: news repeats its words across articles as
	// well as within them (nine tokens in ten of a day's news are a word
	// seen before that day, six in ten one seen before in the same
	// article), and building a lexeme costs as much as all the rest of
	// tagging a word. words holds their text, copied from the texts of
	// the calls, which the scratch must not keep. The lexemes are held
	// in blocks, which never move as more are added.
	lexemes  []*[lexemeBlock]lexeme
	nLexemes int32
	index    map[string]int32
	words    strings.Builder
	// ids are each token's lexeme, and sentence a sentence's lexemes.
	ids      []int32
	sentence []*lexeme
	lattice  lattice
	tags     []tag
	spans    [][2]int
}

// lexeme returns lexeme id.
func (sc *scratch) lexeme(id int32) *lexeme { return &sc.lexemes[id/lexemeBlock][id%lexemeBlock] }

// lexemeBlock is how many lexemes a block of scratch.lexemes holds.
const lexemeBlock = 1024

// maxLexemes bounds the lexemes a scratch keeps, about 4 MiB with their
// index: a day of news has some 15,000 distinct words.
const maxLexemes = 1 << 14

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

// mention is one proposed name in a field, before grouping: its byte
// and code-point spans, and its key (see surfaceKey).
type mention struct {
	field  string
	bs, be int
	cs, ce int
	key    string
}

// Unlinked returns the people the model finds in the Bangla title and
// body whose mentions no linked entity's mention overlaps, as unlinked
// PER entities, most salient first, or nil.
//
// A person's id is "unlinked:" and the name as first written in its
// shortest form, normalised, its words joined by '-': a mention whose
// last word, without its case ending, gives another mention's name is
// that person (খালেদা জিয়ার beside খালেদা জিয়া is unlinked:খালেদা-জিয়া),
// but a name is never cut on its own, since many end as a case ending
// does (আবদুল কাদের, শাহনাজ আক্তার). A proposal whose id a known entity
// already has is dropped. Salience is computed as the gazetteer's is
// (title 3, lead 2, body 1 plus up to 0.5 for early mentions, relative to
// the top person) and then scaled by the confidence and by the lowest
// salience among the linked entities, and rounded down, so that a
// proposal never outranks, nor ties, a linked entity.
func (r *Recognizer) Unlinked(title, body string, known []models.Entity) []models.Entity {
	sc, _ := r.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{index: make(map[string]int32, lexemeBlock)}
	}
	if sc.nLexemes >= maxLexemes {
		sc.forget()
	}
	defer r.scratch.Put(sc)
	// The tokens keep strings of the text: they are dropped before the
	// scratch goes back to the pool.
	defer sc.reset()
	var found []mention
	for _, field := range [2]string{models.FieldTitle, models.FieldBody} {
		text := body
		if field == models.FieldTitle {
			text = title
		}
		toks, valid := r.lexemes(sc, text)
		// Mentions are placed in code points, counted on from the last
		// one: the whole text is counted, and counting the valid UTF-8
		// most texts are is several times faster.
		runes := utf8.RuneCountInString
		if valid {
			runes = runeCount
		}
		taken := linkedSpans(known, field)
		lastB, lastC := 0, 0 // code points are counted on from the last mention
		for from := 0; from < len(toks); {
			// A sentence ends at its punctuation or at a line break.
			to := from
			for to < len(toks) && !endsSentence(toks[to].Text) && (to == from || !newlineBetween(text, toks, to)) {
				to++
			}
			if to < len(toks) && endsSentence(toks[to].Text) {
				to++
			}
			sc.sentence = sc.sentence[:0]
			for _, id := range sc.ids[from:to] {
				sc.sentence = append(sc.sentence, sc.lexeme(id))
			}
			sc.tags = r.model.tagLexemes(sc.sentence, &sc.lattice, sc.tags[:0])
			sc.spans = spansOf(sc.tags, sc.spans[:0])
			for _, sp := range sc.spans {
				bs, be := toks[from+sp[0]].Start, toks[from+sp[1]-1].End
				if overlaps(bs, be, taken) {
					continue
				}
				key := surfaceKey(text[bs:be])
				if utf8.RuneCountInString(key) < 2 {
					continue
				}
				cs := lastC + runes(text[lastB:bs])
				ce := cs + runes(text[bs:be])
				lastB, lastC = be, ce
				found = append(found, mention{field: field, bs: bs, be: be, cs: cs, ce: ce, key: key})
			}
			from = to
		}
	}
	if len(found) == 0 {
		return nil
	}
	return r.group(title, body, found, known)
}

// lexemes returns the tokens of text and whether it is valid UTF-8, and
// sets sc.ids to their lexemes, adding the words not seen before to
// sc.lexemes.
func (r *Recognizer) lexemes(sc *scratch, text string) ([]Token, bool) {
	// A word is its token normalised as part of the text. Most often
	// Normalize leaves a text as it is but for runes it joins within
	// tokens, and tokenize finds the tokens where it does. Otherwise the
	// words are the tokens of the text normalised as a whole, or, if
	// normalising joins or splits tokens, each token normalised by
	// itself.
	toks, joins, need := tokenize(text, sc.toks[:0], sc.joins[:0])
	sc.toks, sc.joins = toks, joins
	norm := toks
	if need == whole {
		sc.norm = Tokenize(normalText(text), sc.norm[:0])
		norm = sc.norm
	}
	sc.ids = sc.ids[:0]
	for i, tok := range toks {
		var id int32
		switch {
		case need == whole && len(norm) == len(toks):
			id = r.lexemeOf(sc, norm[i].Text)
		case need == whole:
			id = r.lexemeOf(sc, gazetteer.Normalize(tok.Text))
		case joins[i]:
			sc.joined = appendJoined(sc.joined[:0], tok.Text)
			var ok bool
			if id, ok = sc.index[string(sc.joined)]; !ok { // a lookup copies nothing
				id = r.lexemeOf(sc, string(sc.joined))
			}
		default:
			id = r.lexemeOf(sc, tok.Text)
		}
		sc.ids = append(sc.ids, id)
	}
	// tokenize finds text that is not valid UTF-8 to need Normalize.
	return toks, need != whole || utf8.ValidString(text)
}

// lexemeOf returns the lexeme of a normalised word, made if new.
func (r *Recognizer) lexemeOf(sc *scratch, word string) int32 {
	if id, ok := sc.index[word]; ok {
		return id
	}
	word = sc.keep(word)
	w := newNormalWord(word)
	id := sc.nLexemes
	if int(id/lexemeBlock) == len(sc.lexemes) {
		sc.lexemes = append(sc.lexemes, new([lexemeBlock]lexeme))
	}
	*sc.lexeme(id) = r.model.lexeme(&w)
	sc.nLexemes++
	sc.index[word] = id
	return id
}

// keep returns a copy of word in sc.words. The bytes a strings.Builder
// has written never change as it takes more, so the copy stays as it
// is; a full builder is left to the strings in it and a new one started,
// never reset.
func (sc *scratch) keep(word string) string {
	if sc.words.Cap()-sc.words.Len() < len(word) {
		sc.words = strings.Builder{}
		sc.words.Grow(max(wordsChunk, len(word)))
	}
	start := sc.words.Len()
	sc.words.WriteString(word)
	return sc.words.String()[start:]
}

// wordsChunk is how much word text a scratch.words builder holds.
const wordsChunk = 64 << 10

// forget drops the lexemes sc keeps.
func (sc *scratch) forget() {
	for _, b := range sc.lexemes {
		clear(b[:])
	}
	sc.nLexemes = 0
	clear(sc.index)
	sc.words = strings.Builder{}
}

// reset drops what sc holds of a call's text.
func (sc *scratch) reset() {
	clear(sc.toks)
	clear(sc.norm)
	clear(sc.sentence)
	clear(sc.lattice.pad)
	// A sentence with no end but the text's (a body without a danda or
	// a line break) grows the lattice to 40 bytes a word; the pool keeps
	// no such lattice.
	if cap(sc.lattice.scores) > maxLatticeWords {
		sc.lattice.scores, sc.lattice.back = nil, nil
	}
}

// maxLatticeWords bounds the words of the lattice a scratch keeps:
// a sentence of news has some twenty.
const maxLatticeWords = 1 << 12

// runeCount is utf8.RuneCountInString for valid UTF-8, where a rune
// starts at every byte but the continuation bytes (10xxxxxx), counted
// eight bytes at a time.
func runeCount(s string) int {
	n := len(s)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		n -= bits.OnesCount64(w &^ (w << 1) & 0x8080808080808080)
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

// newlineBetween reports a line break between token i-1 and token i: a
// sentence never runs across one.
func newlineBetween(text string, toks []Token, i int) bool {
	return i > 0 && strings.ContainsRune(text[toks[i-1].End:toks[i].Start], '\n')
}

// linkedSpans returns the byte spans in field of the mentions of known's
// linked entities: a proposal with a lower confidence, such as an
// unlisted place, does not hide a person.
func linkedSpans(known []models.Entity, field string) [][2]int {
	var out [][2]int
	for _, e := range known {
		if e.Confidence < 1 {
			continue
		}
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

// surfaceKey is a name as written, normalised, its words joined by '-'.
func surfaceKey(surface string) string {
	var b strings.Builder
	b.Grow(len(surface))
	for f := range strings.FieldsSeq(normalText(surface)) {
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(f)
	}
	return b.String()
}

// stemKey is a key with the case ending, if any, cut off its last word.
func stemKey(key string) string {
	i := strings.LastIndexByte(key, '-') + 1
	return key[:i] + stem(key[i:])
}

func (r *Recognizer) group(title, body string, found []mention, known []models.Entity) []models.Entity {
	floor := gazetteer.LinkedFloor(known)
	taken := map[string]bool{}
	for _, e := range known {
		taken[e.ID] = true
	}
	// A key whose stem is another mention's key names that person.
	keys := map[string]bool{}
	for _, f := range found {
		keys[f.key] = true
	}
	for i, f := range found {
		if st := stemKey(f.key); st != f.key && keys[st] {
			found[i].key = st
		}
	}
	weights := gazetteer.NewWeights(body)
	byKey := map[string]int{}
	var out []models.Entity
	var score []float64
	for _, f := range found {
		text := body
		if f.field == models.FieldTitle {
			text = title
		}
		if taken[gazetteer.UnlinkedPrefix+f.key] {
			continue
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
		out[at].Mentions = append(out[at].Mentions, models.Mention{
			Surface: text[f.bs:f.be], Field: f.field,
			Start: f.cs, End: f.ce, ByteStart: f.bs, ByteEnd: f.be,
		})
		out[at].Count++
		score[at] += weights.Of(f.field, f.bs)
	}
	if len(out) == 0 {
		return nil
	}
	top := 0.0
	for _, s := range score {
		top = max(top, s)
	}
	for i := range out {
		out[i].Salience = gazetteer.BelowLinked(score[i], top, r.confidence, floor)
	}
	gazetteer.SortEntities(out)
	return out
}

// String describes the recogniser for logs.
func (r *Recognizer) String() string {
	return fmt.Sprintf("bangla person tagger (%d features, confidence %.2g)", r.model.Features(), r.confidence)
}
