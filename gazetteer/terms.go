package gazetteer

import (
	"sort"
	"strings"

	"github.com/newsroom/tagger/models"
)

// Terms are the matches of a matcher's terms (CompileOptions.Terms) in an
// article's title and body. Match.ID is the normalised term and Match.Term
// its index in List; where terms share a key, the first of them in string
// order.
type Terms struct {
	Title, Body []Match
	// List is the matcher's CompileOptions.Terms, the very slice it was
	// given: a caller that compiled its own list can tell it is the one
	// by comparing &List[0] with its own, and index its data by Term.
	List []string
}

// TermCount is the number of distinct term keys the matcher was compiled
// with; 0 means EntitiesAndTerms finds no terms.
func (m *Matcher) TermCount() int { return len(m.termKeys) }

// EntitiesAndTerms returns what Entities returns, and the terms in the
// title and in the first bodyLimit bytes of the body (all of it for
// bodyLimit <= 0), cut back to a space so that no word is split, exactly
// as CompileTerms's matcher finds them in that text. Each text is folded
// once for both names and terms.
func (m *Matcher) EntitiesAndTerms(title, body string, bodyLimit int) ([]models.Entity, Terms) {
	ft := m.scratch.Get().(*foldedText)
	defer m.scratch.Put(ft)
	terms := Terms{List: m.termsGiven}
	var buf []Match
	if len(m.termKeys) > 0 {
		// One allocation holds the terms of most articles (title and
		// 1,500 bytes of body: 15 on average in Bangladeshi news).
		buf = make([]Match, 0, 24)
	}
	ft.fold(title)
	titleNames, tt := m.scan(title, ft, nil, buf, len(ft.runes))
	terms.Title = tt[:len(tt):len(tt)]
	buf = tt[len(tt):]
	ft.fold(body)
	cut := len(body)
	if bodyLimit > 0 && bodyLimit < len(body) {
		cut = max(strings.LastIndexAny(body[:bodyLimit], " \n\t"), 0)
	}
	termEnd := sort.Search(len(ft.spans), func(i int) bool { return int(ft.spans[i].byteStart) >= cut })
	bodyNames, bt := m.scan(body, ft, nil, buf, termEnd)
	terms.Body = bt
	return m.entities(title, body, titleNames, bodyNames), terms
}
