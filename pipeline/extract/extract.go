// Package extract turns a fetched page's bytes into a models.Article: the
// story's text and metadata, with menus, lists of other stories, share bars
// and footers left out. It is the "extract" stage of the flow
// raw page -> decode -> extract -> tag -> encode -> publish -> commit,
// and knows nothing of Kafka or of the gazetteer.
package extract

import (
	"errors"

	"github.com/newsroom/tagger/models"
)

// Errors the pipeline branches on to choose a dead-letter reason.
var (
	ErrEmpty    = errors.New("extract: empty body")
	ErrNotHTML  = errors.New("extract: body is not HTML")
	ErrEncoding = errors.New("extract: invalid or unknown character encoding")
	ErrTooLarge = errors.New("extract: page exceeds size limit")
)

// Source describes where a page's bytes came from.
type Source struct {
	// URL is the fetch URL; relative links resolve against it.
	URL string
	// ContentType is the HTTP Content-Type, which may name a charset.
	ContentType string
	// Charset, if set, overrides every other charset declaration.
	Charset string
}

// Options bound the work done on one page.
type Options struct {
	// MaxBytes rejects larger pages with ErrTooLarge before parsing.
	// Zero means DefaultMaxBytes.
	MaxBytes int
}

// DefaultMaxBytes is the page size limit when Options.MaxBytes is zero.
const DefaultMaxBytes = 8 << 20

// Article extracts the story from a page. A page that parses but is not an
// article comes back without error, with PageType listing or other.
func Article(body []byte, src Source, opt Options) (models.Article, error) {
	return models.Article{}, errors.New("extract: not implemented")
}
