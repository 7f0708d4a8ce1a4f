package classifier

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// name is a person or body named in the passage.
type name struct {
	// full is the name as written, titles removed ("Sok Eysan").
	full  string
	words []string // lowercase words of full
	// titles are the lowercase title words written before the name ("cpp", "spokesman").
	titles []string
	at     Range
}

// holders resolves who holds the stance of each sentence: the speaker of a quote, the subject of a
// reporting verb ("X said", "said X", "according to X"), a pronoun or "the spokesman" resolved to
// the person last named, the holder of the sentence before in the same paragraph, or the writer.
type holders struct {
	text   string
	toks   []token
	sents  []sentence
	quotes []quote
	// matches are the passage's lexicon matches, in token order; starts, for each token, the kinds
	// of those that start there.
	matches []match
	starts  []kindSet
	names   []*name
	// speaker holds the speaker of each quote, by quote index, once known (spoken).
	speaker []Holder
	spoken  []bool
	last    Holder // the last holder who was a person or body; Name is "" for none
	prev    Holder // the holder of the sentence before
	prevPar int
	// single is the last holder that can be "he" or "she"; body the last of those that is no
	// person named in full, and can be "it"; group the last that looks like a group of people
	// and can be "they" (see looksPlural); person the last person named in full.
	single, body, group, person Holder
	// indef holds the holders named by a description, with an indefinite article ("a senior
	// Western diplomat") or a possessive ("Thailand's commerce minister"), which a later phrase
	// with "the" can name again ("the diplomat", "the minister").
	indef []Holder
	// buf is scratch space for reportingIn.
	buf []match
	// slab and strs hold the names and their words and titles.
	slab []name
	strs []string
	// ranges holds the holders' mentions (see mention); not kept from call to call.
	ranges []Range
}

// reportingIn returns the reporting verbs among the lexicon matches that lie in toks[a:b].
func (h *holders) reportingIn(a, b int) []match {
	h.buf = h.buf[:0]
	i := sort.Search(len(h.matches), func(i int) bool { return h.matches[i].at >= a })
	for ; i < len(h.matches) && h.matches[i].at < b; i++ {
		if m := &h.matches[i]; m.kind == rkReporting && m.at+m.n <= b {
			h.buf = append(h.buf, *m)
		}
	}
	return h.buf
}

// mentionAt reports whether a target's mention or reference ("the second round") starts at token i.
func (h *holders) mentionAt(i int) bool { return h.entryAt(i, 1<<rkMention|1<<rkReference) }

// entryAt reports whether a lexicon entry of one of the kinds in mask (bit k for ruleKind k)
// starts at token i.
func (h *holders) entryAt(i int, mask kindSet) bool { return h.starts[i]&mask != 0 }

// reset makes h ready for a passage whose lexicon matches, in token order, are matches, keeping
// the buffers of the one before.
func (h *holders) reset(text string, toks []token, sents []sentence, quotes []quote, matches []match, starts []kindSet) {
	*h = holders{text: text, toks: toks, sents: sents, quotes: quotes, matches: matches, starts: starts, prevPar: -1,
		speaker: slices.Grow(h.speaker[:0], len(quotes))[:len(quotes)],
		spoken:  slices.Grow(h.spoken[:0], len(quotes))[:len(quotes)],
		names:   h.names[:0], buf: h.buf[:0], slab: h.slab[:0], strs: h.strs[:0], indef: h.indef[:0]}
	clear(h.spoken)
}

// release drops what h holds of the passage and the lexicons, keeping the buffers.
func (h *holders) release() {
	clear(h.speaker[:cap(h.speaker)])
	clear(h.names[:cap(h.names)])
	clear(h.slab[:cap(h.slab)])
	clear(h.strs[:cap(h.strs)])
	clear(h.indef[:cap(h.indef)])
	*h = holders{speaker: h.speaker[:0], spoken: h.spoken[:0], names: h.names[:0], buf: h.buf[:0],
		slab: h.slab[:0], strs: h.strs[:0], indef: h.indef[:0]}
}

// nameMemory is how many of the latest name mentions a name is resolved against ("Rainsy" to "Sam
// Rainsy", "the spokesman" to the person with that title), and phraseMemory how many of the latest
// holders named by a phrase with "a" a phrase with "the" is. Without a bound, a passage of tens
// of thousands of distinct names took time quadratic in their number.
const (
	nameMemory   = 128
	phraseMemory = 16
)

// holderOf returns the holder of sentence si. Sentences must be asked for in order.
func (h *holders) holderOf(si int) Holder {
	s := h.sents[si]
	var out Holder
	if s.quote >= 0 {
		if !h.spoken[s.quote] {
			h.speaker[s.quote], h.spoken[s.quote] = h.quoteSpeaker(s.quote), true
		}
		sp := h.speaker[s.quote]
		out = sp
		// An attribution inside this sentence but outside the quote ("..., he said") also names
		// people for later pronouns.
		h.attribution(s.first, s.last)
	} else if a, ok := h.attribution(s.first, s.last); ok {
		if act, ok := h.actorBefore(s, a); ok {
			// "Canada will impose sanctions on ..., Foreign Minister Anita Anand said": the act is
			// the actor's; the speaker tells of it.
			a = act
		}
		out = a
	} else if a, ok := h.leadingName(s); ok {
		// "ASEAN has banned ...", "Lam first proposed ...": the actor holds the stance.
		out = a
	} else if s.para == h.prevPar && h.prev.Name != AuthorName && h.prev.Name != "" && h.opensWithConnective(s.first, s.last) {
		// "Hence, ...", "Also, ...": the sentence goes on with the holder of the one before.
		out = h.prev
		out.Kind = ReportedSpeech
	} else {
		out = Holder{Name: AuthorName, Kind: Author}
		h.subjectName(s.first, s.last)
	}
	if out.Name != AuthorName {
		out = h.namedBefore(out)
		h.remember(out)
	}
	h.prev, h.prevPar = out, s.para
	return out
}

// actorBefore returns the actor that opens sentence s when said, the holder its attribution found,
// is the speaker of a trailing ", X said", and the actor's verb, after auxiliaries and a time,
// starts a favor or against cue: "The United States revoked the licence ..., the Treasury
// Department said", "Washington will impose tariffs ..., the White House said".
func (h *holders) actorBefore(s sentence, said Holder) (Holder, bool) {
	if said.Mention == nil {
		return Holder{}, false
	}
	// The speaker's phrase, back over a title or an article, must follow a comma.
	k := h.tokenAt(said.Mention.Begin) - 1
	for k > s.first && h.toks[k].word && (h.toks[k].upper || h.toks[k].norm == "the" || h.isTitle(k)) {
		k--
	}
	if k <= s.first || h.toks[k].norm != "," {
		return Holder{}, false
	}
	act, ok := h.peek(func() (Holder, bool) { return h.leadingName(s) })
	if !ok || act.Mention == nil || act.Mention.End > h.toks[k].Begin {
		return Holder{}, false
	}
	v := h.timeEnd(h.tokenAt(act.Mention.End), k)
	for v < k && (h.isAux(v) || h.adverb(v)) {
		v++
	}
	if v >= k || !h.entryAt(v, 1<<rkFavor|1<<rkAgainst) {
		return Holder{}, false
	}
	return act, true
}

// quoteSpeaker finds who speaks quote qi: an attribution before the opening mark in its first
// sentence, after the closing mark in its last, in the sentence just before it, or else the last
// holder.
func (h *holders) quoteSpeaker(qi int) Holder {
	q := h.quotes[qi]
	first := h.sents[sentenceOf(h.sents, q.open)]
	if a, ok := h.attribution(first.first, q.open); ok {
		a.Kind = DirectQuote
		return a
	}
	if q.close >= 0 {
		last := h.sents[sentenceOf(h.sents, q.close)]
		if a, ok := h.attributionAfter(q.close+1, last.last); ok {
			a.Kind = DirectQuote
			return a
		}
	}
	if si := sentenceOf(h.sents, q.open); si > 0 {
		p := h.sents[si-1]
		if p.quote < 0 && p.para >= h.sents[si].para-1 {
			if a, ok := h.peekAttribution(p.first, p.last); ok {
				a.Kind = DirectQuote
				return a
			}
		}
	}
	if h.last.Name != "" {
		return Holder{Name: h.last.Name, Mention: h.last.Mention, Kind: DirectQuote}
	}
	return Holder{Name: AuthorName, Kind: Author}
}

// peekAttribution is attribution without remembering new names.
func (h *holders) peekAttribution(a, b int) (Holder, bool) {
	return h.peek(func() (Holder, bool) { return h.attribution(a, b) })
}

// peek runs find and then forgets the names it met, so that a holder looked for only to be
// compared leaves nothing for later pronouns to resolve to.
func (h *holders) peek(find func() (Holder, bool)) (Holder, bool) {
	n := len(h.names)
	last, single, body, group, person := h.last, h.single, h.body, h.group, h.person
	out, ok := find()
	h.names, h.last, h.single, h.body, h.group, h.person = h.names[:n], last, single, body, group, person
	return out, ok
}

// attributionAfter looks for "X said" or "said X" right after a closing quote: the speaker is
// the first name or pronoun after the mark (", Mikhail Ulyanov, who ..., tweeted"), or the name
// after the verb when the verb comes first.
func (h *holders) attributionAfter(a, b int) (Holder, bool) {
	for _, m := range h.reportingIn(a, b) {
		if h.inSpeech(m.at) {
			continue
		}
		if hd, ok := h.subject(a, m.at); ok {
			return hd, true
		}
		return h.inverted(m.at+m.n, b) // "..., said Tehran's envoy to the UN"
	}
	// No verb: "...,” Chinese Foreign Ministry spokesman Zhao Lijian."
	i := a
	for i < b && !h.toks[i].word {
		i++
	}
	if i < b && (h.toks[i].upper || h.isTitle(i)) {
		e := i
		for e < b && h.toks[e].word {
			e++
		}
		if e >= b-1 {
			if n := h.nameAt(i, e, +1); n != nil {
				for k := i; k < e && n.at.Begin > h.toks[k].Begin; k++ {
					if !h.toks[k].upper && !h.isTitle(k) {
						return Holder{}, false
					}
				}
				return h.holderFor(n, ReportedSpeech), true
			}
		}
	}
	return Holder{}, false
}

