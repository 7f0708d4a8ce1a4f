package classifier

import (
	"math"
	"slices"
)

// Scoring constants. The README's "How a score is computed" section explains them; keep the two
// in step.
const (
	// minScore is the smallest |score| that takes a side: raw 0.5, as scores are rounded to three places.
	minScore = 0.333
	// otherClause weighs a cue in a clause with no mention of the target.
	otherClause = 0.5
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
	// embedReach is how many tokens may come between a verb of wanting and the cue it takes on.
	embedReach = 4
	// embedBoost strengthens a cue that a verb of wanting took on.
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
	// flags, inMention, cands and kept are scratch space for scoreTarget, reused from target to
	// target and sentence to sentence.
	flags       []uint8
	inMention   []bool
	cands, kept []match
}

// Per-token flags of scoreTarget.
const (
	fClaimed uint8 = 1 << iota
	fMentionClaimed
	fUsedNeg
	fUsedMod
	fEmbedded
	fMarkedNeg
)

// clauseBreak reports whether a token ends a clause.
func clauseBreak(norm string) bool {
	switch norm {
	case ",", ";", ":", "\u2013", "\u2014", "-", "--", "(", ")":
		return true
	}
	return false
}

// analyse finds the shared structure of sentence s.
func analyse(ix *lexIndex, toks []token, s sentence, sc *sentenceCues) {
	sc.first, sc.last, sc.contrast, sc.question = s.first, s.last, -1, false
	sc.matches = ix.matchAll(toks, s.first, s.last, sc.matches[:0])
	sc.clause = sc.clause[:0]
	c := 0
	for i := s.first; i < s.last; i++ {
		if clauseBreak(toks[i].norm) {
			c++
		}
		sc.clause = append(sc.clause, c)
	}
	for _, m := range sc.matches {
		if m.kind == rkContrast && m.at > s.first+1 && sc.contrast < 0 && !toks[m.at].upper {
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

// scoreTarget scores sentence sc for target t. implied is the token index of an anaphor that
// refers to the target when the sentence does not name it, or -1. It returns the cues, the raw
// score and whether the sentence is about the target at all.
func scoreTarget(toks []token, sc *sentenceCues, t string, implied int, inQuote bool) ([]Cue, float64, bool) {
	if implied < 0 && !mentions(toks, sc, t) {
		return nil, 0, false
	}
	sc.flags = slices.Grow(sc.flags[:0], sc.last-sc.first)[:sc.last-sc.first]
	clear(sc.flags)
	flag := func(i int) *uint8 { return &sc.flags[i-sc.first] }
	// Keep the target's own matches and the shared ones; a longer cue phrase hides the shorter cues
	// and markers inside it ("not unusual" hides "not").
	cands := sc.cands[:0]
	for _, m := range sc.matches {
		if m.target == t || m.target == "" {
			cands = append(cands, m)
		}
	}
	slices.SortStableFunc(cands, func(a, b match) int { return b.n - a.n })
	kept := sc.kept[:0]
	for _, m := range cands {
		owner := fClaimed
		if m.kind == rkMention {
			owner = fMentionClaimed
		}
		if m.kind == rkReporting || m.kind == rkTitle || m.kind == rkNonName || m.kind == rkAnaphor || m.kind == rkConditional {
			continue
		}
		if m.n == 1 && toks[m.at].upper && !toks[m.at].caps && !sentenceStart(toks, sc.first, m.at) && (m.kind == rkMention || m.kind == rkFavor || m.kind == rkAgainst) {
			continue // part of a name: "Rapid Support Forces", "the ASEAN Summit"
		}
		free := true
		for k := m.at; k < m.at+m.n; k++ {
			if *flag(k)&owner != 0 {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for k := m.at; k < m.at+m.n; k++ {
			*flag(k) |= owner
		}
		kept = append(kept, m)
	}
	slices.SortStableFunc(kept, func(a, b match) int { return a.at - b.at })

	var mentions []match
	for _, m := range kept {
		if m.kind == rkMention {
			mentions = append(mentions, m)
		}
	}
	if len(mentions) == 0 && implied < 0 {
		return nil, 0, false
	}
	sc.cands, sc.kept = cands, kept
	nClauses := sc.clause[len(sc.clause)-1] + 1
	sc.inMention = slices.Grow(sc.inMention[:0], nClauses)[:nClauses]
	clear(sc.inMention)
	mentionClause := sc.inMention
	var cues []Cue
	for _, m := range mentions {
		mentionClause[sc.clause[m.at-sc.first]] = true
		cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleMention})
	}
	for _, m := range sc.matches {
		if m.kind == rkAnaphor && len(mentions) > 0 && m.at > mentions[0].at {
			mentionClause[sc.clause[m.at-sc.first]] = true // "pressure is growing, but it is not strong"
		}
	}
	if implied >= 0 {
		mentionClause[sc.clause[implied-sc.first]] = true
		cues = append(cues, Cue{Range: span(toks, implied, 1), Role: RoleMention})
	}
	clauseOf := func(i int) int { return sc.clause[i-sc.first] }
	// negatorBefore returns the negator whose scope covers token i, if any. A negation answered by a
	// contrast in the same clause ("not the removal of all sanctions but a partial one") corrects
	// rather than negates, and flips nothing.
	negatorBefore := func(i int) (match, bool) {
		for k := len(kept) - 1; k >= 0; k-- {
			m := kept[k]
			if m.kind != rkNegator || m.at >= i {
				continue
			}
			if sc.contrast > m.at && sc.clause[sc.contrast-sc.first]-1 == clauseOf(m.at) && !clauseBreakBetween(toks, m.at, sc.contrast) {
				continue
			}
			end := m.at + m.n - 1
			if clauseOf(m.at) == clauseOf(i) && i-end <= negationReach {
				return m, true
			}
		}
		return match{}, false
	}
	has := func(i int, f uint8) bool { return *flag(i)&f != 0 }
	set := func(i int, f uint8) { *flag(i) |= f }
	raw := 0.0
	weigh := func(i int, w float64) float64 {
		if !mentionClause[clauseOf(i)] {
			w *= otherClause
		}
		if sc.contrast >= 0 {
			if i < sc.contrast {
				w *= beforeContrast
			} else {
				w *= afterContrast
			}
		}
		return w
	}
	// A conditional ("if", "unless") makes the rest of its clause hypothetical.
	condFrom, condClause := -1, -1
	for _, m := range sc.matches {
		if m.kind == rkConditional {
			condFrom, condClause = m.at, clauseOf(m.at)
			break
		}
	}
	polar := func(k ruleKind) bool { return k == rkFavor || k == rkAgainst }
	for ki, m := range kept {
		var sign float64
		switch m.kind {
		case rkFavor:
			sign = 1
		case rkAgainst:
			sign = -1
		default:
			continue
		}
		w := sign * m.entry.Weight
		neg, negated := negatorBefore(m.at)
		if negated && has(neg.at, fUsedNeg) {
			negated = false // one negation flips one cue: "not bow to foreign interference"
		}
		if negated {
			set(neg.at, fUsedNeg)
			switch m.entry.WhenNegated {
			case Favor:
				w = math.Abs(w)
			case Against:
				w = -math.Abs(w)
			default:
				w = -w
			}
		}
		w = modify(kept, m.at, w, func(k int) { set(k, fUsedMod) })
		// A verb of wanting or supporting followed closely by a cue for against takes that cue's side:
		// "called for an end to sanctions", "an offer he couldn't accept". It then only strengthens it.
		if sign > 0 && !negated {
			if next, ok := nextPolar(kept, ki, polar); ok && sideOf(next, negatorBefore) == Against && next.at-(m.at+m.n) <= embedReach && clauseOf(next.at) == clauseOf(m.at) {
				set(next.at, fEmbedded)
				cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleIntensifier})
				continue
			}
		}
		if has(m.at, fEmbedded) {
			w *= embedBoost
		}
		if condFrom >= 0 && m.at > condFrom && clauseOf(m.at) == condClause {
			w *= conditionalWeight
		}
		w = weigh(m.at, w)
		raw += w
		role := RoleFavor
		if sign < 0 {
			role = RoleAgainst
		}
		cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: role, Weight: round3(w), Negated: negated})
	}
	// A negator right before a mention ("no talks", "could not be any negotiations") is against,
	// and so is an openness word before a mention under negation; an openness word alone ("we can
	// negotiate", "ready for talks") is favor.
	for _, mt := range mentions {
		if neg, ok := negatorBefore(mt.at); ok && !has(neg.at, fUsedNeg) {
			set(neg.at, fUsedNeg|fMarkedNeg)
			w := weigh(mt.at, -1)
			raw += w
			cues = append(cues, Cue{Range: span(toks, neg.at, neg.n), Role: RoleNegator, Weight: round3(w), Negated: true})
			continue
		}
		for _, m := range kept {
			if m.kind == rkOpenness && m.at < mt.at && mt.at-(m.at+m.n) <= opennessReach && clauseOf(m.at) == clauseOf(mt.at) {
				w := weigh(mt.at, m.entry.Weight)
				raw += w
				cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleFavor, Weight: round3(w)})
				break
			}
		}
	}
	// A concession with nothing else said ("they are still threatening, but progress goes on")
	// plays the target down.
	concession := false
	if raw == 0 && sc.contrast >= 0 && mentions != nil && mentions[len(mentions)-1].at < sc.contrast {
		concession = true
		raw = -concessionWeight
	}
	for _, m := range kept {
		switch {
		case m.kind == rkContrast && m.at == sc.contrast && concession:
			cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleContrast, Weight: round3(raw)})
		case m.kind == rkNegator && has(m.at, fUsedNeg) && !has(m.at, fMarkedNeg):
			cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleNegator})
		case m.kind == rkIntensifier && has(m.at, fUsedMod):
			cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleIntensifier})
		case m.kind == rkHedge && has(m.at, fUsedMod):
			cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleHedge})
		case m.kind == rkContrast && m.at == sc.contrast && raw != 0:
			cues = append(cues, Cue{Range: span(toks, m.at, m.n), Role: RoleContrast})
		}
	}
	// A question asked by a speaker about the target is rhetorical: it turns favor into against.
	if sc.question && inQuote {
		w := -1 - 2*math.Max(raw, 0)
		raw += w
		q := sc.first
		for q < sc.last-1 && toks[q].norm != "?" {
			q++
		}
		cues = append(cues, Cue{Range: span(toks, q, 1), Role: RoleQuestion, Weight: round3(w)})
	}
	slices.SortStableFunc(cues, func(a, b Cue) int { return a.Begin - b.Begin })
	return cues, raw, true
}

