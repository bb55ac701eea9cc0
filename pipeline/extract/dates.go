package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Bangladesh is the zone for dates that carry none: the outlets this
// service reads publish in Dhaka time.
var Bangladesh = time.FixedZone("+06:00", 6*60*60)

// bnDigits maps Bangla digits ০-৯ to ASCII.
var bnDigits = strings.NewReplacer(
	"০", "0", "১", "1", "২", "2", "৩", "3", "৪", "4",
	"৫", "5", "৬", "6", "৭", "7", "৮", "8", "৯", "9",
)

// asciiDigits rewrites Bangla digits to ASCII.
func asciiDigits(s string) string {
	for i := 0; i < len(s); i++ {
		// Bangla digits are U+09E6..U+09EF: E0 A7 A6..AF in UTF-8.
		if s[i] == 0xE0 && i+2 < len(s) && s[i+1] == 0xA7 && s[i+2] >= 0xA6 && s[i+2] <= 0xAF {
			return bnDigits.Replace(s)
		}
	}
	return s
}

// machineLayouts are the layouts of dates in metadata, tried in order.
var machineLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"20060102",
}

// parseDate reads a date from metadata: machine layouts first, then the
// human forms of parseTextDate. Times without a zone are in loc.
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(asciiDigits(s))
	if s == "" || len(s) > 200 {
		return time.Time{}, false
	}
	for _, l := range machineLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return plausible(t)
		}
	}
	if ds := findDates(s, loc); len(ds) > 0 {
		return ds[0].t, true
	}
	return time.Time{}, false
}