// leadingName returns the name a sentence opens with, as its subject, when it opens with one.
func (h *holders) leadingName(s sentence) (Holder, bool) {
	a, b := datelineEnd(h.toks, s.first, s.last), s.last
	for i := a; i < b; i++ {
		t := h.toks[i]
		if t.norm == "the" && i+1 < b && h.toks[i+1].upper {
			// "The Colombian government suspended ...": capitalised words and a common noun, the
			// whole phrase; "The European Union imposed ...": the name after the article.
			if hd, ok := h.phraseAfter(i, b); ok {
				e := h.tokenAt(hd.Mention.End)
				if !h.toks[e-1].upper && !h.mentionIn(i, e) && h.verbNext(e, b) {
					return hd, true
				}
				if hd, ok := h.coordinated(h.toks[i].Begin, e, b); ok && !h.toks[e-1].upper && !h.mentionIn(i, e) {
					return hd, true // "The Colombian government and the ELN rebel group agreed"
				}
				if hd, ok := h.namedAfterNoun(i, e, b); ok {
					return hd, true
				}
			}
			continue
		}
		if !t.word {
			continue
		}
		if i == a && (isPronoun(t.norm) || t.norm == "it" && !h.expletive(i+1, b)) &&
			h.verbNext(i+1, b) && h.prev.Name != "" && h.prev.Name != AuthorName {
			// "He did not rule out sanctions", "It called for mediation instead", after a sentence
			// someone held: the one the pronoun stands for acts. After the writer's own sentence,
			// "They have impoverished ..." more often stands for what it was about.
			return h.pronoun(t.norm)
		}
		if t.norm == "the" && i+1 < b && h.isTitle(i+1) {
			// "The president wants talks ...": the person with that title.
			if e := h.titleEnd(i + 1); h.verbNext(e+1, b) {
				return h.titled(i + 1), true
			}
		}
		if isDeterminer(t.norm) && !isPossessive(t.norm) {
			// "The ruling party blocked ...", "Several EU members, led by Hungary, have blocked ..."
			// ("The European Union ..." went on to the name above); but "Her view is ..." is no actor.
			if hd, ok := h.phraseAfter(i, b); ok && !h.mentionIn(i, h.tokenAt(hd.Mention.End)) {
				e := h.asideEnd(h.tokenAt(hd.Mention.End), b)
				if e+1 < b && h.adverb(e) {
					e++ // "Some European diplomats privately questioned ..."
				}
				if h.verbNext(e, b) {
					return hd, true
				}
				k := h.tokenAt(hd.Mention.End)
				if k+1 < b && h.toks[k].norm == "of" && h.toks[k+1].upper {
					if n := h.nameAt(k+1, b, +1); n != nil {
						k = h.tokenAt(n.at.End) // "The government of Mozambique and ..."
					}
				}
				if hd, ok := h.coordinated(t.Begin, k, b); ok && !h.mentionIn(i, h.tokenAt(hd.Mention.End)) {
					return hd, true // "The government and the main opposition party signed"
				}
			}
			if e := h.placeListEnd(i+1, b); e > 0 && h.verbNext(e, b) {
				// "The leaders of Egypt, Qatar and Turkey signed": a group and where it is from.
				return h.phrase(Range{t.Begin, h.toks[e-1].End}), true
			}
			return Holder{}, false
		}
		if h.isNonName(i) && i+1 < b && h.toks[i+1].norm == "," && !h.opensWithConnective(i, b) {
			i++ // "Meanwhile, the EU adopted ...": past an opening adverb ("Hence, ..." goes on instead)
			continue
		}
		if !t.upper || h.isNonName(i) || h.inSpeech(i) || h.mentionAt(i) && !h.isTitle(i) || h.gerund(i, b) {
			// "Talks resumed ...": a target named is no actor; but "Mediators from Qatar presented"
			// names people by their role.
			return Holder{}, false
		}
		if hd, ok := h.leadingGroup(i, b); ok {
			return hd, true
		}
		if h.isTitle(i) && looksPlural(t.norm) && i+1 < b && h.verbLike(i+1) {
			return h.phrase(t.Range), true // "Officials doubt that ...": the people the title names
		}
		limit := b
		if s.headline {
			// "EU SLAPS NEW SANCTIONS ON MINSK", "Western Powers Threaten New Sanctions": every
			// word is capitalised, so the name ends at the first word that looks like a verb
			// or names a target.
			limit = i + 1
			for limit < b && h.toks[limit].word && !h.verbLike(limit) && !h.mentionAt(limit) {
				limit++
			}
			if limit > i && limit+1 < b && h.toks[limit].norm == "'s" {
				// "Sudan's Army Suspends Talks": what the name holds, up to the verb.
				e := limit + 1
				for e < b && h.toks[e].word && !h.verbLike(e) && !h.mentionAt(e) {
					e++
				}
				if e > limit+1 {
					return h.phrase(Range{t.Begin, h.toks[e-1].End}), true
				}
			}
		}
		if o := h.possessive(i, b); o >= 0 {
			// "Zimbabwe's president, Emmerson Mnangagwa, renewed ...", "The African Union's chief
			// mediator, Olusegun Obasanjo, hailed ...": the name in apposition to what the first
			// name holds.
			c := o + 1
			for c < b && c <= o+4 && h.toks[c].word && !h.verbLike(c) {
				c++
			}
			if hd, ok := h.appositive(c, b); ok && c > o+1 {
				return hd, true
			}
		}
		if n := h.nameAt(i, limit, +1); n != nil {
			if k := h.tokenAt(n.at.End); k == i+1 && k < b && h.mentionAt(k) && !h.verbLike(k) {
				return Holder{}, false // "Informal talks in Geneva ended ...": a word that qualifies a target
			}
			if k := h.tokenAt(n.at.End); k+1 < b && h.toks[k].norm == "'s" {
				// "Israel's security cabinet approved ...": what the name holds acts.
				e := h.ownedEnd(k, b)
				if e > k+1 && h.verbNext(h.asideEnd(e, b), b) {
					return h.phrase(Range{n.at.Begin, h.toks[e-1].End}), true
				}
				if hd, ok := h.coordinated(n.at.Begin, e, b); ok && e > k+1 {
					return hd, true // "Ethiopia's government and Tigrayan forces signed"
				}
			}
			if hd, ok := h.coordinated(n.at.Begin, h.tokenAt(n.at.End), b); ok {
				return hd, true // "Canada and Australia imposed"
			}
			if hd, ok := h.listed(n.at.Begin, h.tokenAt(n.at.End), b); ok {
				return hd, true // "France, Britain and Germany triggered"
			}
			if k := h.tokenAt(n.at.End); k+1 < b && h.toks[k].word && !h.toks[k].upper && looksPlural(h.toks[k].norm) &&
				!h.verbLike(k) && !h.mentionAt(k) && h.verbNext(k+1, b) {
				// "Southern African leaders marked ...": the people the name qualifies.
				return h.phrase(Range{n.at.Begin, h.toks[k].End}), true
			}
			return h.holderFor(n, ReportedSpeech), true
		}
		if k := h.possessive(i, b); k >= 0 {
			// "Iran's foreign ministry denounced ...", "North Korea's state media": titles and no
			// name after the "'s", so no name above; what the name holds acts, after an aside too
			// ("Malaysia's prime minister, who brokered the meeting, praised").
			if e := h.ownedEnd(k, b); e > k+1 && h.verbNext(h.asideEnd(e, b), b) {
				return h.phrase(Range{t.Begin, h.toks[e-1].End}), true
			}
		}
		if e := i + 1; !h.isTitle(i) && e < b && h.isTitle(e) && !h.toks[e].upper {
			// "EU foreign ministers agreed ...": people named by their body and their title.
			for e < b && h.isTitle(e) && !h.toks[e].upper {
				e++
			}
			if e+1 < b && h.inPhrase(i, e) && !h.verbLike(e) && h.verbLike(e+1) {
				e++ // "Chinese state media denounced ...": the noun the title word qualifies
			}
			r := Range{t.Begin, h.toks[e-1].End}
			return h.phrase(r), true
		}
		return Holder{}, false
	}
	return Holder{}, false
}

// gerund reports whether the word at token i is a verb in -ing that opens a clause, as its next
// word shows ("Refusing to talk ...", "Imposing the sanctions ..."), and so no name, though
// capitalised; "Beijing rejected ..." is one.
func (h *holders) gerund(i, b int) bool {
	w := h.toks[i].norm
	if len(w) < 6 || !strings.HasSuffix(w, "ing") || i+1 >= b {
		return false
	}
	n := h.toks[i+1].norm
	return n == "to" || isDeterminer(n) || h.mentionAt(i+1)
}

// expletive reports whether the word at token i leaves an "it" before it as likely to stand for
// nothing, or for what the sentence before was about, as for a body: a form of "be", "have",
// "seem", "appear" or "remain", or a modal ("It is unclear whether ...", "It seems the talks ...",
// "It would take months").
func (h *holders) expletive(i, b int) bool {
	if i >= b {
		return true
	}
	switch h.toks[i].norm {
	case "is", "was", "'s", "has", "had", "would", "will", "could", "may", "might", "remains", "remained",
		"seems", "seemed", "appears", "appeared":
		return true
	}
	return false
}

// namedAfterNoun returns the name that closes the phrase toks[i:e] after a common noun, when a
// verb follows it: "The West African bloc ECOWAS lifted ..." is ECOWAS's, not "West African"'s.
func (h *holders) namedAfterNoun(i, e, b int) (Holder, bool) {
	k := e - 1
	for k > i+1 && h.toks[k-1].upper {
		k--
	}
	if k <= i+1 || !h.toks[k].upper || !h.toks[k-1].word || h.isJoinWord(k-1) {
		return Holder{}, false // "The Economic Community of West African States": one name
	}
	if n := h.nameAt(k, b, +1); n != nil && h.verbNext(h.tokenAt(n.at.End), b) {
		return h.holderFor(n, ReportedSpeech), true
	}
	return Holder{}, false
}

// ownedEnd returns where the lower-case words after the "'s" at token k end: up to three, before a
// verb or anything that ends a noun phrase ("Israel's security cabinet approved").
func (h *holders) ownedEnd(k, b int) int {
	e := k + 1
	for e < b && e < k+4 && !h.toks[e].upper && h.inPhrase(k+1, e) && !h.verbLike(e) {
		e++
	}
	return e
}

// possessive returns the "'s" right after the capitalised words that start at token i ("North
// Korea's"), or -1 when there is none.
func (h *holders) possessive(i, b int) int {
	k := i
	for k < b && h.toks[k].upper && h.toks[k].word {
		k++
	}
	if k > i && k+1 < b && h.toks[k].norm == "'s" {
		return k
	}
	return -1
}

// appositive returns the name between commas that opens at token c, when the sentence goes on
// with a verb after it, or after a time of up to three words: "Zimbabwe's president, Emmerson
// Mnangagwa, on Friday renewed ...". The name is the fullest the subject gives.
func (h *holders) appositive(c, b int) (Holder, bool) {
	if c+1 >= b || h.toks[c].norm != "," || !h.toks[c+1].upper {
		return Holder{}, false
	}
	n := h.nameAt(c+1, b, +1)
	if n == nil {
		return Holder{}, false
	}
	e := h.tokenAt(n.at.End)
	if e >= b || h.toks[e].norm != "," {
		return Holder{}, false
	}
	v := e + 1
	for v < b && v <= e+3 && h.toks[v].word && !h.verbLike(v) && h.toks[v].norm != "and" && h.toks[v].norm != "or" {
		v++
	}
	if v >= b || !h.verbLike(v) {
		return Holder{}, false
	}
	return h.holderFor(n, ReportedSpeech), true
}

// coordinated returns the subject "X and Y" when token e, right after a subject that starts at
// byte from, is "and" and a second subject of up to six words follows it up to a verb: "Canada and
// Australia imposed", "Ethiopia's government and Tigrayan forces signed".
func (h *holders) coordinated(from, e, b int) (Holder, bool) {
	if e >= b || h.toks[e].norm != "and" {
		return Holder{}, false
	}
	k := e + 1
	both := func(v int) int { // "Egypt and the UAE both voiced": the verb after "both"
		if v+1 < b && h.toks[v].norm == "both" && h.verbLike(v+1) {
			return v + 1
		}
		return v
	}
	for k < b && k <= e+6 && (h.toks[k].word || h.toks[k].norm == "'s") && (!h.verbLike(k) || h.namePart(k)) && !h.mentionAt(k) &&
		both(k) == k && h.timeEnd(k, b) == k {
		k++
	}
	if k == e+1 || k >= b {
		return Holder{}, false
	}
	if t := h.timeEnd(k, b); t > k && t < b && h.verbLike(t) {
		// "Britain, France and Germany on Thursday triggered": the time is the verb's.
		return h.phrase(Range{from, h.toks[k-1].End}), true
	}
	if v := both(h.asideEnd(k, b)); v > k && v < b && h.verbLike(v) {
		// "Egypt and the United Arab Emirates, which back opposing sides, both voiced": past an aside.
		return h.phrase(Range{from, h.toks[k-1].End}), true
	}
	if !h.verbLike(both(k)) {
		return Holder{}, false
	}
	if k-1 > e+1 && strings.HasSuffix(h.toks[k-1].norm, "ly") {
		k-- // "Canada and Australia jointly imposed": the adverb is the verb's
	}
	return h.phrase(Range{from, h.toks[k-1].End}), true
}

// namePart reports whether token k, which looks like a verb only by its "-ed", is capitalised and
// so part of a name ("the United States", "the United Arab Emirates").
func (h *holders) namePart(k int) bool {
	t := h.toks[k]
	return t.upper && strings.HasSuffix(t.norm, "ed") && !h.entryAt(k, verbKinds) && !h.isAux(k)
}

