package models_test

import (
	"bytes"
	"encoding/json"
	"os"
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
	b, err := os.ReadFile("dead_letter.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
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
// offsets. Invalid cases below are made by editing it.
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
  "gazetteer_version": "sha256:5b1d0c0c",
  "pipeline_version": "tagger/0.1.0"
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
		{"no entities or topics", ev(func(m map[string]any) { m["entities"] = []any{}; m["topics"] = []any{} }), true},
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

func fullTaggedEvent() models.TaggedEvent {
	pub := time.Date(2025, 2, 8, 19, 54, 0, 0, time.FixedZone("BDT", 6*3600))
	mod := pub.Add(5 * time.Minute)
	return models.TaggedEvent{
		SchemaVersion: models.SchemaVersion,
		EventID:       "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Source:        models.SourceRef{Topic: "pages.raw", Partition: 3, Offset: 1 << 40},
		URL:           "https://www.example.com.bd/international/খামেনি",
		Article: models.Article{
			Title:        "রাশিয়ার সহায়তা চেয়ে পুতিনকে খামেনির চিঠি",
			Lead:         "ইরানে যুক্তরাষ্ট্রের হামলার পর দেশটির সর্বোচ্চ নেতা আয়াতুল্লাহ আলী খামেনি রাশিয়ার সহায়তা চেয়ে তাঁর পররাষ্ট্রমন্ত্রীকে মস্কো পাঠিয়েছেন।",
			Text:         "ইরানে যুক্তরাষ্ট্রের হামলার পর দেশটির সর্বোচ্চ নেতা আয়াতুল্লাহ আলী খামেনি রাশিয়ার সহায়তা চেয়ে তাঁর পররাষ্ট্রমন্ত্রীকে মস্কো পাঠিয়েছেন।\n\nবার্তা সংস্থা রয়টার্সের খবরে এ কথা বলা হয়েছে।",
			PublishedAt:  &pub,
			ModifiedAt:   &mod,
			Authors:      []string{"বিডিজেন ডেস্ক"},
			Section:      "প্রবাসের খবর",
			Language:     "bn",
			CanonicalURL: "https://www.example.com.bd/international/খামেনি",
			SiteName:     "বিডিজেন",
			PageType:     models.PageArticle,
		},
		Entities: []models.Entity{{
			ID:         "Q7747",
			Type:       models.PER,
			Subtype:    "head_of_state",
			Name:       models.Names{EN: "Vladimir Putin", BN: "ভ্লাদিমির পুতিন"},
			Count:      1,
			Salience:   0.9,
			Confidence: 1,
			Mentions: []models.Mention{{
				Surface: "পুতিনকে", Field: models.FieldTitle,
				Start: 23, End: 30, ByteStart: 63, ByteEnd: 84,
			}},
		}},
		Topics: []models.Topic{{
			Code:  "medtop:11000000",
			Label: models.Names{EN: "politics", BN: "রাজনীতি"},
			Score: 0.7,
			Evidence: []models.Evidence{
				{Term: "পররাষ্ট্রমন্ত্রী", Field: models.FieldBody, Start: 103, End: 119, Weight: 1.25},
				{EntityID: "Q7747", Weight: 0.5},
			},
		}},
		GazetteerVersion: "sha256:5b1d0c0c",
		PipelineVersion:  "tagger/0.1.0",
	}
}

func TestRoundTripValidates(t *testing.T) {
	fetched := time.Date(2025, 6, 23, 18, 30, 5, 123456789, time.UTC)
	ev := fullTaggedEvent()
	cases := []struct {
		name   string
		id     string
		schema []byte
		value  any
	}{
		{"TaggedEvent", taggedEventID, models.TaggedEventSchema, ev},
		{"RawPage", rawPageID, models.RawPageSchema, models.RawPage{
			URL:         "https://www.example.com.bd/probash/খামেনি",
			HTML:        "<!doctype html><html lang=\"bn\"><body><p>খবর</p></body></html>",
			FetchedAt:   &fetched,
			Source:      "scraper-bd-01",
			ContentType: "text/html; charset=utf-8",
			Charset:     "utf-8",
		}},
		{"DeadLetter", deadLetterID, deadLetterSchema(t), models.DeadLetter{
			SchemaVersion: models.SchemaVersion,
			Reason:        models.ReasonNotArticle,
			Stage:         models.StageExtract,
			Error:         "extract: listing page",
			Source:        models.SourceRef{Topic: "pages.raw", Partition: 1, Offset: 42},
			URL:           "https://example.com/section/world",
			Value:         []byte("<html>\x00\xff</html>"),
			Headers: []models.Header{
				{Key: models.HeaderURL, Value: []byte("https://example.com/section/world")},
				{Key: models.HeaderReason, Value: []byte(models.ReasonNotArticle)},
				{Key: "empty", Value: nil},
			},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sch := compile(t, c.id, c.schema)
			b, err := json.Marshal(c.value)
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(t, sch, b); err != nil {
				t.Errorf("marshalled %s does not validate: %v\n%s", c.name, err, b)
			}
			// And the JSON decodes back into the same value.
			back := reflect.New(reflect.TypeOf(c.value))
			if err := json.Unmarshal(b, back.Interface()); err != nil {
				t.Fatal(err)
			}
			b2, _ := json.Marshal(back.Elem().Interface())
			if !bytes.Equal(b, b2) {
				t.Errorf("round trip changed the JSON:\n%s\n%s", b, b2)
			}
		})
	}
}

// TestZeroSlicesMarshalNull pins a trap of the Go structs: a nil slice in a
// field without omitempty marshals as null, which the schema rejects. The
// encoder must normalise nil Entities, Topics, Mentions and Evidence to
// empty slices.
func TestZeroSlicesMarshalNull(t *testing.T) {
	sch := compile(t, taggedEventID, models.TaggedEventSchema)
	ev := fullTaggedEvent()
	ev.Entities, ev.Topics = nil, nil
	b, _ := json.Marshal(ev)
	if err := validate(t, sch, b); err == nil {
		t.Fatalf("an event with nil Entities validates; the schema or the struct changed:\n%s", b)
	}
	ev.Entities, ev.Topics = []models.Entity{}, []models.Topic{}
	b, _ = json.Marshal(ev)
	if err := validate(t, sch, b); err != nil {
		t.Fatalf("an event with empty Entities does not validate: %v", err)
	}
}

// TestSchemasMatchStructs checks each schema object against its Go struct:
// the same property names, and "required" is exactly the fields without
// omitempty. Adding a field to a struct without adding it to the schema
// fails here.
func TestSchemasMatchStructs(t *testing.T) {
	load := func(b []byte) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	te := load(models.TaggedEventSchema)
	rp := load(models.RawPageSchema)
	dl := load(deadLetterSchema(t))
	def := func(root map[string]any, name string) map[string]any {
		return root["$defs"].(map[string]any)[name].(map[string]any)
	}
	cases := []struct {
		name   string
		schema map[string]any
		typ    reflect.Type
	}{
		{"TaggedEvent", te, reflect.TypeFor[models.TaggedEvent]()},
		{"SourceRef", def(te, "SourceRef"), reflect.TypeFor[models.SourceRef]()},
		{"Names", def(te, "Names"), reflect.TypeFor[models.Names]()},
		{"Article", def(te, "Article"), reflect.TypeFor[models.Article]()},
		{"Entity", def(te, "Entity"), reflect.TypeFor[models.Entity]()},
		{"Mention", def(te, "Mention"), reflect.TypeFor[models.Mention]()},
		{"Topic", def(te, "Topic"), reflect.TypeFor[models.Topic]()},
		{"Evidence", def(te, "Evidence"), reflect.TypeFor[models.Evidence]()},
		{"RawPage", rp, reflect.TypeFor[models.RawPage]()},
		{"DeadLetter", dl, reflect.TypeFor[models.DeadLetter]()},
		{"Header", def(dl, "Header"), reflect.TypeFor[models.Header]()},
		{"DeadLetter SourceRef", def(dl, "SourceRef"), reflect.TypeFor[models.SourceRef]()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fields, required []string
			for i := range c.typ.NumField() {
				f := c.typ.Field(i)
				name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "-" || !f.IsExported() {
					continue
				}
				fields = append(fields, name)
				if !strings.Contains(opts, "omitempty") {
					required = append(required, name)
				}
			}
			var props []string
			for k := range c.schema["properties"].(map[string]any) {
				props = append(props, k)
			}
			var req []string
			reqs, _ := c.schema["required"].([]any)
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

	// The two copies of SourceRef must not drift apart.
	a, _ := json.Marshal(def(te, "SourceRef"))
	b, _ := json.Marshal(def(dl, "SourceRef"))
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
