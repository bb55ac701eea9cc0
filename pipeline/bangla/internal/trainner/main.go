// Command trainner trains the Bangla person tagger shipped in
// pipeline/bangla/data from hand-annotated Bangla news:
//
//	go run ./pipeline/bangla/internal/trainner -data ../shared/data -out pipeline/bangla/data/persons.tsv.gz
//
// It reads the train split of the rifat1493 NER set (MIT) and the
// banglakit NER set (CC0), never a test split, and writes the same model,
// byte for byte, every time.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsroom/tagger/pipeline/bangla"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data directory")
	out := flag.String("out", "pipeline/bangla/data/persons.tsv.gz", "where to write the model")
	flag.Parse()
	n, err := run(*data, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trainner:", err)
		os.Exit(1)
	}
	fmt.Printf("trainner: %d features from %d sentences -> %s\n", n.features, n.sentences, *out)
}

type counts struct{ sentences, features int }

// The training runs' settings: part of the model, as the data is.
const (
	epochs = bangla.DefaultEpochs
	seed   = 1
)

func run(data, out string) (counts, error) {
	rifat, err := readCoNLL(filepath.Join(data, "ner-gold", "rifat1493", "train_data.txt"))
	if err != nil {
		return counts{}, err
	}
	kit, err := readBanglakit(filepath.Join(data, "ner-gold", "banglakit", "main.jsonl"))
	if err != nil {
		return counts{}, err
	}
	all := append(rifat, kit...)
	m, err := bangla.Train(all, bangla.TrainOptions{Epochs: epochs, Seed: seed})
	if err != nil {
		return counts{}, err
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return counts{}, err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return counts{}, fmt.Errorf("write model: %w", err)
	}
	return counts{len(all), m.Features()}, nil
}

// readCoNLL reads token TAB label lines, sentences split by blank lines.
func readCoNLL(path string) ([]bangla.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var out []bangla.Sentence
	var cur bangla.Sentence
	flush := func() {
		if len(cur.Tokens) > 0 {
			out = append(out, cur)
		}
		cur = bangla.Sentence{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimPrefix(strings.TrimRight(sc.Text(), "\r"), "\ufeff")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		tok, label, _ := strings.Cut(line, "\t")
		cur.Tokens = append(cur.Tokens, strings.TrimSpace(tok))
		cur.Labels = append(cur.Labels, strings.TrimSpace(label))
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// readBanglakit reads [sentence, [BILUO tags]] lines. Its tags follow a
// tokenisation it does not store; sentences that bangla.Tokenize does
// not split into as many tokens are skipped.
func readBanglakit(path string) ([]bangla.Sentence, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var out []bangla.Sentence
	for i, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var rec [2]json.RawMessage
		var text string
		var tags []string
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, fmt.Errorf("read %s: line %d: %w", path, i+1, err)
		}
		if err := json.Unmarshal(rec[0], &text); err != nil {
			return nil, fmt.Errorf("read %s: line %d: %w", path, i+1, err)
		}
		if err := json.Unmarshal(rec[1], &tags); err != nil {
			return nil, fmt.Errorf("read %s: line %d: %w", path, i+1, err)
		}
		toks := bangla.Tokenize(text, nil)
		if len(toks) != len(tags) {
			continue
		}
		s := bangla.Sentence{}
		for j, t := range toks {
			label := "O"
			if strings.HasSuffix(tags[j], "-PERSON") {
				switch tags[j][0] {
				case 'B', 'U':
					label = "B-PER"
				default:
					label = "I-PER"
				}
			}
			s.Tokens = append(s.Tokens, t.Text)
			s.Labels = append(s.Labels, label)
		}
		out = append(out, s)
	}
	return out, nil
}
