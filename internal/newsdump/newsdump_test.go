package newsdump

import (
	"strings"
	"testing"
)

// TestDecode reads two records in the dump's format, as its first lines
// are written, and maps the languages it names.
func TestDecode(t *testing.T) {
	arts, err := Decode(strings.NewReader(`[
{"url":"https://www.prothomalo.com/sports/cricket/x","headline":"মুশফিকের শততম টেস্ট","article":"ঢাকায় ...","category":"খেলা","publication_date":"2025-11-19","source_language":"Bengali"},
{"url":"https://www.thedailystar.net/business/y","headline":"Remittance rises","article":"Dhaka ...","category":"Business","publication_date":"","source_language":"English"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || arts[0].Category != "খেলা" || arts[1].URL != "https://www.thedailystar.net/business/y" {
		t.Fatalf("decoded %+v", arts)
	}
	for i, want := range []string{"bn", "en"} {
		if got := arts[i].Language(); got != want {
			t.Errorf("article %d: language %q, want %q", i, got, want)
		}
	}
	if got := (Article{SourceLanguage: "Hindi"}).Language(); got != "" {
		t.Errorf("Hindi: language %q, want none", got)
	}
	if _, err := Decode(strings.NewReader(`{"url":1}`)); err == nil {
		t.Error("an object instead of an array decoded without error")
	}
}
