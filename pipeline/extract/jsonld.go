package extract

import (
	"encoding/json"
	"strings"
)

// ldInfo is what the page's JSON-LD says about the story.
type ldInfo struct {
	headline  string
	published string
	modified  string
	section   string
	authors   []string
	publisher string
	article   bool     // an Article-like object was found
	types     []string // every @type seen, for page-type hints
}

// articleTypes are schema.org types that describe one story.
var articleTypes = map[string]bool{
	"Article": true, "NewsArticle": true, "BlogPosting": true, "ReportageNewsArticle": true,
	"AnalysisNewsArticle": true, "OpinionNewsArticle": true, "BackgroundNewsArticle": true,
	"ReviewNewsArticle": true, "LiveBlogPosting": true, "TechArticle": true, "ScholarlyArticle": true,
	"SocialMediaPosting": true, "Report": true, "Review": false, "AskPublicAction": false,
}

// parseJSONLD reads the page's ld+json blocks. Broken JSON is common
// (raw newlines inside strings); one repair is tried, then the block is
// skipped: metadata is a hint, never a reason to fail the page.
func parseJSONLD(blocks []string) *ldInfo {
	if len(blocks) == 0 {
		return nil
	}
	info := &ldInfo{}
	for _, b := range blocks {
		b = strings.TrimSpace(b)
		if len(b) == 0 || len(b) > 1<<20 {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(b), &v); err != nil {
			repaired := strings.Map(func(r rune) rune {
				if r == '\n' || r == '\r' || r == '\t' {
					return ' '
				}
				return r
			}, b)
			if err := json.Unmarshal([]byte(repaired), &v); err != nil {
				continue
			}
		}
		info.walk(v, 0)
	}
	return info
}

// walk visits objects, arrays and @graph lists.
func (info *ldInfo) walk(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			info.walk(e, depth+1)
		}
	case map[string]any:
		info.object(x)
		if g, ok := x["@graph"]; ok {
			info.walk(g, depth+1)
		}
		if me, ok := x["mainEntity"]; ok {
			info.walk(me, depth+1)
		}
	}
}

// object reads one JSON-LD object; the first Article-like object wins, a
// WebPage only fills dates still missing.
func (info *ldInfo) object(o map[string]any) {
	types := ldTypes(o["@type"])
	isArticle, isPage := false, false
	for _, t := range types {
		info.types = append(info.types, t)
		if articleTypes[t] {
			isArticle = true
		}
		if t == "WebPage" || t == "ItemPage" {
			isPage = true
		}
	}
	switch {
	case isArticle && !info.article:
		info.article = true
		info.headline = ldString(o["headline"])
		if info.headline == "" {
			info.headline = ldString(o["name"])
		}
		if s := ldString(o["datePublished"]); s != "" {
			info.published = s
		} else if s := ldString(o["dateCreated"]); s != "" && info.published == "" {
			info.published = s
		}
		if s := ldString(o["dateModified"]); s != "" {
			info.modified = s
		}
		info.section = ldString(o["articleSection"])
		info.authors = ldNames(o["author"], info.authors[:0])
		if p, ok := o["publisher"].(map[string]any); ok {
			info.publisher = ldString(p["name"])
		}
	case isPage && !info.article:
		if info.published == "" {
			info.published = ldString(o["datePublished"])
		}
		if info.modified == "" {
			info.modified = ldString(o["dateModified"])
		}
	}
}

// ldTypes reads @type, a string or a list of strings.
func ldTypes(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ldString reads a string, the first of a list, or an object's name.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		return ldString(x["name"])
	}
	return ""
}

// ldNames reads author: a name, a Person, or a list of them.
func ldNames(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		if s := strings.TrimSpace(x); s != "" && !strings.HasPrefix(s, "http") {
			out = append(out, s)
		}
	case []any:
		for _, e := range x {
			out = ldNames(e, out)
		}
	case map[string]any:
		if s := ldString(x["name"]); s != "" {
			out = append(out, s)
		}
	}
	return out
}