// modify applies the intensifiers and hedges in the modifierReach tokens before a cue at i.
func modify(kept []match, i int, w float64, use func(int)) float64 {
	for _, m := range kept {
		if m.at >= i || i-(m.at+m.n) >= modifierReach {
			continue
		}
		switch m.kind {
		case rkIntensifier:
			w *= m.entry.Weight
			use(m.at)
		case rkHedge:
			w *= m.entry.Weight
			use(m.at)
		}
	}
	return w
}

// scoreOf maps a raw score to [-1, 1]: raw / (1 + |raw|).
func scoreOf(raw float64) float64 { return raw / (1 + math.Abs(raw)) }

func span(toks []token, at, n int) Range { return Range{toks[at].Begin, toks[at+n-1].End} }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// sideOf returns the side a cue takes after any negation: "an offer he couldn't accept" is against.
func sideOf(m match, negatorBefore func(int) (match, bool)) Stance {
	side := Favor
	if m.kind == rkAgainst {
		side = Against
	}
	if _, negated := negatorBefore(m.at); negated {
		switch {
		case m.entry.WhenNegated != Neutral:
			side = m.entry.WhenNegated
		case side == Favor:
			side = Against
		default:
			side = Favor
		}
	}
	return side
}

// nextPolar returns the first favor or against cue after kept[i].
func nextPolar(kept []match, i int, polar func(ruleKind) bool) (match, bool) {
	for _, m := range kept[i+1:] {
		if polar(m.kind) {
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

// mentions reports whether the sentence has a match that can mention target t.
func mentions(toks []token, sc *sentenceCues, t string) bool {
	for _, m := range sc.matches {
		if m.kind == rkMention && m.target == t {
			return true
		}
	}
	return false
}
