// Package pipeline turns raw pages into tagged events. Each stage is a
// plain function, testable without a broker:
//
//	raw page -> Decode -> extract.Article -> Tagger.Tag -> Encode -> publish -> commit
//
// Processor runs the first four for one record and always answers with an
// output: the tagged event, or a dead-letter record that keeps the input
// bytes and says which stage rejected it and why. Run drives a Source and a
// Sink (the Kafka edge lives in pipeline/kafka) with parallel workers and
// commits an input offset only after its output has been acknowledged, in
// offset order per partition: at least once, nothing lost.
package pipeline

// Version names the tagging code. It is part of every event id, so a fix
// that changes output also changes ids.
const Version = "tagger/0.1.0"
