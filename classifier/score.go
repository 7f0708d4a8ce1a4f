package classifier

import (
	"math"
	"slices"
	"strings"
)

// Scoring constants. The README's "How a score is computed" section explains them; keep the two
// in step.
const (
	// minScore is the smallest |score| that takes a side: raw 0.5, as scores are rounded to three places.
	minScore = 0.333
	// otherClause weighs a cue in a clause with no mention of the target.
	otherClause = 0.5
	// aside weighs a cue in a relative clause set off by commas ("X, who first proposed the process,
	// said ..."): background to what the sentence says.
	aside = 0.5
	// beforeContrast and afterContrast weigh cues before and after "but", "however" and the like.
	beforeContrast = 0.5
	afterContrast  = 1.5
	// negationReach is how many tokens after a negator its scope reaches (within the clause).
	negationReach = 4
	// modifierReach is how many tokens before a cue an intensifier or hedge reaches.
	modifierReach = 2
	// opennessReach is how many tokens may come between an openness word and the mention it opens
	// ("we can negotiate", "will hold talks").
	opennessReach = 1
	// wantedReach is how many plain words may come between a verb of wanting and the mention it
	// wants ("demanding an immediate ceasefire").
	wantedReach = 2
	// addresseeReach is how many tokens the addressees of a verb of asking and their "to" may take
	// up before the cue asked for.
	addresseeReach = 12
	// embedReach is how many tokens may come between a verb of wanting or rejecting and the cue it
	// takes on ("welcomed the decision by Washington to ease").
	embedReach = 5
	// objectReach is how many tokens may come between an act and the mention that is its object
	// ("blocked a new round of sanctions").
	objectReach = 4
	// embedBoost strengthens a cue that a verb of wanting or rejecting took on, or a negated cue
	// that took on its complement.
	embedBoost = 1.5
	// conditionalWeight weighs cues in an "if" clause, which are hypothetical.
	conditionalWeight = 0.5
	// concessionWeight is the against weight of a bare concession ("X, but life goes on").
	concessionWeight = 0.5
	// anaphorConfidence scales the confidence of a span whose target is only referred to ("it").
	anaphorConfidence = 0.7
)

// sentenceCues holds what the lexicons found in one sentence, shared by every target.
type sentenceCues struct {
	first, last int
	matches     []match
	clause      []int // clause number of each token, indexed from first
	contrast    int   // token index of the first mid-sentence contrast, or -1
	question    bool
	// starts holds, for each token of the passage, the kinds of the lexicon entries that start
	// there (bit k for ruleKind k).
	starts []kindSet
	// headline says the sentence is a headline in title case or capitals, where a capital does not
	// mark a name.
	headline bool
	// flags, inMention, cands and kept are scratch space for scoreTarget, reused from target to
	// target and sentence to sentence.
	flags                 []uint16
	inMention             []bool
	cands, kept, mentions []match
	cueBuf                []Cue
	// own holds a sentence's matches when they cannot be a piece of the passage's (see take).
	own []match
	// live says, by target index, whether one of the three sentences before was about the target,
	// so that its references ("the move") in this sentence stand for it.
	live []bool
}

// Per-token flags of scoreTarget.
const (
	fClaimed uint16 = 1 << iota
	fMentionClaimed
	fUsedNeg
	fUsedMod
	fEmbedded
	fMarkedNeg
	fRejected
	fAbsorbed
	fTold // what a cue told of others governs: "after the bloc rejected calls for talks"
)

// clauseBreak reports whether a token ends a clause.
func clauseBreak(norm string) bool {
	switch norm {
	case ",", ";", ":", "\u2013", "\u2014", "-", "--", "(", ")":
		return true
	}
	return false
}

// insideCue reports whether token i lies inside a favor or against cue of several words that
// starts before it: the "but" of "no choice but to" is no contrast.
func insideCue(ms []match, i int) bool {
	for _, m := range ms {
		if m.at < i && i < m.at+m.n && (m.kind == rkFavor || m.kind == rkAgainst) {
			return true
		}
	}
	return false
}

// take returns the matches of all (the passage's, in token order) that lie within sentence s,
// starting the search at *next and moving it past them. They are a piece of all when none reaches
// past the sentence's end, which is the rule; else a copy without those, in sc's buffer.
func (sc *sentenceCues) take(all []match, next *int, s sentence) []match {
	lo := *next
	for lo < len(all) && all[lo].at < s.first {
		lo++
	}
	hi, crossing := lo, false
	for hi < len(all) && all[hi].at < s.last {
		crossing = crossing || all[hi].at+all[hi].n > s.last
		hi++
	}
	*next = hi
	if !crossing {
		return all[lo:hi:hi]
	}
	sc.own = sc.own[:0]
	for _, m := range all[lo:hi] {
		if m.at+m.n <= s.last {
			sc.own = append(sc.own, m)
		}
	}
	return sc.own
}

// analyse finds the shared structure of sentence s, whose lexicon matches are ms.
func analyse(toks []token, s sentence, sc *sentenceCues, ms []match) {
	sc.first, sc.last, sc.contrast, sc.question = s.first, s.last, -1, false
	sc.headline = s.headline
	sc.matches = ms
	sc.clause = sc.clause[:0]
	c := 0
	for i := s.first; i < s.last; i++ {
		if clauseBreak(toks[i].norm) {
			c++
		}
		sc.clause = append(sc.clause, c)
	}
	for _, m := range sc.matches {
		if m.kind == rkContrast && m.at > s.first+1 && sc.contrast < 0 && !toks[m.at].upper && !insideCue(sc.matches, m.at) && !exceptiveBut(toks, m.at) {
			sc.contrast = m.at
			for k := m.at - s.first; k < len(sc.clause); k++ {
				sc.clause[k]++
			}
		}
	}
	for i := s.last - 1; i >= s.first; i-- {
		if n := toks[i].norm; !isCloser(n) {
			sc.question = n == "?"
			break
		}
	}
	for i := s.first; i+1 < s.last && !sc.question; i++ {
		sc.question = toks[i].norm == "?" && isQuoteMark(toks[i+1].norm) // "“Why would we?” he asked."
	}
}

// scoreTarget scores sentence sc for target t (its index in lexIndex.targets). implied is the
// token index of an anaphor that refers to the target when the sentence does not name it, or -1.
// It returns the cues (in sc's buffer, good until the next call), the raw score and whether the
// sentence is about the target at all.
func scoreTarget(toks []token, sc *sentenceCues, t int32, implied int, inQuote bool) ([]Cue, float64, bool) {
	if implied < 0 && !mentions(sc, t) {
		return nil, 0, false
	}
	ts := targetScore{toks: toks, sc: sc, target: t, inQuote: inQuote, implied: match{at: -1}}
	ts.keep(t)
	if len(ts.mentions) == 0 && implied < 0 {
		return nil, 0, false
	}
	ts.cues = sc.cueBuf[:0]
	ts.markMentionClauses(implied)
	ts.scoreCues()
	ts.scoreMentions()
	ts.markers()
	if sc.question && inQuote {
		ts.question()
	}
	sortStable(ts.cues, func(a, b *Cue) bool { return a.Begin < b.Begin })
	sc.cueBuf = ts.cues
	return ts.cues, ts.raw, true
}

// targetScore is the work of scoring one sentence for one target.
type targetScore struct {
	toks   []token
	sc     *sentenceCues
	target int32
	// inQuote says the sentence is quoted speech.
	inQuote bool
	// condAt and condClause are the sentence's first conditional ("if", "unless") and its clause,
	// or -1, set by scoreCues.
	condAt, condClause int
	// kept are the target's matches and the shared ones that no longer match hides, in text order;
	// mentions are the kept mentions.
	kept, mentions []match
	cues           []Cue
	raw            float64
	concession     bool
	// contrasted says the sentence's contrast turns to the target again after it ("pressure is
	// growing, but it is not strong"); a contrast that turns to something else weighs nothing.
	contrasted bool
	// implied is the anaphor or reference that stands for the target in a sentence that does not
	// name it ("the measures"), with at < 0 when there is none.
	implied match
}

func (ts *targetScore) flag(i int) *uint16       { return &ts.sc.flags[i-ts.sc.first] }
func (ts *targetScore) has(i int, f uint16) bool { return *ts.flag(i)&f != 0 }
func (ts *targetScore) set(i int, f uint16)      { *ts.flag(i) |= f }
func (ts *targetScore) clauseOf(i int) int       { return ts.sc.clause[i-ts.sc.first] }
func (ts *targetScore) cue(m match, role CueRole) Cue {
	return Cue{Range: span(ts.toks, m.at, m.n), Role: role}
}

// keep picks the matches that count for target t: its own and the shared ones, where a longer
// phrase hides the shorter cues and markers inside it ("not unusual" hides "not"), and a
// capitalised single word inside a sentence is part of a name, not a cue.
func (ts *targetScore) keep(t int32) {
	sc, toks := ts.sc, ts.toks
	sc.flags = slices.Grow(sc.flags[:0], sc.last-sc.first)[:sc.last-sc.first]
	clear(sc.flags)
	cands := sc.cands[:0]
	for _, m := range sc.matches {
		if m.target != t && m.target >= 0 {
			continue
		}
		switch m.kind {
		case rkReporting, rkTitle, rkNonName, rkAnaphor, rkReference, rkConditional, rkQuestion, rkWanting, rkHarm, rkRemoval, rkEvent:
			continue
		case rkMention, rkFavor, rkAgainst:
			if m.n == 1 && toks[m.at].upper && !toks[m.at].caps && !sentenceStart(toks, sc.first, m.at) && !sc.headline {
				continue // "Rapid Support Forces", "the ASEAN Summit"
			}
			if m.kind == rkMention && insideOthersMention(sc, m) {
				continue // "suspend its trade agreement with Israel" is pressure, not a deal negotiated
			}
		}
		cands = append(cands, m)
	}
	cands = dropSwallowing(cands)
	// Longest first, in words: a quotation mark inside a phrase adds a token but no word.
	sortStable(cands, func(a, b *match) bool { return a.size > b.size })
	kept := sc.kept[:0]
	for _, m := range cands {
		owner := fClaimed
		if m.kind == rkMention {
			owner = fMentionClaimed
		}
		free := true
		for k := m.at; k < m.at+m.n && free; k++ {
			free = !ts.has(k, owner)
		}
		if !free {
			continue
		}
		for k := m.at; k < m.at+m.n; k++ {
			ts.set(k, owner)
		}
		kept = append(kept, m)
	}
	sortStable(kept, func(a, b *match) bool { return a.at < b.at })
	kept = ts.dropUnnegated(kept)
	mentions := sc.mentions[:0]
	for _, m := range kept {
		if m.kind == rkMention {
			mentions = append(mentions, m)
		}
	}
	sc.cands, sc.kept, sc.mentions = cands, kept, mentions
	ts.kept, ts.mentions = kept, mentions
}

