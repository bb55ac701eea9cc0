package models_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsroom/tagger/models"
)

const (
	rawPageID     = "https://github.com/newsroom/tagger/models/raw_page.schema.json"
	taggedEventID = "https://github.com/newsroom/tagger/models/tagged_event.schema.json"
	deadLetterID  = "https://github.com/newsroom/tagger/models/dead_letter.schema.json"
)

// deadLetterSchema reads dead_letter.schema.json from disk. It has no
// embedded variable in models yet; when one is added, use it here.
func deadLetterSchema(t *testing.T) []byte {
	t.Helper()
	return models.DeadLetterSchema
}

// compile compiles one schema document with format and content assertions
// on, so "date-time", "iri" and base64 are checked rather than only noted.
// Compiling also validates the schema against the draft 2020-12 metaschema.
func compile(t *testing.T, id string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", id, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("%s: does not compile: %v", id, err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, instance []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(instance))
	if err != nil {
		t.Fatalf("instance is not JSON: %v\n%s", err, instance)
	}
	return sch.Validate(v)
}

type example struct {
	name  string
	doc   string
	valid bool
}

func runExamples(t *testing.T, sch *jsonschema.Schema, examples []example) {
	t.Helper()
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			err := validate(t, sch, []byte(ex.doc))
			switch {
			case ex.valid && err != nil:
				t.Errorf("want valid, got: %v", err)
			case !ex.valid && err == nil:
				t.Errorf("want invalid, but it validates:\n%s", ex.doc)
			}
		})
	}
}

func TestRawPageSchemaExamples(t *testing.T) {
	sch := compile(t, rawPageID, models.RawPageSchema)
	runExamples(t, sch, []example{
		{"minimal", `{"url":"https://example.com/a","html":"<p>x</p>"}`, true},
		{"full", `{"url":"https://example.com/a","html":"<html></html>","fetched_at":"2025-02-08T19:54:00+06:00","source":"scraper-1","content_type":"text/html; charset=windows-1252","charset":"windows-1252"}`, true},
		{"bangla IRI", `{"url":"https://www.example.com.bd/international/খামেনি-হামাস","html":"<p>খবর</p>"}`, true},
		{"empty html is well-formed", `{"url":"https://example.com/a","html":""}`, true},
		{"fetched_at null", `{"url":"https://example.com/a","html":"","fetched_at":null}`, true},
		{"unknown fields allowed", `{"url":"https://example.com/a","html":"","status":200,"crawl_id":"c-1"}`, true},
		{"missing url", `{"html":"<p>x</p>"}`, false},
		{"empty url", `{"url":"","html":"<p>x</p>"}`, false},
		{"relative url", `{"url":"/a/b","html":"<p>x</p>"}`, false},
		{"missing html", `{"url":"https://example.com/a"}`, false},
		{"html not a string", `{"url":"https://example.com/a","html":["<p>"]}`, false},
		{"bad fetched_at", `{"url":"https://example.com/a","html":"","fetched_at":"08/02/2025 19:54"}`, false},
		{"fetched_at without zone", `{"url":"https://example.com/a","html":"","fetched_at":"2025-02-08T19:54:00"}`, false},
		{"source not a string", `{"url":"https://example.com/a","html":"","source":7}`, false},
		{"not an object", `"<html></html>"`, false},
	})
}

