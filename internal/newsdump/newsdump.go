// Package newsdump reads the bd-newspapers-2025 news dump
// (../shared/data/news/bd-newspapers-2025/*.json): real articles that the
// topic eval scores and the speed benchmarks tag. It only reads data for
// measuring; no stage of the flow (raw page -> ... -> commit) uses it.
package newsdump

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Article is one record of the dump.
type Article struct {
	URL             string `json:"url"`
	Headline        string `json:"headline"`
	Article         string `json:"article"`
	Category        string `json:"category"`
	PublicationDate string `json:"publication_date"`
	SourceLanguage  string `json:"source_language"`
}

// Language is the article's language code: "bn", "en", or "" for any
// other.
func (a Article) Language() string {
	switch strings.ToLower(a.SourceLanguage) {
	case "bengali", "bangla", "bn":
		return "bn"
	case "english", "en":
		return "en"
	}
	return ""
}

// Decode reads a dump: one JSON array of articles.
func Decode(r io.Reader) ([]Article, error) {
	var arts []Article
	if err := json.NewDecoder(r).Decode(&arts); err != nil {
		return nil, fmt.Errorf("newsdump: reading articles: %w", err)
	}
	return arts, nil
}

// ReadFile reads the dump at path.
func ReadFile(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("newsdump: %w", err)
	}
	defer f.Close()
	arts, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return arts, nil
}
