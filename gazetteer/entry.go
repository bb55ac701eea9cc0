package gazetteer

import "github.com/newsroom/tagger/models"

// Entry is one entity of the gazetteer. In JSONL files each line is one
// Entry as JSON; CSV and TSV files have the same fields as columns, with
// list fields separated by "|".
type Entry struct {
	// ID is stable: the Wikidata QID where known (Q794), else a readable
	// slug (bd-district-comilla).
	ID string `json:"id"`
	// Type is PER, LOC or ORG.
	Type models.EntityType `json:"type"`
	// Subtype refines Type: country, city, division, district, upazila,
	// head_of_state, politician, party, ministry, militant_group,
	// news_agency, company, university, sports_team, intl_org, ...
	Subtype string `json:"subtype,omitempty"`
	// EN and BN are the canonical names.
	EN string `json:"en,omitempty"`
	BN string `json:"bn,omitempty"`
	// AliasesEN and AliasesBN are other ways the name is written: variant
	// spellings, short forms, old names. Inflected forms are generated and
	// must not be listed.
	AliasesEN []string `json:"aliases_en,omitempty"`
	AliasesBN []string `json:"aliases_bn,omitempty"`
	// Parent is the id of the enclosing place or organisation
	// (Tehran -> Q794 Iran).
	Parent string `json:"parent,omitempty"`
	// Country is the id of the entity's country.
	Country string `json:"country,omitempty"`
	// Description is a short gloss for people reading the output.
	Description string `json:"description,omitempty"`
	// Source names where the entry came from (cldr, country-list,
	// bd-geocode, curated, wikidata, user).
	Source string `json:"source,omitempty"`
}
