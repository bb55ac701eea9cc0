package main

import (
	"bufio"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/newsroom/tagger/models"
)

// TestDemo runs the README's first command in-process: embedded broker,
// pipeline, bundled samples. The seed pages must come out with their
// people and organisations linked in both scripts, and nothing named only
// in their related, latest and most-read lists.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut lockedBuffer
	code := Main(ctx, []string{"demo", "--json"}, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	if code != 0 {
		t.Fatalf("demo exited %d:\n%s", code, errOut.String())
	}
	events := map[string]models.TaggedEvent{}
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev models.TaggedEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("demo --json line: %v", err)
		}
		name := ev.URL[strings.LastIndex(ev.URL, "/")+1 : strings.Index(ev.URL, "?")]
		events[name] = ev
	}
	if len(events) != 5 {
		t.Fatalf("demo printed %d events, want 5 (one per sample)", len(events))
	}
	tests := []struct {
		sample string
		want   []models.Names // linked with both names
		never  []string       // English names found only in the sidebars
	}{
		{"bn-khamenei-hamas",
			[]models.Names{{EN: "Ali Khamenei", BN: "আলী খামেনি"}, {EN: "Hamas", BN: "হামাস"}, {EN: "Tehran", BN: "তেহরান"}, {EN: "Reuters", BN: "রয়টার্স"}, {EN: "Iran", BN: "ইরান"}},
			[]string{"United Nations", "Pakistan", "South Sudan", "Awami League", "India"}},
		{"bn-khamenei-putin-letter",
			[]models.Names{{EN: "Ali Khamenei", BN: "আলী খামেনি"}, {EN: "Vladimir Putin", BN: "ভ্লাদিমির পুতিন"}, {EN: "Reuters", BN: "রয়টার্স"}, {EN: "Russia"}, {EN: "Abbas Araghchi"}},
			[]string{"Syria", "Malaysia", "Oman", "Muscat", "Geneva", "Switzerland", "Milan"}},
	}
	for _, tt := range tests {
		ev, ok := events[tt.sample]
		if !ok {
			t.Errorf("%s: no event", tt.sample)
			continue
		}
		have := map[string]models.Names{}
		for _, e := range ev.Entities {
			have[e.Name.EN] = e.Name
		}
		for _, w := range tt.want {
			got, ok := have[w.EN]
			if !ok {
				t.Errorf("%s: %s not tagged; have %v", tt.sample, w.EN, keysOf(have))
				continue
			}
			if w.BN != "" && got.BN != w.BN {
				t.Errorf("%s: %s has Bangla name %q, want %q", tt.sample, w.EN, got.BN, w.BN)
			}
		}
		for _, n := range tt.never {
			if _, ok := have[n]; ok {
				t.Errorf("%s: %s tagged, but only a sidebar headline names it", tt.sample, n)
			}
		}
	}
}

func keysOf(m map[string]models.Names) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