// listed returns the subject "X, Y and Z" when token e, right after a name that starts at byte
// from, is a comma followed by more names and commas and then "and" and a last subject, up to a
// verb: "France, Britain and Germany formally triggered ...".
func (h *holders) listed(from, e, b int) (Holder, bool) {
	k := e
	for k+1 < b && h.toks[k].norm == "," && h.toks[k+1].upper {
		n := h.nameAt(k+1, b, +1)
		if n == nil {
			return Holder{}, false
		}
		k = h.tokenAt(n.at.End)
	}
	if k == e {
		return Holder{}, false
	}
	if k+1 < b && h.toks[k].norm == "," && h.toks[k+1].norm == "and" {
		k++ // "France, Britain, and Germany"
	}
	return h.coordinated(from, k, b)
}

// attribution finds a reporting verb in toks[a:b] outside quotes and returns its subject.
func (h *holders) attribution(a, b int) (Holder, bool) {
	for _, m := range h.reportingIn(a, b) {
		if h.inSpeech(m.at) {
			continue
		}
		if m.at-2 >= a && h.toks[m.at-2].norm == "what" && isPronoun(h.toks[m.at-1].norm) {
			continue // "refused to join what they called a sham": a label, not the attribution
		}
		if h.objectOfVerb(a, m.at) {
			continue // "blocked a Security Council statement": what was blocked, not who speaks
		}
		if h.inRelativeAside(a, m.at, b) {
			continue // "Rwanda, which the U.N. says commands M23, called ...": said of the subject
		}
		verb := h.toks[m.at].norm
		if k := m.at + m.n; k+1 < b && h.toks[k].norm == "by" {
			if m.at > a && h.toks[m.at-1].norm == "," && h.asideEnd(m.at-1, b) > m.at {
				continue // "The Polisario Front, backed by Algiers, said": an aside about the subject
			}
			// "a move welcomed by the EU": the agent of the passive, when it is named; "condemned by
			// the paramilitary group": or when a phrase with a determiner names it.
			if h.toks[k+1].norm == "the" {
				k++
			}
			if h.toks[k+1].upper {
				if n := h.nameAt(k+1, b, +1); n != nil {
					return h.holderFor(n, ReportedSpeech), true
				}
			} else if isDeterminer(h.toks[k].norm) {
				if hd, ok := h.phraseAfter(k, b); ok {
					return hd, true
				}
			}
			continue
		}
		if m.n > 1 && h.toks[m.at+m.n-1].norm == "to" { // "according to X"
			k := m.at + m.n
			if e := h.sourceEnd(k, b); e > k {
				k = e // "according to a statement from the ministry": the ministry
			}
			if hd, ok := h.phraseAfter(k, b); ok {
				return hd, true // "according to a senior Treasury official"
			}
			if n := h.nameAt(k, b, +1); n != nil {
				return h.holderFor(n, ReportedSpeech), true
			}
			continue
		}
		if strings.HasSuffix(verb, "ing") { // "..., saying": the subject of the sentence
			if hd, ok := h.withSubject(a, m.at); ok {
				return hd, true
			}
			if k := m.at - 1; k-1 >= a && h.toks[k].word && !h.toks[k].upper && isDeterminer(h.toks[k-1].norm) &&
				!isPossessive(h.toks[k-1].norm) {
				continue // "voted for a resolution calling for": what the resolution calls for
			}
			if h.finiteReportingAfter(m.at, b) {
				continue // "Far from rejecting talks, the government said": the finite verb's
			}
			if hd, ok := h.subject(a, m.at); ok {
				return hd, true
			}
			continue
		}
		// ", said X" after the words said; but after an apposition ("Iran's negotiator, Ali Kani,
		// said") the subject comes first.
		appositive := false
		if m.at-2 >= a && h.toks[m.at-1].norm == "," && h.toks[m.at-2].upper {
			k := m.at - 2
			for k > a && (h.toks[k-1].upper || h.isJoinWord(k-1)) {
				k--
			}
			appositive = k > a && h.toks[k-1].norm == ","
		}
		if m.at > a && canInvert(verb) && !appositive && (h.toks[m.at-1].norm == "," || isQuoteMark(h.toks[m.at-1].norm)) {
			if hd, ok := h.inverted(m.at+m.n, b); ok {
				return hd, true
			}
		}
		if strings.HasSuffix(verb, "ed") && h.measureObjectBefore(a, m.at) {
			continue // "measures against Kosovo imposed after ...": a participle; Kosovo is their target
		}
		if j := h.appositionStart(a, m.at); j > a {
			// "Getachew Reda, an adviser to Prime Minister Abiy Ahmed, said": the name before the
			// apposition, not the one inside it.
			if hd, ok := h.before(a, j); ok {
				return hd, true
			}
		}
		if hd, ok := h.before(a, m.at); ok {
			return hd, true
		}
		if hd, ok := h.phraseBefore(a, m.at); ok {
			return hd, true // "A ministry spokesman said Washington's sanctions ...": not Washington
		}
		if m.at > a && (h.toks[m.at-1].norm == "and" || h.toks[m.at-1].norm == "but") {
			continue // "thanked Washington for its support and said Beijing's pressure ...": the subject is further back
		}
		if canInvert(verb) && !strings.HasPrefix(verb, "tel") && verb != "told" && verb != "warned" && verb != "asked" {
			// "said X"; but "told X", "warned X" and "asked X" name the listener, and "dismissed
			// X" what was dismissed.
			if n := h.nameAt(m.at+m.n, b, +1); n != nil {
				return h.holderFor(n, ReportedSpeech), true
			}
		}
	}
	return Holder{}, false
}

// withSubject returns who speaks when "with" opens the phrase right before the reporting
// participle at token v: "ended with both sides describing the atmosphere as constructive".
func (h *holders) withSubject(a, v int) (Holder, bool) {
	for k := v - 1; k > a && k >= v-5; k-- {
		if h.toks[k].norm != "with" {
			if !h.toks[k].word || h.verbLike(k) || h.isAux(k) {
				return Holder{}, false
			}
			continue
		}
		switch first := h.toks[k+1]; {
		case k+1 == v:
		case isPronoun(first.norm):
			return h.pronoun(first.norm)
		case first.upper:
			if n := h.nameAt(k+1, v, +1); n != nil {
				return h.holderFor(n, ReportedSpeech), true
			}
		default:
			return h.phrase(Range{first.Begin, h.toks[v-1].End}), true
		}
		return Holder{}, false
	}
	return Holder{}, false
}

// appositionStart returns the comma that opens an apposition with an article ("X, an adviser to
// Prime Minister Y, said") closed by the comma right before token v, or -1. The apposition holds no
// other comma and no reporting word.
func (h *holders) appositionStart(a, v int) int {
	if v-1 <= a || h.toks[v-1].norm != "," {
		return -1
	}
	for j := v - 2; j > a && j >= v-12; j-- {
		if h.entryAt(j, 1<<rkReporting) {
			return -1
		}
		if h.toks[j].norm == "," {
			if w := h.toks[j+1].norm; w == "a" || w == "an" || w == "the" ||
				w == "known" && h.toks[j+2].norm == "as" && h.toks[j+3].norm != "the" ||
				!h.toks[j+1].upper && (h.isTitle(j+1) || isRoleNoun(w)) {
				// ", an adviser to ...,"; ", known as Barbecue,", a nickname. ", known as the Quad,"
				// names those before it together, and is theirs. ", deputy head of Russia's
				// Security Council,": a role without an article.
				return j
			}
			return -1
		}
	}
	return -1
}

// isRoleNoun reports whether w names a role that can open an apposition without an article
// (", member of the delegation,") and is not in the titles list, which holds the rest ("head",
// "leader", "adviser", ...): these words are no title before a name.
func isRoleNoun(w string) bool {
	switch w {
	case "chair", "member", "founder", "mayor", "speaker", "aide":
		return true
	}
	return false
}

// measureObjectBefore reports whether the words right before token i in toks[a:i] are a name
// after "against" or "on": whom measures target ("measures against Kosovo imposed after ..."),
// which a participle after it describes, not the subject of a verb.
func (h *holders) measureObjectBefore(a, i int) bool {
	k := i - 1
	for k > a && (h.toks[k].upper && h.toks[k].word || h.toks[k].norm == "'s") {
		k--
	}
	if k == i-1 || k < a || isDayName(h.toks[k+1].norm) || isMonthName(h.toks[k+1].norm) {
		return false // "the TAO on Friday called": a time
	}
	w := h.toks[k].norm
	return w == "against" || w == "on"
}

// objectOfVerb reports whether the reporting word at token i ("statement", "remarks") closes a noun
// phrase that a verb other than a reporting one takes as its object: "blocked a Security Council
// statement". The phrase is a determiner and capitalised words or "'s" before the word.
func (h *holders) objectOfVerb(a, i int) bool {
	k := i - 1
	for k >= a && i-k <= 5 && (h.toks[k].upper && h.toks[k].word || h.toks[k].norm == "'s") {
		k--
	}
	if k < a || !isDeterminer(h.toks[k].norm) {
		return false
	}
	k--
	return k >= a && h.verbLike(k) && !h.entryAt(k, 1<<rkReporting)
}

// finiteReportingAfter reports whether a reporting verb not in -ing follows token i in toks[:b],
// outside speech.
func (h *holders) finiteReportingAfter(i, b int) bool {
	for k := i + 1; k < b; k++ {
		if h.hasKind(k, rkReporting) && !strings.HasSuffix(h.toks[k].norm, "ing") && !h.inSpeech(k) {
			return true
		}
	}
	return false
}

// inRelativeAside reports whether token i stands in a relative clause set off by commas inside
// toks[a:b] (relativeAside).
func (h *holders) inRelativeAside(a, i, b int) bool { return relativeAside(h.toks, a, i, b) }

// relativeAside reports whether token i stands in a relative clause set off by commas inside
// toks[a:b]: after ", which" (or "who", "whose"), with no comma between, and before a comma that
// closes it.
func relativeAside(toks []token, a, i, b int) bool {
	k := i - 1
	for k > a && toks[k].norm != "," {
		k--
	}
	if k <= a || k+1 >= i {
		return false
	}
	switch toks[k+1].norm {
	case "which", "who", "whose":
	default:
		return false
	}
	for e := i + 1; e < b; e++ {
		switch toks[e].norm {
		case ",":
			return true
		case ".", ";", ":":
			return false
		}
	}
	return false
}

// inSpeech reports whether token i is inside a speech quote.
func (h *holders) inSpeech(i int) bool {
	q := quoteAt(h.quotes, i)
	return q >= 0 && h.quotes[q].words > 0
}

