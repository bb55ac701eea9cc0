package bangla

// The tagger scores words from lexemes: the weights of all the features
// a word takes part in, looked up once per distinct word, since news
// repeats its words (see scratch). Training reads the features
// themselves (features and Model.sum); TestScoresMatchFeatures holds the
// two together.

// lexeme is a word as the tagger scores it: the weights of the features
// that depend on the word alone, in features' order.
type lexeme struct {
	norm, stem string
	digit      bool
	namePart   bool
	// prevWord is the word's hash as the word before another (see
	// wordHashes.prevWord): the one feature of a pair of words.
	prevWord fhash
	// own is the sum of the weights of the bias and the word's own
	// features (fWord to fSuffix3), added in features' order, so that it
	// is the score features would have reached at that point.
	own         [nTags]float32
	len         [nTags]float32
	wordAt      [4][nTags]float32
	stemAt      [4][nTags]float32
	prevTagStem [nTags][nTags]float32
}

// lexemeKeys is how many of a word's features a lexeme looks up: the
// bias and six own features, the length, four wordAt, four stemAt and
// one prevTagStem per tag.
const lexemeKeys = 7 + 1 + 4 + 4 + int(nTags)

// lexeme looks up the weights of w's features.
func (m *Model) lexeme(w *word) lexeme {
	h := &w.h
	keys := [lexemeKeys]fhash{
		biasHash, h.word, h.stem, h.prefix3, h.suffix1, h.suffix2, h.suffix3,
		h.len,
		h.wordAt[0], h.wordAt[1], h.wordAt[2], h.wordAt[3],
		h.stemAt[0], h.stemAt[1], h.stemAt[2], h.stemAt[3],
		h.prevTagStem[0], h.prevTagStem[1], h.prevTagStem[2],
	}
	var ws [lexemeKeys][nTags]float32
	m.lookup(&keys, &ws)
	l := lexeme{norm: w.norm, stem: w.stem, digit: w.digit, namePart: w.namePart, prevWord: h.prevWord}
	for _, x := range ws[:7] {
		add(&l.own, &x)
	}
	l.len = ws[7]
	copy(l.wordAt[:], ws[8:12])
	copy(l.stemAt[:], ws[12:16])
	copy(l.prevTagStem[:], ws[16:19])
	return l
}

// lookup sets ws[i] to the weights of keys[i], zero for a feature the
// model does not have.
func (m *Model) lookup(keys *[lexemeKeys]fhash, ws *[lexemeKeys][nTags]float32) {
	for i, k := range keys {
		if w := m.find(uint64(k)); w != nil {
			ws[i] = *w
		}
	}
}

// add adds w to sc. A feature the model lacks adds zeros, where Model.sum
// adds nothing: the sums differ at most in the sign of a zero, which no
// comparison sees.
func add(sc, w *[nTags]float32) {
	sc[0] += w[0]
	sc[1] += w[1]
	sc[2] += w[2]
}

// constants are the weights of the features that do not depend on the
// words, and the sentence edges as lexemes: looked up once, when the
// model is built.
type constants struct {
	prevTag  [nTags][nTags]float32
	digit    [nTags]float32
	age      [nTags]float32
	namePart [3][nTags]float32
	// edges are the words before the first and after the last.
	edges [2]lexeme
}

// lookupConstants fills m.constants; m.table must be built.
func (m *Model) lookupConstants() {
	c := &m.constants
	for t := range nTags {
		c.prevTag[t], _ = m.weights(uint64(prevTagHash[t]))
	}
	c.digit, _ = m.weights(uint64(digitHash))
	c.age, _ = m.weights(uint64(ageHash))
	for k := range c.namePart {
		c.namePart[k], _ = m.weights(uint64(namePartAt[k]))
	}
	for e := range c.edges {
		l := &c.edges[e]
		for k := range 4 {
			l.wordAt[k], _ = m.weights(uint64(edges[e].wordAt[k]))
			l.stemAt[k], _ = m.weights(uint64(edges[e].stemAt[k]))
		}
		l.prevWord = edges[e].prevWord
	}
}

// base is the score of each tag for word i of a sentence before the tag
// of the word before it counts: the sum of the weights of
// wordFeatures(ws, i), in its order. s is the
// sentence's lexemes between the sentence edges, two on each side (see
// tagLexemes), so that every word has its four neighbours.
func (m *Model) base(s []*lexeme, i int) [nTags]float32 {
	c := &m.constants
	l := s[i]
	sc := l.own
	add(&sc, &l.len)
	add(&sc, &s[i-2].wordAt[0])
	add(&sc, &s[i-2].stemAt[0])
	add(&sc, &s[i-1].wordAt[1])
	add(&sc, &s[i-1].stemAt[1])
	add(&sc, &s[i+1].wordAt[2])
	add(&sc, &s[i+1].stemAt[2])
	add(&sc, &s[i+2].wordAt[3])
	add(&sc, &s[i+2].stemAt[3])
	if w := m.find(uint64(s[i-1].prevWord.str(l.stem))); w != nil {
		add(&sc, w)
	}
	if l.digit {
		add(&sc, &c.digit)
	}
	// The edges are no name parts, and no brackets or digits.
	for k := range 3 {
		if s[i+k-1].namePart {
			add(&sc, &c.namePart[k])
		}
	}
	if s[i+1].norm == "(" && s[i+2].digit {
		add(&sc, &c.age)
	}
	return sc
}

// afterTag adds to base, the base score of word l, the weights of the
// two features of the tag before it, prev.
func (m *Model) afterTag(base [nTags]float32, l *lexeme, prev tag) [nTags]float32 {
	add(&base, &m.constants.prevTag[prev])
	add(&base, &l.prevTagStem[prev])
	return base
}

// tagLexemes appends to dst the tags of a sentence, s its lexemes, as
// the model's best sequence (see lattice), using lat's memory.
func (m *Model) tagLexemes(s []*lexeme, lat *lattice, dst []tag) []tag {
	start, end := &m.constants.edges[0], &m.constants.edges[1]
	lat.pad = append(append(append(lat.pad[:0], start, start), s...), end, end)
	lat.scores = lat.scores[:0]
	for i := range s {
		b := m.base(lat.pad, i+2)
		var row [nTags][nTags]float32
		for prev := range nTags {
			row[prev] = m.afterTag(b, s[i], prev)
		}
		lat.scores = append(lat.scores, row)
	}
	return lat.decode(dst)
}
