package extract

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// prescanBytes is how far into the page a <meta charset> is looked for.
// Browsers stop at 1024 bytes; real pages put long comments and scripts
// first, so we look further, which costs nothing when the page has one.
const prescanBytes = 8192

// toUTF8 returns the page as UTF-8. The charset comes from, in order:
// a byte-order mark, Source.Charset, the Content-Type, the markup's own
// declaration, and last a guess. A named charset that is unknown, or a
// page said (or guessed) to be UTF-8 that is not, is ErrEncoding: decoding
// it anyway would hand the tagger mojibake. A handful of stray bytes in an
// otherwise valid UTF-8 page is tolerated (see maxStrayBytes).
func toUTF8(body []byte, src Source) ([]byte, error) {
	switch {
	case bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")):
		return checkUTF8(body[3:], "byte-order mark")
	case bytes.HasPrefix(body, []byte("\xFE\xFF")), bytes.HasPrefix(body, []byte("\xFF\xFE")):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("decoding UTF-16 page: %w", ErrEncoding)
		}
		return out, nil
	}
	name, from := declaredCharset(body, src)
	if name == "" {
		if b, ok := trimUTF8(body); ok {
			return b, nil
		}
		// No declaration and not UTF-8: let the HTML5 sniffer guess
		// (it falls back to windows-1252, the web's legacy default).
		e, guessed, _ := charset.DetermineEncoding(body, "")
		if guessed == "utf-8" {
			if fixed, ok := repairStrays(body); ok {
				return fixed, nil
			}
			return nil, fmt.Errorf("page has no charset and is not valid UTF-8: %w", ErrEncoding)
		}
		return decodeWith(e, body, guessed)
	}
	e, canonical := lookupCharset(name)
	if e == nil {
		return nil, fmt.Errorf("charset %q from %s: %w", name, from, ErrEncoding)
	}
	if canonical == "utf-8" {
		return checkUTF8(body, from)
	}
	return decodeWith(e, body, canonical)
}

// lookupCharset resolves a charset label the way browsers do.
func lookupCharset(name string) (encoding.Encoding, string) {
	e, err := htmlindex.Get(strings.TrimSpace(name))
	if err != nil || e == nil {
		return nil, ""
	}
	canonical, err := htmlindex.Name(e)
	if err != nil {
		return nil, ""
	}
	// A page in ASCII or UTF-16 that declares it in its own ASCII markup
	// cannot really be UTF-16; browsers read such a declaration as UTF-8.
	if canonical == "utf-16le" || canonical == "utf-16be" {
		return encoding.Nop, "utf-8"
	}
	return e, canonical
}

func decodeWith(e encoding.Encoding, body []byte, name string) ([]byte, error) {
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decoding page as %s: %w", name, ErrEncoding)
	}
	return out, nil
}

// A page declared UTF-8 may hold a few stray bytes (a pasted Latin-1 "é",
// a cut rune in a template) and still be a good page; one that is
// substantially not UTF-8 is mislabelled, and decoding it would hand the
// tagger mojibake, so it stays a dead letter. The line: fewer than
// maxStrayBytes invalid bytes, and under 0.1% of the page's bytes
// (bad*strayRatio < len). Each stray byte becomes U+FFFD.
const (
	maxStrayBytes = 16
	strayRatio    = 1000
)

// checkUTF8 accepts body when it is valid UTF-8, once a rune cut off at
// the very end is removed, or when its invalid bytes are a handful of
// strays (see maxStrayBytes), which are replaced.
func checkUTF8(body []byte, from string) ([]byte, error) {
	b, ok := trimUTF8(body)
	if ok {
		return b, nil
	}
	if fixed, ok := repairStrays(b); ok {
		return fixed, nil
	}
	return nil, fmt.Errorf("page declared UTF-8 by %s has invalid bytes: %w", from, ErrEncoding)
}

// repairStrays returns b with each invalid byte replaced by U+FFFD, if
// there are few enough of them; it reports false, without copying, when
// there are not.
func repairStrays(b []byte) ([]byte, bool) {
	bad := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if bad++; bad >= maxStrayBytes || bad*strayRatio >= len(b) {
				return nil, false
			}
		}
		i += size
	}
	out := make([]byte, 0, len(b)+2*bad)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out, true
}

