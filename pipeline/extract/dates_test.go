package extract

import (
	"testing"
	"time"
)

func TestFindDates(t *testing.T) {
	cases := []struct {
		in       string
		pub, mod string // RFC 3339, "" for none
	}{
		{"০৮ ফেব্রুয়ারি ২০২৫, ১৯:৫৪আপডেট : ০৮ ফেব্রুয়ারি ২০২৫, ২১:১০", "2025-02-08T19:54:00+06:00", "2025-02-08T21:10:00+06:00"},
		{"প্রকাশ: ২৯ আগষ্ট ২০২০, সকাল ৭:৩০", "2020-08-29T07:30:00+06:00", ""},
		{"২৯ আগস্ট, ২০২০ রাত ৯:১৫", "2020-08-29T21:15:00+06:00", ""},
		{"১ জানুয়ারী ২০২৪, বিকেল ৩টা", "2024-01-01T15:00:00+06:00", ""},
		{"১২ ফেব্রুয়ারী ২০২৩ ১০:০৫ অপরাহ্ণ", "2023-02-12T22:05:00+06:00", ""},
		{"Published: 8 February 2025, 7:54 pm GMT+6", "2025-02-08T19:54:00+06:00", ""},
		{"February 8, 2025 10:00 UTC", "2025-02-08T10:00:00Z", ""},
		{"2025-02-08", "2025-02-08T00:00:00+06:00", ""},
		{"no date here, 12 apples", "", ""},
	}
	for _, tc := range cases {
		var pub, mod string
		for _, d := range findDates(tc.in, Bangladesh) {
			s := d.t.Format(time.RFC3339)
			switch {
			case d.modified && mod == "":
				mod = s
			case !d.modified && pub == "":
				pub = s
			}
		}
		if pub != tc.pub || mod != tc.mod {
			t.Errorf("findDates(%q) = %q, %q; want %q, %q", tc.in, pub, mod, tc.pub, tc.mod)
		}
	}
}

func TestCalendarLine(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"শুক্রবার, ০৯ মে ২০২৫ ২৬ বৈশাখ ১৪৩২", true},
		{"রবিবার, ২৩ নভেম্বর ২০২৫, ৮ অগ্রহায়ণ ১৪৩২, ১ জমাদিউস সানি ১৪৪৭", true},
		{"০৮ ফেব্রুয়ারি ২০২৫, ১৯:৫৪", false},
	}
	for _, tc := range cases {
		if got := isCalendarLine(tc.in); got != tc.want {
			t.Errorf("isCalendarLine(%q) = %v", tc.in, got)
		}
	}
}

// TestDateLine separates the date and byline lines dropped from the text
// from sentences that hold a date, such as an embedded post's signature.
func TestDateLine(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"03.04.2020", true},
		{"Aktualisiert: 03.04.2020, 12:05 Uhr", true},
		{"Published Tue, Nov 19 2019 7:05 AM EST Updated Tue, Nov 19 2019 7:16 AM EST", true},
		{"০৮ ফেব্রুয়ারি ২০২৫, ১৯:৫৪", true},
		{"শুক্রবার, ০৯ মে ২০২৫ ২৬ বৈশাখ ১৪৩২", true},
		{"— The Harbour Board (@harbourboard) February 6, 2024", false},
		{"Closing date for entries: 03.11.2019 (postmark)", false},
		{"The harbour board voted on Tuesday", false},
	}
	for _, tc := range cases {
		if got := isDateLine(tc.in); got != tc.want {
			t.Errorf("isDateLine(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2020-08-29T09:46:06+00:00", "2020-08-29T09:46:06Z"},
		{"2025-02-08T19:54:00", "2025-02-08T19:54:00+06:00"},
		{"২০২৫-০২-০৮T১৯:৫৪:০০+০৬:০০", "2025-02-08T19:54:00+06:00"},
		{"Sat, 08 Feb 2025 13:54:00 +0000", "2025-02-08T13:54:00Z"},
	}
	for _, tc := range cases {
		got, ok := parseDate(tc.in, Bangladesh)
		if !ok || got.Format(time.RFC3339) != tc.want {
			t.Errorf("parseDate(%q) = %v %v, want %s", tc.in, got, ok, tc.want)
		}
	}
}