// before finds the subject of a verb at v: the nearest name, pronoun or "the <title>" before it in
// toks[a:v], skipping auxiliaries, adverbs and commas.
func (h *holders) before(a, v int) (Holder, bool) {
	verb := v
	v = h.timeStart(a, v) // "The army on Tuesday said": the subject ends before the time
	end := v              // where the subject ends: the verb, or an aside after the subject
	start := datelineEnd(h.toks, a, v)
	if v-1 > start && h.toks[v-1].norm == "and" && !opensClause(h.toks[start].norm) {
		// "The presidents ... shook hands at the White House on Thursday and pledged": the
		// subject of the first verb, not a name in what it did; none past a comma or in a quote.
		for j := start + 1; j < v-1; j++ {
			if h.inRelativeAside(a, j, v) {
				continue
			}
			if h.toks[j].norm == "," || h.inSpeech(j) {
				break
			}
			if h.verbLike(j) && !h.mentionAt(j) {
				return h.before(a, j)
			}
		}
	}
	if start+1 < v && isDeterminer(h.toks[start].norm) && h.placeListEnd(start+1, v) == v {
		// "The presidents of Rwanda and Congo pledged": the group, not the places it is from.
		return h.phrase(Range{h.toks[start].Begin, h.toks[v-1].End}), true
	}
	for i, skipped := v-1, 0; i >= a && skipped < 6; i-- {
		t := h.toks[i]
		switch {
		case isPronoun(t.norm):
			if hd, ok := h.relativeSpeaker(a, i); ok {
				return hd, true
			}
			return h.pronoun(t.norm)
		case h.bodySubject(a, i, v):
			return h.pronoun("it")
		case h.statementSubject(a, i):
			// "The statement, carried by the state news agency, called ...": whoever made it, the
			// holder last named; "The resolution" after "a European Parliament resolution": the
			// body named as its author.
			if n := h.authorOf(i); n != nil {
				return h.holderFor(n, ReportedSpeech), true
			}
			return Holder{Name: h.last.Name, Mention: h.last.Mention, Kind: ReportedSpeech}, true
		case i == a && i == v-1 && t.norm == "both":
			return h.pronoun("they") // "Both said ...": those named before, like "they"
		case i == a && i == v-1 && (t.norm == "some" || t.norm == "others" || t.norm == "many" || t.norm == "most"):
			return h.phrase(t.Range), true // "Some said ..., others said ...": those the sentence before names
		case t.norm == "it" && i == a && i == v-1:
			// "It said ...", opening the sentence: the body last named. Elsewhere "it" opens the
			// clauses of other subjects too ("Though it has dismissed ..., Ukraine said").
			return h.pronoun(t.norm)
		case t.upper && t.word && !h.isNonName(i) && h.opensNounPhrase(i, end):
			// "A senior Western diplomat said": a capitalised adjective in a noun phrase;
			// "Sudan's army said": what the name holds.
			if hd, ok := h.phraseBefore(datelineEnd(h.toks, a, end), end); ok {
				return hd, true
			}
			return Holder{}, false
		case (t.upper || particleName(t.In(h.text))) && t.word && !h.isNonName(i):
			n := h.nameAt(i, a, -1)
			if n == nil {
				if t.upper && h.isTitle(i) && sentenceStart(h.toks, a, i) && looksPlural(t.norm) {
					return h.phrase(t.Range), true // "Diplomats said": the people the title names
				}
				return Holder{}, false
			}
			if k := h.tokenAt(n.at.Begin) - 1; k > a && (isPlaceJoin(h.toks[k].norm) ||
				k-1 > a && h.toks[k].norm == "the" && isPlaceJoin(h.toks[k-1].norm)) {
				if h.toks[k].norm == "the" {
					k-- // "members of the Duma"
				}
				// "..., analysts in Pristina say": after the comma that ends what was said, people
				// named in lower case, and where they are.
				g := k
				for g > a && k-g < 4 && h.toks[g-1].word && !h.toks[g-1].upper && !h.isAux(g-1) {
					g--
				}
				if g < k && g > a && h.toks[g-1].norm == "," && h.tokenAt(n.at.End) == v &&
					(looksPlural(h.toks[k-1].norm) || h.isTitle(k-1)) {
					return h.phrase(Range{h.toks[g].Begin, n.at.End}), true
				}
				// "Opposition politicians in Caracas called": the group from there, when one opens
				// the sentence.
				start := datelineEnd(h.toks, a, v)
				if hd, ok := h.leadingGroup(start, verb+1); ok {
					return hd, true
				}
				// "The opposition in Belgrade accused": a phrase with a determiner, and where it is.
				if hd, ok := h.phraseAfter(start, v); ok && isDeterminer(h.toks[start].norm) &&
					h.tokenAt(hd.Mention.End) == k && h.tokenAt(n.at.End) == v {
					return h.phrase(Range{h.toks[start].Begin, n.at.End}), true
				}
				// "A spokesman for the EU delegation in Phnom Penh said": the same, with what the
				// phrase is of or for; words only, no verb among them. "Russia's ambassador in
				// Sarajevo called": the same, held by a name.
				owned := start+2 < k && h.toks[start].upper && h.toks[start+1].norm == "'s"
				if (isDeterminer(h.toks[start].norm) || owned) && h.tokenAt(n.at.End) >= h.nounEnd(start, v) && v-start <= 12 {
					plain := true
					for j := start + 1; j < k && plain; j++ {
						plain = (h.toks[j].word || j == start+1 && owned) && !h.verbLike(j)
					}
					if plain {
						return h.phrase(Range{h.toks[start].Begin, n.at.End}), true
					}
				}
			}
			// "Israel and Hamas agreed", "Japan and the Philippines said": both.
			var both *name
			if k := h.tokenAt(n.at.Begin) - 1; k-1 >= a {
				if h.toks[k].norm == "the" && k-2 >= a {
					k--
				}
				if h.toks[k].norm == "and" && h.toks[k-1].upper && h.toks[k-1].word {
					both = h.nameAt(k-1, a, -1)
				} else if o := h.ownedBefore(a, k); h.toks[k].norm == "and" && o >= 0 {
					// "Ethiopia's government and the TPLF said": what a name holds, and the name.
					return h.phrase(Range{h.toks[o].Begin, n.at.End}), true
				}
			}
			start := n.at.Begin
			if both != nil {
				start = both.at.Begin
				// "The United States, Japan and South Korea said": more names before, with commas,
				// when the list opens the sentence.
				first := start
				for c := h.tokenAt(first) - 1; c-1 >= a && h.toks[c].norm == "," && h.toks[c-1].upper && h.toks[c-1].word; c = h.tokenAt(first) - 1 {
					m := h.nameAt(c-1, a, -1)
					if m == nil {
						break
					}
					first = m.at.Begin
				}
				if f := h.tokenAt(first); first < start && (f == a || f == a+1 && h.toks[a].norm == "the") {
					start = first
				}
			}
			k := h.tokenAt(start) - 1
			if k > a && h.toks[k].norm == "the" {
				k--
			}
			if k > a && (h.toks[k].norm == "including" || h.toks[k].norm == "like") {
				// "Southern African countries, including South Africa, endorsed": the group.
				i, skipped, end = k, 0, k-1
				continue
			}
			if both != nil {
				r := Range{start, n.at.End}
				return h.phrase(r), true
			}
			if s, ok := h.beforeAside(a, v, n); ok {
				return s, true
			}
			return h.holderFor(n, ReportedSpeech), true
		case h.isTitle(i) && i > a && (h.toks[i-1].norm == "the" || h.toks[i-1].norm == "a"):
			if e := h.titleEnd(i); e+1 < end && (h.toks[e+1].norm == "'s" || h.toks[e+1].word && !h.toks[e+1].upper && !h.isAux(e+1)) {
				// "The prime minister's office said", "the opposition coalition said": what
				// the title qualifies speaks.
				return h.phraseBefore(a, end)
			}
			if p := i - 2; t.norm == "opposition" && h.titleEnd(i) == i &&
				(i-1 == a || p > a && p-a <= 3 && isGroupPreposition(h.toks[p].norm) && h.plainWords(a, p)) {
				// "The opposition said", "Hardliners in the opposition called": a group, not the
				// last person named.
				return h.phrase(Range{h.toks[a].Begin, t.End}), true
			}
			return h.titled(i), true
		case isQuoteMark(t.norm) || t.norm == "." || t.norm == ";":
			return Holder{}, false
		case t.norm == ",":
			if i+1 < end {
				// "Far from rejecting talks, the government said": the noun phrase after the comma.
				if hd, ok := h.phraseBefore(i+1, end); ok {
					return hd, true
				}
			}
			// "The leader, who has ruled since 1994, has dismissed": step over the relative clause;
			// "Government negotiators, for their part, said": over a short aside.
			for k := i - 1; k > a; k-- {
				if h.toks[k].norm == "," {
					switch h.toks[k+1].norm {
					case "who", "which", "whose":
						i, skipped, end = k, 0, k
					case "the", "a", "an":
						// "Algeria, the Polisario's main backer, said": a noun phrase in apposition
						// to the name before it, whatever names it holds.
						if i-k-1 <= 7 && k-1 >= a && h.toks[k-1].upper && h.toks[k-1].word && h.plainWords(k+1, i) {
							i, skipped, end = k, 0, k
						}
					default:
						// An aside of a few lower-case words, or one that opens with a participle
						// (", speaking in Geneva,", ", backed by Algiers,").
						if i-k-1 <= 4 && h.lowerUpTo(k+1, i) || i-k-1 <= 6 && (h.participle(k+1) || h.byAgent(k+1)) || h.ownerAside(a, k, i) {
							i, skipped, end = k, 0, k
						}
					}
					break
				}
			}
		}
		skipped++
	}
	if end < v {
		return h.phraseBefore(a, end) // "The rebels' political wing, however, insisted"
	}
	return Holder{}, false
}

// statementSubject reports whether token i is a statement named with "the" that opens the clause
// at a ("The statement said", "The remarks drew"), with a holder named before it to have made it.
func (h *holders) statementSubject(a, i int) bool {
	switch h.toks[i].norm {
	case "statement", "remarks", "comments", "resolution", "declaration", "communique", "communiqué":
	default:
		return false
	}
	return i-1 == a && h.toks[a].norm == "the" && h.last.Name != "" && h.last.Name != AuthorName
}

// authorOf returns the name written right before the same noun as token i, in the 200 tokens
// before it ("a European Parliament resolution" for "The resolution"), or nil.
func (h *holders) authorOf(i int) *name {
	for j := i - 2; j > 0 && j >= i-200; j-- {
		if h.toks[j].norm == h.toks[i].norm && h.toks[j-1].upper && h.toks[j-1].word {
			return h.nameAt(j-1, max(0, j-8), -1)
		}
	}
	return nil
}

// bodySubject reports whether toks[i] is a noun for a body, after "the" that opens the sentence (or
// follows "But" or "And" there), right before the verb at v: "But the group said" is the body last
// named, as "it" would be.
func (h *holders) bodySubject(a, i, v int) bool {
	switch h.toks[i].norm {
	case "group", "bloc", "movement", "organisation", "organization", "militia", "alliance":
	default:
		return false
	}
	k := i - 1
	if i != v-1 || k < a || h.toks[k].norm != "the" || h.body.Name == "" {
		return false
	}
	return k == a || k == a+1 && (h.toks[a].norm == "but" || h.toks[a].norm == "and")
}

// inverted reads the subject of an inverted attribution that starts at i: "said Lavrov",
// "stressed the Premier", "said one of the officials".
func (h *holders) inverted(i, b int) (Holder, bool) {
	if i >= b {
		return Holder{}, false
	}
	t := h.toks[i]
	switch {
	case isPronoun(t.norm) && i+1 < b && h.toks[i+1].word:
		return Holder{}, false // "..., in Paris, said he was ready": he opens what was said
	case isPronoun(t.norm):
		return h.pronoun(t.norm)
	case t.norm == "the" && i+1 < b && h.isTitle(i+1) && (i+2 >= b || !h.toks[i+2].upper):
		return h.titled(i + 1), true
	case t.norm == "a" || t.norm == "an":
		// "said a Caracas economist, Luis Oliveros": the name in apposition, else the phrase.
		e := i + 1
		for e < b && e < i+7 && h.toks[e].word && !isRelative(h.toks[e].norm) && !h.isAux(e) && !h.verbLike(e) {
			e++ // up to a relative clause: "said a former diplomat who asked not to be named"
		}
		if e == i+1 || e < b && (h.isAux(e) || h.verbLike(e)) {
			return Holder{}, false // "..., said a peace deal was within reach": it opens what was said
		}
		if e+1 < b && h.toks[e].norm == "," && h.toks[e+1].upper {
			if n := h.nameAt(e+1, b, +1); n != nil {
				return h.holderFor(n, ReportedSpeech), true
			}
		}
		return h.phrase(Range{t.Begin, h.toks[e-1].End}), true
	case t.word && !t.upper:
		// "..., said government negotiator Álvaro Jiménez": lower-case words that end in a title,
		// then the name.
		e := i
		for e < b && e < i+4 && h.toks[e].word && !h.toks[e].upper {
			e++
		}
		if e == i || e >= b || !h.isTitle(e-1) || !h.toks[e].upper {
			return Holder{}, false
		}
		if n := h.nameAt(e, b, +1); n != nil {
			return h.holderFor(n, ReportedSpeech), true
		}
	case t.upper || h.isTitle(i):
		if n := h.nameAt(i, b, +1); n != nil {
			if k := h.tokenAt(n.at.End); k < b && h.verbLike(k) {
				return Holder{}, false // "..., said Pyongyang had no intention": it opens what was said
			}
			return h.holderFor(n, ReportedSpeech), true
		}
		if i+2 < b && h.toks[i+1].norm == "'s" {
			// "said Tehran's envoy to the UN": a title held by a name, and what follows it.
			e := i + 2
			for e < b && e < i+8 && h.toks[e].word {
				e++
			}
			r := Range{t.Begin, h.toks[e-1].End}
			return h.phrase(r), true
		}
	}
	return Holder{}, false
}

