package english

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	prose "github.com/jdkato/prose/v2"

	"github.com/newsroom/tagger/models"
)

// newTest is one Recognizer for the package's tests: loading prose's model
// takes a third of a second.
var newTest = sync.OnceValues(func() (*Recognizer, error) { return New(Options{}) })

func recognizer(t testing.TB) *Recognizer {
	t.Helper()
	r, err := newTest()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A Reuters-style story whose people and organisations are in no
// gazetteer of ours.
const (
	reutersTitle = "Fed's Powell signals patience as Goldman Sachs sees cut"
	reutersBody  = "WASHINGTON, June 12 (Reuters) - Federal Reserve Chair Jerome Powell said on Wednesday that the central bank would keep rates steady, while economists at Goldman Sachs in New York expected a cut by September. Powell told reporters the labor market remained strong.\n\n" +
		"Treasury Secretary Janet Yellen, speaking in Brussels, said the European Commission and the International Monetary Fund shared her view. “We are not there yet,” said Mohamed El-Erian, chief economic adviser at Allianz.\n\n" +
		"Bangladesh Bank governor Ahsan H. Mansur met IMF officials in Dhaka on Sunday. Mr. Mansur said the talks were constructive."
)

// checkEntities asserts what must hold of every answer: exact offsets,
// ids, confidence, counts, and salience below every linked entity.
func checkEntities(t *testing.T, title, body string, known, got []models.Entity, opt Options) {
	t.Helper()
	minKnown := 1.0
	for _, e := range known {
		minKnown = min(minKnown, e.Salience)
	}
	seen := map[string]bool{}
	for _, e := range got {
		if !strings.HasPrefix(e.ID, IDPrefix) || e.ID == IDPrefix || strings.ContainsAny(e.ID, " \t\n") {
			t.Errorf("bad id %q", e.ID)
		}
		if seen[e.ID] {
			t.Errorf("id %q twice", e.ID)
		}
		seen[e.ID] = true
		if e.Type != models.PER && e.Type != models.LOC && e.Type != models.ORG {
			t.Errorf("%s: type %q", e.ID, e.Type)
		}
		if e.Name.EN == "" || e.Name.BN != "" {
			t.Errorf("%s: name %+v", e.ID, e.Name)
		}
		if e.Confidence != opt.Confidence || e.Confidence >= 1 {
			t.Errorf("%s: confidence %v", e.ID, e.Confidence)
		}
		if e.Salience < 0 || e.Salience >= minKnown && minKnown > 0 {
			t.Errorf("%s: salience %v, lowest linked %v", e.ID, e.Salience, minKnown)
		}
		if e.Count != len(e.Mentions) || e.Count == 0 {
			t.Errorf("%s: count %d, %d mentions", e.ID, e.Count, len(e.Mentions))
		}
		prev := models.Mention{Field: models.FieldTitle, ByteStart: -1}
		for _, m := range e.Mentions {
			text := body
			switch m.Field {
			case models.FieldTitle:
				text = title
			case models.FieldBody:
			default:
				t.Fatalf("%s: field %q", e.ID, m.Field)
			}
			if m.ByteStart < 0 || m.ByteEnd > len(text) || m.ByteStart >= m.ByteEnd {
				t.Fatalf("%s: byte span %d:%d of %d", e.ID, m.ByteStart, m.ByteEnd, len(text))
			}
			if s := text[m.ByteStart:m.ByteEnd]; s != m.Surface {
				t.Errorf("%s: text[%d:%d] = %q, surface %q", e.ID, m.ByteStart, m.ByteEnd, s, m.Surface)
			}
			if want := utf8.RuneCountInString(text[:m.ByteStart]); m.Start != want {
				t.Errorf("%s: start %d, want %d", e.ID, m.Start, want)
			}
			if want := m.Start + utf8.RuneCountInString(m.Surface); m.End != want {
				t.Errorf("%s: end %d, want %d", e.ID, m.End, want)
			}
			if rs := []rune(text); string(rs[m.Start:m.End]) != m.Surface {
				t.Errorf("%s: runes[%d:%d] = %q, surface %q", e.ID, m.Start, m.End, string(rs[m.Start:m.End]), m.Surface)
			}
			for _, k := range known {
				for _, km := range k.Mentions {
					if km.Field == m.Field && m.ByteStart < km.ByteEnd && km.ByteStart < m.ByteEnd {
						t.Errorf("%s: mention %q overlaps linked %s", e.ID, m.Surface, k.ID)
					}
				}
			}
			if prev.Field == m.Field && m.ByteStart <= prev.ByteStart || prev.Field == models.FieldBody && m.Field == models.FieldTitle {
				t.Errorf("%s: mentions out of order", e.ID)
			}
			prev = m
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].Salience > got[i-1].Salience {
			t.Errorf("not sorted by salience at %d", i)
		}
	}
}

// link makes a gazetteer-style entity for every occurrence of surface in
// title and body.
func link(id string, typ models.EntityType, en string, salience float64, title, body, surface string) models.Entity {
	e := models.Entity{ID: id, Type: typ, Name: models.Names{EN: en}, Confidence: 1, Salience: salience}
	for _, f := range []struct{ name, text string }{{models.FieldTitle, title}, {models.FieldBody, body}} {
		for off := 0; ; {
			i := strings.Index(f.text[off:], surface)
			if i < 0 {
				break
			}
			bs := off + i
			e.Mentions = append(e.Mentions, models.Mention{
				Surface: surface, Field: f.name,
				Start: utf8.RuneCountInString(f.text[:bs]), End: utf8.RuneCountInString(f.text[:bs+len(surface)]),
				ByteStart: bs, ByteEnd: bs + len(surface),
			})
			off = bs + len(surface)
		}
	}
	e.Count = len(e.Mentions)
	return e
}

func TestUnlinked(t *testing.T) {
	r := recognizer(t)
	type want struct {
		id  string
		typ models.EntityType
	}
	tests := []struct {
		name        string
		title, body string
		known       func(title, body string) []models.Entity
		want        []want
		notWant     []string // ids
		wantTitle   []string // ids with a title mention
		wantNothing bool
	}{
		{
			name:  "reuters paragraph",
			title: reutersTitle, body: reutersBody,
			want: []want{
				{"unlinked:jerome-powell", models.PER},
				{"unlinked:janet-yellen", models.PER},
				{"unlinked:mohamed-el-erian", models.PER},
				{"unlinked:ahsan-h-mansur", models.PER},
				{"unlinked:federal-reserve", models.ORG},
				{"unlinked:international-monetary-fund", models.ORG},
				{"unlinked:european-commission", models.ORG},
				{"unlinked:bangladesh-bank", models.ORG},
				{"unlinked:imf", models.ORG},
				{"unlinked:new-york", models.LOC},
				{"unlinked:brussels", models.LOC},
				{"unlinked:dhaka", models.LOC},
			},
			// A surname joins its person; job titles and honorifics are not names.
			notWant:   []string{"unlinked:powell", "unlinked:mansur", "unlinked:mr-mansur", "unlinked:federal-reserve-chair-jerome-powell", "unlinked:treasury-secretary-janet-yellen", "unlinked:june"},
			wantTitle: []string{"unlinked:jerome-powell", "unlinked:goldman-sachs"},
		},
		{
			name:  "names the gazetteer linked are excluded",
			title: reutersTitle, body: reutersBody,
			known: func(title, body string) []models.Entity {
				return []models.Entity{
					link("Q2291", models.ORG, "Goldman Sachs", 1, title, body, "Goldman Sachs"),
					link("Q1933", models.LOC, "Dhaka", 0.6, title, body, "Dhaka"),
					link("Q7414", models.ORG, "International Monetary Fund", 0.4, title, body, "International Monetary Fund"),
					link("Q6135", models.PER, "Jerome Powell", 0.3, title, body, "Jerome Powell"),
					link("Q1054", models.ORG, "Federal Reserve", 0.2, title, body, "Federal Reserve"),
				}
			},
			want: []want{
				{"unlinked:janet-yellen", models.PER},
				{"unlinked:brussels", models.LOC},
				{"unlinked:ahsan-h-mansur", models.PER},
			},
			// "Powell" alone is a part of a linked name: a later reference.
			notWant: []string{"unlinked:goldman-sachs", "unlinked:dhaka", "unlinked:international-monetary-fund", "unlinked:jerome-powell", "unlinked:powell", "unlinked:federal-reserve"},
		},
		{
			name:  "offsets after Bangla text, curly quotes and possessives",
			title: "",
			body:  "ঢাকায় আজ বৃষ্টি হয়েছে। “We will not back down,” said Elizabeth Warren, a senator from Massachusetts.\n\nWarren’s office in Boston declined to comment; Mr. Smith’s lawyer, Ahmed Kamal, did too.",
			want: []want{
				{"unlinked:elizabeth-warren", models.PER},
				{"unlinked:massachusetts", models.LOC},
				{"unlinked:boston", models.LOC},
				{"unlinked:ahmed-kamal", models.PER},
			},
			notWant: []string{"unlinked:warren-s", "unlinked:warren’s", "unlinked:mr-smith"},
		},
		{
			name:      "headline-case title needs the body to confirm",
			title:     "Acme Boss Quits As Shares Slide In Frankfurt",
			body:      "The chief executive of Siemens Energy resigned on Tuesday after the company's shares fell in Frankfurt.",
			want:      []want{{"unlinked:frankfurt", models.LOC}},
			notWant:   []string{"unlinked:acme-boss-quits-as-shares-slide", "unlinked:acme-boss", "unlinked:acme"},
			wantTitle: []string{"unlinked:frankfurt"},
		},
		{
			name: "job titles and left-out first names",
			body: "General Motors Chief Executive Mary Barra said on Tuesday the company would cut jobs in Detroit. " +
				"Shares of Tesla Inc fell after Chief Executive Elon Musk sold stock. Yesterday Musk said Apple would follow.\n\n" +
				"Police in Chittagong said a spokesman for the Rapid Action Battalion confirmed the arrests.",
			want: []want{
				{"unlinked:mary-barra", models.PER},
				{"unlinked:elon-musk", models.PER},
				{"unlinked:tesla-inc", models.ORG},
				{"unlinked:detroit", models.LOC},
				{"unlinked:chittagong", models.LOC},
				{"unlinked:rapid-action-battalion", models.ORG},
			},
			// "General" is not cut off as a title; "Yesterday" is not a first name.
			notWant: []string{"unlinked:motors", "unlinked:barra", "unlinked:musk", "unlinked:yesterday-musk", "unlinked:chief-executive-mary-barra"},
		},
		{name: "empty", wantNothing: true},
		{name: "white space", title: " \n", body: "\n\n \t", wantNothing: true},
		{
			name:        "Bangla only",
			title:       "ঢাকায় বিএনপির সমাবেশ",
			body:        "রাজধানীর নয়াপল্টনে আজ বিএনপির সমাবেশ হয়েছে। দলের মহাসচিব মির্জা ফখরুল ইসলাম আলমগীর বক্তব্য দেন।\n\nপুলিশ জানিয়েছে, সমাবেশ শান্তিপূর্ণ ছিল।",
			wantNothing: true,
		},
		{
			name:        "Bangla with a few Latin words",
			body:        "বাংলাদেশ ব্যাংকের গভর্নর আহসান এইচ মনসুর IMF প্রতিনিধিদলের সঙ্গে Dhaka-য় বৈঠক করেছেন।",
			wantNothing: true,
		},
		{name: "no capitals", body: "prices rose again on tuesday, and traders said they expected more of the same.", wantNothing: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var known []models.Entity
			if tc.known != nil {
				known = tc.known(tc.title, tc.body)
			}
			got := r.Unlinked(tc.title, tc.body, known)
			checkEntities(t, tc.title, tc.body, known, got, r.Options())
			if tc.wantNothing {
				if len(got) != 0 {
					t.Fatalf("got %d entities, want none: %v", len(got), ids(got))
				}
				return
			}
			byID := map[string]models.Entity{}
			for _, e := range got {
				byID[e.ID] = e
			}
			for _, w := range tc.want {
				e, ok := byID[w.id]
				if !ok {
					t.Errorf("missing %s; got %v", w.id, ids(got))
					continue
				}
				if e.Type != w.typ {
					t.Errorf("%s: type %s, want %s", w.id, e.Type, w.typ)
				}
			}
			for _, id := range tc.notWant {
				if _, ok := byID[id]; ok {
					t.Errorf("unwanted %s", id)
				}
			}
			for _, id := range tc.wantTitle {
				if e, ok := byID[id]; !ok || e.Mentions[0].Field != models.FieldTitle {
					t.Errorf("%s: no title mention", id)
				}
			}
			for _, e := range got {
				if e.Mentions[0].Field == models.FieldTitle && strings.HasPrefix(tc.title, "Acme") && e.ID != "unlinked:frankfurt" {
					t.Errorf("unconfirmed headline name %s", e.ID)
				}
			}
		})
	}
}

