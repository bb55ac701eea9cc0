package pipeline

import (
	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// Matchers hands out the current gazetteer matcher; *gazetteer.Store is
// one, and swaps it when the gazetteer is reloaded.
type Matchers interface {
	Matcher() *gazetteer.Matcher
}

// TopicTagger assigns IPTC topics and the places facet from an article
// and its entities; *topics.Tagger is one.
type TopicTagger interface {
	Tag(a models.Article, entities []models.Entity, g *gazetteer.Gazetteer) ([]models.Topic, []models.Place)
}

// termTagger is a TopicTagger that takes the lexicon terms the matcher
// found in its pass for names, when the matcher was compiled with the
// lexicon (topics.Tagger.Compile): each text is then folded and walked
// once, not twice.
type termTagger interface {
	TagTerms(terms gazetteer.Terms, entities []models.Entity, g *gazetteer.Gazetteer) ([]models.Topic, []models.Place)
	// BodyBudget is how much of the body the lexicon reads.
	BodyBudget() int
}

// Unlinker proposes names the gazetteer does not know: *english.Recognizer
// in English text, *bangla.Recognizer (people only) in Bangla. Both are
// optional: nil skips them. prose runs near 0.1 MB/s, so the service
// leaves English off unless configured; the Bangla tagger runs at most of
// the matcher's speed and is on by default.
type Unlinker interface {
	Unlinked(title, body string, known []models.Entity) []models.Entity
}

// Tagger is the tag stage: entities from the gazetteer, then topics and
// places from the text and the entities.
type Tagger struct {
	Matchers Matchers
	// Topics may be nil, for entities only.
	Topics TopicTagger
	// English, if set, adds unlinked English names (lower confidence)
	// to articles in English.
	English Unlinker
	// Bangla, if set, adds unlinked people (lower confidence) to articles
	// in Bangla; *bangla.Recognizer is one.
	Bangla Unlinker
}

// Tags is what the tag stage adds to an article.
type Tags struct {
	Entities         []models.Entity
	Topics           []models.Topic
	Places           []models.Place
	GazetteerVersion string
}

// Tag tags one article. It takes one matcher for the whole article, so a
// reload mid-page cannot mix two gazetteer versions in one event.
func (t Tagger) Tag(a models.Article) Tags {
	m := t.Matchers.Matcher()
	tags := Tags{
		Topics:           []models.Topic{},
		Places:           []models.Place{},
		GazetteerVersion: m.Gazetteer().Version(),
	}
	tt, shared := t.Topics.(termTagger)
	shared = shared && m.TermCount() > 0
	var terms gazetteer.Terms
	if shared {
		tags.Entities, terms = m.EntitiesAndTerms(a.Title, a.Text, tt.BodyBudget())
	} else {
		tags.Entities = m.Entities(a.Title, a.Text)
	}
	if t.English != nil && a.Language == "en" {
		tags.Entities = append(tags.Entities, t.English.Unlinked(a.Title, a.Text, tags.Entities)...)
	}
	if t.Bangla != nil && a.Language == "bn" {
		tags.Entities = append(tags.Entities, t.Bangla.Unlinked(a.Title, a.Text, tags.Entities)...)
	}
	switch {
	case shared:
		tags.Topics, tags.Places = tt.TagTerms(terms, tags.Entities, m.Gazetteer())
	case t.Topics != nil:
		tags.Topics, tags.Places = t.Topics.Tag(a, tags.Entities, m.Gazetteer())
	}
	return tags
}