// opensNounPhrase reports whether capitalised word i opens a noun phrase of lower-case words up
// to the verb at end: an adjective ("A senior Western diplomat said") or a name that holds what
// follows ("Sudan's army said").
func (h *holders) opensNounPhrase(i, end int) bool {
	ne := h.nounEnd(i, end)
	return i+1 < ne && h.lowerUpTo(i+1, ne) || i+2 < end && h.toks[i+1].norm == "'s" && h.lowerUpTo(i+2, end) ||
		i+3 < ne && h.lowerUpTo(i+1, i+2) && h.toks[i+2].norm == "'s" && h.lowerUpTo(i+3, ne) // "Afghan women's rights activists"
}

// nounEnd returns where a subject that starts at token i ends before a verb at end: before the
// auxiliaries and adverbs right before the verb ("Beijing has also warned": "Beijing").
func (h *holders) nounEnd(i, end int) int {
	for end-1 > i && h.isAux(end-1) {
		end--
	}
	return end
}

// phraseBefore returns a common-noun subject that opens the verb's clause with a determiner:
// "a mediation source told", "one of the officials said", "the military regime has expressed".
func (h *holders) phraseBefore(a, v int) (Holder, bool) {
	e := h.timeStart(a, v)
	if e-2 > a && h.toks[e-1].norm == "to" {
		e -= 2 // "the ministry declined to say": the subject of the verb before
	}
	for e > a && (h.isAux(e-1) || e-1 > a && h.adverb(e-1)) {
		e--
	}
	b := e
	for b > a && (h.toks[b-1].word || h.toks[b-1].norm == "'s" || h.toks[b-1].norm == "'") && !h.isAux(b-1) && !h.hasKind(b-1, rkReporting) {
		b--
	}
	if b > a && !clauseBreak(h.toks[b-1].norm) && !isQuoteMark(h.toks[b-1].norm) && !h.isAux(b-1) {
		return Holder{}, false
	}
	for b+1 < e && (h.toks[b].norm == "but" || h.toks[b].norm == "yet") {
		b++ // "..., but both delegations said": the phrase after the conjunction
	}
	if e-b == 1 && looksPlural(h.toks[b].norm) && (h.isTitle(b) || e == v && !h.toks[b].upper) {
		// "In Geneva, diplomats said": people named by their title; "..., analysts said".
		return h.phrase(h.toks[b].Range), true
	}
	if e-b < 2 || e-b > 8 {
		return Holder{}, false
	}
	head := e // "Youth activists who organised the protests said": the group before its relative clause
	for k := b + 1; k < e; k++ {
		if h.toks[k].norm == "who" {
			head = k
			break
		}
	}
	if head == e-1 {
		return Holder{}, false // "Ugandan lawmakers who backed": the verb of the relative clause
	}
	if !isDeterminer(h.toks[b].norm) && !h.pluralGroup(a, b, head) && !h.possessor(b, head) {
		return Holder{}, false
	}
	for k := b + 1; k < e; k++ {
		switch h.toks[k].norm {
		case "whereas", "but", "yet":
			return Holder{}, false // "X thanked the EU but said": a clause, not a name
		}
		if isSubordinator(h.toks[k].norm) {
			return Holder{}, false // "The talks collapsed after both sides accused": a clause, not a name
		}
		if h.entryAt(k, 1<<rkFavor|1<<rkAgainst|1<<rkNegator) || h.mentionAt(k) && strings.HasSuffix(h.toks[k].norm, "ed") {
			return Holder{}, false // "The EU sanctioned generals accused of ...": a verb inside
		}
	}
	if h.toks[e-1].norm == "'s" {
		e-- // "The ministry's statement said": the ministry
	}
	r := Range{h.toks[b].Begin, h.toks[e-1].End}
	return h.phrase(r), true
}

// adverb reports whether token i is a lower-case adverb in -ly that can stand between a subject
// and its verb ("privately", "repeatedly"); nouns in -ly ("the national assembly") are not.
func (h *holders) adverb(i int) bool { return isLyAdverb(&h.toks[i]) }

// isLyAdverb reports whether t is a lower-case adverb in -ly that can stand before a verb
// ("privately", "effectively"), and no noun in -ly ("assembly").
func isLyAdverb(t *token) bool {
	if t.upper || len(t.norm) < 6 || !strings.HasSuffix(t.norm, "ly") {
		return false
	}
	switch t.norm {
	case "assembly", "family", "supply", "monopoly", "anomaly", "homily":
		return false
	}
	return true
}

// phraseAfter returns the common-noun phrase that starts at token i, up to a preposition, a clause
// or a verb: one with a determiner ("a senior Treasury official", "the foreign ministry"), a plural
// title alone ("diplomats"), or capitalised words before lower-case ones ("Western diplomats in
// Geneva" is "Western diplomats", "Sudan's army"). A name ("Hun Sen") is no such phrase.
func (h *holders) phraseAfter(i, b int) (Holder, bool) {
	e := i
	for e < b && e < i+7 && h.inPhrase(i, e) {
		e++
	}
	if e == i {
		return Holder{}, false
	}
	first, last := h.toks[i], h.toks[e-1]
	switch {
	case isDeterminer(first.norm) && e-i >= 2:
	case e-i == 1 && h.isTitle(i) && looksPlural(first.norm):
	case first.upper && e-i >= 2 && last.word && !last.upper:
	default:
		return Holder{}, false
	}
	return h.phrase(Range{first.Begin, last.End}), true
}

// sourceEnd returns where the speaker is named after a document at token i ("a statement from",
// "remarks by"), or i when there is none.
func (h *holders) sourceEnd(i, b int) int {
	for k := i; k < b && k < i+4; k++ {
		if h.hasKind(k, rkReporting) {
			if k+1 < b && (h.toks[k+1].norm == "from" || h.toks[k+1].norm == "by" || h.toks[k+1].norm == "of") {
				return k + 2
			}
			return i
		}
		if !h.toks[k].word {
			return i
		}
	}
	return i
}

// inPhrase reports whether token k goes on a common-noun phrase that starts at token i: not a
// preposition, conjunction or relative pronoun, a verb or a second determiner.
func (h *holders) inPhrase(i, k int) bool {
	t := h.toks[k]
	if t.norm == "'s" {
		return k > i
	}
	if !t.word || h.isAux(k) || k > i && isDeterminer(t.norm) || k > i+1 && (h.verbLike(k) || strings.HasSuffix(t.norm, "ly")) {
		return false // a verb or adverb: "Several EU members blocked"; but "the exiled leader" is one phrase
	}
	switch t.norm {
	case "in", "at", "on", "with", "from", "by", "to", "for", "and", "or", "but", "as", "who", "which", "that",
		"whether", "if", "than", "not", "after", "before", "when", "while", "during", "since", "because":
		return false
	}
	return true
}

// mentionIn reports whether a target's mention starts in toks[a:e] ("The embargo has ...": a
// target is no actor).
func (h *holders) mentionIn(a, e int) bool {
	for k := a; k < e; k++ {
		if h.mentionAt(k) {
			return true
		}
	}
	return false
}

// ownerAside reports whether the commas at tokens k and i hold a name's "'s" and up to four
// lower-case words, in apposition to a name before them: "Algeria, Niger's northern neighbour,
// warned".
func (h *holders) ownerAside(a, k, i int) bool {
	return i-k-1 <= 6 && k-1 >= a && h.toks[k-1].upper && h.toks[k-1].word && k+3 < i &&
		h.toks[k+1].upper && h.toks[k+2].norm == "'s" && h.lowerUpTo(k+3, i)
}

// asideEnd returns where the sentence goes on after a short aside between commas that opens at
// token i (", led by Hungary,"), or i when none does.
func (h *holders) asideEnd(i, b int) int {
	if i >= b || h.toks[i].norm != "," {
		return i
	}
	reach := 6
	if i+1 < b && (h.toks[i+1].norm == "who" || h.toks[i+1].norm == "which") {
		reach = 12 // ", who have mediated between the two sides,": a relative clause
	}
	for k := i + 1; k < b && k <= i+reach; k++ {
		if h.toks[k].norm == "," {
			return k + 1
		}
	}
	return i
}

// isGroupPreposition reports whether w joins a group to the body it belongs to ("Hardliners in
// the opposition", "members of the opposition"): the words that join a group to a place, and
// "within" and "among".
func isGroupPreposition(w string) bool { return isPlaceJoin(w) || w == "within" || w == "among" }

// isRelative reports whether w opens a relative clause.
func isRelative(w string) bool { return w == "who" || w == "which" || w == "that" || w == "whose" }

// isPossessive reports whether w is a possessive determiner ("her", "their").
func isPossessive(w string) bool {
	switch w {
	case "its", "his", "her", "their":
		return true
	}
	return false
}

// isDeterminer reports whether w opens a common-noun phrase ("a", "the", "several").
func isDeterminer(w string) bool {
	switch w {
	case "a", "an", "the", "one", "two", "both", "all", "some", "several", "many", "another", "its", "his",
		"her", "their":
		return true
	}
	return false
}

// byAgent reports whether token i is a lower-case past participle with its agent after it, which
// opens an aside about the subject before it (", backed by Algiers,", ", led by Hungary,").
func (h *holders) byAgent(i int) bool {
	t := h.toks[i]
	return !t.upper && strings.HasSuffix(t.norm, "ed") && i+1 < len(h.toks) && h.toks[i+1].norm == "by"
}

// participle reports whether token i is a lower-case present participle that can open an aside
// (", speaking in Geneva,"), and not a preposition in -ing (", including South Africa,").
func (h *holders) participle(i int) bool {
	switch w := h.toks[i].norm; w {
	case "including", "according", "during", "concerning", "regarding", "following", "excluding", "notwithstanding":
		return false
	default:
		return !h.toks[i].upper && len(w) > 4 && strings.HasSuffix(w, "ing")
	}
}

// verbKinds are the kinds of entries that look like the verb after a subject: cues, negators,
// reporting verbs, verbs of wanting and openness words (see verbLike). cueKinds add mentions: they
// end a group's name ("Protest leaders demanded", "Rebel commanders rejected", "Peace talks").
const (
	verbKinds kindSet = 1<<rkFavor | 1<<rkAgainst | 1<<rkNegator | 1<<rkReporting | 1<<rkWanting | 1<<rkOpenness
	cueKinds          = verbKinds | 1<<rkMention
)