// validEvent is a hand-written, fully populated event with consistent
// offsets. Invalid cases below are made by editing it, and the round trip
// decodes it into a models.TaggedEvent.
const validEvent = `{
  "schema_version": "1.0",
  "event_id": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "source": {"topic": "pages.raw", "partition": 3, "offset": 1042},
  "url": "https://www.example.com.bd/international/2025/02/08/123456",
  "article": {
    "title": "হামাস নেতাদের সঙ্গে ইরানের সর্বোচ্চ নেতার বৈঠক",
    "lead": "হামাসের ভারপ্রাপ্ত নেতা খলিল আল-হায়াসহ আরও দুই শীর্ষ নেতার সঙ্গে বৈঠক করেছেন ইরানের সর্বোচ্চ নেতা।",
    "text": "হামাসের ভারপ্রাপ্ত নেতা খলিল আল-হায়াসহ আরও দুই শীর্ষ নেতার সঙ্গে বৈঠক করেছেন ইরানের সর্বোচ্চ নেতা।\n\nবৈঠক তেহরানে হয়েছে।",
    "published_at": "2025-02-08T19:54:00+06:00",
    "modified_at": "2025-02-08T19:54:00+06:00",
    "authors": ["আন্তর্জাতিক ডেস্ক"],
    "section": "আন্তর্জাতিক",
    "language": "bn",
    "canonical_url": "https://www.example.com.bd/international/2025/02/08/123456",
    "site_name": "Example News",
    "page_type": "article"
  },
  "entities": [
    {
      "id": "Q38799",
      "type": "ORG",
      "subtype": "militant_group",
      "name": {"en": "Hamas", "bn": "হামাস"},
      "count": 2,
      "salience": 0.92,
      "confidence": 1,
      "mentions": [
        {"surface": "হামাস", "field": "title", "start": 0, "end": 5, "byte_start": 0, "byte_end": 15},
        {"surface": "হামাসের", "field": "body", "start": 0, "end": 7, "byte_start": 0, "byte_end": 21}
      ]
    },
    {
      "id": "unlinked:khalil-al-hayya",
      "type": "PER",
      "name": {"bn": "খলিল আল-হায়া"},
      "count": 1,
      "salience": 0.4,
      "confidence": 0.6,
      "mentions": [
        {"surface": "খলিল আল-হায়াসহ", "field": "body", "start": 24, "end": 39, "byte_start": 66, "byte_end": 107}
      ]
    }
  ],
  "topics": [
    {
      "code": "medtop:11000000",
      "label": {"en": "politics", "bn": "রাজনীতি"},
      "score": 0.81,
      "evidence": [
        {"term": "বৈঠক", "field": "title", "start": 42, "end": 46, "weight": 1.5},
        {"entity_id": "Q38799", "weight": 0.5, "start": 0, "end": 0}
      ]
    }
  ],
  "places": [
    {"id": "Q794", "kind": "country", "name": {"en": "Iran", "bn": "ইরান"}, "weight": 0.7},
    {"id": "region:middle-east", "kind": "region", "name": {"en": "Middle East", "bn": "মধ্যপ্রাচ্য"}, "weight": 0.3}
  ],
  "gazetteer_version": "sha256:5b1d0c0c",
  "pipeline_version": "tagger/0.1.0",
  "replay": {
    "id": "r-5d41402abc4b2a76",
    "topic": "pages.tagged",
    "retag": true,
    "from": "2025-02-01T00:00:00Z",
    "to": "2025-02-09T00:00:00+06:00",
    "ranges": [{"partition": 1, "start": 1000, "end": 1100}]
  }
}`

