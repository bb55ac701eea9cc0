package gazetteer

// Bangla case endings. A name's ending follows how its stem ends: after a
// vowel (খামেনি, ঢাকা) it takes র, কে, তে, য়, য়ে, রা, দের; after a
// consonant (হামাস, ইরান) it takes ের, কে, ে, েরা, দের, and the plural রা
// as well (ক্রিকেটাররা, তামিমরা: "Tamim and his team-mates"). A vowel stem
// also takes য়ের, which outlets write after acronyms that end in a vowel
// letter (এফবিসিসিআইয়ের, ইইউয়ের). Either may then
// take the emphatic ও or ই, and সহ ("with ..."). The matcher checks the
// rest of the word after a stem against these lists instead of storing
// every inflected form, which would multiply the automaton tenfold.
var (
	vowelEndings = []string{"র", "কে", "তে", "য়", "য়ে", "য়ের", "রা", "দের"}
	consEndings  = []string{"ের", "কে", "ে", "েরা", "রা", "দের"}
	emphatics    = []string{"ও", "ই"}
	// sahaEnding attaches to the bare stem or to a case ending: আল-হায়াসহ.
	sahaEnding = "সহ"
)

// suffixSet is the set of endings one stem class accepts, as key runes.
type suffixSet [][]rune

func buildSuffixes(endings []string) suffixSet {
	var set suffixSet
	add := func(s string) {
		var f foldedText
		f.fold(s)
		set = append(set, append([]rune(nil), f.runes...))
	}
	for _, e := range append([]string{""}, endings...) {
		if e != "" {
			add(e)
		}
		for _, x := range emphatics {
			add(e + x)
		}
		add(e + sahaEnding)
	}
	return set
}

// has reports whether rs is one of the endings.
func (s suffixSet) has(rs []rune) bool {
	for _, e := range s {
		if len(e) != len(rs) {
			continue
		}
		same := true
		for i := range e {
			if e[i] != rs[i] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// stemClass says which endings a key takes.
type stemClass uint8

const (
	stemOther     stemClass = iota // not Bangla: English possessive only
	stemVowel                      // Bangla, ends in a vowel or vowel sign
	stemConsonant                  // Bangla, ends in a consonant
)

// classOf returns the class of a key by its last rune.
func classOf(key []rune) stemClass {
	if len(key) == 0 {
		return stemOther
	}
	r := key[len(key)-1]
	switch {
	case r < 0x0980 || r > 0x09FF:
		return stemOther
	case r >= 0x0985 && r <= 0x0994, // independent vowels অ..ঔ
		r >= 0x09BE && r <= 0x09CC, // vowel signs া..ৌ
		r == 0x09D7, r == 0x09E2, r == 0x09E3:
		return stemVowel
	}
	return stemConsonant
}

// detachedEr is the possessive এর written apart or hyphenated after a
// foreign name: হামাস-এর, ট্রাম্প এর.
var detachedEr = []rune("এর")