// leadingGroup reads a group named without an article that opens a sentence at i, before its
// verb: "Rebel commanders walked out ...", "Protest leaders have rejected ...". The verb must look
// like one (an auxiliary, a word in -ed, or a lexicon cue or reporting verb), so that "Rainsy
// accepts the offer" stays a name and its verb.
func (h *holders) leadingGroup(i, b int) (Holder, bool) {
	e := i + 1
	if i+3 < b && h.toks[i+1].norm == "and" && h.toks[i+2].upper && h.toks[i+2].word && h.lowerUpTo(i+3, i+4) && !h.isAux(i+3) && !h.verbLike(i+3) {
		e = i + 3 // "Greek and Turkish foreign ministers met": two adjectives of where they are from
	}
	for e < b && e < i+5 && (h.toks[e].word || e > i+1 && h.toks[e].norm == "'s") && !h.toks[e].upper && !h.isAux(e) &&
		(!h.entryAt(e, cueKinds) || h.isTitle(e)) && !isPlaceJoin(h.toks[e].norm) {
		if isModal(h.toks[e].norm) || strings.HasSuffix(h.toks[e].norm, "ed") {
			if e == i+1 {
				return Holder{}, false // a verb after one word: "Rainsy does not ...", "The EU sanctioned ..."
			}
			break // the group's verb: "Serbian nationalists rallied ..."
		}
		e++
	}
	// One word is a group only when where it is from follows: "Protesters in the capital",
	// "Mediators from Qatar".
	alone := e == i+1 && !(e < b && isPlaceJoin(h.toks[e].norm))
	if alone || e >= b || !h.pluralGroup(i, i, e) {
		return Holder{}, false
	}
	end := e
	if a := h.asideEnd(e, b); a > e && a < b && h.verbLike(a) {
		// "Church leaders, who have mediated between the two sides, called for": past an aside.
		return h.phrase(Range{h.toks[i].Begin, h.toks[e-1].End}), true
	}
	if isPlaceJoin(h.toks[e].norm) && e+1 < b && h.toks[e+1].upper {
		// "Opposition lawmakers in Minsk have refused": where they are from is part of it, one
		// place or more ("Diplomats from India and China have encouraged", "The leaders of Egypt,
		// Qatar and Turkey signed").
		k := h.nameListEnd(e+1, b)
		e, end = k, k
	} else if isPlaceJoin(h.toks[e].norm) && e+1 < b {
		// "Protesters in the capital demanded", "Opposition figures in exile welcomed": a place
		// in lower case, up to the verb.
		k := e + 1
		if h.toks[k].norm == "the" {
			k++
		}
		if k < b && k+1 < b && h.toks[k].word && !h.toks[k].upper && !h.verbLike(k) && h.verbLike(k+1) {
			e, end = k+1, k+1
		}
	}
	if !h.verbNext(e, b) {
		return Holder{}, false
	}
	r := Range{h.toks[i].Begin, h.toks[end-1].End}
	return h.phrase(r), true
}

// verbNext reports whether a verb comes at token e, or after a time or an adverb in -ly that opens
// there: "The Sudanese army on Tuesday rejected", "Protesters in Minsk last week demanded".
func (h *holders) verbNext(e, b int) bool {
	e = h.timeEnd(e, b)
	if e+1 < b && h.adverb(e) {
		e++ // "Ecuador's foreign ministry politely declined"
	}
	return e < b && h.verbLike(e)
}

// timeEnd returns where a time that opens at token i ends ("on Tuesday", "early on Friday", "on 12
// May", "last week", "yesterday"), or i when none does.
func (h *holders) timeEnd(i, b int) int {
	k := i
	if k < b {
		switch h.toks[k].norm {
		case "early", "late", "earlier", "later":
			k++ // "early on Friday"; alone, "The EU earlier imposed"
		}
	}
	if k >= b {
		return i
	}
	switch w := h.toks[k].norm; {
	case w == "yesterday" || w == "today" || w == "tonight":
		return k + 1
	case w == "on" && k+1 < b && (isDayName(h.toks[k+1].norm) || isMonthName(h.toks[k+1].norm) || isNumber(h.toks[k+1].norm)):
		k += 2
		// "on Monday night", "on 12 May", "on May 12"
		if k < b && (isMonthName(h.toks[k].norm) || isNumber(h.toks[k].norm) || isDayPart(h.toks[k].norm)) {
			k++
		}
		return k
	case (w == "last" || w == "this" || w == "next") && k+1 < b:
		switch n := h.toks[k+1].norm; {
		case n == "week" || n == "weekend" || n == "month" || n == "year" || isDayName(n) || isMonthName(n):
			return k + 2
		}
	}
	if k > i && h.toks[i].norm != "early" && h.toks[i].norm != "late" {
		return k
	}
	return i
}

// timeStart returns where a time that ends right before token v starts, when a word comes before
// it in toks[a:v] ("The army on Tuesday said"), or else v.
func (h *holders) timeStart(a, v int) int {
	for k := max(a+1, v-4); k < v; k++ {
		if h.timeEnd(k, v) == v {
			return k
		}
	}
	return v
}

// isDayName reports whether w (lower case) names a day of the week.
func isDayName(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// isMonthName reports whether w (lower case) names a month; "may" and "march" are verbs too, so
// it is only asked after "on", "last", "this", "next" or "since".
func isMonthName(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december":
		return true
	}
	return false
}

// isDayPart reports whether w is a part of a day after its name ("on Monday night").
func isDayPart(w string) bool {
	return w == "morning" || w == "afternoon" || w == "evening" || w == "night"
}

// isNumber reports whether w is all digits ("12" in "on 12 May").
func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// isPlaceJoin reports whether w joins a group to where it is from ("in", "from", "of").
func isPlaceJoin(w string) bool { return w == "in" || w == "from" || w == "of" }

// verbLike reports whether token i looks like the verb after a subject: an auxiliary, a word in
// -ed or an irregular past tense, or a lexicon cue or reporting verb.
func (h *holders) verbLike(i int) bool {
	return isModal(h.toks[i].norm) || h.isAux(i) || strings.HasSuffix(h.toks[i].norm, "ed") || irregularPast(h.toks[i].norm) || h.entryAt(i, verbKinds)
}

// irregularPast reports whether w is one of the irregular past tenses news uses for what its
// actors did ("Greek and Turkish foreign ministers met in Athens"), none of them also a noun.
func irregularPast(w string) bool {
	switch w {
	case "met", "held", "made", "took", "sent", "gave", "kept", "came", "went", "began", "spoke", "wrote",
		"broke", "brought", "sought", "won", "struck", "stood", "flew", "chose", "drew", "threw", "shook",
		"led", "left", "told", "paid", "found", "lost", "became":
		return true
	}
	return false
}

// isModal reports whether w is a modal or a form of "do", which only a verb phrase opens.
func isModal(w string) bool {
	switch w {
	case "do", "does", "did", "can", "could", "may", "might", "must", "should", "shall":
		return true
	}
	return false
}

// possessor reports whether toks[b:e] opens with a capitalised name and its 's ("Sudan's army",
// "North Korea's state media").
func (h *holders) possessor(b, e int) bool {
	for k := b; k < e; k++ {
		if h.toks[k].norm == "'s" {
			return k > b
		}
		if !h.toks[k].upper || !h.toks[k].word {
			return false
		}
	}
	return false
}

// placeListEnd returns where the phrase ends when token i is a plural noun in lower case and "of",
// "from" or "in" follows with one or more names, joined by commas and "and" ("leaders of Egypt,
// Qatar and Turkey"). Else -1.
func (h *holders) placeListEnd(i, b int) int {
	if i+2 >= b || h.toks[i].upper || !h.toks[i].word || !looksPlural(h.toks[i].norm) || !isPlaceJoin(h.toks[i+1].norm) || !h.toks[i+2].upper {
		return -1
	}
	return h.nameListEnd(i+2, b)
}

// nameListEnd returns where the capitalised words from token k end, commas and "and" between them
// included ("Egypt, Qatar and Turkey").
func (h *holders) nameListEnd(k, b int) int {
	from := k
	for k < b && (h.toks[k].upper && h.toks[k].word || (h.toks[k].norm == "," || h.toks[k].norm == "and") && k > from && k+1 < b && h.toks[k+1].upper && h.toks[k+1].word) {
		k++
	}
	return k
}

// pluralGroup reports whether toks[b:e] is a group named without an article where the sentence
// or clause that starts at a opens: capitalised words, then lower-case words up to a plural, with
// an "'s" among them ("Protest leaders", "Rebel army commanders", "Southern African countries",
// "Afghan women's rights activists").
func (h *holders) pluralGroup(a, b, e int) bool {
	if e-b > 5 || !h.toks[b].upper || !sentenceStart(h.toks, a, b) {
		return false
	}
	k := b + 1
	for k < e-1 && (h.toks[k].upper && h.toks[k].word || h.toks[k].norm == "and" && h.toks[k+1].upper) { // "Southern African countries", "Greek and Turkish ministers"
		k++
	}
	for j := k; j < e; j++ {
		if h.toks[j].norm == "'s" && j > k && j+1 < e {
			continue // "Afghan women's rights activists"
		}
		if !h.lowerUpTo(j, j+1) {
			return false
		}
	}
	return looksPlural(h.toks[e-1].norm)
}

// isAux reports whether token i is an auxiliary or adverb that can sit between a subject and its
// reporting verb.
func (h *holders) isAux(i int) bool {
	switch h.toks[i].norm {
	case "has", "had", "have", "is", "was", "were", "are", "also", "earlier", "later", "previously",
		"then", "further", "reportedly", "repeatedly", "once", "again", "would", "will", "now":
		return true
	}
	return false
}

// opensWithConnective reports whether a sentence opens with a word that continues the one before
// it ("Hence", "Thus", "Also").
func (h *holders) opensWithConnective(a, b int) bool {
	for i := a; i < b; i++ {
		if h.toks[i].word {
			switch h.toks[i].norm {
			case "hence", "thus", "therefore", "so", "also", "moreover", "furthermore", "besides", "consequently",
				"accordingly", "otherwise", "instead":
				return true
			}
			return false
		}
	}
	return false
}

// lowerUpTo reports whether toks[i:v] are all lower-case words: the noun after a capitalised
// adjective, up to the verb ("Western diplomat said"). The apostrophe of a plural's possessive
// counts with its word ("A Cambodian garment exporters' group said").
func (h *holders) lowerUpTo(i, v int) bool {
	for k := i; k < v; k++ {
		if t := h.toks[k]; (!t.word || t.upper || particleName(t.In(h.text))) && !(k > i && k+1 < v && h.pluralPossessive(k)) {
			return false
		}
	}
	return true
}

// pluralPossessive reports whether token k is the apostrophe of a plural's possessive: written
// onto a lower-case word in -s, with a word after it ("exporters' group").
func (h *holders) pluralPossessive(k int) bool {
	if !pluralApostrophe(h.toks, k) || k+1 >= len(h.toks) {
		return false
	}
	p, n := h.toks[k-1], h.toks[k+1]
	return p.word && !p.upper && n.word && n.Begin > h.toks[k].End
}

// pluralApostrophe reports whether token k is an apostrophe written onto a word in -s before it,
// the possessive of a plural ("exporters'", "the United States'", "Workers'").
func pluralApostrophe(toks []token, k int) bool {
	return k > 0 && toks[k].norm == "'" && toks[k-1].End == toks[k].Begin && strings.HasSuffix(toks[k-1].norm, "s")
}

// beforeAside returns the name that opens the sentence when name n, just before ", said" at v,
// ends an aside between commas that opens in lower case: "Kim Yo Jong, the sister of leader Kim
// Jong Un, said" is Kim Yo Jong's.
func (h *holders) beforeAside(a, v int, n *name) (Holder, bool) {
	first := h.tokenAt(n.at.Begin)
	if h.tokenAt(n.at.End) != v-1 || h.toks[v-1].norm != "," {
		return Holder{}, false
	}
	k := first - 1
	for k > a && first-k <= 6 && h.toks[k].word && !h.toks[k].upper {
		k--
	}
	if k == first-1 || k <= a || h.toks[k].norm != "," || !h.toks[k-1].upper {
		return Holder{}, false
	}
	m := h.nameAt(k-1, a, -1)
	if m == nil || !sentenceStart(h.toks, a, h.tokenAt(m.at.Begin)) {
		return Holder{}, false
	}
	return h.holderFor(m, ReportedSpeech), true
}

// plainWords reports whether toks[a:b] are words or "'s", none of them verb-like.
func (h *holders) plainWords(a, b int) bool {
	for k := a; k < b; k++ {
		if !(h.toks[k].word || h.toks[k].norm == "'s") || h.verbLike(k) {
			return false
		}
	}
	return true
}

// isJoinWord reports whether token i can join the words of a name ("of" in "Voice of America").
func (h *holders) isJoinWord(i int) bool {
	switch h.toks[i].norm {
	case "of", "the", "de", "da", "dos", "das", "del", "den", "al", "bin", "van", "von", "der", "la", "du", "&":
		return true
	}
	return false
}

// tokenAt returns the index of the token that starts at byte offset off.
func (h *holders) tokenAt(off int) int {
	return sort.Search(len(h.toks), func(i int) bool { return h.toks[i].Begin >= off })
}

