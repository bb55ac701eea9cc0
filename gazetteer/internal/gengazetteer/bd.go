package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/newsroom/tagger/models"
)

// bdID is Bangladesh's id.
const bdID = "Q902"

// enVariants lists other English spellings of Bangladeshi division and
// district names (keyed by the bd-geocode spelling): old names, the
// 2018 official respellings, and common press forms. They also apply to
// the "<District> Sadar" upazilas.
var enVariants = map[string][]string{
	"Chattagram":      {"Chattogram", "Chittagong"},
	"Chattogram":      {"Chittagong", "Chattagram"},
	"Cumilla":         {"Comilla"},
	"Comilla":         {"Cumilla"},
	"Barisal":         {"Barishal"},
	"Jashore":         {"Jessore"},
	"Jessore":         {"Jashore"},
	"Bogura":          {"Bogra"},
	"Bogra":           {"Bogura"},
	"Dhaka":           {"Dacca"},
	"Coxsbazar":       {"Cox's Bazar", "Coxs Bazar", "Cox’s Bazar"},
	"Jhalakathi":      {"Jhalokati", "Jhalokathi", "Jhalakati"},
	"Chapainawabganj": {"Chapai Nawabganj", "Chapainababganj"},
	"Moulvibazar":     {"Moulvi Bazar", "Maulvibazar"},
	"Netrokona":       {"Netrakona"},
	"Khagrachhari":    {"Khagrachari"},
	"Lakshmipur":      {"Laxmipur"},
	"Jhenaidah":       {"Jhenidah"},
	"Joypurhat":       {"Jaipurhat"},
	"Narsingdi":       {"Narsinghdi"},
	"Kishoreganj":     {"Kishorganj"},
	"Habiganj":        {"Hobiganj"},
	"Sirajganj":       {"Serajganj"},
}

// bnVariants lists other Bangla spellings of division and district names
// used by outlets (keyed by the bd-geocode spelling).
var bnVariants = map[string][]string{
	"নেত্রকোণা":        {"নেত্রকোনা"},
	"রাঙ্গামাটি":       {"রাঙামাটি"},
	"ব্রাহ্মণবাড়িয়া": {"ব্রাহ্মনবাড়িয়া", "বি-বাড়িয়া"},
	"লক্ষ্মীপুর":       {"লক্ষীপুর"},
	"চাঁপাইনবাবগঞ্জ":   {"চাঁপাই নবাবগঞ্জ", "চাপাইনবাবগঞ্জ"},
	"নারায়ণগঞ্জ":      {"নারায়নগঞ্জ"},
	"শরীয়তপুর":        {"শরিয়তপুর"},
	"টাঙ্গাইল":         {"টাঙাইল"},
	"মুন্সিগঞ্জ":       {"মুন্সীগঞ্জ"},
	"চুয়াডাঙ্গা":      {"চুয়াডাঙা"},
	"ঝালকাঠি":          {"ঝালকাঠী"},
	"রাজবাড়ী":         {"রাজবাড়ি"},
	"মৌলভীবাজার":       {"মৌলভিবাজার"},
	"কক্সবাজার":        {"কক্স বাজার"},
	"নীলফামারী":        {"নীলফামারি"},
	"পটুয়াখালী":       {"পটুয়াখালি"},
	"গাজীপুর":          {"গাজিপুর"},
	"নোয়াখালী":        {"নোয়াখালি"},
	"ফেনী":             {"ফেনি"},
	"মাদারীপুর":        {"মাদারিপুর"},
	"ময়মনসিংহ":        {"মোমেনশাহী"},
}

// enCanonical replaces odd bd-geocode English spellings as canonical
// names; the bd-geocode spelling stays as an alias.
var enCanonical = map[string]string{
	"Coxsbazar":       "Cox's Bazar",
	"Coxsbazar Sadar": "Cox's Bazar Sadar",
	"Borhan Sddin":    "Borhanuddin",
	"Sadarsouth":      "Cumilla Sadar Dakshin",
	"Chattagram":      "Chattogram",
}

type bdRow struct {
	id, parent, en, bn string
}

// readBD reads a bd-geocode CSV: id, parent id (absent for divisions),
// name_en, name_bn, ...
func readBD(path string, hasParent bool) ([]bdRow, error) {
	rows, err := readCSV(path, false)
	if err != nil {
		return nil, err
	}
	var out []bdRow
	for _, r := range rows {
		if hasParent {
			if len(r) < 4 {
				return nil, fmt.Errorf("%s: short row %q", path, r)
			}
			out = append(out, bdRow{r[0], r[1], strings.TrimSpace(r[2]), strings.TrimSpace(r[3])})
		} else {
			if len(r) < 3 {
				return nil, fmt.Errorf("%s: short row %q", path, r)
			}
			out = append(out, bdRow{r[0], "", strings.TrimSpace(r[1]), strings.TrimSpace(r[2])})
		}
	}
	return out, nil
}

