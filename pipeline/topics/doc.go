// Package topics assigns IPTC Media Topics and the geography ("places")
// facet to an article. It is the topic half of the "tag" stage in
//
//	raw page -> decode -> extract -> tag (entities, topics) -> encode -> publish -> commit
//
// and runs after the gazetteer has found the article's entities, because
// entities are half of its evidence: a militant group suggests armed
// conflict, a cricket board suggests cricket, a foreign country suggests
// international relations. The other half is a bilingual weighted lexicon
// per topic, matched with the gazetteer's own matching so that Bangla
// case endings and the two encodings of য় are handled exactly as they are
// for names. Compile builds a gazetteer matcher that holds the lexicon
// too, so that one fold of the text serves names and terms
// (Matcher.EntitiesAndTerms, then TagTerms); Tag, given entities only,
// folds the headline and the start of the body again.
//
// Every topic carries the evidence that made it fire (the term or the
// entity, where it first occurs, and what it added), so an editor can see
// why an article was tagged, and a score in [0, 1] that grows with the
// evidence, so consumers can choose their own threshold. A topic that
// fires also lifts its parent: cricket implies sport.
//
// The taxonomy, lexicon, entity rules and regions are data in data/,
// embedded in the binary; Default parses them once. A Tagger is read-only
// after construction and safe for concurrent use. Eval measures the tagger
// against publisher sections on a news dump.
//
// The package knows nothing of Kafka or of extraction.
package topics
