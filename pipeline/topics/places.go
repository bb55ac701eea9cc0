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

// places derives the geography facet from the place entities. Each LOC
// entity adds its salience to its country, to the world regions that
// country belongs to, and for Bangladesh to its division and district;
// weights are shares of the total place salience.
func (t *Tagger) places(entities []models.Entity, g *gazetteer.Gazetteer) []models.Place {
	out := []models.Place{}
	if g == nil {
		return out
	}
	weight := map[string]float64{}
	kind := map[string]string{}
	names := map[string]models.Names{}
	put := func(id, k string, n models.Names, w float64) {
		weight[id] += w
		kind[id] = k
		names[id] = n
	}
	total := 0.0
	for _, e := range entities {
		if e.Type != models.LOC || e.Salience <= 0 {
			continue
		}
		ent, ok := g.Entry(e.ID)
		if !ok {
			continue
		}
		counted := false
		regionsSeen := map[int]bool{}
		addRegions := func(id string) {
			for _, ri := range t.regionOf[id] {
				if regionsSeen[ri] {
					continue
				}
				regionsSeen[ri] = true
				r := t.regions[ri]
				put(r.id, KindRegion, models.Names{EN: r.en, BN: r.bn}, e.Salience)
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
				put(cur.ID, KindDivision, models.Names{EN: cur.EN, BN: cur.BN}, e.Salience)
			case KindDistrict:
				put(cur.ID, KindDistrict, models.Names{EN: cur.EN, BN: cur.BN}, e.Salience)
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
			if c, ok := g.Entry(country); ok {
				put(c.ID, KindCountry, models.Names{EN: c.EN, BN: c.BN}, e.Salience)
				counted = true
				addRegions(c.ID)
			}
		}
		if counted {
			total += e.Salience
		}
	}
	if total == 0 {
		return out
	}
	for id, w := range weight {
		share := round4(w / total)
		if share < minPlaceWeight {
			continue
		}
		out = append(out, models.Place{ID: id, Kind: kind[id], Name: names[id], Weight: share})
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