// edit decodes validEvent, applies f to the generic value and re-encodes.
func edit(t *testing.T, doc string, f func(m map[string]any)) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func obj(m map[string]any, path ...any) map[string]any {
	var cur any = m
	for _, p := range path {
		switch k := p.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur.(map[string]any)
}

func TestTaggedEventSchemaExamples(t *testing.T) {
	sch := compile(t, taggedEventID, models.TaggedEventSchema)
	ev := func(f func(m map[string]any)) string { return edit(t, validEvent, f) }
	runExamples(t, sch, []example{
		{"full", validEvent, true},
		{"no entities, topics or places", ev(func(m map[string]any) {
			m["entities"], m["topics"], m["places"] = []any{}, []any{}, []any{}
		}), true},
		{"english article without optional fields", ev(func(m map[string]any) {
			a := obj(m, "article")
			for _, k := range []string{"lead", "published_at", "modified_at", "authors", "section", "site_name"} {
				delete(a, k)
			}
			a["language"] = "en"
		}), true},
		{"language und", ev(func(m map[string]any) { obj(m, "article")["language"] = "und" }), true},

		{"missing schema_version", ev(func(m map[string]any) { delete(m, "schema_version") }), false},
		{"wrong schema_version", ev(func(m map[string]any) { m["schema_version"] = "2.0" }), false},
		{"event_id not sha256 hex", ev(func(m map[string]any) { m["event_id"] = "abc" }), false},
		{"event_id upper case", ev(func(m map[string]any) { m["event_id"] = strings.ToUpper(m["event_id"].(string)) }), false},
		{"missing gazetteer_version", ev(func(m map[string]any) { delete(m, "gazetteer_version") }), false},
		{"empty pipeline_version", ev(func(m map[string]any) { m["pipeline_version"] = "" }), false},
		{"unknown top-level field", ev(func(m map[string]any) { m["extra"] = true }), false},
		{"entities null", ev(func(m map[string]any) { m["entities"] = nil }), false},
		{"topics null", ev(func(m map[string]any) { m["topics"] = nil }), false},
		{"source from a file", ev(func(m map[string]any) {
			src := obj(m, "source")
			src["topic"], src["partition"], src["offset"], src["file"] = "", 0, 0, "pages/a.html"
		}), true},
		{"source with neither topic nor file", ev(func(m map[string]any) { obj(m, "source")["topic"] = "" }), false},
		{"places null", ev(func(m map[string]any) { m["places"] = nil }), false},
		{"missing places", ev(func(m map[string]any) { delete(m, "places") }), false},
		{"place bad kind", ev(func(m map[string]any) { obj(m, "places", 0)["kind"] = "city" }), false},
		{"place weight above 1", ev(func(m map[string]any) { obj(m, "places", 0)["weight"] = 1.5 }), false},
		{"negative partition", ev(func(m map[string]any) { obj(m, "source")["partition"] = -1 }), false},
		{"fractional offset", ev(func(m map[string]any) { obj(m, "source")["offset"] = 1.5 }), false},
		{"source missing topic", ev(func(m map[string]any) { delete(obj(m, "source"), "topic") }), false},
		{"article not an article", ev(func(m map[string]any) { obj(m, "article")["page_type"] = "listing" }), false},
		{"article page_type unknown", ev(func(m map[string]any) { obj(m, "article")["page_type"] = "video" }), false},
		{"article empty text", ev(func(m map[string]any) { obj(m, "article")["text"] = "" }), false},
		{"article missing canonical_url", ev(func(m map[string]any) { delete(obj(m, "article"), "canonical_url") }), false},
		{"article language not in set", ev(func(m map[string]any) { obj(m, "article")["language"] = "bn-BD" }), false},
		{"article published_at not RFC 3339", ev(func(m map[string]any) {
			obj(m, "article")["published_at"] = "০৮ ফেব্রুয়ারি ২০২৫, ১৯:৫৪"
		}), false},
		{"article unknown field", ev(func(m map[string]any) { obj(m, "article")["body"] = "x" }), false},
		{"entity bad type", ev(func(m map[string]any) { obj(m, "entities", 0)["type"] = "MISC" }), false},
		{"entity salience above 1", ev(func(m map[string]any) { obj(m, "entities", 0)["salience"] = 1.2 }), false},
		{"entity negative confidence", ev(func(m map[string]any) { obj(m, "entities", 0)["confidence"] = -0.1 }), false},
		{"entity zero count", ev(func(m map[string]any) { obj(m, "entities", 0)["count"] = 0 }), false},
		{"entity no mentions", ev(func(m map[string]any) { obj(m, "entities", 0)["mentions"] = []any{} }), false},
		{"entity missing name", ev(func(m map[string]any) { delete(obj(m, "entities", 0), "name") }), false},
		{"entity empty subtype", ev(func(m map[string]any) { obj(m, "entities", 0)["subtype"] = "" }), false},
		{"names unknown script", ev(func(m map[string]any) { obj(m, "entities", 0, "name")["hi"] = "हमास" }), false},
		{"mention bad field", ev(func(m map[string]any) { obj(m, "entities", 0, "mentions", 0)["field"] = "lead" }), false},
		{"mention negative start", ev(func(m map[string]any) { obj(m, "entities", 0, "mentions", 0)["start"] = -1 }), false},
		{"mention missing byte_end", ev(func(m map[string]any) { delete(obj(m, "entities", 0, "mentions", 0), "byte_end") }), false},
		{"topic code not medtop", ev(func(m map[string]any) { obj(m, "topics", 0)["code"] = "11000000" }), false},
		{"topic score above 1", ev(func(m map[string]any) { obj(m, "topics", 0)["score"] = 3 }), false},
		{"topic missing evidence", ev(func(m map[string]any) { delete(obj(m, "topics", 0), "evidence") }), false},
		{"evidence with neither term nor entity", ev(func(m map[string]any) {
			e := obj(m, "topics", 0, "evidence", 0)
			delete(e, "term")
		}), false},
		{"evidence missing weight", ev(func(m map[string]any) { delete(obj(m, "topics", 0, "evidence", 1), "weight") }), false},
	})
}

func TestDeadLetterSchemaExamples(t *testing.T) {
	sch := compile(t, deadLetterID, deadLetterSchema(t))
	runExamples(t, sch, []example{
		{"bad json", `{"schema_version":"1.0","reason":"bad_json","stage":"decode","error":"decode: invalid character '<'","source":{"topic":"pages.raw","partition":0,"offset":7},"value":"eyJ1cmwiOg=="}`, true},
		{"not article with url and headers", `{"schema_version":"1.0","reason":"not_article","stage":"extract","error":"extract: listing page","source":{"topic":"pages.raw","partition":2,"offset":99},"url":"https://example.com/","value":"PGh0bWw+PC9odG1sPg==","headers":[{"key":"url","value":"aHR0cHM6Ly9leGFtcGxlLmNvbS8="},{"key":"trace","value":null}]}`, true},
		{"empty record, null value", `{"schema_version":"1.0","reason":"empty","stage":"decode","error":"decode: empty record","source":{"topic":"pages.raw","partition":0,"offset":8},"value":null}`, true},
		{"empty record, empty value", `{"schema_version":"1.0","reason":"empty","stage":"decode","error":"decode: empty record","source":{"topic":"pages.raw","partition":0,"offset":8},"value":""}`, true},

		{"unknown reason", `{"schema_version":"1.0","reason":"timeout","stage":"decode","error":"x","source":{"topic":"t","partition":0,"offset":0},"value":""}`, false},
		{"unknown stage", `{"schema_version":"1.0","reason":"internal","stage":"publish","error":"x","source":{"topic":"t","partition":0,"offset":0},"value":""}`, false},
		{"missing value", `{"schema_version":"1.0","reason":"internal","stage":"tag","error":"x","source":{"topic":"t","partition":0,"offset":0}}`, false},
		{"missing error", `{"schema_version":"1.0","reason":"internal","stage":"tag","source":{"topic":"t","partition":0,"offset":0},"value":""}`, false},
		{"missing source", `{"schema_version":"1.0","reason":"internal","stage":"tag","error":"x","value":""}`, false},
		{"value not base64", `{"schema_version":"1.0","reason":"internal","stage":"tag","error":"x","source":{"topic":"t","partition":0,"offset":0},"value":"<html>"}`, false},
		{"header without key", `{"schema_version":"1.0","reason":"internal","stage":"tag","error":"x","source":{"topic":"t","partition":0,"offset":0},"value":"","headers":[{"value":"eA=="}]}`, false},
		{"unknown field", `{"schema_version":"1.0","reason":"internal","stage":"tag","error":"x","source":{"topic":"t","partition":0,"offset":0},"value":"","retries":3}`, false},
	})
}

// Fixtures for the round trip. Together with validEvent they set every
// field of every struct reachable from TaggedEvent, RawPage and DeadLetter
// at least once (TestFixturesCoverStructs checks that), so the Go values
// decoded from them are fully populated. They are JSON rather than Go
// literals so that this file names no struct field and keeps compiling
// while the structs grow; a new field then fails the coverage test and
// TestSchemasMatchStructs until fixture and schema have it.
const fullRawPage = `{
  "url": "https://www.example.com.bd/probash/খামেনি",
  "html": "<!doctype html><html lang=\"bn\"><body><p>খবর</p></body></html>",
  "fetched_at": "2025-06-23T18:30:05.123456789Z",
  "source": "scraper-bd-01",
  "content_type": "text/html; charset=utf-8",
  "charset": "utf-8"
}`

const fullDeadLetter = `{
  "schema_version": "1.0",
  "reason": "not_article",
  "stage": "extract",
  "error": "extract: listing page",
  "source": {"topic": "", "partition": 0, "offset": 0, "file": "pages/world-section.html"},
  "url": "https://example.com/section/world",
  "value": "PGh0bWw+AP88L2h0bWw+",
  "headers": [
    {"key": "url", "value": "aHR0cHM6Ly9leGFtcGxlLmNvbS9zZWN0aW9uL3dvcmxk"},
    {"key": "traceparent", "value": "MDAtNGJmOTJmMzU3N2IzNGRhNmEzY2U5MjlkMGUwZTQ3MzYtMDBmMDY3YWEwYmE5MDJiNy0wMQ=="},
    {"key": "empty", "value": null}
  ]
}`

// roundTrip decodes fixture into a T (rejecting unknown fields), marshals
// the Go value with encoding/json, validates the result against sch, and
// checks it says the same as the fixture.
func roundTrip[T any](t *testing.T, sch *jsonschema.Schema, fixture string) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(fixture))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("fixture does not decode into %T: %v", v, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, sch, b); err != nil {
		t.Errorf("marshalled %T does not validate: %v\n%s", v, err, b)
	}
	var want, got any
	if err := json.Unmarshal([]byte(fixture), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("marshal(unmarshal(fixture)) differs from the fixture:\nfixture: %s\ngo:      %s", fixture, b)
	}
	return v
}