// plausible rejects years no news page carries.
func plausible(t time.Time) (time.Time, bool) {
	if t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

// months maps month names, Bangla (with the spellings sites use) and
// English, to their number. Keys are normalised with normalizeBangla.
var months = map[string]time.Month{}

func init() {
	names := map[time.Month][]string{
		1:  {"জানুয়ারি", "জানুয়ারী", "জানুয়ারি", "জানুয়ারী", "জানুআরি", "january", "jan"},
		2:  {"ফেব্রুয়ারি", "ফেব্রুয়ারী", "ফেব্রুয়ারি", "ফেব্রুয়ারী", "ফেব্রুআরি", "february", "feb"},
		3:  {"মার্চ", "march", "mar"},
		4:  {"এপ্রিল", "april", "apr"},
		5:  {"মে", "may"},
		6:  {"জুন", "june", "jun"},
		7:  {"জুলাই", "july", "jul"},
		8:  {"আগস্ট", "আগষ্ট", "অগাস্ট", "অগস্ট", "আগস্ত", "august", "aug"},
		9:  {"সেপ্টেম্বর", "সেপ্টেম্বর", "সেপ্টেমবর", "september", "sept", "sep"},
		10: {"অক্টোবর", "অক্টোবর", "অকটোবর", "october", "oct"},
		11: {"নভেম্বর", "নভেম্বর", "নবেম্বর", "november", "nov"},
		12: {"ডিসেম্বর", "ডিসেম্বর", "december", "dec"},
	}
	for m, list := range names {
		for _, n := range list {
			months[normalizeBangla(n)] = m
		}
	}
}

// The visible date forms. Digits are ASCII by the time these run.
var (
	monthAlt = `([\p{L}\p{M}]+)\.?`
	// 08 ফেব্রুয়ারি 2025, 19:54 | 8th February 2025 | ২৯ আগস্ট, ২০২০
	reDMY = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|ই|লা|শে|রা|ঠা|এ)?\.?\s+` + monthAlt + `,?\s+(\d{4})`)
	// February 8, 2025
	reMDY = regexp.MustCompile(`(?i)` + monthAlt + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	// 2025-02-08, 2025/02/08
	reYMD = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	// 08-02-2025, 08/02/2025, 08.02.2025: day first, as in Bangladesh and Europe.
	reDMYNum = regexp.MustCompile(`\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b`)
	// A time after the date: "19:54", "সকাল ১০:৩০", "10.30 pm", "৭টা".
	reTime = regexp.MustCompile(`(?i)^[\s,|]*(?:(?:at|সময়|সময়)\s*:?\s*)?(?:(পূর্বাহ্ণ|পূর্বাহ্ন|অপরাহ্ণ|অপরাহ্ন|সকাল|ভোর|দুপুর|বিকাল|বিকেল|সন্ধ্যা|রাত)\s*)?(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2}))?\s*(টা|টায়|টায়)?\s*(am|pm|a\.m\.|p\.m\.|পূর্বাহ্ণ|পূর্বাহ্ন|অপরাহ্ণ|অপরাহ্ন)?\s*(gmt\s*[+-]\s*\d{1,2}(?::?\d{2})?|utc\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|gmt|utc|bst|bdt)?`)
)

// foundDate is one date read from visible text.
type foundDate struct {
	t        time.Time
	start    int  // byte offset in the searched text
	modified bool // labelled as an update
}

// updateLabels mark the date after them as the modification date.
var updateLabels = []string{"আপডেট", "হালনাগাদ", "সংশোধিত", "updated", "update", "modified", "last modified", "edited"}

// findDates reads every date in s, a short line of visible text.
func findDates(s string, loc *time.Location) []foundDate {
	s = normalizeBangla(asciiDigits(s))
	var out []foundDate
	add := func(start, end, y, m, d int) {
		if m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100 {
			return
		}
		h, mi, sec, zone := timeAfter(s[end:], loc)
		t := time.Date(y, time.Month(m), d, h, mi, sec, 0, zone)
		label := strings.ToLower(s[max(0, start-40):start])
		mod := false
		for _, l := range updateLabels {
			if strings.Contains(label, l) {
				mod = true
				// Only the nearest label counts: "প্রকাশ ... আপডেট" is checked by order.
				if strings.LastIndex(label, l) < strings.LastIndex(label, "প্রকাশ") {
					mod = false
				}
				break
			}
		}
		for _, f := range out {
			if f.start == start {
				return
			}
		}
		out = append(out, foundDate{t: t, start: start, modified: mod})
	}
	for _, m := range reDMY.FindAllStringSubmatchIndex(s, -1) {
		mon, ok := months[strings.ToLower(s[m[4]:m[5]])]
		if !ok {
			continue
		}
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		add(m[0], m[1], y, int(mon), d)
	}
	for _, m := range reMDY.FindAllStringSubmatchIndex(s, -1) {
		mon, ok := months[strings.ToLower(s[m[2]:m[3]])]
		if !ok {
			continue
		}
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		add(m[0], m[1], y, int(mon), d)
	}
	for _, m := range reYMD.FindAllStringSubmatchIndex(s, -1) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		add(m[0], m[1], y, mo, d)
	}
	for _, m := range reDMYNum.FindAllStringSubmatchIndex(s, -1) {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		add(m[0], m[1], y, mo, d)
	}
	// Page order: the first date of a byline is the publication.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// timeAfter reads a time of day right after a date; midnight if none.
func timeAfter(s string, loc *time.Location) (h, m, sec int, zone *time.Location) {
	zone = loc
	if len(s) > 80 {
		s = s[:80]
	}
	g := reTime.FindStringSubmatch(s)
	if g == nil {
		return 0, 0, 0, zone
	}
	word, hh, mm, ss, ta, ampm, tz := g[1], g[2], g[3], g[4], g[5], strings.ToLower(g[6]), strings.ToLower(g[7])
	if mm == "" && ta == "" && ampm == "" && word == "" {
		return 0, 0, 0, zone // a bare number is not a time
	}
	h, _ = strconv.Atoi(hh)
	m, _ = strconv.Atoi(mm)
	sec, _ = strconv.Atoi(ss)
	if h > 23 || m > 59 || sec > 59 {
		return 0, 0, 0, zone
	}
	switch ampm {
	case "pm", "p.m.", "অপরাহ্ণ", "অপরাহ্ন":
		if h < 12 {
			h += 12
		}
	case "am", "a.m.", "পূর্বাহ্ণ", "পূর্বাহ্ন":
		if h == 12 {
			h = 0
		}
	default:
		switch word {
		case "অপরাহ্ণ", "অপরাহ্ন", "বিকাল", "বিকেল", "সন্ধ্যা":
			if h < 12 {
				h += 12
			}
		case "দুপুর":
			if h < 5 {
				h += 12
			}
		case "রাত":
			switch {
			case h == 12:
				h = 0
			case h >= 6 && h < 12:
				h += 12
			}
		case "পূর্বাহ্ণ", "পূর্বাহ্ন", "সকাল", "ভোর":
			if h == 12 {
				h = 0
			}
		}
	}
	if tz != "" {
		zone = parseZone(tz, loc)
	}
	return h, m, sec, zone
}

// parseZone reads "GMT+6", "+06:00", "UTC", "BST" (Bangladesh Standard
// Time on these sites, not British Summer Time).
func parseZone(tz string, loc *time.Location) *time.Location {
	tz = strings.ReplaceAll(tz, " ", "")
	switch tz {
	case "gmt", "utc":
		return time.UTC
	case "bst", "bdt":
		return Bangladesh
	}
	tz = strings.TrimPrefix(strings.TrimPrefix(tz, "gmt"), "utc")
	if len(tz) < 2 {
		return loc
	}
	sign := 1
	if tz[0] == '-' {
		sign = -1
	}
	tz = strings.ReplaceAll(tz[1:], ":", "")
	hh, mm := tz, ""
	if len(tz) > 2 {
		hh, mm = tz[:len(tz)-2], tz[len(tz)-2:]
	}
	h, err1 := strconv.Atoi(hh)
	m := 0
	if mm != "" {
		m, _ = strconv.Atoi(mm)
	}
	if err1 != nil || h > 14 {
		return loc
	}
	off := sign * (h*3600 + m*60)
	if off == 6*3600 {
		return Bangladesh
	}
	return time.FixedZone("", off)
}

// calendarWords mark the "today" line of a site header, printed in the
// Bangla and Hijri calendars beside the Gregorian one. A line carrying
// them is never a story's date.
var calendarWords = []string{
	// Bangla calendar months
	"বৈশাখ", "জ্যৈষ্ঠ", "জৈষ্ঠ", "আষাঢ়", "শ্রাবণ", "ভাদ্র", "আশ্বিন", "কার্তিক", "অগ্রহায়ণ",
	"পৌষ", "মাঘ", "ফাল্গুন", "চৈত্র", "বঙ্গাব্দ",
	// Hijri months
	"মহররম", "মুহাররম", "সফর", "রবিউল", "জমাদিউল", "জুমাদাল", "রজব", "শাবান", "শা'বান",
	"রমজান", "রমযান", "শাওয়াল", "জিলকদ", "জিলহজ", "হিজরি", "হিজরী",
}

// isCalendarLine reports a header "today" line.
func isCalendarLine(s string) bool {
	s = normalizeBangla(s)
	for _, w := range calendarWords {
		if strings.Contains(s, normalizeBangla(w)) {
			return true
		}
	}
	// A Bangla-calendar year (১৪xx) next to a date.
	a := asciiDigits(s)
	for i := 0; i+4 <= len(a); i++ {
		if a[i] == '1' && a[i+1] == '4' && a[i+2] >= '0' && a[i+2] <= '5' && isDigit(a[i+3]) &&
			(i == 0 || !isDigit(a[i-1])) && (i+4 == len(a) || !isDigit(a[i+4])) && a != s {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
