package gazetteer

import (
	"math"
	"slices"
	"strings"

	"github.com/newsroom/tagger/models"
)

// Mention weights for salience: a name in the headline or the lead says
// more about what a story is about than one in the tenth paragraph.
// Weights gives them to the other recognisers, so all salience is alike.
const (
	weightTitle = 3.0
	weightLead  = 2.0
	weightBody  = 1.0
	// weightEarly is the extra weight of a body mention at the very start,
	// falling linearly to zero at the end.
	weightEarly = 0.5
)

// Weights weighs the mentions of one article for salience: 3 in the
// title, 2 in the lead (the body's first paragraph), else 1 plus up to
// 0.5 the earlier the mention.
type Weights struct {
	leadEnd int
	bodyLen float64
}

// NewWeights returns the Weights of an article with this body.
func NewWeights(body string) Weights {
	leadEnd := strings.Index(body, "\n\n")
	if leadEnd < 0 {
		leadEnd = len(body)
	}
	return Weights{leadEnd: leadEnd, bodyLen: float64(len(body) + 1)}
}

// Of returns the weight of a mention in field (models.FieldTitle or
// models.FieldBody) starting at byte byteStart.
func (w Weights) Of(field string, byteStart int) float64 {
	switch {
	case field == models.FieldTitle:
		return weightTitle
	case byteStart < w.leadEnd:
		return weightLead
	}
	return weightBody + weightEarly*(1-float64(byteStart)/w.bodyLen)
}

// BelowLinked is the salience of a proposal (an unlinked entity) with
// score out of the top proposal's, and confidence: scaled by the
// confidence and by floor, the lowest salience of a linked entity, and
// rounded down, so that a proposal never outranks, nor ties, a linked
// entity.
func BelowLinked(score, top, confidence, floor float64) float64 {
	return math.Floor(score/top*confidence*floor*1e4) / 1e4
}

// LinkedFloor is the floor BelowLinked takes: the lowest salience of a
// linked entity (confidence 1) among ents, 1 if there is none.
func LinkedFloor(ents []models.Entity) float64 {
	floor := 1.0
	for _, e := range ents {
		if e.Confidence == 1 {
			floor = min(floor, e.Salience)
		}
	}
	return floor
}

// Entities finds the entities of an article's title and body and
// aggregates their mentions: count, salience and positions. The lead is
// the body's first paragraph. Entities come most salient first.
//
// Ambiguous forms are resolved against the rest of the document: a
// reading whose country or parent the article also names unambiguously
// wins over the default one.
func (m *Matcher) Entities(title, body string) []models.Entity {
	return m.entities(title, body, m.Find(title, nil), m.Find(body, nil))
}

// entities aggregates the name matches of a title and a body.
func (m *Matcher) entities(title, body string, inTitle, inBody []Match) []models.Entity {
	type hit struct {
		Match
		field string
		w     float64
	}
	hits := make([]hit, 0, len(inTitle)+len(inBody))
	weights := NewWeights(body)
	for _, mt := range inTitle {
		hits = append(hits, hit{mt, models.FieldTitle, weightTitle})
	}
	for _, mt := range inBody {
		hits = append(hits, hit{mt, models.FieldBody, weights.Of(models.FieldBody, mt.ByteStart)})
	}
	if len(hits) == 0 {
		return []models.Entity{}
	}

	// Context for ambiguous forms: the entries named unambiguously.
	sure := map[string]bool{}
	for _, h := range hits {
		if h.key == unlistedKey {
			continue
		}
		if ents := m.keys[h.key].entities; len(ents) == 1 {
			e := &m.g.entries[ents[0]]
			sure[e.ID] = true
		}
	}
	resolve := func(h hit) *Entry {
		if h.key == unlistedKey {
			return &Entry{ID: h.ID, Type: models.LOC, Subtype: "locality", BN: strings.ReplaceAll(strings.TrimPrefix(h.ID, UnlinkedPrefix), "-", " ")}
		}
		ents := m.keys[h.key].entities
		for _, c := range ents {
			e := &m.g.entries[c]
			if sure[e.Country] || sure[e.Parent] {
				return e
			}
		}
		return &m.g.entries[ents[0]]
	}

	byID := map[string]int{}
	var out []models.Entity
	var score []float64
	for _, h := range hits {
		e := resolve(h)
		at, ok := byID[e.ID]
		if !ok {
			at = len(out)
			byID[e.ID] = at
			out = append(out, models.Entity{
				ID: e.ID, Type: e.Type, Subtype: e.Subtype,
				Name:       models.Names{EN: e.EN, BN: e.BN},
				Confidence: 1,
			})
			if h.key == unlistedKey {
				out[at].Confidence = unlistedConfidence
			}
			score = append(score, 0)
		}
		text := body
		if h.field == models.FieldTitle {
			text = title
		}
		out[at].Mentions = append(out[at].Mentions, models.Mention{
			Surface: text[h.ByteStart:h.ByteEnd], Field: h.field,
			Start: h.Start, End: h.End, ByteStart: h.ByteStart, ByteEnd: h.ByteEnd,
		})
		out[at].Count++
		score[at] += h.w
	}
	top := slices.Max(score)
	for i := range out {
		out[i].Salience = math.Round(score[i]/top*1e4) / 1e4
	}
	floor := LinkedFloor(out)
	for i := range out {
		if out[i].Confidence < 1 {
			// An unlisted place ranks below every linked entity, as the
			// fallback recognisers' proposals do.
			out[i].Salience = BelowLinked(score[i], top, unlistedConfidence, floor)
		}
	}
	SortEntities(out)
	return out
}

// SortEntities puts entities in the order events carry them: most salient
// first, ties by id, so the order is deterministic.
func SortEntities(ents []models.Entity) {
	slices.SortStableFunc(ents, func(a, b models.Entity) int {
		if a.Salience != b.Salience {
			if a.Salience > b.Salience {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
}
