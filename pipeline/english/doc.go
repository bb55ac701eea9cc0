// Package english is the English fallback named-entity recogniser: an
// optional part of the tag stage.
//
// A page travels raw page -> decode -> extract -> tag (entities, topics)
// -> encode -> publish -> commit. In the tag stage the gazetteer matcher
// links every name it knows; this package then asks prose
// (github.com/jdkato/prose/v2) for English person, place and organisation
// names the gazetteer did not link, and returns them as unlinked entities
// ("unlinked:<name>") with a confidence below 1 and a salience below every
// linked entity's, so downstream consumers can tell a proposal from a
// match and never rank one above a match.
//
// prose is slow, 0.04 to 0.1 MB/s on one core against the matcher's 50+ MB/s,
// so the recogniser is off the hot path unless the caller enables it, runs
// only on English text, and reads at most Options.MaxBytes of an article.
//
// What this package does instead of prose, and why:
//   - Sentences are split here, not by prose: prose's Punkt segmenter
//     ignores the Bangla danda (।) and reloads its training data for every
//     document, and our splitter also gives each sentence's byte range.
//   - Offsets are found here: prose returns entity text (its tokens joined
//     by single spaces, curly quotes made straight), not positions, so each
//     name is located in its sentence from a moving cursor.
//   - Panics are recovered: prose panics instead of returning errors.
package english
