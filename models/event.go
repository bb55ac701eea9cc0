package models

import "time"

// TaggedEvent is the enriched event published to the output topic, one per
// input page. Its body is deterministic: the same page and the same
// gazetteer version give byte-identical JSON and the same EventID, so a
// replayed window converges in a compacted topic.
type TaggedEvent struct {
	// SchemaVersion is SchemaVersion at the time of writing.
	SchemaVersion string `json:"schema_version"`
	// EventID is a hex SHA-256 over the canonical URL, the extracted
	// article, the gazetteer version and the pipeline version.
	EventID string `json:"event_id"`
	// Source says where the page came from in Kafka.
	Source SourceRef `json:"source"`
	// URL is the address the page was fetched from.
	URL string `json:"url"`
	// Article is the extracted story.
	Article Article `json:"article"`
	// Entities are the people, places and organisations the article
	// names, most salient first.
	Entities []Entity `json:"entities"`
	// Topics are IPTC Media Topics, highest score first.
	Topics []Topic `json:"topics"`
	// Places is the geography facet: the countries, regions and, for
	// Bangladesh, divisions and districts the story is about, derived from
	// the place entities and their parents, heaviest first.
	Places []Place `json:"places"`
	// GazetteerVersion is the content hash of the gazetteer that tagged it.
	GazetteerVersion string `json:"gazetteer_version"`
	// PipelineVersion names the tagging code, so a fix can be told apart
	// from a gazetteer change.
	PipelineVersion string `json:"pipeline_version"`
	// Replay is set on events made by `tagger replay`: which replay made
	// the event, over which window. Live events leave it out.
	Replay *Replay `json:"replay,omitempty"`
}

// Replay identifies the replay that produced an event. Its fields depend
// only on what the operator asked for and on the versions, never on the
// clock, so replaying a window again gives byte-identical events.
type Replay struct {
	// ID names the replay; by default a hash of the window, the mode and
	// the gazetteer and pipeline versions.
	ID string `json:"id"`
	// Topic is the topic the replay read: raw pages, or tagged events
	// when re-tagging.
	Topic string `json:"topic"`
	// Retag is true when the replay re-tagged the articles stored in
	// tagged events instead of extracting raw pages.
	Retag bool `json:"retag,omitempty"`
	// From and To are the time bounds asked for, if any: From inclusive,
	// To exclusive, by record timestamp.
	From *time.Time `json:"from,omitempty"`
	To   *time.Time `json:"to,omitempty"`
	// Ranges are the offsets read, per partition.
	Ranges []OffsetRange `json:"ranges"`
}

// OffsetRange is a half-open range of offsets in one partition:
// Start <= offset < End.
type OffsetRange struct {
	Partition int   `json:"partition"`
	Start     int64 `json:"start"`
	End       int64 `json:"end"`
}

// SourceRef locates an input record: a Kafka record, or a file for the
// offline commands.
type SourceRef struct {
	// Topic, Partition and Offset are the input record's coordinates.
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	// File is the input file name, for events made by the offline
	// commands; Topic is then empty.
	File string `json:"file,omitempty"`
}

// EntityType is PER, LOC or ORG.
type EntityType string

// The entity types.
const (
	PER EntityType = "PER" // a person
	LOC EntityType = "LOC" // a place: country, city, district, region, ...
	ORG EntityType = "ORG" // an organisation: party, ministry, company, ...
)

// Names holds one name in both scripts; either may be empty.
type Names struct {
	// EN is the English name.
	EN string `json:"en,omitempty"`
	// BN is the Bangla name.
	BN string `json:"bn,omitempty"`
}

// Entity is one gazetteer entry found in the article, with its mentions.
type Entity struct {
	// ID is the gazetteer id: a Wikidata QID where known, else a slug.
	// Names found by their context rather than in the gazetteer (English
	// NER, Bangla villages before গ্রামের) have an id "unlinked:...".
	ID string `json:"id"`
	// Type is PER, LOC or ORG.
	Type EntityType `json:"type"`
	// Subtype refines Type: country, city, party, militant_group, ...
	Subtype string `json:"subtype,omitempty"`
	// Name is the entity's canonical name in English and Bangla.
	Name Names `json:"name"`
	// Count is the number of mentions.
	Count int `json:"count"`
	// Salience in [0, 1] says how central the entity is to the story;
	// mentions in the title and lead weigh more, and so do early ones.
	Salience float64 `json:"salience"`
	// Confidence in [0, 1]: 1 for a gazetteer match, lower for unlinked.
	Confidence float64 `json:"confidence"`
	// Mentions are the places it occurs, in field then text order.
	Mentions []Mention `json:"mentions"`
}

// Field names for Mention.Field.
const (
	FieldTitle = "title"
	FieldBody  = "body"
)

// Mention is one occurrence of an entity in the article.
type Mention struct {
	// Surface is the text as written, with its case ending (খামেনির).
	Surface string `json:"surface"`
	// Field is "title" or "body" (Article.Text).
	Field string `json:"field"`
	// Start and End are Unicode code-point offsets into the field,
	// End exclusive.
	Start int `json:"start"`
	End   int `json:"end"`
	// ByteStart and ByteEnd are the same span in UTF-8 bytes.
	ByteStart int `json:"byte_start"`
	ByteEnd   int `json:"byte_end"`
}

// Topic is one IPTC Media Topic the article is about.
type Topic struct {
	// Code is the IPTC code, e.g. "medtop:11000000".
	Code string `json:"code"`
	// Label is the topic's name in English and Bangla.
	Label Names `json:"label"`
	// Score in [0, 1] grows with the evidence.
	Score float64 `json:"score"`
	// Evidence lists what made the topic fire.
	Evidence []Evidence `json:"evidence"`
}

// Place is one entry of the geography facet.
type Place struct {
	// ID is the gazetteer id of the country or district, or the id of a
	// region defined in the topic data (e.g. "region:middle-east").
	ID string `json:"id"`
	// Kind is country, region, division or district.
	Kind string `json:"kind"`
	// Name is the place's name in English and Bangla.
	Name Names `json:"name"`
	// Weight in [0, 1] is the share of the story's place salience that
	// falls in this place.
	Weight float64 `json:"weight"`
}

// Evidence is one term or entity that supports a topic.
type Evidence struct {
	// Term is the lexicon term matched, when the evidence is a word.
	Term string `json:"term,omitempty"`
	// EntityID is the entity that suggested the topic, when it is one.
	EntityID string `json:"entity_id,omitempty"`
	// Field, Start and End locate the first occurrence, in code points.
	Field string `json:"field,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Weight is what this evidence added to the score before squashing.
	Weight float64 `json:"weight"`
}
