package gazetteer

import (
	"slices"
	"strings"
)

// UnlinkedPrefix starts the id of a name found by its context rather than
// in the gazetteer ("unlinked:বাহ্রা"). Such an entity has no entry, so no
// parent, country or English name.
const UnlinkedPrefix = "unlinked:"

// bnBlock is the first code point of the Bengali block.
const bnBlock = 0x0980

// unlistedKey marks a Match of an unlisted place: it has no key in the
// automaton.
const unlistedKey = noNode - 1

// unlistedConfidence is the Confidence of an unlisted place. The word
// before গ্রামের is a village's name about nine times in ten in the
// news we measured (see localityHeads), but it links to nothing.
const unlistedConfidence = 0.7

// localityHeads are words that follow a place's own name in an address
// or a dateline: "বাহ্রা গ্রামের", "মাছিমপুর মহল্লায়", "রাউজান থানার".
// No list names Bangladesh's 87,000 villages and its mahallas, and news
// names them constantly, so the word right before one of these heads is
// taken for a place when the gazetteer has nothing there. Chosen on the
// train split of the rifat1493 NER set, where the word before each is a
// place in the gold about nine times in ten once the words of stopLocal
// are set aside; heads such as এলাকা, বাজার and উপজেলা follow ordinary
// words too often ("নির্বাচনী এলাকায়", "শেয়ার বাজারে") to be used.
// গ্রাম comes first: homeVillage reads it as localHeads[0].
var localityHeads = []string{"গ্রাম", "মহল্লা", "থানা", "ইউনিয়ন", "পৌরসভা"}

// localPrefixes are words that begin a village's name: উত্তর চর চান্দিয়া.
var localPrefixes = []string{"উত্তর", "দক্ষিণ", "পূর্ব", "পশ্চিম", "মধ্য", "চর", "নতুন", "পুরান", "পুরাতন"}

// stopLocal are words that come before a locality head without naming a
// place: determiners, pronouns and adjectives (ওই গ্রামের, তাঁর গ্রামে,
// পাশের গ্রামে), nouns that own a village (নিজ গ্রামে) or name a kind
// of union (ট্রেড ইউনিয়ন), and short verbs. Words with a genitive or
// locative ending (রোজিনার গ্রামে is Rozina's village, দেখে থানায় a
// verb) are refused by their ending (see placeWord), not listed here;
// so, at the price of a few villages whose names end in ার, are names
// that end like a genitive.
var stopLocal = []string{
	"এই", "ওই", "সেই", "ঐ", "যে", "কোন", "কোনো", "কোনও", "প্রতিটি", "প্রত্যেক", "প্রতি", "সব", "সকল",
	"বিভিন্ন", "অন্য", "অন্যান্য", "একই", "একটি", "দুটি", "তিনটি", "কয়েকটি", "কয়েক", "অনেক", "বহু",
	"আশপাশের", "আশেপাশের", "পাশের", "পাশাপাশি", "পার্শ্ববর্তী", "নিকটবর্তী", "সীমান্তবর্তী", "প্রত্যন্ত",
	"দুর্গম", "নিজ", "নিজের", "নিজস্ব", "তাঁর", "তার", "তাঁদের", "তাদের", "আমার", "আমাদের", "তোমার", "আপনার",
	"স্থানীয়", "গ্রাম", "গ্রামে", "শহর", "শহরে", "পুরো", "গোটা", "সারা", "আদর্শ", "ছোট", "বড়", "একটা",
	"সংশ্লিষ্ট", "সদর", "মডেল", "পুলিশ", "নিকটস্থ", "সংলগ্ন", "পৈতৃক", "জন্ম", "হিন্দু", "মুসলিম",
	"দরিদ্র", "গরিব", "নদী", "নদীভাঙন", "পাহাড়ি", "উপকূলীয়", "চরাঞ্চলের", "নিম্নাঞ্চলের", "বন্যাকবলিত",
	"ডিজিটাল", "মাদক", "বস্তি", "কয়েকশ", "শতাধিক", "দুই", "তিন", "চার", "পাঁচ", "সাত", "দশ", "এক",
	"ট্রেড", "ছাত্র", "সমবায়", "শ্রমিক", "সাংবাদিক", "কৃষক", "যুব", "মহিলা", "হন", "হয়", "ছিল", "এবং",
	"এছাড়া", "এছাড়াও", "তবে", "কিন্তু", "পর্যন্ত", "মালিক",
	// pronouns and the people and things news sends to a police station
	// or a village: তিনি থানায় অভিযোগ করেন, লাশ গ্রামের বাড়িতে
	"তিনি", "তারা", "তাঁরা", "সে", "আমি", "আমরা", "কেউ", "উনি", "যিনি", "যারা", "তাকে", "তাঁকে",
	"লাশ", "মরদেহ", "বাবা", "মা", "ভাই", "বোন", "ছেলে", "মেয়ে", "স্বামী", "স্ত্রী", "মানুষ", "লোক",
	"মামলা", "অভিযোগ", "জিডি", "খবর", "আসামিকে", "তাদেরকে", "বাদী", "আসামি", "পরিবার", "স্বজনেরা", "লোকজন", "বাসিন্দা", "বাসিন্দারা",
	"একজন", "দুজন", "কয়েকজন", "অনেকে", "সবাই", "দুষ্কৃতকারীরা",
	// family names end longer place names (চরদৌলত খান ইউনিয়ন): alone they are not the place
	"খান", "মিয়া", "চৌধুরী",
}