// trimUTF8 reports whether b is valid UTF-8 once one rune cut off at the
// very end is removed (a truncated download is still a readable page),
// and returns b without it.
func trimUTF8(b []byte) ([]byte, bool) {
	if utf8.Valid(b) {
		return b, true
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.RuneStart(b[len(b)-cut]) {
			if r, _ := utf8.DecodeRune(b[len(b)-cut:]); r == utf8.RuneError && utf8.Valid(b[:len(b)-cut]) {
				return b[:len(b)-cut], true
			}
			return b, false
		}
	}
	return b, false
}

// declaredCharset finds the charset the source or the page names.
func declaredCharset(body []byte, src Source) (name, from string) {
	if s := strings.TrimSpace(src.Charset); s != "" {
		return s, "source charset"
	}
	if src.ContentType != "" {
		if _, params, err := mime.ParseMediaType(src.ContentType); err == nil {
			if s := strings.TrimSpace(params["charset"]); s != "" {
				return s, "content-type"
			}
		}
	}
	if s := metaCharset(body); s != "" {
		return s, "meta tag"
	}
	return "", ""
}

// metaCharset finds <meta charset=x> or <meta http-equiv content="...;
// charset=x"> near the start of the page without parsing it.
func metaCharset(body []byte) string {
	head := body
	if len(head) > prescanBytes {
		head = head[:prescanBytes]
	}
	for {
		i := indexFold(head, "<meta")
		if i < 0 {
			return ""
		}
		head = head[i+5:]
		end := bytes.IndexByte(head, '>')
		if end < 0 {
			return ""
		}
		tag := head[:end]
		head = head[end:]
		j := indexFold(tag, "charset")
		if j < 0 {
			continue
		}
		v := tag[j+7:]
		v = bytes.TrimLeft(v, " \t\r\n")
		if len(v) == 0 || v[0] != '=' {
			continue
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n\"'")
		k := bytes.IndexAny(v, "\"'; \t\r\n/>")
		if k >= 0 {
			v = v[:k]
		}
		if len(v) > 0 && len(v) < 40 {
			return string(v)
		}
	}
}

// indexFold is a case-insensitive bytes.Index for an ASCII lowercase sub.
func indexFold(b []byte, sub string) int {
	first := sub[0]
	for i := 0; i+len(sub) <= len(b); i++ {
		c := b[i]
		if c != first && c+('a'-'A') != first {
			continue
		}
		j := 1
		for ; j < len(sub); j++ {
			if lower(b[i+j]) != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// notHTMLTypes are media types that are surely not a page.
var notHTMLTypes = []string{"application/json", "application/pdf", "image/", "audio/", "video/", "application/zip", "application/octet-stream", "font/"}

// sniffHTML rejects bodies that are not markup: JSON, PDF and other binary
// files, or plain text without a single tag. It reads at most the first
// 64 KiB, so that it costs little on large pages.
func sniffHTML(body []byte, src Source) error {
	if src.ContentType != "" {
		ct := strings.ToLower(src.ContentType)
		for _, t := range notHTMLTypes {
			if strings.HasPrefix(ct, t) {
				return fmt.Errorf("content-type %q: %w", src.ContentType, ErrNotHTML)
			}
		}
	}
	b := bytes.TrimLeft(body, " \t\r\n\f\x00")
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if bytes.HasPrefix(body, []byte("\xFE\xFF")) || bytes.HasPrefix(body, []byte("\xFF\xFE")) {
		return nil // UTF-16 with BOM: checked after decoding
	}
	switch {
	case bytes.HasPrefix(b, []byte("%PDF")):
		return fmt.Errorf("body starts with a PDF header: %w", ErrNotHTML)
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return fmt.Errorf("body looks like JSON: %w", ErrNotHTML)
	}
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	if bytes.IndexByte(b[:min(len(b), 1024)], 0) >= 0 {
		return fmt.Errorf("body has NUL bytes, a binary file: %w", ErrNotHTML)
	}
	for i := 0; i+1 < len(b); i++ {
		if b[i] != '<' {
			continue
		}
		c := b[i+1]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '!' {
			return nil
		}
	}
	return fmt.Errorf("no markup in the first %d bytes: %w", len(b), ErrNotHTML)
}