func ids(es []models.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s(%s)", e.ID, e.Type)
	}
	return out
}

func TestUnlinkedMentions(t *testing.T) {
	r := recognizer(t)
	got := r.Unlinked(reutersTitle, reutersBody, nil)
	var powell *models.Entity
	for i := range got {
		if got[i].ID == "unlinked:jerome-powell" {
			powell = &got[i]
		}
	}
	if powell == nil {
		t.Fatalf("no Jerome Powell in %v", ids(got))
	}
	var surfaces []string
	for _, m := range powell.Mentions {
		surfaces = append(surfaces, m.Field+":"+m.Surface)
	}
	want := []string{"title:Powell", "body:Jerome Powell", "body:Powell"}
	if !reflect.DeepEqual(surfaces, want) {
		t.Errorf("mentions %v, want %v", surfaces, want)
	}
	if powell.Name.EN != "Jerome Powell" {
		t.Errorf("name %q", powell.Name.EN)
	}
	// Title and lead outweigh the rest: Powell is the top entity.
	if got[0].ID != powell.ID || got[0].Salience != DefaultConfidence {
		t.Errorf("top %s %v, want %s %v", got[0].ID, got[0].Salience, powell.ID, DefaultConfidence)
	}
}

func TestUnlinkedSalienceBelowLinked(t *testing.T) {
	r := recognizer(t)
	for _, low := range []float64{1, 0.5, 0.0001} {
		known := []models.Entity{link("Q1933", models.LOC, "Dhaka", low, reutersTitle, reutersBody, "Dhaka")}
		got := r.Unlinked(reutersTitle, reutersBody, known)
		if len(got) == 0 {
			t.Fatal("nothing found")
		}
		checkEntities(t, reutersTitle, reutersBody, known, got, r.Options())
	}
}