// insideOthersMention reports whether mention m of a target lies inside a longer mention of
// another target.
func insideOthersMention(sc *sentenceCues, m match) bool {
	for _, o := range sc.matches {
		if o.kind == rkMention && o.target >= 0 && o.target != m.target && o.size > m.size && o.at <= m.at &&
			m.at+m.n <= o.at+o.n {
			return true
		}
	}
	return false
}

// dropUnnegated removes from kept the cues that count only negated and are not: "bowed to
// pressure and freed the prisoners" takes no side. Their words stay claimed, so that no shorter cue
// inside one counts instead ("to pressure").
func (ts *targetScore) dropUnnegated(kept []match) []match {
	ts.kept = kept // negatorBefore reads it
	dropped := false
	for k := range kept {
		if kept[k].onlyNeg {
			if _, negated := ts.negatorBefore(kept[k].at); !negated {
				kept[k].n, dropped = 0, true // deleted after the scan, which reads the negators
			}
		}
	}
	if !dropped {
		return kept
	}
	return slices.DeleteFunc(kept, func(m match) bool { return m.n == 0 })
}

// dropSwallowing removes from cands the cues whose "*" covers a one-word cue of the other side:
// "making * concessions" is no favor in "making unacceptable concessions", where "unacceptable"
// judges them. Left in, the longer entry would hide the judging word.
func dropSwallowing(cands []match) []match {
	dropped := false
	for k := range cands {
		if swallows(cands[k], cands) {
			cands[k].n, dropped = 0, true // no longer one word, so never the cue swallowed
		}
	}
	if !dropped {
		return cands
	}
	return slices.DeleteFunc(cands, func(m match) bool { return m.n == 0 })
}

// swallows reports whether m is a cue with a "*" over a one-word cue of the other side in cands.
func swallows(m match, cands []match) bool {
	if m.stars == 0 || (m.kind != rkFavor && m.kind != rkAgainst) {
		return false
	}
	for _, o := range cands {
		if o.n == 1 && o.at > m.at && o.at < m.at+m.n && m.stars&(1<<(o.at-m.at)) != 0 &&
			(o.kind == rkFavor || o.kind == rkAgainst) && o.kind != m.kind {
			return true
		}
	}
	return false
}

// markMentionClauses notes which clauses mention the target: those with a mention, those with an
// anaphor after the first mention ("pressure is growing, but it is not strong"), and the clause of
// the implied anaphor; and whether a clause after the contrast is one of them.
func (ts *targetScore) markMentionClauses(implied int) {
	sc := ts.sc
	n := sc.clause[len(sc.clause)-1] + 1
	sc.inMention = slices.Grow(sc.inMention[:0], n)[:n]
	clear(sc.inMention)
	for _, m := range ts.mentions {
		sc.inMention[ts.clauseOf(m.at)] = true
		ts.cues = append(ts.cues, ts.cue(m, RoleMention))
	}
	for _, m := range sc.matches {
		if (m.kind == rkAnaphor || m.kind == rkReference && m.target == ts.target) && len(ts.mentions) > 0 && m.at > ts.mentions[0].at {
			sc.inMention[ts.clauseOf(m.at)] = true
		}
	}
	if implied >= 0 {
		sc.inMention[ts.clauseOf(implied)] = true
		n := 1 // the anaphor's words: "it", "the measures"
		for _, m := range sc.matches {
			if (m.kind == rkAnaphor || m.kind == rkReference) && m.at == implied {
				n = max(n, m.n)
			}
		}
		ts.implied = match{at: implied, n: n}
		ts.cues = append(ts.cues, Cue{Range: span(ts.toks, implied, n), Role: RoleMention})
	}
	if sc.contrast >= 0 {
		for c := ts.clauseOf(sc.contrast); c < n && !ts.contrasted; c++ {
			ts.contrasted = sc.inMention[c]
		}
	}
}

// negatorBefore returns the negator whose scope covers token i, if any. A negation answered by a
// contrast in the same clause ("not the removal of all sanctions but a partial one") corrects
// rather than negates, and flips nothing. "without" negates the phrase after it, not a verb past
// an auxiliary ("engagement without conditions would reward the Taliban").
func (ts *targetScore) negatorBefore(i int) (match, bool) {
	sc := ts.sc
	for k := len(ts.kept) - 1; k >= 0; k-- {
		m := ts.kept[k]
		if m.kind != rkNegator || m.at >= i || ts.toks[m.at+m.n-1].norm == "without" && ts.auxIn(m.at+m.n, i) {
			continue
		}
		if sc.contrast > m.at && ts.clauseOf(sc.contrast)-1 == ts.clauseOf(m.at) && !clauseBreakBetween(ts.toks, m.at, sc.contrast) {
			continue
		}
		if ts.clauseOf(m.at) == ts.clauseOf(i) && i-(m.at+m.n-1) <= negationReach && !ts.newThat(m.at+m.n, i) {
			return m, true
		}
	}
	return match{}, false
}

// newThat reports whether "and that", "but that" or "or that" lies in toks[a:b]: a second thing
// said, which a negation in the first does not reach ("the court had no jurisdiction and that only
// direct negotiations could resolve the dispute").
func (ts *targetScore) newThat(a, b int) bool {
	for k := a; k+1 < b; k++ {
		if w := ts.toks[k].norm; (w == "and" || w == "but" || w == "or") && ts.toks[k+1].norm == "that" {
			return true
		}
	}
	return false
}

// harms reports whether the cue at token i names an act that harms its object (the harms list:
// "undermining", "violated"), which whoever blames another for it condemns; not a stance of its
// own ("caving in to pressure"), which an accusation only reports.
func (ts *targetScore) harms(i int) bool { return ts.sc.starts[i]&(1<<rkHarm) != 0 }

// removal reports whether an act that ends, lifts or suspends (the removals list) starts at token i.
func (ts *targetScore) removal(i int) bool { return ts.sc.starts[i]&(1<<rkRemoval) != 0 }

// mentionStartsAt reports whether one of the target's mentions starts at token k.
func (ts *targetScore) mentionStartsAt(k int) bool {
	for _, mt := range ts.mentions {
		if mt.at == k {
			return true
		}
	}
	return false
}

// mentionEndsAt reports whether one of this target's mentions, starting with a word, ends at token k.
func (ts *targetScore) mentionEndsAt(k int) bool {
	for _, mt := range ts.mentions {
		if mt.at+mt.n-1 == k && ts.toks[mt.at].word {
			return true
		}
	}
	return false
}

// reported reports whether favor cue m is an event (the events list) that this target's own
// mention does, as its verb after no more than auxiliaries, "to" or a plan ("the talks will
// continue", "negotiations could restart", "expect the talks to resume", "talks are expected to
// resume"): reported, not a stance taken. An
// obligation is a stance ("the talks must resume"), and so is a claim that pressure works
// ("sanctions will bite"), which is no event.
func (ts *targetScore) reported(m match) bool {
	if ts.sc.starts[m.at]&(1<<rkEvent) == 0 {
		return false
	}
	k := m.at - 1
	for k > ts.sc.first && m.at-k <= 4 {
		switch ts.toks[k].norm {
		case "will", "could", "may", "might", "can", "would", "has", "have", "had", "did", "also", "soon", "finally", "then", "to":
			k--
			continue
		case "is", "are", "was", "were", "be":
			if k+2 < m.at && isScheduled(ts.toks[k+1].norm) {
				k-- // "are expected to resume", "were due to restart"
				continue
			}
		default:
			if isScheduled(ts.toks[k].norm) && ts.toks[k+1].norm == "to" {
				k--
				continue
			}
		}
		break
	}
	// "The talks were adjourned on Thursday and will resume next week": the second verb of the
	// sentence's subject, when that subject is the mention.
	if ts.toks[k].norm == "and" && ts.opensWithMention(k) {
		return true
	}
	// "talks with the Clan del Golfo would resume": the mention, then with or between whom.
	if j := ts.withWhom(k); j >= 0 {
		k = j
	}
	return ts.mentionEndsAt(k)
}

// eventSubject reports whether favor cue m is a noun in the subject of an event after it: "The
// European Union's partial withdrawal of Cambodia's trade preferences took effect on Wednesday"
// tells what happened. The cue comes after a determiner, a "'s" or a name ("U.S. visa
// restrictions"; a verb such as "called for" does not), and between it and the event stand only a
// noun phrase's words: "of", "on", "against" and the words of their object but a past
// participle, determiners, names, a possessor and its "'s", the target's mentions, then "will",
// "has" or "had"; and no object follows the event.
func (ts *targetScore) eventSubject(m match) bool {
	if m.at == ts.sc.first {
		return false
	}
	if p := &ts.toks[m.at-1]; !isDeterminer(p.norm) && p.norm != "'s" && !(p.upper && p.word) {
		return false
	}
	c := ts.clauseOf(m.at)
	object := false // inside the object of "of", "on" or "against"
	for k := m.at + m.n; k < ts.sc.last && ts.clauseOf(k) == c; k++ {
		if ts.sc.starts[k]&(1<<rkEvent) != 0 {
			// Told of the subject, the event takes no object: "The offer of talks will open the
			// way to peace" judges the offer.
			e := ts.eventEnd(k)
			return e >= ts.sc.last || !isDeterminer(ts.toks[e].norm)
		}
		t := &ts.toks[k]
		switch t.norm {
		case "of", "on", "against":
			object = true
			continue
		case "'s", "will", "has", "had":
			continue
		}
		if !isDeterminer(t.norm) && !(t.upper && t.word) && !ts.inMentionAt(k) && !(k+1 < ts.sc.last && ts.toks[k+1].norm == "'s") &&
			!(object && t.word && !strings.HasSuffix(t.norm, "ed")) {
			return false
		}
	}
	return false
}

// eventEnd returns where the longest event that starts at token k ends.
func (ts *targetScore) eventEnd(k int) int {
	e := k + 1
	for _, m := range ts.sc.matches {
		if m.kind == rkEvent && m.at == k {
			e = max(e, m.at+m.n)
		}
	}
	return e
}

// inMentionAt reports whether token k lies inside one of the target's mentions.
func (ts *targetScore) inMentionAt(k int) bool {
	for _, mt := range ts.mentions {
		if k >= mt.at && k < mt.at+mt.n {
			return true
		}
	}
	return false
}