func TestRoundTripValidates(t *testing.T) {
	t.Run("TaggedEvent", func(t *testing.T) {
		roundTrip[models.TaggedEvent](t, compile(t, taggedEventID, models.TaggedEventSchema), validEvent)
	})
	t.Run("RawPage", func(t *testing.T) {
		roundTrip[models.RawPage](t, compile(t, rawPageID, models.RawPageSchema), fullRawPage)
	})
	t.Run("DeadLetter", func(t *testing.T) {
		roundTrip[models.DeadLetter](t, compile(t, deadLetterID, deadLetterSchema(t)), fullDeadLetter)
	})
}

var timeType = reflect.TypeFor[time.Time]()

// structTypes adds t and every struct type reachable from its fields.
func structTypes(t reflect.Type, out map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || out[t] {
		return
	}
	out[t] = true
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			structTypes(f.Type, out)
		}
	}
}

// setFields records, per struct type, the fields that are non-zero
// somewhere in v.
func setFields(v reflect.Value, seen map[reflect.Type]map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			setFields(v.Elem(), seen)
		}
	case reflect.Slice:
		for i := range v.Len() {
			setFields(v.Index(i), seen)
		}
	case reflect.Struct:
		t := v.Type()
		if t == timeType {
			return
		}
		if seen[t] == nil {
			seen[t] = map[string]bool{}
		}
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			if !v.Field(i).IsZero() {
				seen[t][t.Field(i).Name] = true
			}
			setFields(v.Field(i), seen)
		}
	}
}