// names returns the canonical English name and the English and Bangla
// aliases (variants plus the designated form "<name> <designator>").
func names(en, bn, desEN, desBN string) (string, []string, []string) {
	canon := en
	var aEN, aBN []string
	if c, ok := enCanonical[en]; ok {
		canon = c
		aEN = append(aEN, en)
	}
	aEN = append(aEN, enVariants[en]...)
	aBN = append(aBN, bnVariants[bn]...)
	// "<District> Sadar" upazilas take the district's variants.
	if base, ok := strings.CutSuffix(en, " Sadar"); ok {
		for _, v := range enVariants[base] {
			aEN = append(aEN, v+" Sadar")
		}
	}
	if base, ok := strings.CutSuffix(bn, " সদর"); ok {
		for _, v := range bnVariants[base] {
			aBN = append(aBN, v+" সদর")
		}
	}
	// The designated forms (Cumilla District, কুমিল্লা জেলা) are how news
	// names an administrative unit unambiguously.
	if desEN != "" {
		for _, n := range append([]string{canon}, aEN...) {
			if !strings.HasSuffix(n, " "+desEN) {
				aEN = append(aEN, n+" "+desEN)
			}
		}
	}
	if desBN != "" {
		for _, n := range append([]string{bn}, aBN...) {
			if !strings.HasSuffix(n, " "+desBN) {
				aBN = append(aBN, n+" "+desBN)
			}
		}
	}
	return canon, aEN, aBN
}

// loadBDGeocode reads Bangladesh's divisions, districts, upazilas and
// unions.
func (b *builder) loadBDGeocode(src string) error {
	dir := filepath.Join(src, "bd-geocode")
	if _, ok := b.byID[bdID]; !ok {
		return fmt.Errorf("%s (Bangladesh) not loaded before bd-geocode", bdID)
	}
	divs, err := readBD(filepath.Join(dir, "divisions.csv"), false)
	if err != nil {
		return err
	}
	dists, err := readBD(filepath.Join(dir, "districts.csv"), true)
	if err != nil {
		return err
	}
	upas, err := readBD(filepath.Join(dir, "upazilas.csv"), true)
	if err != nil {
		return err
	}
	unions, err := readBD(filepath.Join(dir, "unions.csv"), true)
	if err != nil {
		return err
	}

	type unit struct{ id, en, slug string }
	divByID := map[string]unit{}
	for _, r := range divs {
		canon, aEN, aBN := names(r.en, r.bn, "Division", "বিভাগ")
		id := "bd-division-" + slug(canon)
		b.mustNew(Entry{ID: id, Type: models.LOC, Subtype: "division", EN: canon, BN: r.bn,
			AliasesEN: aEN, AliasesBN: aBN, Parent: bdID, Country: bdID,
			Description: "division of Bangladesh", Source: srcBDGeocode})
		divByID[r.id] = unit{id, canon, slug(canon)}
	}
	distByID := map[string]unit{}
	for _, r := range dists {
		div, ok := divByID[r.parent]
		if !ok {
			return fmt.Errorf("district %s: unknown division %s", r.en, r.parent)
		}
		canon, aEN, aBN := names(r.en, r.bn, "District", "জেলা")
		id := "bd-district-" + slug(canon)
		b.mustNew(Entry{ID: id, Type: models.LOC, Subtype: "district", EN: canon, BN: r.bn,
			AliasesEN: aEN, AliasesBN: aBN, Parent: div.id, Country: bdID,
			Description: "district of Bangladesh, " + div.en + " Division", Source: srcBDGeocode})
		distByID[r.id] = unit{id, canon, slug(canon)}
	}
	upaByID := map[string]unit{}
	for _, r := range upas {
		dist, ok := distByID[r.parent]
		if !ok {
			return fmt.Errorf("upazila %s: unknown district %s", r.en, r.parent)
		}
		canon, aEN, aBN := names(r.en, r.bn, "Upazila", "উপজেলা")
		s := slug(canon)
		id := "bd-upazila-" + dist.slug + "-" + s
		if _, dup := b.byID[id]; dup {
			id += "-" + r.id
		}
		b.mustNew(Entry{ID: id, Type: models.LOC, Subtype: "upazila", EN: canon, BN: r.bn,
			AliasesEN: aEN, AliasesBN: aBN, Parent: dist.id, Country: bdID,
			Description: "upazila of " + dist.en + " District, Bangladesh", Source: srcBDGeocode})
		upaByID[r.id] = unit{id, canon, dist.slug + "-" + s}
	}
	for _, r := range unions {
		upa, ok := upaByID[r.parent]
		if !ok {
			return fmt.Errorf("union %s: unknown upazila %s", r.en, r.parent)
		}
		canon, aEN, aBN := names(r.en, r.bn, "Union", "ইউনিয়ন")
		s := slug(canon)
		if s == "" {
			s = r.id
		}
		id := "bd-union-" + upa.slug + "-" + s
		if _, dup := b.byID[id]; dup {
			id += "-" + r.id
		}
		b.mustNew(Entry{ID: id, Type: models.LOC, Subtype: "union", EN: canon, BN: r.bn,
			AliasesEN: aEN, AliasesBN: aBN, Parent: upa.id, Country: bdID,
			Description: "union of " + upa.en + " upazila, Bangladesh", Source: srcBDGeocode})
	}
	return nil
}

// mustNew adds an entry whose id must be new (callers make ids unique).
func (b *builder) mustNew(e Entry) {
	if _, dup := b.byID[e.ID]; dup {
		panic("duplicate id " + e.ID)
	}
	b.add(e)
}
