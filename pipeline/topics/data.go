package topics

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// concept is one taxonomy row.
type concept struct {
	code, parent string
	en, bn       string
}

// termRule says that a lexicon term is evidence for a topic.
type termRule struct {
	code    string
	concept int32 // index of code in the taxonomy
	weight  float64
}

// subtypeRule says that an entity subtype, or one particular entity, is
// evidence for a topic.
type subtypeRule struct {
	code    string
	concept int32 // index of code in the taxonomy, set by build
	weight  float64
}

// region is one row of regions.tsv.
type region struct {
	id, en, bn string
	members    []string
}

// readTSV calls row for each data line of a tab-separated file, skipping
// blank lines and # comments, and checks the column count. Errors carry
// the file name and line number so a bad edit to the data is easy to find.
func readTSV(r io.Reader, name string, cols int, row func(line int, f []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != cols {
			return fmt.Errorf("topics: %s:%d: %d columns, want %d", name, n, len(f), cols)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if err := row(n, f); err != nil {
			return fmt.Errorf("topics: %s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("topics: %s: %w", name, err)
	}
	return nil
}

func parseTaxonomy(r io.Reader) ([]concept, error) {
	var out []concept
	seen := map[string]bool{}
	err := readTSV(r, "taxonomy.tsv", 4, func(_ int, f []string) error {
		if !strings.HasPrefix(f[0], "medtop:") {
			return fmt.Errorf("code %q is not a medtop code", f[0])
		}
		if seen[f[0]] {
			return fmt.Errorf("%s listed twice", f[0])
		}
		if f[2] == "" || f[3] == "" {
			return fmt.Errorf("%s: missing label", f[0])
		}
		seen[f[0]] = true
		out = append(out, concept{code: f[0], parent: f[1], en: f[2], bn: f[3]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.parent != "" && !seen[c.parent] {
			return nil, fmt.Errorf("topics: taxonomy.tsv: %s: parent %s not in the taxonomy", c.code, c.parent)
		}
	}
	return out, nil
}

func parseWeight(s string) (float64, error) {
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || w < 0 || w > 10 {
		return 0, fmt.Errorf("weight %q: want a number in [0, 10]", s)
	}
	return w, nil
}

// lexiconRow is one lexicon line; code "-" marks a blocking phrase.
type lexiconRow struct {
	code   string
	weight float64
	term   string
}

func parseLexicon(r io.Reader) ([]lexiconRow, error) {
	var out []lexiconRow
	err := readTSV(r, "lexicon.tsv", 3, func(_ int, f []string) error {
		w, err := parseWeight(f[1])
		if err != nil {
			return err
		}
		if f[2] == "" {
			return fmt.Errorf("empty term")
		}
		out = append(out, lexiconRow{code: f[0], weight: w, term: f[2]})
		return nil
	})
	return out, err
}

// entityKeyPrefix marks a row of entity_topics.tsv that is about one
// entity (id:org-bd-mof) rather than a subtype.
const entityKeyPrefix = "id:"

func parseEntityTopics(r io.Reader) (map[string][]subtypeRule, error) {
	out := map[string][]subtypeRule{}
	err := readTSV(r, "entity_topics.tsv", 3, func(_ int, f []string) error {
		w, err := parseWeight(f[2])
		if err != nil {
			return err
		}
		out[f[0]] = append(out[f[0]], subtypeRule{code: f[1], weight: w})
		return nil
	})
	return out, err
}

func parseRegions(r io.Reader) ([]region, error) {
	var out []region
	err := readTSV(r, "regions.tsv", 4, func(_ int, f []string) error {
		if !strings.HasPrefix(f[0], "region:") {
			return fmt.Errorf("region id %q must start with region:", f[0])
		}
		var members []string
		for _, m := range strings.Split(f[3], "|") {
			if m = strings.TrimSpace(m); m != "" {
				members = append(members, m)
			}
		}
		if len(members) == 0 {
			return fmt.Errorf("%s: no members", f[0])
		}
		out = append(out, region{id: f[0], en: f[1], bn: f[2], members: members})
		return nil
	})
	return out, err
}
