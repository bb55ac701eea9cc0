package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/newsroom/tagger/models"
)

// countryQID maps ISO 3166-1 alpha-2 codes to Wikidata QIDs. Only QIDs
// the team is sure of are listed; other territories get a slug id
// (country-xx).
var countryQID = map[string]string{
	// South Asia
	"BD": "Q902", "IN": "Q668", "PK": "Q843", "NP": "Q837", "BT": "Q917",
	"LK": "Q854", "MV": "Q826", "AF": "Q889",
	// East and South-East Asia
	"CN": "Q148", "JP": "Q17", "KR": "Q884", "KP": "Q423", "MN": "Q711",
	"TW": "Q865", "HK": "Q8646", "MM": "Q836", "TH": "Q869", "KH": "Q424",
	"LA": "Q819", "VN": "Q881", "MY": "Q833", "SG": "Q334", "ID": "Q252",
	"PH": "Q928", "BN": "Q921",
	// Central and West Asia
	"KZ": "Q232", "UZ": "Q265", "TM": "Q874", "TJ": "Q863", "KG": "Q813",
	"IR": "Q794", "IQ": "Q796", "SY": "Q858", "LB": "Q822", "JO": "Q810",
	"IL": "Q801", "PS": "Q219060", "SA": "Q851", "AE": "Q878", "QA": "Q846",
	"KW": "Q817", "BH": "Q398", "OM": "Q842", "YE": "Q805", "TR": "Q43",
	"GE": "Q230", "AM": "Q399", "AZ": "Q227", "CY": "Q229",
	// Europe
	"RU": "Q159", "UA": "Q212", "BY": "Q184", "MD": "Q217", "PL": "Q36",
	"CZ": "Q213", "SK": "Q214", "HU": "Q28", "RO": "Q218", "BG": "Q219",
	"GR": "Q41", "RS": "Q403", "HR": "Q224", "SI": "Q215", "BA": "Q225",
	"ME": "Q236", "AL": "Q222", "MK": "Q221", "XK": "Q1246", "DE": "Q183",
	"FR": "Q142", "IT": "Q38", "ES": "Q29", "PT": "Q45", "GB": "Q145",
	"IE": "Q27", "NL": "Q55", "BE": "Q31", "LU": "Q32", "CH": "Q39",
	"AT": "Q40", "SE": "Q34", "NO": "Q20", "DK": "Q35", "FI": "Q33",
	"IS": "Q189", "EE": "Q191", "LV": "Q211", "LT": "Q37", "MT": "Q233",
	"VA": "Q237", "MC": "Q235", "SM": "Q238", "LI": "Q347", "AD": "Q228",
	// Americas
	"US": "Q30", "CA": "Q16", "MX": "Q96", "BR": "Q155", "AR": "Q414",
	"CL": "Q298", "CO": "Q739", "VE": "Q717", "PE": "Q419", "EC": "Q736",
	"BO": "Q750", "PY": "Q733", "UY": "Q77", "CU": "Q241", "HT": "Q790",
	"DO": "Q786", "JM": "Q766", "GT": "Q774", "HN": "Q783", "SV": "Q792",
	"NI": "Q811", "CR": "Q800", "PA": "Q804",
	// Africa
	"EG": "Q79", "LY": "Q1016", "TN": "Q948", "DZ": "Q262", "MA": "Q1028",
	"SD": "Q1049", "SS": "Q958", "ET": "Q115", "KE": "Q114", "NG": "Q1033",
	"ZA": "Q258", "SO": "Q1045", "UG": "Q1036", "TZ": "Q924", "RW": "Q1037",
	"GH": "Q117", "CD": "Q974", "CG": "Q971", "AO": "Q916", "MZ": "Q1029",
	"ZW": "Q954", "ZM": "Q953", "NE": "Q1032", "ML": "Q912", "BF": "Q965",
	"TD": "Q657", "ER": "Q986", "DJ": "Q977", "SN": "Q1041", "CM": "Q1009",
	// Oceania
	"AU": "Q408", "NZ": "Q664",
}

// regionQID maps CLDR numeric region codes to Wikidata QIDs (continents
// only); other regions get region-<slug>.
var regionQID = map[string]string{
	"002": "Q15", // Africa
	"142": "Q48", // Asia
	"150": "Q46", // Europe
	"003": "Q49", // North America
	"005": "Q18", // South America
}

// orgTerritories are CLDR "territories" that are organisations.
var orgTerritories = map[string]struct{ id, desc string }{
	"UN": {"Q1065", "intergovernmental organisation of 193 member states"},
	"EU": {"Q458", "political and economic union of 27 European states"},
}

// skipTerritories are CLDR codes that are not places worth tagging.
var skipTerritories = map[string]bool{
	"001": true,             // world: পৃথিবী/world are common words
	"ZZ":  true,             // unknown region
	"XA":  true, "XB": true, // pseudo-locales
	"QO": true, // Outlying Oceania (a statistical grouping)
	"EZ": true, // Eurozone (a currency area)
}

