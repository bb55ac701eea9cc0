package topics

import (
	"slices"
	"strings"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/models"
)

// Place kinds in models.Place.Kind.
const (
	KindCountry  = "country"
	KindRegion   = "region"
	KindDivision = "division"
	KindDistrict = "district"
)

// minPlaceWeight drops places that take a tiny share of the story's
// geography: a passing mention is not what the story is about.
const minPlaceWeight = 0.05

// maxParentHops bounds the walk up Parent links, so a cycle in a user's
// gazetteer cannot hang the tagger.
const maxParentHops = 8

// placeAcc gathers one place's weight while an article is tagged.
type placeAcc struct {
	id, kind string
	name     models.Names
	weight   float64
}

// put adds w to place id, appending it if new. A story names few places:
// a linear search beats a map.
func put(acc []placeAcc, id, kind string, name models.Names, w float64) []placeAcc {
	for i := range acc {
		if acc[i].id == id {
			acc[i].weight += w
			acc[i].kind, acc[i].name = kind, name
			return acc
		}
	}
	return append(acc, placeAcc{id: id, kind: kind, name: name, weight: w})
}

// places derives the geography facet from the place entities. Each LOC
// entity adds its salience to its country, to the world regions that
// country belongs to, and for Bangladesh to its division and district;
// weights are shares of the total place salience.
func (t *Tagger) places(entities []models.Entity, g *gazetteer.Gazetteer, sc *scratch) []models.Place {
	out := []models.Place{}
	if g == nil {
		return out
	}
	acc := sc.places[:0]
	total := 0.0
	for i := range entities {
		e := &entities[i]
		if e.Type != models.LOC || e.Salience <= 0 {
			continue
		}
		ent, ok := g.Entry(e.ID)
		if !ok {
			continue
		}
		counted := false
		seen := sc.seen[:0]
		addRegions := func(id string) {
			for _, ri := range t.regionOf[id] {
				if slices.Contains(seen, ri) {
					continue
				}
				seen = append(seen, ri)
				r := &t.regions[ri]
				acc = put(acc, r.id, KindRegion, models.Names{EN: r.en, BN: r.bn}, e.Salience)
				counted = true
			}
		}
		// The entity itself may be a region (মধ্যপ্রাচ্য) or a country.
		addRegions(ent.ID)
		country := ""
		cur := ent
		for hop := 0; hop < maxParentHops; hop++ {
			switch cur.Subtype {
			case "country", "territory":
				country = cur.ID
			case KindDivision:
				acc = put(acc, cur.ID, KindDivision, models.Names{EN: cur.EN, BN: cur.BN}, e.Salience)
			case KindDistrict:
				acc = put(acc, cur.ID, KindDistrict, models.Names{EN: cur.EN, BN: cur.BN}, e.Salience)
			}
			if country != "" || cur.Parent == "" {
				break
			}
			next, ok := g.Entry(cur.Parent)
			if !ok {
				break
			}
			cur = next
		}
		if country == "" {
			country = ent.Country
		}
		if country != "" {
			c, ok := cur, cur.ID == country
			if !ok {
				c, ok = g.Entry(country)
			}
			if ok {
				acc = put(acc, c.ID, KindCountry, models.Names{EN: c.EN, BN: c.BN}, e.Salience)
				counted = true
				addRegions(c.ID)
			}
		}
		sc.seen = seen
		if counted {
			total += e.Salience
		}
	}
	sc.places = acc
	if total == 0 {
		return out
	}
	out = make([]models.Place, 0, len(acc))
	for _, p := range acc {
		share := round4(p.weight / total)
		if share < minPlaceWeight {
			continue
		}
		out = append(out, models.Place{ID: p.id, Kind: p.kind, Name: p.name, Weight: share})
	}
	slices.SortFunc(out, func(a, b models.Place) int {
		if a.Weight != b.Weight {
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		}
		if ka, kb := kindRank(a.Kind), kindRank(b.Kind); ka != kb {
			return ka - kb
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// kindRank orders ties from the widest place to the narrowest.
func kindRank(k string) int {
	switch k {
	case KindRegion:
		return 0
	case KindCountry:
		return 1
	case KindDivision:
		return 2
	}
	return 3
}
