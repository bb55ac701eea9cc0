// Package models holds the wire contracts of the tagger: the raw page that
// scrapers produce to the input topic, the enriched event the service
// publishes to the output topic, and the dead-letter record for input it
// could not process.
//
// It is the one package a downstream Go consumer imports, so it depends on
// nothing but the standard library. JSON Schemas for both messages ship
// beside it (raw_page.schema.json, tagged_event.schema.json) and are
// available as RawPageSchema and TaggedEventSchema.
//
// Flow: raw page -> decode -> extract -> tag -> encode -> publish -> commit.
// RawPage is what decode produces, Article what extract produces, and
// TaggedEvent what encode writes.
package models

import _ "embed"

// SchemaVersion is the version of the TaggedEvent format. It changes only
// when a field changes meaning or is removed; new optional fields keep it.
const SchemaVersion = "1.0"

// Header names carried on the records the service reads and writes.
const (
	// HeaderURL carries the page URL on a bare-HTML input record.
	HeaderURL = "url"
	// HeaderContentType carries the MIME type of a record's value.
	HeaderContentType = "content-type"
	// HeaderSchemaVersion carries SchemaVersion on every output record.
	HeaderSchemaVersion = "schema-version"
	// HeaderError, HeaderReason and HeaderStage describe why a record was
	// dead-lettered, and the HeaderSource* headers where it came from. A
	// dead-letter record's value is the input record's value, byte for
	// byte, and its headers are the input's headers plus these, so it can
	// be produced back to the input topic once the cause is fixed.
	HeaderError           = "x-tagger-error"
	HeaderReason          = "x-tagger-reason"
	HeaderStage           = "x-tagger-stage"
	HeaderSourceTopic     = "x-tagger-source-topic"
	HeaderSourcePartition = "x-tagger-source-partition"
	HeaderSourceOffset    = "x-tagger-source-offset"
	// HeaderTraceparent is the W3C trace context, copied from input to output.
	HeaderTraceparent = "traceparent"
)

// Content types of the records the service writes.
const (
	ContentTypeTaggedEvent = "application/vnd.tagger.event+json; version=" + SchemaVersion
)

// RawPageSchema is the JSON Schema (draft 2020-12) of RawPage.
//
//go:embed raw_page.schema.json
var RawPageSchema []byte

// TaggedEventSchema is the JSON Schema (draft 2020-12) of TaggedEvent.
//
//go:embed tagged_event.schema.json
var TaggedEventSchema []byte

// DeadLetterSchema is the JSON Schema (draft 2020-12) of DeadLetter, the
// form the tools print a dead-letter record in.
//
//go:embed dead_letter.schema.json
var DeadLetterSchema []byte