// dependencies maps dependent territories (and special areas) to the
// ISO code of the sovereign state they belong to. They get subtype
// territory. An empty value means no single sovereign (Antarctica,
// Western Sahara).
var dependencies = map[string]string{
	"AC": "GB", "AI": "GB", "BM": "GB", "FK": "GB", "GG": "GB", "GI": "GB",
	"GS": "GB", "IM": "GB", "IO": "GB", "JE": "GB", "KY": "GB", "MS": "GB",
	"PN": "GB", "SH": "GB", "TA": "GB", "TC": "GB", "VG": "GB",
	"AS": "US", "GU": "US", "MP": "US", "PR": "US", "UM": "US", "VI": "US",
	"BL": "FR", "CP": "FR", "GF": "FR", "GP": "FR", "MF": "FR", "MQ": "FR",
	"NC": "FR", "PF": "FR", "PM": "FR", "RE": "FR", "TF": "FR", "WF": "FR",
	"YT": "FR",
	"AW": "NL", "BQ": "NL", "CW": "NL", "SX": "NL",
	"FO": "DK", "GL": "DK",
	"AX": "FI",
	"BV": "NO", "SJ": "NO",
	"CC": "AU", "CX": "AU", "HM": "AU", "NF": "AU",
	"CK": "NZ", "NU": "NZ", "TK": "NZ",
	"HK": "CN", "MO": "CN",
	"EA": "ES", "IC": "ES",
	"DG": "GB",
	"AQ": "", "EH": "",
}

// countryID returns the entry id for an ISO 3166-1 alpha-2 code.
func countryID(iso string) string {
	if q, ok := countryQID[iso]; ok {
		return q
	}
	return "country-" + strings.ToLower(iso)
}

var isoRe = regexp.MustCompile(`^[A-Z]{2}$`)

// loadTerritories reads CLDR territory names: countries, territories,
// world regions, and the two organisations CLDR lists (UN, EU).
func (b *builder) loadTerritories(src string) error {
	rows, err := readTSV(filepath.Join(src, "cldr", "territories_bn_en.tsv"))
	if err != nil {
		return err
	}
	// Base codes first, alt forms after, so alt forms merge as aliases.
	var alts [][]string
	for _, r := range rows {
		if len(r) < 3 {
			return fmt.Errorf("short row %q", r)
		}
		code, bn, en := r[0], strings.TrimSpace(r[1]), strings.TrimSpace(r[2])
		if i := strings.Index(code, "-alt-"); i >= 0 {
			alts = append(alts, r)
			continue
		}
		if skipTerritories[code] {
			continue
		}
		if o, ok := orgTerritories[code]; ok {
			b.add(Entry{ID: o.id, Type: models.ORG, Subtype: "intl_org", EN: en, BN: bn,
				Description: o.desc, Source: srcCLDR})
			continue
		}
		if !isoRe.MatchString(code) {
			id := regionQID[code]
			if id == "" {
				id = "region-" + slug(en)
			}
			b.add(Entry{ID: id, Type: models.LOC, Subtype: "region", EN: en, BN: bn,
				Description: "world region (UN M49 " + code + ")", Source: srcCLDR})
			continue
		}
		e := Entry{ID: countryID(code), Type: models.LOC, Subtype: "country", EN: en, BN: bn,
			Description: "country (ISO 3166-1 " + code + ")", Source: srcCLDR}
		if sov, ok := dependencies[code]; ok {
			e.Subtype = "territory"
			e.Description = "territory (ISO 3166-1 " + code + ")"
			if code == "AQ" {
				e.ID, e.Subtype, e.Description = "Q51", "region", "continent (ISO 3166-1 AQ)"
			}
			if sov != "" {
				e.Parent = countryID(sov)
				e.Country = countryID(sov)
				e.Description = "territory of " + sovName(rows, sov) + " (ISO 3166-1 " + code + ")"
			}
		}
		b.countryByISO[code] = e.ID
		b.territoryNames[en] = true
		b.territoryNames[bn] = true
		b.add(e)
	}
	for _, r := range alts {
		code := r[0][:strings.Index(r[0], "-alt-")]
		id, ok := b.countryByISO[code]
		if !ok {
			continue
		}
		bn, en := strings.TrimSpace(r[1]), strings.TrimSpace(r[2])
		b.territoryNames[en] = true
		b.territoryNames[bn] = true
		b.add(Entry{ID: id, AliasesEN: []string{en}, AliasesBN: []string{bn}, Source: srcCLDR})
	}
	return nil
}

// sovName finds the English CLDR name of a code among rows.
func sovName(rows [][]string, code string) string {
	for _, r := range rows {
		if r[0] == code {
			return strings.TrimSpace(r[2])
		}
	}
	return code
}

