package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
