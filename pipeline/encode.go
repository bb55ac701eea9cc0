package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/newsroom/tagger/models"
)

// NewEvent assembles the event for one page. Its id hashes what determines
// the output (canonical URL, article, gazetteer and pipeline versions), so
// the same page tagged by the same gazetteer has the same id wherever and
// whenever it is tagged.
func NewEvent(url string, src models.SourceRef, a models.Article, tags Tags) models.TaggedEvent {
	return models.TaggedEvent{
		SchemaVersion:    models.SchemaVersion,
		EventID:          EventID(a, tags.GazetteerVersion),
		Source:           src,
		URL:              url,
		Article:          a,
		Entities:         tags.Entities,
		Topics:           tags.Topics,
		Places:           tags.Places,
		GazetteerVersion: tags.GazetteerVersion,
		PipelineVersion:  Version,
	}
}

// EventID is the deterministic id of the event for article a.
func EventID(a models.Article, gazetteerVersion string) string {
	h := sha256.New()
	b, _ := json.Marshal(a) // an Article always marshals
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", a.CanonicalURL, gazetteerVersion, Version)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Encode writes an event as the output record's value. encoding/json
// orders fields by declaration and map keys by name, so equal events give
// byte-identical bodies.
func Encode(ev models.TaggedEvent) ([]byte, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", ev.EventID, err)
	}
	return b, nil
}