// loadCountryList merges the country-list names (bn, bn_IN, en) into the
// country entries as variant spellings.
func (b *builder) loadCountryList(src string) error {
	for _, f := range []struct{ file, lang string }{
		{"bn_country.csv", "bn"}, {"bn_IN_country.csv", "bn"}, {"en_country.csv", "en"},
	} {
		rows, err := readCSV(filepath.Join(src, "country-list", f.file), true)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if len(r) < 2 {
				continue
			}
			code, name := strings.TrimSpace(r[0]), strings.TrimSpace(r[1])
			id, ok := b.countryByISO[code]
			if !ok {
				// Not in CLDR territories: create it.
				id = countryID(code)
				b.countryByISO[code] = id
				e := Entry{ID: id, Type: models.LOC, Subtype: "country",
					Description: "country (ISO 3166-1 " + code + ")", Source: srcCountryList}
				if f.lang == "bn" {
					e.BN = name
				} else {
					e.EN = name
				}
				b.add(e)
				continue
			}
			b.territoryNames[name] = true
			if f.lang == "bn" {
				b.add(Entry{ID: id, AliasesBN: []string{name}, Source: srcCountryList})
			} else {
				b.add(Entry{ID: id, AliasesEN: []string{name}, Source: srcCountryList})
			}
		}
	}
	return nil
}

// regionZones are exemplar "cities" that are islands or regions.
var regionZones = map[string]bool{
	"Atlantic/Azores": true, "Atlantic/Madeira": true, "Atlantic/Canary": true,
	"Pacific/Galapagos": true, "Pacific/Easter": true, "Asia/Kamchatka": true,
	"Asia/Sakhalin": true, "Pacific/Bougainville": true, "Pacific/Marquesas": true,
	"Pacific/Chatham": true, "Indian/Kerguelen": true, "Pacific/Guadalcanal": true,
	"Pacific/Tahiti": true, "Australia/Lord_Howe": true, "Pacific/Efate": true,
	"Pacific/Kosrae": true, "Pacific/Kwajalein": true, "Pacific/Wake": true,
	"Pacific/Gambier": true, "Pacific/Kiritimati": true, "Pacific/Kanton": true,
	"Pacific/Enderbury": true, "Pacific/Rarotonga": true, "Pacific/Tongatapu": true,
	"America/Noronha": true, "America/Bahia": true, "Pacific/Ponape": true,
	"Pacific/Truk": true, "Australia/Lindeman": true, "Indian/Mahe": true,
	"Pacific/Saipan": true,
}

// skipZones are exemplar cities left out: duplicates of a territory that
// CLDR names differently, and places too small to matter whose names are
// common words.
var skipZones = map[string]bool{
	"Indian/Comoro": true, "Indian/Chagos": true, "Indian/Christmas": true,
	"Indian/Cocos": true, "Atlantic/South_Georgia": true, "Pacific/Norfolk": true,
	"Pacific/Pitcairn": true, "Pacific/Niue": true, "Pacific/Wallis": true,
	"Atlantic/St_Helena": true, "Atlantic/Faeroe": true, "Pacific/Midway": true,
	"America/Cayman": true, "Atlantic/Cape_Verde": true, "Pacific/Fakaofo": true,
	"America/Resolute": true, "Europe/Busingen": true, "America/Thule": true,
	// Gaza: news means the Gaza Strip; the curated file has both the
	// Strip (Q39760) and Gaza City.
	"Asia/Gaza": true,
}

// loadExemplarCities reads CLDR time-zone exemplar cities.
func (b *builder) loadExemplarCities(src string) error {
	rows, err := readTSV(filepath.Join(src, "cldr", "exemplar_cities_bn_en.tsv"))
	if err != nil {
		return err
	}
	for _, r := range rows {
		if len(r) < 3 {
			return fmt.Errorf("short row %q", r)
		}
		tz, bn, en := r[0], strings.TrimSpace(r[1]), strings.TrimSpace(r[2])
		if strings.HasPrefix(tz, "Etc/") || strings.HasPrefix(tz, "Antarctica/") || skipZones[tz] {
			continue
		}
		if strings.Contains(en, ", ") { // Knox, Indiana: US county seats
			continue
		}
		if b.territoryNames[en] || b.territoryNames[bn] {
			continue // Kuwait, Singapore, Hong Kong: the territory covers it
		}
		iso, ok := tzCountry[tz]
		if !ok {
			return fmt.Errorf("no country for time zone %s", tz)
		}
		cid, ok := b.countryByISO[iso]
		if !ok {
			return fmt.Errorf("time zone %s: country %s not loaded", tz, iso)
		}
		base := slug(foldLatin(en))
		e := Entry{ID: "city-" + base, Type: models.LOC,
			Subtype: "city", EN: en, BN: bn, Parent: cid, Country: cid,
			Description: "city in " + b.byID[cid].EN, Source: srcCLDR}
		if regionZones[tz] {
			e.ID = "region-" + base
			e.Subtype = "region"
			e.Description = "island or region of " + b.byID[cid].EN
		}
		if _, dup := b.byID[e.ID]; dup {
			e.ID += "-" + strings.ToLower(iso)
		}
		b.add(e)
	}
	return nil
}

// foldLatin strips the common Latin diacritics, for ids only.
func foldLatin(s string) string {
	return latinFold.Replace(s)
}

var latinFold = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ã", "a", "ä", "a", "å", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "õ", "o", "ö", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "ñ", "n",
	"Á", "A", "É", "E", "Í", "I", "Ó", "O", "Ú", "U", "Ç", "C", "Ñ", "N",
)
