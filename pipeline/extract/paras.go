package extract

import (
	"strings"
	"time"
	"unicode"
)

// junkLines are whole paragraphs that are page furniture even inside the
// story's box: share prompts, ad labels, photo credits' labels.
var junkLines = map[string]bool{
	"advertisement": true, "advertisements": true, "ad": true, "ads": true, "sponsored": true,
	"বিজ্ঞাপন": true, "copied!": true, "copied": true, "share": true, "tweet": true, "print": true,
	"email": true, "facebook": true, "twitter": true, "whatsapp": true, "linkedin": true,
	"শেয়ার": true, "শেয়ার করুন": true, "প্রিন্ট": true, "continue reading": true,
	"read more": true, "আরও পড়ুন": true, "আরো পড়ুন": true, "show more": true,
	"scroll to continue with content": true, "skip to content": true, "anzeige": true,
	"werbung": true, "reklama": true, "publicité": true, "publicidad": true, "pubblicità": true,
	"follow us": true, "subscribe": true, "loading...": true, "loading": true,
	"gefällt mir": true, "gefällt mir wird geladen …": true, "gefällt mir wird geladen...": true,
	"like this:": true, "like": true, "teilen": true, "drucken": true, "rezept drucken": true,
	"bild anzeigen": true, "seite teilen": true, "diesen artikel teilen": true, "kontakt": true,
	"mehr infos": true, "weitere informationen": true, "zum seitenanfang": true, "nach oben": true,
	"back to top": true, "top": true, "zurück": true, "back": true,
}

// filterParas drops the paragraphs of a story's box that are not story:
// the headline repeated, lines that are mostly links, furniture lines, and
// short lines that are only a date or the header's "today" line.
func filterParas(ps []para, title string) []para {
	titleKey := strings.ToLower(collapse(title))
	out := ps[:0]
	for _, p := range ps {
		if p.runes == 0 {
			continue
		}
		low := strings.ToLower(p.text)
		if titleKey != "" && low == titleKey {
			continue
		}
		if float32(p.link) > 0.5*float32(p.runes) {
			continue
		}
		if p.runes <= 40 && junkLines[normalizeBangla(strings.Trim(low, " :|»›>-"))] {
			continue
		}
		if p.runes <= 80 && isDateLine(p.text) {
			continue
		}
		if p.runes <= creditMaxRunes && isCreditLine(low) {
			continue
		}
		if p.runes <= promoMaxRunes && containsAny(low, promoMarks) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// isDateLine reports a short paragraph that is a date, a dateline with a
// byline, or the header's "today" line.
func isDateLine(s string) bool {
	if firstDigit(s) < 0 {
		return false
	}
	if isCalendarLine(s) {
		return true
	}
	ds := findDates(s, time.UTC)
	if len(ds) == 0 {
		return false
	}
	// A line with more words than a label and a date for each date is a
	// sentence that holds a date: a tweet's signature, a deadline.
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters <= dateLineLetters*len(ds)
}

// dateLineLetters is the most letters of a date line per date: a label
// such as "Updated" or "Aktualisiert am", a weekday and a month's name.
const dateLineLetters = 20

// creditMaxRunes is the longest paragraph taken for a credit or contact
// line; a longer one is prose that happens to name a photographer.
const creditMaxRunes = 150

// creditMarks are what photo credits, source notes and press contacts
// carry, in the languages of the pages we see. Such lines sit inside the
// story's box, under a picture or at the end. Copyright lines are left
// alone: wire stories end with one that is part of the story's text.
var creditMarks = []string{
	"foto:", "fotos:", "photo:", "bild:", "titelbild:", "credit:", "crédit", "getty images",
	"quelle:", "kontakt:", "tel.:", "telefon:", "ছবি:",
}

// isCreditLine reports a lower-cased short paragraph that is a credit,
// copyright or contact line.
func isCreditLine(low string) bool {
	return containsAny(low, creditMarks)
}

// promoMaxRunes is the longest paragraph taken for a sign-up prompt.
const promoMaxRunes = 250

// promoMarks are the words of newsletter and subscription prompts, which
// sites drop into the story's box between paragraphs or after the last.
var promoMarks = []string{"newsletter", "inbox", "abonnieren"}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, m := range subs {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
