// Package bangla is the Bangla fallback recogniser of people's names: an
// optional part of the tag stage.
//
// A page travels raw page -> decode -> extract -> tag (entities, topics)
// -> encode -> publish -> commit. In the tag stage the gazetteer matcher
// links every name it knows, but no list holds the names of the local
// officials, victims, witnesses and players that Bangla news is full of:
// the gazetteer finds about one person's mention in ten. This package
// proposes the rest with a small statistical tagger, an averaged
// structured perceptron over the words around each word (their stems,
// case endings, the titles and verbs next to them) that picks the best
// sequence of tags for a sentence, trained on Bangla news annotated by
// hand (see Train and internal/trainner). It returns people the gazetteer
// did not link as unlinked entities ("unlinked:<name>") with a confidence
// below 1 and a salience below every linked entity's, as the English
// fallback (package english) does for English text.
//
// It tags people only: places and organisations are the gazetteer's job,
// and it does better there than a model trained on a few thousand
// sentences. It runs on Bangla articles only, at about three quarters
// of the matcher's speed (BenchmarkUnlinked); the service runs it unless
// configured not to (--bangla-ner=false).
package bangla