func TestUnlinkedBudget(t *testing.T) {
	opt := Options{MaxBytes: 200}
	r, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	// The budget covers the title and the body's first 200-len(title) bytes.
	got := r.Unlinked(reutersTitle, reutersBody, nil)
	checkEntities(t, reutersTitle, reutersBody, nil, got, r.Options())
	if len(got) == 0 {
		t.Fatal("nothing within the budget")
	}
	limit := 200 - len(reutersTitle)
	for _, e := range got {
		for _, m := range e.Mentions {
			if m.Field == models.FieldBody && m.ByteEnd > limit {
				t.Errorf("%s at %d:%d, past the body budget %d", e.ID, m.ByteStart, m.ByteEnd, limit)
			}
		}
	}

	// A huge page without a single break is read only up to the budget.
	huge := strings.Repeat("Officials from Northwind Traders met Contoso executives in Springfield ", 20000)
	r2, err := New(Options{MaxBytes: 3000})
	if err != nil {
		t.Fatal(err)
	}
	got = r2.Unlinked("", huge, nil)
	checkEntities(t, "", huge, nil, got, r2.Options())
	for _, e := range got {
		for _, m := range e.Mentions {
			if m.ByteEnd > 3000 {
				t.Errorf("%s at %d, past the budget", e.ID, m.ByteEnd)
			}
		}
	}
}