// subject returns the first name or pronoun of toks[a:v], the sentence's subject.
func (h *holders) subject(a, v int) (Holder, bool) {
	a = datelineEnd(h.toks, a, v)
	for i := a; i < v; i++ {
		t := h.toks[i]
		if isPronoun(t.norm) {
			return h.pronoun(t.norm)
		}
		if h.isTitle(i) && i > a && h.toks[i-1].norm == "the" && (i+1 >= v || !h.toks[i+1].upper) {
			return h.titled(i), true // "..., the diplomat said"
		}
		if t.upper && t.word && !h.isNonName(i) {
			if i == a {
				if hd, ok := h.leadingGroup(i, v); ok {
					return hd, true // "Business leaders in Yangon have lobbied ..., warning"
				}
			}
			if n := h.nameAt(i, v, +1); n != nil {
				if k := h.tokenAt(n.at.End); i == a && k+1 < v && h.toks[k].norm == "'s" {
					// "Zimbabwe's government renewed its call ..., saying": what the name holds,
					// as when it opens a sentence without an attribution.
					if e := h.ownedEnd(k, v); e > k+1 && h.verbNext(e, v) {
						return h.phrase(Range{n.at.Begin, h.toks[e-1].End}), true
					}
				}
				return h.holderFor(n, ReportedSpeech), true
			}
		}
	}
	return h.phraseBefore(a, v) // "..., the exiled opposition leader told the BBC"
}

// relativeSpeaker returns the person a sentence opens with when "he" or "she" at token i speaks
// in a relative clause after a comma about what that person acted on: "President Miguel Diaz
// blamed the embargo, which he called 'an economic war'" is Diaz's, whoever spoke before.
func (h *holders) relativeSpeaker(a, i int) (Holder, bool) {
	if w := h.toks[i].norm; w != "he" && w != "she" || i-2 < a || h.toks[i-2].norm != "," ||
		h.toks[i-1].norm != "which" && h.toks[i-1].norm != "whom" {
		return Holder{}, false
	}
	hd, ok := h.subject(a, i-2)
	if !ok || !h.isFullName(hd.Name) {
		return Holder{}, false
	}
	return hd, true
}

// subjectName remembers the first name of a sentence without a holder, so that a pronoun in the
// next one can refer to it.
func (h *holders) subjectName(a, b int) {
	for i := a; i < b && i < a+8; i++ {
		t := h.toks[i]
		if t.upper && t.word && !h.isNonName(i) {
			if n := h.nameAt(i, b, +1); n != nil {
				h.remember(h.holderFor(n, ReportedSpeech))
			} else if k := h.possessive(i, b); k >= 0 {
				// "Sri Lanka's president met ...": titles after the "'s", and no name; "He told
				// them ..." is the person they name.
				e := k + 1
				for e < b && e < k+4 && h.isTitle(e) && !h.toks[e].upper {
					e++
				}
				if e > k+1 {
					h.remember(h.phrase(Range{t.Begin, h.toks[e-1].End}))
				}
			}
			return
		}
	}
}

// namedBefore returns the holder that hd names again: "the diplomat" or "the Ukrainian official"
// after "a senior Western diplomat" or "a Ukrainian official briefed on the discussions" said
// something is that one, the latest whose words hold every word after "the", when the last of
// them is a common noun. Else hd.
func (h *holders) namedBefore(hd Holder) Holder {
	rest, ok := strings.CutPrefix(hd.Name, "the ")
	if !ok || rest == "" {
		return hd
	}
	if r, _ := utf8.DecodeRuneInString(rest[strings.LastIndexByte(rest, ' ')+1:]); !unicode.IsLower(r) {
		return hd // "the EU" after "an EU official": a name, not the person
	}
	for k := len(h.indef) - 1; k >= 0 && k >= len(h.indef)-phraseMemory; k-- {
		if hasWords(h.indef[k].Name, rest) {
			return Holder{Name: h.indef[k].Name, Mention: h.indef[k].Mention, Kind: hd.Kind}
		}
	}
	return hd
}

// hasWords reports whether every word of ws is a word of phrase, in any case.
func hasWords(phrase, ws string) bool {
	for ws != "" {
		var w string
		w, ws, _ = strings.Cut(ws, " ")
		found := false
		for p := phrase; p != "" && !found; {
			var pw string
			pw, p, _ = strings.Cut(p, " ")
			found = strings.EqualFold(pw, w)
		}
		if !found {
			return false
		}
	}
	return true
}

// remember makes hd the last holder, for the pronouns and titles of later sentences.
func (h *holders) remember(hd Holder) {
	h.last = hd
	if strings.HasPrefix(hd.Name, "a ") || strings.HasPrefix(hd.Name, "an ") || describedByOwner(hd.Name) {
		h.indef = append(h.indef, hd)
	}
	switch {
	case looksPlural(hd.Name):
		h.group = hd
	case h.isFullName(hd.Name):
		h.single, h.person = hd, hd
	case h.titleLast(hd):
		h.single = hd // "a Turkish official": a person, whom "it" and "the group" do not stand for
	default:
		h.single, h.body = hd, hd
	}
}

// titleLast reports whether the holder's mention, a phrase in the text, ends with a title in lower
// case that names a person ("a Turkish official", "the spokesman"; not "Venezuela's opposition").
func (h *holders) titleLast(hd Holder) bool {
	if hd.Mention == nil || hd.Mention.End <= hd.Mention.Begin {
		return false
	}
	k := h.tokenAt(hd.Mention.End) - 1
	if k < 0 || h.toks[k].End != hd.Mention.End || h.toks[k].upper || !h.isTitle(k) {
		return false
	}
	switch h.toks[k].norm {
	case "opposition", "foreign", "defence", "defense", "deputy", "former", "acting", "vice", "state",
		"affairs", "high", "caretaker", "prime", "general":
		return false // words of a title that name no one alone
	}
	return true
}

// isSubordinator reports whether w joins a clause of time, cause, condition or concession to
// another ("after", "because", "if", "although", ...).
func isSubordinator(w string) bool {
	switch w {
	case "after", "before", "when", "while", "because", "since", "although", "though", "if", "until", "unless":
		return true
	}
	return false
}

// opensClause reports whether w, opening a sentence, opens a clause that another clause follows
// ("After Russia invaded, the EU ...", "As talks stalled, ...", "Once the truce held, ...").
func opensClause(w string) bool { return isSubordinator(w) || w == "as" || w == "once" }

// describedByOwner reports whether name is a possessive and a common noun, with no name after it
// ("Thailand's commerce minister", "the union's leader"; not "Iran's President Masoud Pezeshkian").
func describedByOwner(name string) bool {
	if !strings.Contains(name, "'s ") && !strings.Contains(name, "’s ") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(name[strings.LastIndexByte(name, ' ')+1:])
	return unicode.IsLower(r)
}

// pronoun resolves the pronoun p ("he", "she", "it", "they") to the last holder it can stand for:
// "he" and "she" skip groups ("Analysts said ... He said" is the person before) and a one-word
// name after a person named in full (a country or a city, more often than not), "it" stands for
// a body and skips people named in full ("The ministry said ... Hun Sen ... It said"), and "they"
// skips a person named in full for a group named before ("Western diplomats said ... Sam Rainsy
// welcomed ... They said"). ok is false when there is no holder before.
func (h *holders) pronoun(p string) (hd Holder, ok bool) {
	switch {
	case p == "they" && h.group.Name != "" && h.lastIsFullName():
		hd = h.group
	case p == "it":
		hd = h.body
	case p != "they" && h.person.Name != "" && oneWordName(h.single.Name) && !strings.HasSuffix(h.person.Name, " "+h.single.Name):
		// "Ana Ruiz said ... Japan's trade with China ... He said": a one-word name is more often
		// a country or a city than a person, and the person named in full before is "he".
		hd = h.person
	case p != "they" && h.single.Name != "":
		hd = h.single
	default:
		hd = h.last
	}
	if hd.Name == "" {
		return Holder{}, false
	}
	return Holder{Name: hd.Name, Mention: hd.Mention, Kind: ReportedSpeech}, true
}

// lowerCompound reports whether w is a compound whose last part is a participle in lower case:
// "U.S.-led" or "Russian-backed" is an adjective, no name ("Lee Jae-myung" and "Al-Assad" are).
func lowerCompound(w string) bool {
	i := strings.LastIndexByte(w, '-')
	if i <= 0 || i+1 >= len(w) || w[i+1] < 'a' || w[i+1] > 'z' {
		return false
	}
	switch p := w[i+1:]; p {
	case "run", "made", "held", "born", "style", "friendly", "leaning", "speaking":
		return true
	default:
		return strings.HasSuffix(p, "ed")
	}
}

// oneWordName reports whether name is one capitalised word ("Japan", "Beijing").
func oneWordName(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return name != "" && !strings.Contains(name, " ") && unicode.IsUpper(r)
}

// looksPlural reports whether a holder's name looks like a group of people: its last word is a
// plural noun in lower case ("Western diplomats", "the protesters") or, for a one-word name, one
// ending like one ("Analysts", "Critics", "Authorities"). One-word names of places that end so
// ("Brussels") also count; no pronoun is lost by that, as "he" and "she" never stand for them.
func looksPlural(name string) bool {
	last := name[strings.LastIndexByte(name, ' ')+1:]
	r, _ := utf8.DecodeRuneInString(last)
	if unicode.IsLower(r) && irregularPlural(last) {
		return true // "Iranian businessmen", "local people"
	}
	if last == "" || !strings.HasSuffix(last, "s") {
		return false
	}
	if unicode.IsLower(r) {
		return !strings.HasSuffix(last, "ss") && !strings.HasSuffix(last, "us")
	}
	if len(last) != len(name) {
		return false // "United Nations": a name of capitalised words is one body
	}
	for _, end := range [...]string{"ss", "us", "is", "as", "os", "es"} {
		if strings.HasSuffix(last, end) {
			return strings.HasSuffix(last, "ies") // "Authorities", but not "Hamas" or "Torres"
		}
	}
	return true
}

// irregularPlural reports whether lower-case word w is a plural without the "s" of one: "people",
// "women", and the "-men" of "businessmen" or "gunmen" (but not "regimen" or "specimen").
func irregularPlural(w string) bool {
	switch w {
	case "people", "women", "men", "children", "police":
		return true
	case "regimen", "specimen", "abdomen", "acumen", "omen":
		return false
	}
	return len(w) > 4 && strings.HasSuffix(w, "men")
}

// titled resolves "the spokesman", whose title is token i, to the last person named with that
// title, else to the last holder when that looks like a person ("the leader" for "Alexander
// Lukashenko"). A one-word name more often names a country or a city ("Japan", "Beijing"), so
// after one the holder is the one the phrase itself names ("the senator").
func (h *holders) titled(i int) Holder {
	e := h.titleEnd(i)
	title := h.toks[e].norm
	for k := len(h.names) - 1; k >= 0 && k >= len(h.names)-nameMemory; k-- {
		if contains(h.names[k].titles, title) {
			return h.holderFor(h.names[k], ReportedSpeech)
		}
	}
	if e == i && h.lastIsFullName() {
		// A full name is the last holder, and no group. A title of more words says more than
		// one person's: "the opposition leader" after "Hun Sen" is someone else.
		hd, _ := h.pronoun("he")
		return hd
	}
	r := Range{h.toks[i-1].Begin, h.toks[e].End}
	return h.phrase(r)
}

func (h *holders) holderFor(n *name, kind HolderKind) Holder {
	return Holder{Name: n.full, Mention: h.mention(n.at), Kind: kind}
}

