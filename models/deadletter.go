package models

import "strconv"

// Reason codes for dead-lettered records. Consumers of the dead-letter
// topic branch on them.
const (
	ReasonBadJSON     = "bad_json"     // the envelope is not valid JSON or lacks a url
	ReasonMissingURL  = "missing_url"  // a bare-HTML record without a url header
	ReasonEmpty       = "empty"        // no body at all
	ReasonNotHTML     = "not_html"     // the body is not HTML
	ReasonBadEncoding = "bad_encoding" // invalid UTF-8 or an unknown charset
	ReasonTooLarge    = "too_large"    // over the configured size limit
	ReasonNotArticle  = "not_article"  // a listing, bot challenge or error page
	ReasonInternal    = "internal"     // a stage failed for a reason of its own
)

// Stage names, for DeadLetter.Stage.
const (
	StageDecode  = "decode"
	StageExtract = "extract"
	StageTag     = "tag"
	StageEncode  = "encode"
)

// DeadLetter describes one dead-letter record as the tools print it. On the
// wire a dead-letter record is the input record itself (same key, value
// and headers) with the x-tagger-* headers added; DeadLetterOf reads them
// back into this struct.
type DeadLetter struct {
	// SchemaVersion is SchemaVersion at the time of writing.
	SchemaVersion string `json:"schema_version"`
	// Reason is one of the Reason* codes.
	Reason string `json:"reason"`
	// Stage is the stage that rejected the record.
	Stage string `json:"stage"`
	// Error is the error message, for people.
	Error string `json:"error"`
	// Source is the input record's coordinates.
	Source SourceRef `json:"source"`
	// URL is the page URL if it could be read.
	URL string `json:"url,omitempty"`
	// Value is the input record's original bytes (base64 in JSON).
	Value []byte `json:"value"`
	// Headers are the input record's original headers.
	Headers []Header `json:"headers,omitempty"`
}

// Header is one record header. Value is raw bytes (base64 in JSON).
type Header struct {
	Key   string `json:"key"`
	Value []byte `json:"value"`
}

// DeadLetterOf rebuilds the description of a dead-letter record from its
// value and headers.
func DeadLetterOf(value []byte, headers []Header) DeadLetter {
	d := DeadLetter{SchemaVersion: SchemaVersion, Value: value}
	for _, h := range headers {
		v := string(h.Value)
		switch h.Key {
		case HeaderReason:
			d.Reason = v
		case HeaderStage:
			d.Stage = v
		case HeaderError:
			d.Error = v
		case HeaderSourceTopic:
			d.Source.Topic = v
		case HeaderSourcePartition:
			d.Source.Partition, _ = strconv.Atoi(v)
		case HeaderSourceOffset:
			d.Source.Offset, _ = strconv.ParseInt(v, 10, 64)
		case HeaderURL:
			d.URL = v
			d.Headers = append(d.Headers, h)
		default:
			d.Headers = append(d.Headers, h)
		}
	}
	return d
}