// TestUnlinkedPanic: prose panics instead of returning errors; a model
// without its parts makes it panic on every document.
func TestUnlinkedPanic(t *testing.T) {
	r := &Recognizer{model: &prose.Model{}, opt: Options{}.withDefaults()}
	if got := r.Unlinked(reutersTitle, reutersBody, nil); got != nil {
		t.Errorf("got %v", ids(got))
	}
}

func TestUnlinkedDeterministic(t *testing.T) {
	r := recognizer(t)
	known := []models.Entity{link("Q1933", models.LOC, "Dhaka", 0.6, reutersTitle, reutersBody, "Dhaka")}
	first := r.Unlinked(reutersTitle, reutersBody, known)
	r2, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		rr := r
		if i%2 == 1 {
			rr = r2
		}
		if got := rr.Unlinked(reutersTitle, reutersBody, known); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs:\n%v\n%v", i, ids(got), ids(first))
		}
	}
}

// TestUnlinkedConcurrent runs goroutines on one Recognizer; run it with
// -race. Each must get what a lone call gets.
func TestUnlinkedConcurrent(t *testing.T) {
	r := recognizer(t)
	inputs := [][2]string{
		{reutersTitle, reutersBody},
		{"", "“We will not back down,” said Elizabeth Warren, a senator from Massachusetts."},
		{"Siemens Energy chief quits", "The chief executive of Siemens Energy resigned on Tuesday after shares fell in Frankfurt."},
		{"", "ঢাকায় আজ বৃষ্টি হয়েছে।"},
	}
	want := make([][]models.Entity, len(inputs))
	for i, in := range inputs {
		want[i] = r.Unlinked(in[0], in[1], nil)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				i := (g + k) % len(inputs)
				if got := r.Unlinked(inputs[i][0], inputs[i][1], nil); !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("goroutine %d input %d: %v, want %v", g, i, ids(got), ids(want[i]))
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		opt Options
		ok  bool
	}{
		{Options{}, true},
		{Options{MaxBytes: 100, Confidence: 0.3, MinLatinShare: 0.9}, true},
		{Options{MaxBytes: -1}, false},
		{Options{Confidence: 1}, false},
		{Options{Confidence: -0.2}, false},
		{Options{MinLatinShare: 1.5}, false},
	}
	for _, tc := range tests {
		err := tc.opt.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc.opt, err)
		}
		if _, err := New(tc.opt); (err == nil) != tc.ok {
			t.Errorf("New(%+v): %v", tc.opt, err)
		}
	}
}
