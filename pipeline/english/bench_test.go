package english

import (
	"strings"
	"testing"

	prose "github.com/jdkato/prose/v2"
)

// BenchmarkUnlinked measures the recogniser on a Reuters-style story of
// about 3 KB; the MB/s column is the figure to compare with the gazetteer
// matcher's (~50+ MB/s).
func BenchmarkUnlinked(b *testing.B) {
	r := recognizer(b)
	body := strings.Repeat(reutersBody+"\n\n", 5)
	b.SetBytes(int64(len(reutersTitle) + len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r.Unlinked(reutersTitle, body, nil)
	}
}

// BenchmarkUnlinkedBangla measures the cost of the script guard on a
// Bangla story: the Recognizer must be nearly free where it has no work.
func BenchmarkUnlinkedBangla(b *testing.B) {
	r := recognizer(b)
	body := strings.Repeat("রাজধানীর নয়াপল্টনে আজ বিএনপির সমাবেশ হয়েছে। দলের মহাসচিব মির্জা ফখরুল ইসলাম আলমগীর বক্তব্য দেন।\n\n", 20)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r.Unlinked("", body, nil)
	}
}

// BenchmarkProseDefaultModel shows the trap New avoids: a prose document
// made without UsingModel decodes the embedded model again.
func BenchmarkProseDefaultModel(b *testing.B) {
	const s = "Treasury Secretary Janet Yellen, speaking in Brussels, said the European Commission shared her view."
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := prose.NewDocument(s, prose.WithSegmentation(false)); err != nil {
			b.Fatal(err)
		}
	}
}
