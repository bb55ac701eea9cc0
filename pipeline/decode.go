package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsroom/tagger/models"
)

// Page is a decoded input record: the envelope's fields and the HTML bytes
// still in their original charset.
type Page struct {
	models.RawPage
	// Body is the HTML. For a JSON envelope it is the html field (UTF-8);
	// for a bare record, the record value as sent.
	Body []byte
	// Envelope is true when the record was a JSON envelope.
	Envelope bool
}

// Decode reads one record: a JSON RawPage envelope, or bare HTML with the
// URL in a "url" header. Records over maxBytes are rejected before any
// parsing, so one huge record cannot exhaust memory.
func Decode(rec Record, maxBytes int) (Page, error) {
	v := rec.Value
	if maxBytes > 0 && len(v) > maxBytes {
		return Page{}, stageErr(models.StageDecode, models.ReasonTooLarge,
			fmt.Errorf("record of %d bytes exceeds the %d-byte limit", len(v), maxBytes))
	}
	trimmed := bytes.TrimLeft(v, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return Page{}, stageErr(models.StageDecode, models.ReasonEmpty, errors.New("empty record value"))
	}
	if trimmed[0] == '{' {
		return decodeEnvelope(trimmed)
	}
	url, ok := rec.Header(models.HeaderURL)
	if !ok || url == "" {
		return Page{}, stageErr(models.StageDecode, models.ReasonMissingURL,
			errors.New(`bare HTML record has no "url" header`))
	}
	p := Page{RawPage: models.RawPage{URL: url}, Body: v}
	p.ContentType, _ = rec.Header(models.HeaderContentType)
	return p, nil
}

func decodeEnvelope(v []byte) (Page, error) {
	if !utf8.Valid(v) {
		// encoding/json would quietly turn bad bytes into U+FFFD.
		return Page{}, stageErr(models.StageDecode, models.ReasonBadEncoding,
			errors.New("JSON envelope is not valid UTF-8"))
	}
	var raw models.RawPage
	if err := json.Unmarshal(v, &raw); err != nil {
		return Page{}, stageErr(models.StageDecode, models.ReasonBadJSON, fmt.Errorf("decode envelope: %w", err))
	}
	if raw.URL == "" {
		return Page{}, stageErr(models.StageDecode, models.ReasonMissingURL, errors.New(`envelope has no "url"`))
	}
	return Page{RawPage: raw, Body: []byte(raw.HTML), Envelope: true}, nil
}

// DecodeEvent reads one tagged event, for re-tagging. The checks match
// Decode's: a size limit before parsing, valid UTF-8, and the fields a
// re-tag needs.
func DecodeEvent(rec Record, maxBytes int) (models.TaggedEvent, error) {
	v := rec.Value
	if maxBytes > 0 && len(v) > maxBytes {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonTooLarge,
			fmt.Errorf("record of %d bytes exceeds the %d-byte limit", len(v), maxBytes))
	}
	if len(bytes.TrimSpace(v)) == 0 {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonEmpty, errors.New("empty record value"))
	}
	if !utf8.Valid(v) {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonBadEncoding,
			errors.New("tagged event is not valid UTF-8"))
	}
	var ev models.TaggedEvent
	if err := json.Unmarshal(v, &ev); err != nil {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonBadJSON, fmt.Errorf("decode tagged event: %w", err))
	}
	if !sameMajor(ev.SchemaVersion, models.SchemaVersion) {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonBadJSON,
			fmt.Errorf("tagged event has schema version %q; this pipeline writes %s", ev.SchemaVersion, models.SchemaVersion))
	}
	if ev.URL == "" {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonMissingURL, errors.New(`tagged event has no "url"`))
	}
	if strings.TrimSpace(ev.Article.Text) == "" && strings.TrimSpace(ev.Article.Title) == "" {
		return models.TaggedEvent{}, stageErr(models.StageDecode, models.ReasonEmpty, errors.New("tagged event has no article text"))
	}
	return ev, nil
}

// sameMajor compares major schema versions: minor versions only add
// optional fields, so an event of any 1.x reads as 1.0.
func sameMajor(a, b string) bool {
	ma, _, _ := strings.Cut(a, ".")
	mb, _, _ := strings.Cut(b, ".")
	return ma == mb
}