// nameAt reads the capitalised name that has a word at i, towards dir (-1: i is the name's last
// word; +1: its first) and no further than limit, strips titles and resolves it to the fullest
// name met before ("Rainsy" -> "Sam Rainsy").
func (h *holders) nameAt(i, limit, dir int) *name {
	isPart := func(j int) bool {
		t := h.toks[j]
		if !t.word || !(t.upper || h.isTitle(j) || particleName(t.In(h.text))) || lowerCompound(t.In(h.text)) {
			return false
		}
		if isPronoun(t.norm) {
			// "Vice Premier He Lifeng": a capitalised "He" before a capitalised word that is no
			// verb or title is a surname; "He Says" in a headline is not.
			k := j + 1
			return t.upper && k < len(h.toks) && h.toks[k].upper && h.toks[k].word && !h.verbLike(k) && !h.isTitle(k)
		}
		return true
	}
	isJoin := h.isJoinWord
	b, e := i, i+1
	owner := -1 // where the name whose "'s" comes before this one starts
	if dir < 0 {
		for {
			for b-1 >= limit && (isPart(b-1) || (isJoin(b-1) && b-2 >= limit && isPart(b-2))) {
				b--
			}
			if b-3 >= limit && isJoin(b-1) && isJoin(b-2) && isPart(b-3) {
				b -= 2 // "Ursula von der Leyen": two joining words
				continue
			}
			if b-3 >= limit && h.peoples(b-1) && isPart(b-3) {
				b -= 2 // "the Tigray People's Liberation Front": one name
				continue
			}
			break
		}
		if o := b - 2; o >= limit && h.toks[b-1].norm == "'s" && h.toks[o].upper && h.toks[o].word {
			for o-1 >= limit && h.toks[o-1].upper && h.toks[o-1].word {
				o--
			}
			owner = o
		}
	} else {
		if i >= limit {
			return nil
		}
		for e < limit {
			switch {
			case isPart(e) || (isJoin(e) && e+1 < limit && h.toks[e+1].upper):
				e++
				continue
			case isJoin(e) && e+2 < limit && isJoin(e+1) && h.toks[e+2].upper:
				e += 2 // "Ursula von der Leyen"
				continue
			case h.peoples(e) && e+1 < limit && isPart(e+1):
				e += 2 // "the Cambodian People's Party": one name
				continue
			case h.toks[e].norm == "'s" && e+1 < limit && isPart(e+1):
				// "Venezuela's President Nicolás Maduro": the person, not the country.
				owner, b, e = b, e+1, e+2
				continue
			}
			break
		}
	}
	// Titles and non-name words ("The", "CPP spokesman", "Foreign Minister") come off the front:
	// the name starts after the last of them.
	start := b
	for k := b; k < e; k++ {
		if isPronoun(h.toks[k].norm) && k+1 < e {
			continue // "He Lifeng": isPart kept the pronoun as a surname
		}
		if h.isTitle(k) || h.isNonName(k) || (!h.toks[k].upper && !isJoin(k) && !particleName(h.toks[k].In(h.text)) && !h.peoples(k)) ||
			lowerCompound(h.toks[k].In(h.text)) {
			b = k + 1
		}
	}
	for b < e && isJoin(b) {
		b++
	}
	for e > b && isJoin(e-1) {
		e--
	}
	if e-b == 1 && b > start && qualifiesBodies(h.toks[b-1].norm) {
		// "the Foreign Ministry", "the Russian Foreign Ministry": a body, not a person whose
		// titles come off.
		for b > start && h.toks[b-1].upper && !h.isNonName(b-1) {
			b--
		}
		if b == start && owner >= 0 {
			b = owner // "China's Foreign Ministry": whose body it is belongs to its name
		}
	}
	if b >= e {
		return nil
	}
	at := len(h.strs)
	for k := max(start, b-3); k < b; k++ {
		h.strs = append(h.strs, h.toks[k].norm)
	}
	for k := b - 1; k >= 0 && k >= b-3 && k < start && h.toks[k].word; k-- {
		if h.isTitle(k) {
			h.strs = append(h.strs, h.toks[k].norm)
		}
	}
	titles := h.strs[at:len(h.strs):len(h.strs)]
	at = len(h.strs)
	for k := b; k < e; k++ {
		h.strs = append(h.strs, h.toks[k].norm)
	}
	end := h.toks[e-1].End
	if w, ok := strings.CutSuffix(h.strs[len(h.strs)-1], "."); ok && len(w) > 1 && !strings.Contains(w, ".") {
		// "said Hun Sen.": prose kept the sentence's point on the name.
		h.strs[len(h.strs)-1], end = w, end-1
	}
	n := h.newName()
	n.full, n.at = h.text[h.toks[b].Begin:end], Range{h.toks[b].Begin, end}
	n.titles, n.words = titles, h.strs[at:len(h.strs):len(h.strs)]
	for k := len(h.names) - 1; k >= 0 && k >= len(h.names)-nameMemory; k-- {
		if old := h.names[k]; len(old.words) >= len(n.words) && subset(n.words, old.words) {
			if len(old.words) > len(n.words) {
				// The fuller name met before, with this mention and both sets of titles; the
				// capacities are capped, so the append copies rather than writing into old's.
				r := h.newName()
				*r = *old
				r.at = n.at
				r.titles = append(r.titles, titles...)
				h.names = append(h.names, r)
				return r
			}
			break
		}
	}
	if len(n.words) == 1 && h.toks[b].caps {
		// "the RSF" after "the Rapid Support Forces": the name its initials spell.
		for k := len(h.names) - 1; k >= 0 && k >= len(h.names)-nameMemory; k-- {
			if old := h.names[k]; len(old.words) > 1 && spells(n.words[0], old.words) {
				r := h.newName()
				*r = *old
				r.at = n.at
				h.names = append(h.names, r)
				return r
			}
		}
	}
	h.names = append(h.names, n)
	return n
}

// spells reports whether acronym (lower case) is the initials of words, with or without the
// initials of the words that join a name ("ecowas", "rsf"); "'s" has none ("tplf").
func spells(acronym string, words []string) bool {
	var all, main [12]byte
	na, nm := 0, 0
	for _, w := range words {
		if w == "'s" || w == "" {
			continue
		}
		if na == len(all) {
			return false
		}
		all[na] = w[0]
		na++
		switch w {
		case "of", "the", "and", "for", "de", "&":
			continue
		}
		main[nm] = w[0]
		nm++
	}
	return acronym == string(main[:nm]) || acronym == string(all[:na])
}

// ownedBefore returns where the sentence opens with a name and "'s" that hold the lower-case words
// right before token k ("Ethiopia's federal government" before "and"), or -1.
func (h *holders) ownedBefore(a, k int) int {
	o := datelineEnd(h.toks, a, k)
	if p := h.possessive(o, k); p >= 0 && p+1 < k && h.ownedEnd(p, k) == k {
		return o
	}
	return -1
}

// peoples reports whether token k is the "'s" of a capitalised "People's" inside a name ("the
// Cambodian People's Party"), or the apostrophe of a capitalised plural in -ers ("the Kurdistan
// Workers' Party"), which joins its words rather than saying whose the next is.
func (h *holders) peoples(k int) bool {
	if k == 0 || !h.toks[k-1].upper {
		return false
	}
	p := h.toks[k-1].norm
	switch h.toks[k].norm {
	case "'s":
		return p == "people"
	case "'":
		// "the Kurdistan Workers' Party", "the Peoples' Democratic Party": a plural's possessive
		// written onto it; "Hamas' leader" is an owner and its title.
		return pluralApostrophe(h.toks, k) && (strings.HasSuffix(p, "ers") || p == "peoples")
	}
	return false
}

// phrase returns the holder a noun phrase at r names ("the senator", "Protest leaders"). An
// article opening it is written in lower case, wherever the phrase stood, so that "The spokesman
// said" and "..., the spokesman said" are one holder in the summary; the mention keeps the text.
func (h *holders) phrase(r Range) Holder {
	name := h.text[r.Begin:r.End]
	for _, art := range [...]string{"The ", "A ", "An "} {
		if strings.HasPrefix(name, art) {
			name = strings.ToLower(art[:1]) + name[1:]
			break
		}
	}
	return Holder{Name: name, Mention: h.mention(r), Kind: ReportedSpeech}
}

// mention returns a pointer to a copy of r for a Holder's Mention. The copies come from chunks
// that belong to the spans of one call and are never reused, since callers may keep the spans.
func (h *holders) mention(r Range) *Range {
	if len(h.ranges) == cap(h.ranges) {
		h.ranges = make([]Range, 0, 16)
	}
	h.ranges = append(h.ranges, r)
	return &h.ranges[len(h.ranges)-1]
}

// newName returns a zero name from a slab, so that names cost no allocation each; a full slab is
// left to the names that point into it and a new one started.
func (h *holders) newName() *name {
	if len(h.slab) == cap(h.slab) {
		h.slab = make([]name, 0, 32)
	}
	h.slab = h.slab[:len(h.slab)+1]
	n := &h.slab[len(h.slab)-1]
	*n = name{}
	return n
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

// lastIsFullName reports whether the last holder is a name of two words or more read as a name
// ("Alexander Lukashenko"), not a phrase ("The government") or a one-word name ("Japan").
func (h *holders) lastIsFullName() bool { return h.isFullName(h.last.Name) }

// isFullName reports whether a holder's name is a name of two words or more read as a name.
func (h *holders) isFullName(name string) bool {
	sp := strings.LastIndexByte(name, ' ')
	if sp < 0 || isBodyNoun(strings.ToLower(name[sp+1:])) {
		return false // "the African Union" is a body, for whom "it" stands
	}
	for k := len(h.names) - 1; k >= 0 && k >= len(h.names)-nameMemory; k-- {
		if h.names[k].full == name {
			return true
		}
	}
	return false
}

// isBodyNoun reports whether w, in lower case, is a noun that names a body rather than a person
// when it ends a name: "the African Union", "the Security Council", "the Rapid Support Forces".
func isBodyNoun(w string) bool {
	switch w {
	case "union", "council", "commission", "party", "front", "forces", "movement", "ministry", "office",
		"assembly", "parliament", "government", "congress", "bank", "fund", "court", "committee", "agency",
		"league", "organisation", "organization", "alliance", "coalition", "group", "army", "department",
		"community", "bloc", "association", "federation", "authority", "secretariat", "senate", "cabinet":
		return true
	}
	return false
}

// titleEnd returns the last word of the title that starts at token i: "the foreign minister" is a
// minister.
func (h *holders) titleEnd(i int) int {
	for i+1 < len(h.toks) && h.isTitle(i+1) && !h.toks[i+1].upper {
		i++
	}
	return i
}

// qualifiesBodies reports whether title word w also names a kind of body when capitalised before
// one ("Foreign Ministry", "State Department", "General Assembly"), where the other titles name a
// person ("President Ruto").
func qualifiesBodies(w string) bool {
	switch w {
	case "foreign", "defence", "defense", "state", "general", "high", "interior", "home", "affairs":
		return true
	}
	return false
}

// particleName reports whether w is a surname written with a lower-case particle and a hyphen
// ("al-Burhan", "el-Sisi", "bin-Zayed").
func particleName(w string) bool {
	p, rest, ok := strings.Cut(w, "-")
	if !ok || rest == "" || rest[0] < 'A' || rest[0] > 'Z' {
		return false
	}
	switch p {
	case "al", "el", "bin", "ibn", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "ud", "abu":
		return true
	}
	return false
}

// isTitle reports whether token i is a title, written out or abbreviated with a point ("Gen.").
func (h *holders) isTitle(i int) bool { return h.hasKind(i, rkTitle) || h.toks[i].titleDot }

func (h *holders) isNonName(i int) bool { return h.hasKind(i, rkNonName) }

// hasKind reports whether token i is a one-word entry of kind k.
func (h *holders) hasKind(i int, k ruleKind) bool { return h.toks[i].kinds&(1<<k) != 0 }

func isPronoun(s string) bool {
	switch s {
	case "he", "she", "they":
		return true
	}
	return false
}

// canInvert reports whether a reporting verb is one that news writing puts before its subject
// (", said the minister"); other verbs after a comma keep the subject before them.
func canInvert(verb string) bool {
	switch verb {
	case "said", "says", "added", "stressed", "noted", "insisted", "wrote", "asked", "explained", "continued",
		"declared", "stated", "warned", "tweeted", "argued", "claimed", "replied", "responded", "told":
		return true
	}
	return false
}