// opensWithMention reports whether the sentence opens with this target's mention, after no more
// than "the", and the mention ends before token k.
func (ts *targetScore) opensWithMention(k int) bool {
	at := ts.sc.first
	for at < k && !ts.toks[at].word {
		at++ // an opening quote or dash
	}
	if at < k && ts.toks[at].norm == "the" {
		at++
	}
	for _, mt := range ts.mentions {
		if mt.at == at && mt.at+mt.n < k {
			return true
		}
	}
	return false
}

// named reports whether cue m is the noun of one of the target's references that opens with a
// determiner and names the target again ("the offer"): what it is, not what the holder thinks of it.
func (ts *targetScore) named(m match) bool {
	for _, r := range ts.sc.matches {
		if r.kind == rkReference && r.target == ts.target && r.at < m.at && m.at+m.n <= r.at+r.n && isDeterminer(ts.toks[r.at].norm) {
			return true
		}
	}
	return false
}

// describes reports whether favor cue m is a past participle right after this target's mention and
// before a preposition or a time ("last", "earlier", "this"), a reduced relative clause that says
// which measures are meant: "Sanctions imposed on Russia after the invasion", "the tariffs
// announced last week"; or one between a determiner and the mention, with no more than two names
// between ("the reimposed U.N. sanctions").
func (ts *targetScore) describes(m match) bool {
	e := m.at + m.n
	if m.n != 1 || !strings.HasSuffix(ts.toks[m.at].norm, "ed") || m.at == ts.sc.first || e >= ts.sc.last {
		return false
	}
	if isDeterminer(ts.toks[m.at-1].norm) {
		// Between a determiner and the mention, with names only between: "called the reimposed
		// U.N. sanctions null and void".
		for k := e; k < ts.sc.last && k-e <= 2; k++ {
			if ts.mentionStartsAt(k) {
				return true
			}
			if !ts.toks[k].upper {
				break
			}
		}
		return false
	}
	if !ts.mentionEndsAt(m.at - 1) {
		return false
	}
	switch ts.toks[e].norm {
	case "on", "by", "in", "against", "after", "since", "over", "at", "under", "last", "earlier", "this":
		return true
	}
	return false
}

// othersClause reports whether cue m is the past-tense verb of a clause of time or cause that
// opens after the sentence's start with its own subject, a phrase with a determiner or a name of
// up to three words: "expelled the EU ambassador after the bloc extended sanctions". What that
// subject did is told, not a side the holder takes. A pronoun subject, or one held by a pronoun,
// may be the holder itself or its side ("walked out after they rejected", "after their leader
// offered talks"), and stays.
func (ts *targetScore) othersClause(m match) bool {
	if !strings.HasSuffix(ts.toks[m.at].norm, "ed") {
		return false
	}
	k := m.at - 1
	for k > ts.sc.first && m.at-k <= 4 && (ts.toks[k].word && !isAuxWord(ts.toks[k].norm) || ts.toks[k].norm == "'s") {
		switch ts.toks[k].norm {
		case "after", "when", "since", "because", "before", "once", "as", "while":
			s := k + 1
			if s >= m.at || isPronoun(ts.toks[s].norm) || isPossessive(ts.toks[s].norm) {
				return false
			}
			return isDeterminer(ts.toks[s].norm) || ts.toks[s].upper
		}
		k--
	}
	return false
}

// judgedAct returns where the act ends when favor cue m is a gerund that opens its clause as the
// subject of what follows, and is the target's mention or is done to it: "(He said) sanctioning
// a church leader would be absurd". Else -1.
func (ts *targetScore) judgedAct(m match) int {
	if !strings.HasSuffix(ts.toks[m.at].norm, "ing") {
		return -1
	}
	if m.at > ts.sc.first {
		p := ts.toks[m.at-1].norm
		if p != "that" && p != "," && !isQuoteMark(p) && ts.sc.starts[m.at-1]&(1<<rkReporting) == 0 {
			return -1
		}
	}
	if e := ts.objectEnd(m); e >= 0 {
		return e
	}
	if ts.sc.starts[m.at]&(1<<rkMention) != 0 && ts.mentionEndsAt(m.at+m.n-1) {
		return m.at + m.n // "sanctioning" is both the act and the mention
	}
	return -1
}

// subjectAct returns where the predicate starts when favor cue m names an act inside the noun
// phrase that is its clause's subject: the phrase opens the sentence, or follows a reporting verb,
// "that", a quotation mark or a dash, with a determiner, a "'s" or names before the cue and plain
// words after it up to an auxiliary or the predicate's own cue ("the minister said *the withdrawal*
// of trade preferences had been a grave error", "*the decision to impose* sanctions was wrong",
// "*new sanctions* would hurt ordinary people"). What the predicate says of the act is the side
// taken. Else -1.
func (ts *targetScore) subjectAct(m match) int {
	if m.kind != rkFavor || isAuxWord(ts.toks[m.at].norm) {
		return -1
	}
	s := m.at
	if s-3 >= ts.sc.first && ts.toks[s-1].norm == "to" && isDeterminer(ts.toks[s-3].norm) && ts.toks[s-2].word && !ts.toks[s-2].upper {
		s -= 3 // "the decision to impose"
	} else {
		plain := 0 // lower-case words before the cue: "the partial withdrawal"
		for s > ts.sc.first {
			// A determiner, a possessive, a name, or the "'" of a plural's possessive ("the United
			// States' designation").
			if t := &ts.toks[s-1]; isDeterminer(t.norm) || isPossessive(t.norm) || t.norm == "'s" || t.word && t.upper && !isPronoun(t.norm) ||
				s-2 >= ts.sc.first && pluralApostrophe(ts.toks, s-1) {
				s--
			} else if plain < 2 && ts.plainWord(s-1) {
				s, plain = s-1, plain+1
			} else {
				break
			}
		}
		if s < m.at && !isDeterminer(ts.toks[s].norm) && !isPossessive(ts.toks[s].norm) && !ts.toks[s].upper {
			return -1 // a phrase opens at its determiner, a possessive or a name
		}
		if w := ts.toks[m.at].norm; m.at > s && ts.toks[m.at-1].upper && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ed")) && !ts.inMentionAt(m.at) {
			return -1 // "the U.S. seeks to return": a name's verb, not a noun of its phrase
		}
	}
	if s > ts.sc.first {
		p := ts.toks[s-1].norm
		if ts.sc.starts[s-1]&(1<<rkReporting) == 0 && p != "that" && !isQuoteMark(p) && p != "—" && p != "-" && p != ":" {
			return -1
		}
	}
	for j := m.at + m.n; j < ts.sc.last && j-m.at <= 10; j++ {
		t := &ts.toks[j]
		if isAuxWord(t.norm) || ts.sc.starts[j]&(1<<rkFavor|1<<rkAgainst) != 0 && !ts.inMentionAt(j) {
			if j == m.at+m.n && !isAuxWord(t.norm) {
				return -1 // "new sanctions relief": one phrase, no predicate yet
			}
			return j
		}
		if !t.word && t.norm != "'s" && t.norm != "-" || isRelative(t.norm) || isConjunction(t.norm) || ts.sc.starts[j]&(1<<rkReporting|1<<rkNegator) != 0 {
			return -1
		}
	}
	return -1
}

// plainWord reports whether token k is a lower-case word like an adjective that is no auxiliary,
// relative, conjunction, reporting verb or negator, nor the start of a cue that counts: one that
// stands between a determiner and a noun ("the partial withdrawal").
func (ts *targetScore) plainWord(k int) bool {
	t := &ts.toks[k]
	if !t.word || t.upper || isAuxWord(t.norm) || isRelative(t.norm) || isConjunction(t.norm) || ts.sc.starts[k]&(1<<rkReporting|1<<rkNegator) != 0 {
		return false
	}
	for _, m := range ts.kept {
		if m.at == k && (m.kind == rkFavor || m.kind == rkAgainst) {
			return false // a cue that counts: "imposed new sanctions"
		}
	}
	return adjectiveLike(t.norm)
}

// adjectiveEndings are the endings adjectiveLike knows adjectives by.
var adjectiveEndings = [...]string{"al", "ive", "ous", "ic", "ful", "less", "able", "ible", "ary", "ed"}