// unlistedAt appends to names the unlisted place named by the word
// before key rune i, if a locality head starts at i (see localityHeads)
// and no name found so far, all of which end by nameFrom, covers that
// word. scan calls it at each word start, before it looks for a name
// there, so names stay in text order.
func (m *Matcher) unlistedAt(text string, ft *foldedText, names []Match, i, nameFrom int) []Match {
	rs := ft.runes
	p := i - 1 // the separator before the head
	if p < 1 || rs[p] != sep || !isWord(rs[p-1]) {
		return names
	}
	we := i
	for we < len(rs) && isWord(rs[we]) {
		we++
	}
	bare, ok := m.localityHead(rs[i:we])
	if !ok || bare && !m.bareHeadOK(rs[we:]) || m.homeVillage(rs[i:we], rs[we:]) {
		return names
	}
	ws := p
	for ws > 0 && isWord(rs[ws-1]) {
		ws--
	}
	if ws < nameFrom || !m.placeWord(rs[ws:p]) {
		return names // the gazetteer named it, or it names nothing
	}
	start := ws
	for start >= 2 && rs[start-1] == sep { // উত্তর চর চান্দিয়া
		ps := start - 1
		for ps > 0 && isWord(rs[ps-1]) {
			ps--
		}
		if ps < nameFrom || !containsKey(m.localPrefix, rs[ps:start-1]) {
			break
		}
		start = ps
	}
	mt := m.match(ft, "", -1, start, p, unlistedKey)
	mt.ID = UnlinkedPrefix + strings.Join(strings.Fields(Normalize(text[mt.ByteStart:mt.ByteEnd])), "-")
	return append(names, mt)
}

// homeVillage reports গ্রামের followed by বাড়ি: "X গ্রামের বাড়ি" is
// X's home in the village (রহিম মিয়া গ্রামের বাড়িতে), X a person.
func (m *Matcher) homeVillage(head, rest []rune) bool {
	if g := m.localHeads[0]; len(head) < len(g) || !slices.Equal(head[:len(g)], g) {
		return false
	}
	if len(rest) < 2 || rest[0] != sep {
		return false
	}
	return len(rest)-1 >= len(m.home) && slices.Equal(rest[1:1+len(m.home)], m.home)
}

// localityHead reports a locality head, bare or with a case ending
// (গ্রামের, মহল্লায়, থানার), but not a longer word (গ্রামীণ), and
// whether it is bare.
func (m *Matcher) localityHead(word []rune) (bare, ok bool) {
	for _, h := range m.localHeads {
		if len(word) >= len(h) && slices.Equal(word[:len(h)], h) {
			rest := word[len(h):]
			if len(rest) == 0 || m.cons.has(rest) || m.vowel.has(rest) {
				return len(rest) == 0, true
			}
		}
	}
	return false, false
}

// afterBareHead are the words that may follow a bare head: a bare head
// goes on into a longer name when anything else follows (ইউনিয়ন ব্যাংকে
// is Union Bank), but রাউজান থানা পুলিশ and কাঠালতলী ইউনিয়ন পরিষদের
// still name the place.
var afterBareHead = []string{"পরিষদ", "এলাকা", "পুলিশ", "সদর", "শহর", "কার্যালয়", "চত্বর", "ভবন", "সূত্র", "সংলগ্ন"}

// bareHeadOK reports whether rest, the text after a bare head, ends the
// name there: nothing more in the clause, a word of afterBareHead, or a
// word that ends a name (থেকে, নিয়ে, ও: see nameBreakWords).
func (m *Matcher) bareHeadOK(rest []rune) bool {
	if len(rest) < 2 || rest[0] != sep || !isWord(rest[1]) {
		return true
	}
	rest = rest[1:]
	we := 0
	for we < len(rest) && isWord(rest[we]) {
		we++
	}
	if containsKey(m.nameBreaks, rest[:we]) {
		return true
	}
	for _, w := range m.afterBare {
		if len(rest) >= len(w) && slices.Equal(rest[:len(w)], w) {
			return true
		}
	}
	return false
}

// placeWord reports a word that may be a place's name before a locality
// head: Bangla letters only, two or more, not a listed stop word, and not
// ending as a genitive, a plural or a verb does (ের, ার, দের, ে, ও), nor
// with a common noun's article (টি, টা), nor a bare direction (উত্তরা
// পশ্চিম থানার).
func (m *Matcher) placeWord(word []rune) bool {
	if len(word) < 2 || containsKey(m.stopLocal, word) || containsKey(m.localPrefix, word) {
		return false
	}
	if _, head := m.localityHead(word); head {
		return false // রাউজান থানা ইউনিয়ন: the head is not the place
	}
	for _, r := range word {
		// Letters, signs and ঁ ং ঃ, not digits (০-৯).
		if r < 0x0981 || r > 0x09FF || r >= 0x09E6 && r <= 0x09EF {
			return false
		}
	}
	switch word[len(word)-1] {
	case 'ে', 'ও', 'ঃ', '্':
		return false
	case 'র':
		// ের after a consonant, র after া: নিজামের, রোজিনার গ্রামে.
		if word[len(word)-2] == 'ে' || word[len(word)-2] == 'া' {
			return false
		}
	case bnYya:
		// A locative: ঘটনায় ইউনিয়ন পরিষদের, আশায় থানায়.
		if word[len(word)-2] == 'া' {
			return false
		}
	case 'ি', 'া':
		// The article ending of a common noun: গাড়িটি থানায়.
		if word[len(word)-2] == 'ট' {
			return false
		}
	}
	return true
}

// containsKey reports whether word is one of keys.
func containsKey(keys [][]rune, word []rune) bool {
	for _, k := range keys {
		if slices.Equal(k, word) {
			return true
		}
	}
	return false
}