// TestFixturesCoverStructs checks that the round-trip fixtures populate
// every field of every struct, so the round trip is of fully populated
// values.
func TestFixturesCoverStructs(t *testing.T) {
	decode := func(fixture string, v any) {
		if err := json.Unmarshal([]byte(fixture), v); err != nil {
			t.Fatal(err)
		}
	}
	var ev models.TaggedEvent
	var rp models.RawPage
	var dl models.DeadLetter
	decode(validEvent, &ev)
	decode(fullRawPage, &rp)
	decode(fullDeadLetter, &dl)
	all := map[reflect.Type]bool{}
	seen := map[reflect.Type]map[string]bool{}
	for _, v := range []any{ev, rp, dl} {
		structTypes(reflect.TypeOf(v), all)
		setFields(reflect.ValueOf(v), seen)
	}
	for typ := range all {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.IsExported() && !seen[typ][f.Name] {
				t.Errorf("no fixture sets %s.%s; add it to validEvent, fullRawPage or fullDeadLetter", typ.Name(), f.Name)
			}
		}
	}
}

// TestNilSlicesMarshalNull pins a trap of the Go structs: a nil slice in a
// field without omitempty marshals as null, which the schema rejects. The
// encoder must normalise nil slices of a TaggedEvent (entities, topics,
// ...) to empty ones.
func TestNilSlicesMarshalNull(t *testing.T) {
	sch := compile(t, taggedEventID, models.TaggedEventSchema)
	var ev models.TaggedEvent
	if err := json.Unmarshal([]byte(validEvent), &ev); err != nil {
		t.Fatal(err)
	}
	set := func(empty bool) []byte {
		v := reflect.ValueOf(&ev).Elem()
		for i := range v.NumField() {
			if f := v.Field(i); f.Kind() == reflect.Slice {
				if empty {
					f.Set(reflect.MakeSlice(f.Type(), 0, 0))
				} else {
					f.Set(reflect.Zero(f.Type()))
				}
			}
		}
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := set(false); validate(t, sch, b) == nil {
		t.Errorf("an event with nil slices validates; the schema or the struct changed:\n%s", b)
	}
	if b := set(true); validate(t, sch, b) != nil {
		t.Errorf("an event with empty slices does not validate: %v", validate(t, sch, b))
	}
}

// TestSchemasMatchStructs checks each schema object against its Go struct:
// the same property names, and "required" is exactly the fields without
// omitempty. Every struct reachable from a root type must have a $defs
// entry of the same name in that root's schema. Adding a field or a type
// without adding it to the schema fails here.
func TestSchemasMatchStructs(t *testing.T) {
	load := func(b []byte) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	te := load(models.TaggedEventSchema)
	dl := load(deadLetterSchema(t))
	roots := []struct {
		schema map[string]any
		typ    reflect.Type
	}{
		{te, reflect.TypeFor[models.TaggedEvent]()},
		{load(models.RawPageSchema), reflect.TypeFor[models.RawPage]()},
		{dl, reflect.TypeFor[models.DeadLetter]()},
	}
	for _, root := range roots {
		types := map[reflect.Type]bool{}
		structTypes(root.typ, types)
		for typ := range types {
			t.Run(root.typ.Name()+"/"+typ.Name(), func(t *testing.T) {
				schema := root.schema
				if typ != root.typ {
					defs, _ := root.schema["$defs"].(map[string]any)
					d, ok := defs[typ.Name()].(map[string]any)
					if !ok {
						t.Fatalf("the %s schema has no $defs/%s", root.typ.Name(), typ.Name())
					}
					schema = d
				}
				var fields, required []string
				for i := range typ.NumField() {
					f := typ.Field(i)
					name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
					if name == "-" || !f.IsExported() {
						continue
					}
					fields = append(fields, name)
					if !strings.Contains(opts, "omitempty") {
						required = append(required, name)
					}
				}
				var props, req []string
				for k := range schema["properties"].(map[string]any) {
					props = append(props, k)
				}
				reqs, _ := schema["required"].([]any)
				for _, r := range reqs {
					req = append(req, r.(string))
				}
				for _, s := range [][]string{fields, required, props, req} {
					sort.Strings(s)
				}
				if !reflect.DeepEqual(fields, props) {
					t.Errorf("properties: struct has %v, schema has %v", fields, props)
				}
				if !reflect.DeepEqual(required, req) {
					t.Errorf("required: struct implies %v, schema has %v", required, req)
				}
			})
		}
	}

	// The two copies of SourceRef must not drift apart.
	a, _ := json.Marshal(te["$defs"].(map[string]any)["SourceRef"])
	b, _ := json.Marshal(dl["$defs"].(map[string]any)["SourceRef"])
	if !bytes.Equal(a, b) {
		t.Errorf("SourceRef differs between tagged_event and dead_letter schemas:\n%s\n%s", a, b)
	}
}

// TestEveryPropertyDescribed walks each schema and wants a description on
// every property and every $defs entry.
func TestEveryPropertyDescribed(t *testing.T) {
	for name, b := range map[string][]byte{
		"raw_page":     models.RawPageSchema,
		"tagged_event": models.TaggedEventSchema,
		"dead_letter":  deadLetterSchema(t),
	} {
		var root map[string]any
		if err := json.Unmarshal(b, &root); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var walk func(path string, s map[string]any)
		walk = func(path string, s map[string]any) {
			if props, ok := s["properties"].(map[string]any); ok {
				for k, v := range props {
					p := v.(map[string]any)
					// A property that only narrows a $ref'd one (article.page_type) inherits its description.
					if _, ok := p["description"]; !ok && !(len(p) == 1 && p["const"] != nil) {
						t.Errorf("%s: %s.%s has no description", name, path, k)
					}
					walk(path+"."+k, p)
				}
			}
			if defs, ok := s["$defs"].(map[string]any); ok {
				for k, v := range defs {
					d := v.(map[string]any)
					if _, ok := d["description"]; !ok {
						t.Errorf("%s: $defs/%s has no description", name, k)
					}
					walk(k, d)
				}
			}
		}
		if _, ok := root["description"]; !ok {
			t.Errorf("%s: no top-level description", name)
		}
		walk(name, root)
	}
}

// TestSchemaExamples validates the "examples" a schema carries.
func TestSchemaExamples(t *testing.T) {
	sch := compile(t, rawPageID, models.RawPageSchema)
	var root struct {
		Examples []json.RawMessage `json:"examples"`
	}
	if err := json.Unmarshal(models.RawPageSchema, &root); err != nil {
		t.Fatal(err)
	}
	for i, ex := range root.Examples {
		if err := validate(t, sch, ex); err != nil {
			t.Errorf("raw_page example %d: %v", i, err)
		}
	}
}