// adjectiveLike reports whether w looks like an adjective before a noun ("partial", "economic",
// "proposed", "new"), not a noun that may head a subject before its verb ("the bank froze").
func adjectiveLike(w string) bool {
	switch w {
	case "new", "more", "further", "fresh", "latest", "recent", "full", "broad", "wide", "tough", "harsh", "first", "second", "third", "next", "last":
		return true
	}
	for _, suf := range adjectiveEndings {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// judgedAgainst reports whether the next polar cue after the kept match at ki takes the side
// against, and is no removal, nor a cue that needs the target as its object, done to something
// else: "only direct talks could *stop the fighting*" says what the talks would do, not what is
// thought of them.
func (ts *targetScore) judgedAgainst(ki int) bool {
	next, ok := nextPolar(ts.kept, ki)
	return ok && ts.sideOf(next) == Against && !((ts.removal(next.at) || next.object) && !ts.doneTo(next))
}

// isConjunction reports whether w joins clauses or phrases ("and", "or", "but").
func isConjunction(w string) bool { return w == "and" || w == "or" || w == "but" }

// judged applies to act m, the kept match at index ki, the judgement that follows it from token e:
// the next polar cue, close, not itself rejected and, when copula is set, after a form of "be".
// That cue is absorbed into the act, and a judgement against rejects the act. judged reports
// whether there was one.
func (ts *targetScore) judged(m match, ki, e int, copula bool) bool {
	next, ok := nextPolar(ts.kept, ki)
	if !ok || !ts.reaches(e, next) || ts.has(next.at, fRejected) || copula && !ts.copulaIn(e, next.at) {
		return false
	}
	if ts.sideOf(next) == Against {
		ts.set(m.at, fRejected)
	}
	ts.set(next.at, fAbsorbed)
	return true
}

// copulaIn reports whether a form of "be" stands in toks[a:b]: "... would be absurd".
func (ts *targetScore) copulaIn(a, b int) bool {
	for k := a; k < b; k++ {
		switch ts.toks[k].norm {
		case "is", "was", "are", "were", "be":
			return true
		}
	}
	return false
}

// isScheduled reports whether w, after "is" or "are" and before "to", tells what is planned or
// foreseen: "talks are expected to resume".
func isScheduled(w string) bool {
	switch w {
	case "expected", "set", "due", "scheduled", "likely", "planned":
		return true
	}
	return false
}

// passiveReport reports whether against cue m is a removal told in the past passive of this
// target's mention, after at most one adverb: "The talks were suspended again in September",
// "sanctions had been eased". That is what happened to the target, not a side taken. After a
// conditional it is wanted or feared instead ("if the sanctions were lifted").
func (ts *targetScore) passiveReport(m match) bool {
	if !ts.removal(m.at) || !strings.HasSuffix(ts.toks[m.at].norm, "ed") {
		return false
	}
	return ts.pastPassiveOfMention(m)
}

// passiveAct reports whether favor cue m is an act told in the past passive of this target's
// mention: "The previous package was adopted in May", "the sanctions were extended in January"
// tell what was done. A participle that judges ("the sanctions were justified") takes a side.
func (ts *targetScore) passiveAct(m match) bool {
	w := ts.toks[m.at].norm
	if !strings.HasSuffix(w, "ed") || m.n > 1 {
		return false
	}
	switch w {
	case "justified", "warranted", "needed", "deserved", "merited", "vindicated", "welcomed":
		return false
	}
	if !ts.pastPassiveOfMention(m) {
		return false
	}
	// "would not disarm before a deal was signed": a condition awaited, not a report.
	for k := m.at - 1; k > ts.sc.first && k >= m.at-8; k-- {
		switch ts.toks[k].norm {
		case "before", "until", "till", "unless", "once", "if", "when", "after":
			return false
		}
	}
	return true
}

// pastPassiveOfMention reports whether the participle of cue m follows "was", "were" or "has
// been" (an adverb or "again" may come between) right after this target's mention, outside a
// condition: the passive that tells what was done to it.
func (ts *targetScore) pastPassiveOfMention(m match) bool {
	k := m.at - 1
	if k > ts.sc.first && (strings.HasSuffix(ts.toks[k].norm, "ly") || ts.toks[k].norm == "again") {
		k-- // "were later suspended"
	}
	switch {
	case k > ts.sc.first && (ts.toks[k].norm == "was" || ts.toks[k].norm == "were"):
		k--
	case k-1 > ts.sc.first && ts.toks[k].norm == "been" && (ts.toks[k-1].norm == "had" || ts.toks[k-1].norm == "has" || ts.toks[k-1].norm == "have"):
		k -= 2
	default:
		return false
	}
	if ts.condAt >= 0 && ts.condAt < m.at && ts.condClause == ts.clauseOf(m.at) {
		return false
	}
	return ts.mentionEndsAt(k) || ts.implied.at >= 0 && ts.implied.at+ts.implied.n-1 == k
}

// partyWord reports whether token j can be a word of the party talks are held with: a capitalised
// word, a joining word of a name, or a common name of a side ("the rebels", "the two countries").
func (ts *targetScore) partyWord(j int) bool {
	t := &ts.toks[j]
	if t.word && t.upper {
		return true
	}
	switch t.norm {
	case "the", "and", "of", "'s", "del", "de", "la", "rebels", "guerrillas", "insurgents", "separatists", "militants",
		"opposition", "government", "two", "both", "sides", "countries", "parties", "governments", "nations", "neighbours",
		"neighbors", "delegations":
		return true
	}
	return false
}

// withWhom returns the token before "with" or "between" when toks[..k] ends with one of them and a
// name of up to ten words ("with the Clan del Golfo", "between Kinshasa and the rebels", "between
// Petro's government and the National Liberation Army rebels"), or -1.
func (ts *targetScore) withWhom(k int) int {
	j := k
	for j > ts.sc.first && k-j < 10 && ts.partyWord(j) {
		j--
	}
	if j < k && j > ts.sc.first && (ts.toks[j].norm == "with" || ts.toks[j].norm == "between") {
		return j - 1
	}
	return -1
}

// nounPhrase reports whether toks[a:b] can open the noun phrase of an act's object: words, none a
// preposition other than "of" or a conjunction ("a new round of", not "the offensive despite the"),
// after a quotation mark that opens the object (would not tolerate "neo-colonial blackmail").
func (ts *targetScore) nounPhrase(a, b int) bool {
	for k := a; k < b; k++ {
		t := &ts.toks[k]
		if !t.word && t.norm != "'s" && !(k == a && isQuoteMark(t.norm)) {
			return false
		}
		switch t.norm {
		case "despite", "to", "for", "with", "in", "on", "at", "from", "by", "after", "before", "over",
			"against", "and", "or", "but", "while", "as", "than", "if", "when", "because":
			return false
		}
	}
	return true
}

// participleAfter reports whether the token at i is a present participle ("calling") that follows
// token from after at most 2 × embedReach words that are neither verbs nor conjunctions: the verb
// of a reduced relative clause on the phrase before it.
func (ts *targetScore) participleAfter(from, i int) bool {
	return i-from <= 2*embedReach && strings.HasSuffix(ts.toks[i].norm, "ing") && ts.plainRun(from, i)
}

// passiveAfter reports whether the token at i is the verb of a passive infinitive ("to be lifted")
// that follows token from after at most 2 × embedReach words that are neither verbs nor
// conjunctions: "called for all sanctions on Zimbabwe to be removed".
func (ts *targetScore) passiveAfter(from, i int) bool {
	return i-2 > from && i-from <= 2*embedReach && ts.toks[i-1].norm == "be" && ts.toks[i-2].norm == "to" && ts.plainRun(from, i-2)
}

// plainRun reports whether toks[from:to] are words that are neither verbs nor conjunctions.
func (ts *targetScore) plainRun(from, to int) bool {
	for k := from; k < to; k++ {
		t := ts.toks[k]
		if !t.word || isAuxWord(t.norm) || strings.HasSuffix(t.norm, "ed") || strings.HasSuffix(t.norm, "ing") {
			return false
		}
		switch t.norm {
		case "and", "or", "but", "that", "which", "who", "while", "after", "before", "because", "if", "when":
			return false
		}
	}
	return true
}

// takes reports whether cue m can take on cue next as what it wants or rejects: next follows
// closely, in m's clause, with no conjunction between ("called for an end to the fighting and
// urged talks": the urging is no end's).
func (ts *targetScore) takes(m, next match) bool { return ts.reaches(m.at+m.n, next) }

// reaches reports whether cue next lies closely after token from, in its clause, with no
// conjunction between. A relative clause whose verb is the cue, after auxiliaries only, is as close
// as its pronoun: "vetoed a resolution that would have tightened sanctions" rejects the tightening;
// so is a participle that is the cue, after plain words only, up to twice as far ("rejected on
// Friday a European Parliament resolution calling for sanctions"), and a passive infinitive
// ("called for all sanctions on Zimbabwe to be removed").
func (ts *targetScore) reaches(from int, next match) bool {
	if next.at < from || ts.clauseOf(next.at) != ts.clauseOf(from-1) {
		return false
	}
	if ts.addresseeTo(from, next.at) {
		return true // "called for the United States and the European Union to lift ..."
	}
	end := next.at // where the distance is counted to
	if next.at-from > embedReach && !ts.participleAfter(from, next.at) && !ts.passiveAfter(from, next.at) {
		end = -1
		for k := from; k < next.at && k-from <= embedReach; k++ {
			if w := ts.toks[k].norm; w == "that" || w == "which" {
				end = k
				break
			}
		}
		if end < 0 {
			return false
		}
		for k := end + 1; k < next.at; k++ {
			if !isAuxWord(ts.toks[k].norm) {
				return false
			}
		}
	}
	for k := from; k < end; k++ {
		switch ts.toks[k].norm {
		case "and", "or", "but":
			return false
		}
	}
	return true
}

// addresseeTo reports whether toks[from:at] is whom a verb of asking addresses and then "to": names,
// "the", "both", "all", "of", "and" and commas only, up to addresseeReach tokens, the last "to"
// ("called for the United States and the European Union to lift", "urged both sides to resume").
func (ts *targetScore) addresseeTo(from, at int) bool {
	if at-from < 2 || at-from > addresseeReach || ts.toks[at-1].norm != "to" {
		return false
	}
	for k := from; k < at-1; k++ {
		t := ts.toks[k]
		switch t.norm {
		case "the", "both", "all", "of", "and", ",", "sides", "parties":
			continue
		}
		if !t.word || !t.upper {
			return false
		}
	}
	return true
}

// auxIn reports whether an auxiliary stands in toks[a:b].
func (ts *targetScore) auxIn(a, b int) bool {
	for k := a; k < b; k++ {
		if isAuxWord(ts.toks[k].norm) {
			return true
		}
	}
	return false
}

// isAuxWord reports whether w is an auxiliary or modal verb.
func isAuxWord(w string) bool {
	switch w {
	case "would", "will", "could", "can", "may", "might", "should", "shall", "must",
		"have", "has", "had", "be", "been", "is", "are", "was", "were":
		return true
	}
	return false
}

// comparison reports whether cue m sets what comes before it above what comes after ("rather
// than", "instead of"): a verb of wanting before it wants the first ("called for engagement
// rather than isolation"), and that is no object of it.
func (ts *targetScore) comparison(m match) bool {
	w := ts.toks[m.at].norm
	return w == "rather" || w == "instead"
}

// rejectsAct reports whether against cue m, the ki-th kept match, takes on a favor cue done to the
// target's mention: "blocked a Security Council statement backing the sanctions" blocks the
// backing, though the sanctions are no object of the blocking.
func (ts *targetScore) rejectsAct(m match, ki int) bool {
	next, ok := nextPolar(ts.kept, ki)
	return ok && next.kind == rkFavor && ts.takes(m, next) && ts.doneTo(next)
}

// removes reports whether against cue m is an act that ends or removes (the removals list:
// "lifting", "suspend") done to this target's mention right after it.
func (ts *targetScore) removes(m match) bool {
	return m.kind == rkAgainst && ts.removal(m.at) && ts.doneTo(m)
}

// doneTo reports whether this target's mention follows cue m closely, in its clause, or comes right
// before it, as the object of the act m names ("stalling the talks", "sanctions relief"; not "to
// stall for time").
func (ts *targetScore) doneTo(m match) bool { return ts.objectEnd(m) >= 0 }

// objectEnd returns where the act m and the mention that doneTo finds end, or -1 when there is
// none. A mention right before the act is its object too ("sanctions relief"), unless the act is a
// comparison, which sets what comes before it above what comes after ("talks rather than the
// court"), or ends with a word that opens its object after it (see opensObject). A removal's "it"
// or "them" stands for a mention before it: "said the blockade was the regime's doing and rejected
// calls to lift it".
func (ts *targetScore) objectEnd(m match) int {
	if e := m.at + m.n; e < ts.sc.last && (ts.toks[e].norm == "it" || ts.toks[e].norm == "them") &&
		ts.removal(m.at) && len(ts.mentions) > 0 && ts.mentions[0].at < m.at {
		return e + 1
	}
	for _, mt := range ts.mentions {
		if mt.at+mt.n == m.at && !ts.comparison(m) && !opensObject(ts.toks[m.at+m.n-1].norm) ||
			mt.at > m.at && mt.at+mt.n <= m.at+m.n {
			return m.at + m.n // "sanctions relief"; "a package of EU sanctions", a cue that holds its mention
		}
		if e := ts.objectAt(m, mt); e >= 0 {
			return e
		}
		if ts.passiveSubject(mt, m) {
			return m.at + m.n // "the sanctions should be eased"
		}
	}
	if ts.implied.at >= 0 && ts.implied.n > 1 {
		return ts.objectAt(m, ts.implied) // "called on all members to enforce the existing measures"
	}
	return -1
}

// opensObject reports whether w, the last word of an act, opens the act's object after it: a
// determiner ("The peace deal ended a war") or "to", "for" and "with" ("negotiators agreed on Friday
// to exchange the bodies": the negotiators agree, and are no object).
func opensObject(w string) bool { return isDeterminer(w) || w == "to" || w == "for" || w == "with" }

// passiveSubject reports whether mention mt is the subject of act m in the passive, after a
// modal: only auxiliaries, "not", "never" and "also" come between them, one of them a modal and
// the last a form of "be", and the act is no -ing form ("the sanctions should not be eased"; not
// "the sanctions were hampering aid"). Its act is done to it. Without a modal the passive reports
// what was done ("the sanctions were renewed in May"), which a verb that needs its object does
// not judge.
func (ts *targetScore) passiveSubject(mt, m match) bool {
	b, e := mt.at+mt.n, m.at
	if b >= e || e-b > 4 || ts.clauseOf(mt.at) != ts.clauseOf(m.at) || strings.HasSuffix(ts.toks[m.at].norm, "ing") {
		return false
	}
	switch ts.toks[e-1].norm {
	case "be", "been", "being", "is", "are", "was", "were":
	default:
		return false
	}
	modal := false
	for k := b; k < e; k++ {
		w := ts.toks[k].norm
		if !isAuxWord(w) && w != "being" && w != "not" && w != "n't" && w != "never" && w != "also" {
			return false
		}
		modal = modal || isModal(w) || w == "would" || w == "will"
	}
	return modal
}

// objectAt returns where mention mt ends when it is the object of act m: after it, close, in its
// clause, with no more than a noun phrase's opening between them; or -1.
func (ts *targetScore) objectAt(m, mt match) int {
	if d := mt.at - (m.at + m.n); d >= 0 && d <= objectReach && ts.clauseOf(mt.at) == ts.clauseOf(m.at) &&
		ts.nounPhrase(m.at+m.n, mt.at) {
		return mt.at + mt.n
	}
	return -1
}

// onlyThen reports whether favor cue m has "only" right before it and a time or a condition after
// it, before any comma: "would only consider talks after a full withdrawal" refuses them until
// then, as "only after" does.
func (ts *targetScore) onlyThen(m match) bool {
	only := false
	for k := max(ts.sc.first, m.at-modifierReach); k < m.at; k++ {
		only = only || ts.toks[k].norm == "only"
	}
	if !only {
		return false
	}
	for k := m.at + m.n; k < ts.sc.last && k <= m.at+m.n+6; k++ {
		switch ts.toks[k].norm {
		case "after", "until", "once", "when", "if":
			return true
		case ",", ";", ":":
			return false
		}
	}
	return false
}

// condition returns the first conditional of the sentence ("if", "unless") and its clause, or -1s.
func (ts *targetScore) condition() (at, clause int) {
	for _, m := range ts.sc.matches {
		if m.kind == rkConditional {
			return m.at, ts.clauseOf(m.at)
		}
	}
	return -1, -1
}

// threatensIf reports whether the conditional at token c is an "if" whose sentence threatens
// something before it: what would set off the threat, the holder is against ("threatened to quit
// the coalition if Israel agreed to a truce"; "threatened sanctions if Tehran refused to talk").
func (ts *targetScore) threatensIf(c int) bool {
	if ts.toks[c].norm != "if" {
		return false
	}
	for k := ts.sc.first; k < c; k++ {
		if strings.HasPrefix(ts.toks[k].norm, "threaten") {
			return true
		}
	}
	return false
}

// blamed reports whether the cue at token i is what the holder accuses or blames someone else of
// ("accused Serbia of undermining the dialogue", "blamed the rebels for violating the truce"):
// the holder condemns it, and so takes the other side. A past-tense verb after "and" or "but" is
// the holder's own next act, not more of the blame: "accused the administration of rewarding a
// dictatorship and demanded that the sanctions be snapped back".
func (ts *targetScore) blamed(i int) bool {
	for k := i - 1; k > ts.sc.first && k >= i-6 && ts.clauseOf(k) == ts.clauseOf(i); k-- {
		w := ts.toks[k].norm
		if (w == "and" || w == "but") && strings.HasSuffix(ts.toks[k+1].norm, "ed") {
			return false
		}
		if w != "of" && w != "for" {
			continue
		}
		for v := k - 1; v >= ts.sc.first && v >= k-5; v-- { // "accused each other on Monday of"
			n := ts.toks[v].norm
			if w == "of" && strings.HasPrefix(n, "accus") || w == "for" && strings.HasPrefix(n, "blam") {
				return true
			}
		}
	}
	return false
}

// othersAct reports whether the harming act at token i is told of others, as what defines them:
// "anyone obstructing a ceasefire", "officials who undermine the talks", "any party that obstructs
// the truce". Whoever speaks of them so
// is against the act. A cleft ("it was the opposition that destroyed it") is not: there the
// speaker blames to justify its own refusal, as the seed story's spokesman does.
func (ts *targetScore) othersAct(i int) bool {
	if i <= ts.sc.first {
		return false
	}
	prev := ts.toks[i-1]
	if isQuoteMark(prev.norm) && i-1 > ts.sc.first {
		prev = ts.toks[i-2] // anyone who "obstructs the peace process"
	}
	switch prev.norm {
	case "who":
		return true
	case "that":
		// "any party that obstructs the truce"; but not after a reporting verb, nor in a cleft
		// ("it was the opposition that destroyed it").
		if i-2 < ts.sc.first || ts.sc.starts[i-2]&(1<<rkReporting) != 0 {
			return false
		}
		return !ts.cleftIn(i-8, i-2)
	case "is", "are", "was", "were":
		// "people it says are undermining a peaceful resolution": a relative clause that tells
		// what the holder says of others.
		p := ts.toks[i-3].norm
		return i-4 >= ts.sc.first && ts.sc.starts[i-2]&(1<<rkReporting) != 0 && (p == "it" || isPronoun(p)) &&
			ts.toks[i-4].word && !ts.toks[i-4].upper && !isPronoun(ts.toks[i-4].norm)
	case "the", "a", "an", "its", "their", "his", "her", "our", "be", "been",
		"being", "keep", "keeps", "kept", "not", "of", "for", "by":
		return false
	}
	return prev.word && strings.HasSuffix(ts.toks[i].norm, "ing")
}

// relativeAct reports whether favor cue m is the verb of a relative clause, after "that" or "who"
// and auxiliaries, on a noun the holder speaks of after its reporting verb: "saw no point in
// negotiating with a government that imposes sanctions and offers talks" says what that government
// does, and takes no side; so does the clause's second verb after "and". The verb has the target
// as its object ("offers of talks" is a noun), and the clause is no cleft ("it was Washington that
// imposed the sanctions"). A harm so told is othersAct's.
func (ts *targetScore) relativeAct(m match) bool {
	w := ts.toks[m.at].norm
	if m.at <= ts.sc.first || !(strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ed")) || !ts.doneTo(m) ||
		m.at+m.n < ts.sc.last && ts.toks[m.at+m.n].norm == "of" {
		return false
	}
	k := m.at - 1
	for k > ts.sc.first && isAuxWord(ts.toks[k].norm) {
		k--
	}
	if k > ts.sc.first && isQuoteMark(ts.toks[k].norm) {
		k--
	}
	if w := ts.toks[k].norm; w == "and" || w == "or" {
		// The clause's second verb: "a government that imposes sanctions with one hand and offers
		// talks with the other".
		for j := k - 1; j > ts.sc.first && j >= k-10 && ts.toks[j].norm != "," && ts.clauseOf(j) == ts.clauseOf(k); j-- {
			if w := ts.toks[j].norm; w == "that" || w == "who" {
				k = j
				break
			}
		}
	}
	if k-1 <= ts.sc.first || ts.toks[k].norm != "that" && ts.toks[k].norm != "who" {
		return false
	}
	n := &ts.toks[k-1]
	if !n.word || n.upper || ts.sc.starts[k-1]&(1<<rkReporting) != 0 || !ts.reportedBefore(k-1) {
		return false
	}
	return !ts.cleftIn(k-8, k-2)
}

// cleftIn reports whether "it is", "it was" or "it's" stands with its verb in toks[lo:hi+1], inside
// the sentence: the relative clause after it is a cleft ("it was the opposition that destroyed it").
func (ts *targetScore) cleftIn(lo, hi int) bool {
	for j := hi; j > ts.sc.first && j >= lo; j-- {
		if w := ts.toks[j].norm; (w == "is" || w == "was" || w == "'s") && ts.toks[j-1].norm == "it" {
			return true
		}
	}
	return false
}

// reportedHarm reports whether the harm at token i is told, after a reporting verb, as done by a
// subject named right before it (past auxiliaries and adverbs) that is no pronoun: "said the
// junta had effectively torn up the deal" condemns the junta's act. "said they would undermine
// the talks" may be the holder's own, and stays as it is.
func (ts *targetScore) reportedHarm(i int) bool {
	if !ts.reportedBefore(i) {
		return false
	}
	k := i - 1
	if k > ts.sc.first && isQuoteMark(ts.toks[k].norm) && i+1 < ts.sc.last && isQuoteMark(ts.toks[i+1].norm) {
		k-- // "said the arrest had 'abrogated' the agreement": the one word quoted
	}
	q := k
	for k > ts.sc.first && (isAuxWord(ts.toks[k].norm) || isLyAdverb(&ts.toks[k])) {
		k--
	}
	if k == q || k <= ts.sc.first {
		return false // no auxiliary: "said undermining the talks", "accused ... of wrecking"
	}
	t := ts.toks[k]
	switch t.norm {
	case "it", "we", "i", "to", "that":
		return false // "The government said it was abandoning the agreement": the speaker's own act
	}
	return t.word && !isPronoun(t.norm) && !isModal(t.norm) && ts.sc.starts[k]&(1<<rkReporting) == 0
}

// othersObject reports whether cue m, shared by every target, governs another target's mention:
// the first mention after it, close and in its clause, is another target's, with none of this
// target's, nor a reference that stands for it, between ("opposed sanctions ... diplomacy" is
// about the sanctions only; "rejected the offer as meddling" rejects the offer).
func (ts *targetScore) othersObject(m match) bool {
	if m.target >= 0 {
		// A target's own word right before another target's mention is that mention's: "saw no
		// point in further negotiations" says nothing of more pressure.
		if m.n != 1 {
			return false
		}
		if ts.othersMentionAt(m.at + 1) {
			return true
		}
		// "Petro's failed total peace policy": one more word of the noun phrase between.
		k := m.at + 1
		return k+1 < ts.sc.last && ts.toks[k].word && !ts.toks[k].upper && !ts.mentionStartsAt(k) &&
			ts.sc.starts[k]&(1<<rkFavor|1<<rkAgainst|1<<rkNegator|1<<rkReporting) == 0 && ts.nounPhrase(k, k+1) &&
			ts.othersMentionAt(k+1)
	}
	from := m.at + m.n
	for _, o := range ts.sc.matches {
		if o.at < from || (o.kind != rkMention && !ts.othersLiveReference(o)) {
			continue
		}
		if o.at-from > embedReach || ts.clauseOf(o.at) != ts.clauseOf(m.at) {
			return false
		}
		if ts.addressee(o) {
			// "urged the international community to engage with Kabul": whom the cue addresses is
			// not its object; what they are asked to do is.
			from = o.at + o.n
			continue
		}
		if o.target == ts.target {
			return false
		}
		if ts.implied.at >= from && ts.implied.at < o.at {
			return false // "rejected the offer as meddling": this target's reference comes first
		}
		return true
	}
	return false
}

// othersLiveReference reports whether o is a reference of another target that one of the three
// sentences before was about, and not this target's reference too: in "said there was 'nothing left to
// negotiate' ... and praised the move", after a sentence about sanctions, "praised" is the move's.
func (ts *targetScore) othersLiveReference(o match) bool {
	return o.kind == rkReference && o.target >= 0 && o.target != ts.target && int(o.target) < len(ts.sc.live) &&
		ts.sc.live[o.target] && o.at != ts.implied.at && !referenceTaken(ts.sc, o)
}

// urgesNothing reports whether favor cue m is "urge" or "call on", asking someone to do something,
// with neither a mention of the target nor a cue after it in the sentence: what is urged is not
// about the target ("said direct negotiations were a free gift to the enemy and urged the
// government to reconsider").
func (ts *targetScore) urgesNothing(m match) bool {
	w := ts.toks[m.at].norm
	if !strings.HasPrefix(w, "urg") && !(m.n == 2 && strings.HasPrefix(w, "call") && ts.toks[m.at+1].norm == "on") {
		return false
	}
	e := m.at + m.n
	return !ts.startsIn(e, ts.sc.last, rkMention) && !ts.startsIn(e, ts.sc.last, rkFavor) &&
		!ts.startsIn(e, ts.sc.last, rkAgainst) && ts.implied.at < e
}

// othersMentionAt reports whether a mention of another target, and none of this one's, starts at
// token k.
func (ts *targetScore) othersMentionAt(k int) bool {
	others := false
	for _, o := range ts.sc.matches {
		if o.kind == rkMention && o.at == k {
			if o.target == ts.target {
				return false
			}
			others = true
		}
	}
	return others
}

// addressee reports whether mention o is followed by "to" and a verb other than "be": the one
// asked to act ("called on the international community to engage"), not what is asked for
// ("called for sanctions to be lifted").
func (ts *targetScore) addressee(o match) bool {
	k := o.at + o.n
	return k+1 < ts.sc.last && ts.toks[k].norm == "to" && ts.toks[k+1].word && ts.toks[k+1].norm != "be"
}

// negatesMentionBefore reports whether negator neg is followed at once, or after one word ("no
// more talks"), by a mention of the target that comes before token i: the negation is the
// mention's, and scoreMentions counts it.
func (ts *targetScore) negatesMentionBefore(neg match, i int) bool {
	for _, mt := range ts.mentions {
		if mt.at > neg.at && mt.at < i && mt.at-(neg.at+neg.n) <= 1 {
			return true
		}
	}
	return false
}

// weigh applies the clause and contrast factors to the weight w of a cue at token i.
func (ts *targetScore) weigh(i int, w float64) float64 {
	if !ts.sc.inMention[ts.clauseOf(i)] {
		w *= otherClause
	} else if ts.inAside(i) {
		w *= aside
	}
	if ts.contrasted {
		if i < ts.sc.contrast {
			w *= beforeContrast
		} else {
			w *= afterContrast
		}
	}
	return w
}

// inAside reports whether token i stands in a relative clause set off by commas in the sentence
// (relativeAside): ", who first proposed the process,".
func (ts *targetScore) inAside(i int) bool { return relativeAside(ts.toks, ts.sc.first, i, ts.sc.last) }

// wanting reports whether a favor cue is a verb of wanting or supporting (the wanting list), which
// can take the side of what it governs.
func (ts *targetScore) wanting(m match) bool { return ts.sc.starts[m.at]&(1<<rkWanting) != 0 }

// sideOf returns the side a cue takes after any negation: "an offer he couldn't accept" is against.
func (ts *targetScore) sideOf(m match) Stance {
	side := Favor
	if m.kind == rkAgainst {
		side = Against
	}
	if _, negated := ts.negatorBefore(m.at); negated {
		switch {
		case m.whenNegated() != Neutral:
			side = m.whenNegated()
		case side == Favor:
			side = Against
		default:
			side = Favor
		}
	}
	return side
}

// scoreCues weighs every favor and against cue.
func (ts *targetScore) scoreCues() {
	// A conditional ("if", "unless") makes the rest of its clause hypothetical, and an indirect
	// question ("asked whether") an open one: its cues take no side.
	ts.condAt, ts.condClause = ts.condition()
	condFrom, condClause := ts.condAt, ts.condClause
	askFrom, askClause := -1, -1
	for _, m := range ts.sc.matches {
		if m.kind == rkQuestion && askFrom < 0 {
			askFrom, askClause = m.at, ts.clauseOf(m.at)
		}
	}
	for ki, m := range ts.kept {
		var sign float64
		switch m.kind {
		case rkFavor:
			sign = 1
		case rkAgainst:
			sign = -1
		default:
			continue
		}
		if ts.othersObject(m) {
			continue // "has opposed sanctions and called for quiet diplomacy": not the diplomacy
		}
		if sign > 0 && ts.urgesNothing(m) {
			continue // "said the negotiations were a gift to the enemy and urged the government to reconsider"
		}
		if m.object && !ts.doneTo(m) && !(sign < 0 && ts.rejectsAct(m, ki)) {
			continue // "approved the offensive despite the ceasefire talks": not the talks
		}
		if askFrom >= 0 && m.at > askFrom && ts.clauseOf(m.at) == askClause {
			continue // "Asked if Russia was ready to compromise, Peskov declined to comment"
		}
		if ts.has(m.at, fAbsorbed) {
			ts.cues = append(ts.cues, ts.cue(m, RoleIntensifier))
			continue
		}
		if sign > 0 && (ts.reported(m) || ts.eventSubject(m) || ts.passiveAct(m)) || sign < 0 && ts.passiveReport(m) {
			continue // "the talks will continue next week", "the talks were suspended": not a side taken
		}
		if sign > 0 && ts.describes(m) {
			continue // "Sanctions imposed on Russia have not stopped ...": which sanctions, not a side taken
		}
		if sign > 0 && ts.relativeAct(m) {
			continue // "no point in negotiating with a government that imposes sanctions": whose, not a side taken
		}
		if ts.othersClause(m) || ts.has(m.at, fTold) {
			// "expelled the EU ambassador after the bloc extended sanctions": the bloc's act, told;
			// and what it governs ("a year after the government rejected calls for talks").
			if next, ok := nextPolar(ts.kept, ki); ok && ts.takes(m, next) {
				ts.set(next.at, fTold)
			}
			continue
		}
		if sign > 0 && !ts.has(m.at, fRejected) && ts.named(m) {
			continue // "has not responded to the offer": someone's offer, named again, is no side taken
		}
		w := sign * m.weight
		neg, negated := ts.negatorBefore(m.at)
		if negated && ts.has(neg.at, fUsedNeg) {
			negated = false // one negation flips one cue: "not bow to foreign interference"
		}
		if negated && ts.requirement(neg) {
			negated = false // "Without the end of the blockade there can be no agreement": wanted
		}
		if negated && (ts.outcome(neg) || ts.lapse(neg, m.at+m.n)) {
			continue // "the talks ended without progress", "have not met since 2019": a report, not a side taken
		}
		if negated && ts.negatesMentionBefore(neg, m.at) {
			negated = false // "would not negotiate with terrorists": the talks are negated, not the cue
		}
		if negated {
			ts.set(neg.at, fUsedNeg)
			switch m.whenNegated() {
			case Favor:
				w = math.Abs(w)
			case Against:
				w = -math.Abs(w)
			default:
				w = -w
			}
		}
		w = ts.modify(m.at, w)
		// A negated favor cue followed closely by a favor cue after "to", or by one in "-ing" after
		// "in" or "of", denies that one too: "would not force it to change course", "had no
		// interest in resuming talks". The second only strengthens the first.
		if sign > 0 && negated {
			if next, ok := nextPolar(ts.kept, ki); ok && next.kind == rkFavor && ts.takes(m, next) && verbComplement(ts.toks, next.at) {
				ts.set(next.at, fAbsorbed)
				w *= embedBoost
			}
		}
		// A verb of wanting or supporting followed closely by a cue for against takes that cue's side:
		// "called for an end to sanctions", "an offer he couldn't accept". It then only strengthens it.
		// After a mention, a cue that counts only with the target as its object and has none is what
		// the mention is for, not what is wanted: "urged a truce to stop the killings".
		if sign > 0 && !negated && ts.wanting(m) {
			if next, ok := nextPolar(ts.kept, ki); ok && ts.sideOf(next) == Against && ts.takes(m, next) && !(ts.comparison(next) && ts.startsIn(m.at+m.n, next.at, rkMention)) &&
				!(next.object && !ts.doneTo(next) && ts.startsIn(m.at+m.n, next.at, rkMention)) {
				ts.set(next.at, fEmbedded)
				ts.cues = append(ts.cues, ts.cue(m, RoleIntensifier))
				continue
			}
		}
		// A cue against followed closely by a favor cue rejects what that cue favors: "rejected calls
		// for talks", "dismissed the decision to impose sanctions". The favor cue is flipped, as by a
		// negator.
		if sign < 0 && !negated {
			if next, ok := nextPolar(ts.kept, ki); ok && ts.takes(m, next) {
				_, nextNegated := ts.negatorBefore(next.at)
				switch {
				case nextNegated:
				case next.kind == rkFavor:
					ts.set(next.at, fRejected)
				case ts.removes(next):
					// "opposes lifting the sanctions", "refused to suspend the talks": rejecting the
					// removal favors what it removes. The rejection only strengthens the flipped removal.
					ts.set(next.at, fRejected|fEmbedded)
					ts.cues = append(ts.cues, ts.cue(m, RoleIntensifier))
					continue
				}
			}
		}
		// A removal judged by the cue after it takes that judgement's side: "easing the pressure now
		// would be a mistake" favors the pressure, "lifting the sanctions would be welcome" does
		// not. The judging cue then only strengthens the removal.
		// Counted from the removal's object: "lift its illegal sanctions" is no judgement.
		if sign < 0 && !negated && !ts.has(m.at, fRejected) && ts.removes(m) && ts.judged(m, ki, ts.objectEnd(m), false) {
			w *= embedBoost
		}
		// An act told as the subject of a judgement takes the judgement's side: "sanctioning a
		// church leader would be absurd" is against the sanctions. The judging cue then only
		// strengthens the act.
		if sign > 0 && !negated && !ts.has(m.at, fRejected) {
			if e := ts.judgedAct(m); e >= 0 && ts.judged(m, ki, e, true) {
				w *= embedBoost
			} else if e := ts.subjectAct(m); e >= 0 && ts.judgedAgainst(ki) && ts.judged(m, ki, e, false) {
				w *= embedBoost
			}
		}
		// What others are blamed for, the holder is against: "accused France of backing the
		// sanctions"; and a harm they do to the target, the holder condemns.
		if ts.has(m.at, fRejected) || sign > 0 && !negated && ts.blamed(m.at) && ts.doneTo(m) ||
			sign < 0 && !negated && ts.harms(m.at) && ts.doneTo(m) && (ts.blamed(m.at) || ts.othersAct(m.at) || ts.reportedHarm(m.at)) {
			w, negated = -w, true
		} else if sign > 0 && negated && ts.blamed(m.at) && ts.doneTo(m) {
			w, negated = -w, false // "accused Addis Ababa of failing to honour the agreement": wants it honoured
		} else if sign > 0 && !negated && ts.onlyThen(m) {
			w, negated = -w, true // "would only consider talks after a full withdrawal": not before
		}
		if ts.has(m.at, fEmbedded) {
			w *= embedBoost
		}
		if ts.disputed(m) {
			w, negated = -w, !negated // "Some say the sanctions are biting, but our economy is growing"
		}
		if condFrom >= 0 && m.at > condFrom && ts.clauseOf(m.at) == condClause {
			w *= conditionalWeight
			if ts.threatensIf(condFrom) {
				w, negated = -w, !negated // "threatened to quit the coalition if Israel agreed to a truce"
			}
		}
		w = ts.weigh(m.at, w)
		ts.raw += w
		c := ts.cue(m, RoleFavor)
		if sign < 0 {
			c.Role = RoleAgainst
		}
		c.Weight, c.Negated = round3(w), negated
		ts.cues = append(ts.cues, c)
	}
}

// scoreMentions adds the cues that mentions make with the word before them: a negator ("no
// talks", "could not be any negotiations") is against; an openness word ("we can negotiate",
// "ready for talks") is favor.
func (ts *targetScore) scoreMentions() {
	cued := false // scoreCues found a favor or against cue
	for _, c := range ts.cues {
		cued = cued || c.Role == RoleFavor || c.Role == RoleAgainst
	}
	mentions := ts.mentions
	if ts.implied.at >= 0 && ts.implied.n > 1 && len(mentions) == 0 {
		// A reference (or an anaphor) of several words stands for the mention: "would not back
		// the package".
		mentions = []match{ts.implied}
	}
	for _, mt := range mentions {
		if neg, ok := ts.negatorBefore(mt.at); ok && !ts.has(neg.at, fUsedNeg) && !ts.requirement(neg) && !ts.outcome(neg) && !ts.lapse(neg, mt.at+mt.n) && !ts.corrective(neg) && !ts.negatesVerb(neg, mt) {
			ts.set(neg.at, fUsedNeg|fMarkedNeg)
			w := ts.weigh(mt.at, -1)
			if c := ts.condAt; c >= 0 && neg.at > c && ts.clauseOf(neg.at) == ts.condClause && ts.threatensIf(c) || ts.blamed(neg.at) {
				w = -w // "threatened new sanctions if Tehran refused to negotiate", "accused Kigali of refusing to negotiate"
			}
			ts.raw += w
			c := ts.cue(neg, RoleNegator)
			c.Weight, c.Negated = round3(w), true
			ts.cues = append(ts.cues, c)
			continue
		}
		open := false
		for _, m := range ts.kept {
			// Before a mention that opens with an against cue ("would lift the measures") the
			// openness word is the cue's, not the mention's; with a negator between, it is
			// negated ("would not send a delegation").
			if m.kind == rkOpenness && m.at < mt.at && mt.at-(m.at+m.n) <= opennessReach && ts.clauseOf(m.at) == ts.clauseOf(mt.at) &&
				!ts.startsIn(m.at+m.n, mt.at+1, rkAgainst) && !ts.startsIn(m.at+m.n, mt.at, rkNegator) {
				w := ts.weigh(mt.at, m.weight)
				ts.raw += w
				c := ts.cue(m, RoleFavor)
				c.Weight = round3(w)
				ts.cues = append(ts.cues, c)
				open = true
				break
			}
		}
		if !open && !cued {
			ts.wantedMention(mt)
		}
	}
	// A concession with nothing else said ("they are still threatening, but progress goes on")
	// plays the target down, when someone says it; told by the writer, it is a report.
	if ts.raw == 0 && ts.sc.contrast >= 0 && len(ts.mentions) > 0 && ts.mentions[len(ts.mentions)-1].at < ts.sc.contrast &&
		(ts.inQuote || ts.reportedBefore(ts.sc.contrast)) {
		ts.concession = true
		ts.raw = -concessionWeight
	}
}

// wantedMention adds the cue of a verb of wanting right before mention mt that is no favor or
// against cue of its own: "the president wants talks" is favor, "does not want talks" against;
// names it addresses and their "to" may stand between ("called on the European Union to sanction").
// It is only asked when the sentence has no favor or against cue, which would say more about
// what is wanted ("wanted sanctions to be lifted") or whose wish it is.
func (ts *targetScore) wantedMention(mt match) {
	for _, m := range ts.sc.matches {
		if m.kind != rkWanting || m.at >= mt.at || !ts.plainGap(m.at+m.n, mt.at) && !ts.addresseeTo(m.at+m.n, mt.at) || ts.clauseOf(m.at) != ts.clauseOf(mt.at) {
			continue
		}
		for _, k := range ts.kept {
			if k.at == m.at && (k.kind == rkFavor || k.kind == rkAgainst) {
				return // counted as a cue already
			}
		}
		w, negated := 1.0, false
		if neg, ok := ts.negatorBefore(m.at); ok && !ts.has(neg.at, fUsedNeg) {
			ts.set(neg.at, fUsedNeg)
			w, negated = -1, true
		}
		if !negated && ts.blamed(m.at) {
			w, negated = -1, true // "accused Somalia of seeking foreign pressure": condemned
		}
		w = ts.weigh(mt.at, ts.modify(m.at, w))
		ts.raw += w
		c := ts.cue(m, RoleFavor)
		c.Weight, c.Negated = round3(w), negated
		ts.cues = append(ts.cues, c)
		return
	}
}

// plainGap reports whether toks[a:b] can stand between a verb of wanting and the mention it
// wants: at most wantedReach lower-case words that are no cue, mention or negator ("demanding an
// immediate ceasefire").
func (ts *targetScore) plainGap(a, b int) bool {
	if b-a > wantedReach {
		return false
	}
	for k := a; k < b; k++ {
		if t := &ts.toks[k]; isQuoteMark(t.norm) && k == b-1 {
			continue // scare quotes open the mention: "wanted to 'normalise relations'"
		} else if !t.word || t.upper || ts.sc.starts[k]&(1<<rkFavor|1<<rkAgainst|1<<rkMention|1<<rkNegator) != 0 {
			return false
		}
	}
	return true
}

// negatesVerb reports whether a "not" or "never" before a mention negates a word between them
// that is none of the target's cues nor a light word, which is then what is denied: "was not party to the talks",
// "has not commented on the deal", "would not affect the peace process". "no" negates the noun
// phrase it opens, whatever it holds ("no prospect of talks"), and a light verb passes the
// negation on ("will not hold talks").
func (ts *targetScore) negatesVerb(neg, mt match) bool {
	switch ts.toks[neg.at+neg.n-1].norm {
	case "not", "n't", "never":
	default:
		return false
	}
	for k := neg.at + neg.n; k < mt.at; k++ {
		t := &ts.toks[k]
		if !t.word || isAuxWord(t.norm) || lightWord(t.norm) || ts.inKept(k) {
			continue
		}
		return true
	}
	return false
}

// inKept reports whether token k lies inside one of the target's kept matches.
func (ts *targetScore) inKept(k int) bool {
	for _, m := range ts.kept {
		if m.at <= k && k < m.at+m.n {
			return true
		}
	}
	return false
}

// lightWord reports whether w can stand between a negator and what it negates without being
// what is negated: determiners, prepositions, light verbs ("hold"), adverbs ("yet", "again") and
// the adjectives that qualify talks ("not hold direct talks", "not yet any formal negotiations").
func lightWord(w string) bool {
	switch w {
	case "a", "an", "the", "any", "this", "that", "these", "those", "such", "its", "their", "his", "her", "our",
		"to", "of", "for", "in", "with", "into", "being", "hold", "holds", "held", "holding", "having",
		"get", "yet", "even", "ever", "again", "directly", "formal", "further", "more", "new", "real", "serious",
		"meaningful", "direct", "official", "fresh":
		return true
	}
	return false
}

// requirement reports whether a negator is the "without" of a requirement: after another negation
// in its clause ("would not release hostages without a ceasefire"), or opening the sentence before
// one ("Without an end to the blockade there can be no agreement"). That asks for what follows it,
// so it negates neither the mention nor the cue.
func (ts *targetScore) requirement(neg match) bool {
	if ts.toks[neg.at].norm != "without" {
		return false
	}
	opens := sentenceStart(ts.toks, ts.sc.first, neg.at)
	for _, m := range ts.kept {
		if m.kind != rkNegator || m.at == neg.at {
			continue
		}
		if m.at < neg.at && ts.clauseOf(m.at) == ts.clauseOf(neg.at) || m.at > neg.at && opens {
			return true
		}
	}
	return false
}

// startsIn reports whether one of the target's kept matches of kind k starts in toks[a:b]: an
// against cue between an openness word and a mention, or at the mention's start, takes the
// openness word ("would lift sanctions", "would lift the measures"); a mention between a verb of
// wanting and a comparison is what the verb wants ("called for engagement rather than isolation").
func (ts *targetScore) startsIn(a, b int, k ruleKind) bool {
	for _, m := range ts.kept {
		if m.kind == k && a <= m.at && m.at < b {
			return true
		}
	}
	return false
}

// reportedBefore reports whether a reporting verb ("said") starts before token i in the sentence.
func (ts *targetScore) reportedBefore(i int) bool {
	for k := ts.sc.first; k < i; k++ {
		if ts.sc.starts[k]&(1<<rkReporting) != 0 {
			return true
		}
	}
	return false
}

// corrective reports whether a negator is the ", not" that sets aside one form of the target for
// another named before it ("wanted a permanent ceasefire, not a temporary truce"): a correction,
// not a side against the target.
func (ts *targetScore) corrective(neg match) bool {
	if ts.toks[neg.at].norm != "not" || neg.at-1 <= ts.sc.first || ts.toks[neg.at-1].norm != "," {
		return false
	}
	for _, m := range ts.mentions {
		if m.at+m.n < neg.at {
			return true
		}
	}
	return false
}

// outcome reports whether a negator tells how an event ended: the "without" after an event in its
// clause ("talks ended in Istanbul without an agreement"), or a "no" right after "but" that an
// event before it governs ("the talks produced a declaration but no agreement"). A report, not a
// side taken.
func (ts *targetScore) outcome(neg match) bool {
	w := ts.toks[neg.at].norm
	elided := w == "no" && neg.at > ts.sc.first && ts.toks[neg.at-1].norm == "but"
	if w != "without" && !elided {
		return false
	}
	for _, m := range ts.sc.matches {
		if m.kind == rkEvent && m.at < neg.at && (elided || ts.clauseOf(m.at) == ts.clauseOf(neg.at)) {
			return true
		}
	}
	return false
}

// lapse reports whether negator neg, in a perfect tense, tells for how long something has not
// happened, with a time after token e in its clause: "have not held formal talks since 2015",
// "there have been no talks in years". A report, not a side taken; "there will be no talks for
// years" refuses them.
func (ts *targetScore) lapse(neg match, e int) bool {
	perfect := false
	for k := max(ts.sc.first, neg.at-3); k < e && !perfect; k++ {
		switch ts.toks[k].norm {
		case "has", "have", "had":
			perfect = true
		}
	}
	if !perfect {
		return false
	}
	for k := e; k < ts.sc.last && k < e+4 && ts.clauseOf(k) == ts.clauseOf(neg.at); k++ {
		w := ts.toks[k].norm
		if k+1 >= ts.sc.last || w != "since" && w != "in" && w != "for" {
			continue
		}
		next := ts.toks[k+1].norm
		if w == "since" && (isNumber(next) || isMonthName(next) || next == "then" || next == "last" || next == "a" || next == "the") {
			return true // "since 2019", "since a dispute over access to the sea flared"
		}
		if isSpan(next) || k+2 < ts.sc.last && isSpan(ts.toks[k+2].norm) && (isNumber(next) || isCount(next)) {
			return true // "in years", "for two decades", "in 18 months"
		}
	}
	return false
}

// isSpan reports whether w is a span of time in the plural ("years").
func isSpan(w string) bool { return w == "years" || w == "months" || w == "decades" || w == "weeks" }

// exceptiveBut reports whether the token at i is a "but" that means "except" ("no option but open
// war", "nothing but a trick", "all but certain") or adds ("but also"): no contrast between clauses.
func exceptiveBut(toks []token, i int) bool {
	if toks[i].norm != "but" {
		return false
	}
	if i+1 < len(toks) && toks[i+1].norm == "also" {
		return true
	}
	switch toks[i-1].norm {
	case "option", "choice", "alternative", "nothing", "all", "anything", "everything", "none", "everyone", "anyone":
		return true
	}
	return false
}

// isCount reports whether w counts a span of time ("two years", "several months").
func isCount(w string) bool {
	switch w {
	case "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "a", "few":
		return true
	}
	return false
}

// markers adds the negators, modifiers and contrast that shaped the score, as cues of weight 0
// (or, for a concession, the contrast's own weight).
func (ts *targetScore) markers() {
	for _, m := range ts.kept {
		switch {
		case m.kind == rkContrast && m.at == ts.sc.contrast && ts.concession:
			c := ts.cue(m, RoleContrast)
			c.Weight = round3(ts.raw)
			ts.cues = append(ts.cues, c)
		case m.kind == rkNegator && ts.has(m.at, fUsedNeg) && !ts.has(m.at, fMarkedNeg):
			ts.cues = append(ts.cues, ts.cue(m, RoleNegator))
		case m.kind == rkIntensifier && ts.has(m.at, fUsedMod):
			ts.cues = append(ts.cues, ts.cue(m, RoleIntensifier))
		case m.kind == rkHedge && ts.has(m.at, fUsedMod):
			ts.cues = append(ts.cues, ts.cue(m, RoleHedge))
		case m.kind == rkContrast && m.at == ts.sc.contrast && ts.raw != 0:
			ts.cues = append(ts.cues, ts.cue(m, RoleContrast))
		}
	}
}

// question turns a question asked by a speaker into against: it is rhetorical.
func (ts *targetScore) question() {
	w := -1 - 2*math.Max(ts.raw, 0)
	ts.raw += w
	q := ts.sc.first
	for q < ts.sc.last-1 && ts.toks[q].norm != "?" {
		q++
	}
	ts.cues = append(ts.cues, Cue{Range: span(ts.toks, q, 1), Role: RoleQuestion, Weight: round3(w)})
}

// modify applies the intensifiers and hedges in the modifierReach tokens before a cue at i.
func (ts *targetScore) modify(i int, w float64) float64 {
	for _, m := range ts.kept {
		if m.at >= i || i-(m.at+m.n) >= modifierReach {
			continue
		}
		if m.kind == rkIntensifier || m.kind == rkHedge {
			w *= m.weight
			ts.set(m.at, fUsedMod)
		}
	}
	return w
}

// scoreOf maps a raw score to [-1, 1]: raw / (1 + |raw|).
func scoreOf(raw float64) float64 { return raw / (1 + math.Abs(raw)) }

func span(toks []token, at, n int) Range { return Range{toks[at].Begin, toks[at+n-1].End} }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// disputed reports whether cue m tells what others say ("Some say the sanctions are biting"), in
// its clause, and the sentence answers it after a contrast ("but our economy is growing"): the
// holder disputes it.
func (ts *targetScore) disputed(m match) bool {
	c := ts.sc.contrast
	if c < m.at+m.n {
		return false
	}
	for k := m.at - 1; k > ts.sc.first && k >= m.at-6 && ts.clauseOf(k) == ts.clauseOf(m.at); k-- {
		switch ts.toks[k].norm {
		case "say", "claim", "argue", "believe", "think", "insist":
			switch ts.toks[k-1].norm {
			case "some", "critics", "others", "many":
				return true
			}
		}
	}
	return false
}

// verbComplement reports whether the cue at token i is a verb that completes the word before it:
// after "to" ("force it to change"), or in "-ing" after "in" or "of" ("interest in resuming").
func verbComplement(toks []token, i int) bool {
	switch toks[i-1].norm {
	case "to":
		return true
	case "in", "of":
		return strings.HasSuffix(toks[i].norm, "ing")
	}
	return false
}

// nextPolar returns the first favor or against cue after kept[i].
func nextPolar(kept []match, i int) (match, bool) {
	for _, m := range kept[i+1:] {
		if m.kind == rkFavor || m.kind == rkAgainst {
			return m, true
		}
	}
	return match{}, false
}

// sentenceStart reports whether token i is the first word of the sentence that starts at first, or
// the first after an opening quote or bracket.
func sentenceStart(toks []token, first, i int) bool {
	for k := first; k < i; k++ {
		if toks[k].word {
			return false
		}
	}
	return true
}

// clauseBreakBetween reports whether a clause-ending mark lies between tokens a and b.
func clauseBreakBetween(toks []token, a, b int) bool {
	for k := a + 1; k < b; k++ {
		if clauseBreak(toks[k].norm) {
			return true
		}
	}
	return false
}

// sortStable sorts s stably by less: by insertion for the few dozen items a sentence has, which
// is quicker there than the general sort, and with slices.SortStableFunc for longer ones, so that
// a passage with no sentence breaks stays n log n.
func sortStable[T any](s []T, less func(a, b *T) bool) {
	if len(s) > 48 {
		slices.SortStableFunc(s, func(a, b T) int {
			switch {
			case less(&a, &b):
				return -1
			case less(&b, &a):
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(&s[j], &s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// headline reports whether toks[first:last] reads as a headline: four words or more, no closing
// point, and every word capitalised but for articles, conjunctions and short prepositions ("Hun
// Sen Rejects Talks with Rainsy", "EU SLAPS NEW SANCTIONS ON MINSK").
func headline(toks []token, first, last int) bool {
	if last-first < 4 || toks[last-1].norm == "." {
		return false
	}
	words, upper := 0, 0
	for i := first; i < last; i++ {
		t := &toks[i]
		if !t.word {
			continue
		}
		words++
		if t.upper {
			upper++
			continue
		}
		if t.norm != "" && t.norm[0] >= '0' && t.norm[0] <= '9' {
			continue // "EU Adds 25 Belarusian Officials To Sanctions List"
		}
		switch t.norm {
		case "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "from", "by",
			"as", "over", "amid", "after", "into", "vs":
		default:
			return false // "Sanctions against the regime were lifted": a sentence
		}
	}
	return words >= 4 && upper >= 3
}

// mentions reports whether the sentence has a match that can mention target t.
func mentions(sc *sentenceCues, t int32) bool {
	for _, m := range sc.matches {
		if m.kind == rkMention && m.target == t {
			return true
		}
	}
	return false
}
