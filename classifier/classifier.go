// Package classifier is stance's domain: it reads a passage of news text and reports, sentence by
// sentence, who takes which position on each target (negotiation, international pressure, or a
// target a user defines with a lexicon file). It knows nothing of any transport.
package classifier

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Classifier scores passages against a set of lexicons. It is safe for concurrent use; to change
// lexicons, build a new Classifier.
type Classifier struct {
	lex *Lexicons
}

// New returns a classifier over lex.
func New(lex *Lexicons) *Classifier { return &Classifier{lex: lex} }

// Lexicons returns the classifier's lexicons.
func (c *Classifier) Lexicons() *Lexicons { return c.lex }

// Targets resolves the requested target names: empty means every target, in name order; duplicates
// are dropped; an unknown name is an EINVALID error on field "targets".
func (c *Classifier) Targets(names []string) ([]string, error) {
	if len(names) == 0 {
		return append([]string(nil), c.lex.names...), nil
	}
	out := make([]string, 0, len(names))
	seen := make(map[string]bool, len(names))
	var unknown []string
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		if c.lex.targets[n] == nil {
			unknown = append(unknown, fmt.Sprintf("%q", n))
			continue
		}
		out = append(out, n)
	}
	if len(unknown) > 0 {
		if len(unknown) > 5 {
			unknown = append(unknown[:5], fmt.Sprintf("and %d more", len(unknown)-5))
		}
		return nil, Errorf(EINVALID, "targets", "unknown target %s (known: %s)", strings.Join(unknown, ", "),
			strings.Join(c.lex.names, ", "))
	}
	return out, nil
}

// Validate checks text: it must be valid UTF-8 and hold something other than white space.
func Validate(text string) error {
	if !utf8.ValidString(text) {
		return Errorf(EINVALID, "text", "text is not valid UTF-8")
	}
	if text == "" {
		return Errorf(EINVALID, "text", "text is empty")
	}
	if strings.TrimSpace(text) == "" {
		return Errorf(EINVALID, "text", "text holds only white space")
	}
	return nil
}

// Classify scores text for the named targets (all when none are named) and calls emit with each
// span as soon as its sentence is scored, in sentence order and, within a sentence, in target
// order. It returns the passage summary. It stops with the context's error when ctx ends, and with
// emit's error when emit fails.
func (c *Classifier) Classify(ctx context.Context, text string, targets []string, emit func(Span) error) (Summary, error) {
	if err := Validate(text); err != nil {
		return Summary{}, err
	}
	ts, err := c.Targets(targets)
	if err != nil {
		return Summary{}, err
	}
	if err := ctx.Err(); err != nil {
		return Summary{}, err
	}
	w := getWork()
	defer w.put()
	toks, err := tokenizeContext(ctx, text, w.toks[:0], c.lex.index)
	w.toks = toks
	if err != nil {
		if ctx.Err() != nil {
			return Summary{}, err
		}
		return Summary{}, fmt.Errorf("tokenize: %w", err)
	}
	sents := segment(toks, w.sents[:0])
	w.sents = sents
	quotes := findQuotes(text, toks, sents, w.quotes[:0], &w.inside)
	w.quotes = quotes
	// The lexicons are matched over the whole passage at once; each sentence takes its share, and
	// the holder rules look at any stretch of it.
	w.matches = c.lex.index.matchAll(toks, 0, len(toks), w.matches[:0])
	w.starts = startKinds(w.matches, len(toks), w.starts)
	hs := &w.hs
	hs.reset(text, toks, sents, quotes, w.matches, w.starts)
	agg := newAggregate(ts)
	ids := make([]int32, len(ts)) // the targets' indices in the lexicon index
	for i, t := range ts {
		ids[i] = c.lex.index.targetID[t]
	}
	lastAbout := make([]int, len(ts)) // the last sentence about each target
	for i := range lastAbout {
		lastAbout[i] = -10
	}
	// recent is the target named last in the latest sentence that named any: the one an anaphor
	// opening the next sentence refers to ("... triggering the sanctions. They are designed to ...").
	recent := -1
	sc := &w.sc
	sc.starts = w.starts
	// live is set for the requested targets sentence by sentence; the others stay false.
	sc.live = slices.Grow(sc.live[:0], len(c.lex.index.targets))[:len(c.lex.index.targets)]
	clear(sc.live)
	var cueSlab []Cue // the spans' cues, copied out of sc's buffer
	next := 0         // the first match not yet taken by a sentence
	for si, s := range sents {
		if si%16 == 0 {
			if err := ctx.Err(); err != nil {
				return Summary{}, err
			}
		}
		analyse(toks, s, sc, sc.take(w.matches, &next, s))
		for ti, id := range ids {
			sc.live[id] = refersBack(si, lastAbout[ti])
		}
		holder := hs.holderOf(si)
		latest, latestEnd := -1, -1
		for ti, t := range ts {
			implied := -1
			if follows(si, lastAbout[ti]) {
				if ti == recent {
					implied = anaphor(toks, sc, holder.Name)
					if implied >= 0 && othersReference(sc, implied, ids, ti, si, lastAbout) {
						implied = -1
					}
				}
			}
			if implied < 0 && refersBack(si, lastAbout[ti]) {
				implied = reference(sc, ids[ti])
			}
			cues, raw, about := scoreTarget(toks, sc, ids[ti], implied, s.quote >= 0)
			if !about {
				continue
			}
			cues = ownCues(&cueSlab, cues)
			explicit := hasExplicit(cues, toks, implied)
			if explicit || implied >= 0 {
				lastAbout[ti] = si
			}
			if end := lastMentionEnd(cues, toks, implied); explicit && end > latestEnd {
				latest, latestEnd = ti, end
			}
			score := scoreOf(raw)
			sp := Span{
				Range:         Range{toks[s.first].Begin, toks[s.last-1].End},
				SentenceIndex: si,
				Target:        t,
				Stance:        stanceOf(score),
				Score:         round3(score),
				Holder:        holder,
				Cues:          cues,
			}
			sp.Confidence = confidence(score, explicit)
			agg.add(ti, sp)
			if err := emit(sp); err != nil {
				return Summary{}, err
			}
		}
		if latest >= 0 {
			recent = latest
		}
	}
	if err := ctx.Err(); err != nil {
		return Summary{}, err
	}
	sum := agg.summary()
	sum.SentenceCount = len(sents)
	return sum, nil
}

// ownCues copies cues, which live in a buffer the next sentence reuses, into *slab, and returns
// the copy. The slab is filled a chunk at a time and never reused, since callers may keep spans;
// chunks start small, for one-sentence passages, and double up to maxCueChunk.
func ownCues(slab *[]Cue, cues []Cue) []Cue {
	if len(cues) > cap(*slab)-len(*slab) {
		*slab = make([]Cue, 0, max(min(2*cap(*slab), maxCueChunk), 2*len(cues), 8))
	}
	a := len(*slab)
	*slab = append(*slab, cues...)
	return (*slab)[a:len(*slab):len(*slab)]
}

// maxCueChunk is the most cues ownCues allocates at once, unless one span has more.
const maxCueChunk = 256

// follows reports whether sentence si comes close enough after sentence prev (the last one about
// a target) for an anaphor in si to refer back to it: the next sentence or the one after, in any
// paragraph, since news runs one sentence to a paragraph as often as not.
func follows(si, prev int) bool { return si-prev == 1 || si-prev == 2 }

// refersBack reports whether sentence si comes close enough after sentence prev (the last one
// about a target) for a reference in si ("the step", "the measures") to stand for the target: up
// to three sentences on, one more than an anaphor, since a reference names what it stands for
// ("... proposed suspending the trade preferences. [two sentences on other things] Rights groups
// welcomed the step").
func refersBack(si, prev int) bool { return si-prev >= 1 && si-prev <= 3 }

// anaphor returns the token index of the sentence's first word when it refers back ("It", "This",
// "The move"), or -1.
func anaphor(toks []token, sc *sentenceCues, holder string) int {
	for _, m := range sc.matches {
		if m.kind == rkAnaphor && (sentenceStart(toks, sc.first, m.at) || afterOpeningAttribution(toks, sc, m.at, holder)) {
			for _, r := range sc.matches {
				if r.kind == rkReporting && r.at == m.at+m.n {
					return -1 // "It said ...": a speaker, not the topic
				}
			}
			return m.at
		}
	}
	return -1
}

// othersReference reports whether the anaphor at token a opens a reference of a target other than
// ts[ti] that sentence si may refer back to: after "... a new package of sanctions to push Moscow
// toward a ceasefire", "Peskov said such measures had never worked" is about the sanctions, though
// the ceasefire was named last.
func othersReference(sc *sentenceCues, a int, ids []int32, ti, si int, lastAbout []int) bool {
	for _, m := range sc.matches {
		if m.kind != rkReference || m.at != a || m.target == ids[ti] {
			continue
		}
		for tj, id := range ids {
			// lastAbout[tj] is si itself when tj came first and this sentence was about it.
			if id == m.target && (follows(si, lastAbout[tj]) || lastAbout[tj] == si) {
				return true
			}
		}
	}
	return false
}

// reference returns the token index of the first of target t's references in the sentence ("the
// measures"), or -1.
func reference(sc *sentenceCues, t int32) int {
	for _, m := range sc.matches {
		if m.kind == rkReference && m.target == t && !referenceTaken(sc, m) {
			return m.at
		}
	}
	return -1
}

// referenceTaken reports whether reference r lies over a mention of another target that one of
// the three sentences before was about: after a ceasefire plan and then sanctions, "the proposal" in
// "The rebels rejected the proposal" is the plan, though "the proposal" can stand for sanctions
// proposed.
func referenceTaken(sc *sentenceCues, r match) bool {
	for _, m := range sc.matches {
		if m.kind == rkMention && m.target >= 0 && m.target != r.target && int(m.target) < len(sc.live) &&
			sc.live[m.target] && m.at < r.at+r.n && r.at < m.at+m.n {
			return true
		}
	}
	return false
}

// afterOpeningAttribution reports whether token i comes right after an attribution that opens the
// sentence: "He said it would ...", "Orlov said that this was ...".
func afterOpeningAttribution(toks []token, sc *sentenceCues, i int, holder string) bool {
	if toks[i].norm == "that" {
		return false // "said that ..." introduces the speech; it refers to nothing
	}
	k := i - 1
	if k > sc.first && toks[k].norm == "that" {
		k--
	}
	if k < sc.first || k-sc.first > 3 {
		return false
	}
	for _, m := range sc.matches {
		if m.kind != rkReporting || m.at+m.n-1 != k {
			continue
		}
		// The speaker must be a person ("He said it", "Orlov said it"): after "The ministry said"
		// or "The Polisario Front said", "it" is that body itself.
		if toks[sc.first].norm == "the" {
			return false
		}
		j := m.at - 1
		for j > sc.first && (toks[j].norm == "also" || toks[j].norm == "has" || toks[j].norm == "had") {
			j--
		}
		if j == sc.first && strings.EqualFold(holder, toks[j].norm) {
			// "Ukraine said it was ready ...": a one-word speaker never named in full as a person is
			// a country or a body, and "it" is the speaker; "Orlov said it", after "Oleg Orlov",
			// resolves to the person.
			return false
		}
		return j >= sc.first && (toks[j].norm == "he" || toks[j].norm == "she" || toks[j].upper && toks[j].word)
	}
	return false
}

// lastMentionEnd returns where the last explicit mention among cues ends, or -1.
func lastMentionEnd(cues []Cue, toks []token, implied int) int {
	end := -1
	for _, c := range cues {
		if c.Role == RoleMention && (implied < 0 || c.Begin != toks[implied].Begin) && c.End > end {
			end = c.End
		}
	}
	return end
}

// hasExplicit reports whether cues hold a mention other than the implied anaphor (-1 for none).
func hasExplicit(cues []Cue, toks []token, implied int) bool {
	for _, c := range cues {
		if c.Role == RoleMention && (implied < 0 || c.Begin != toks[implied].Begin) {
			return true
		}
	}
	return false
}

// confidence is |score| scaled up to [0.5, 1] for spans that take a side and 1 - |score| for
// neutral ones, times anaphorConfidence when the target is only referred to.
func confidence(score float64, explicit bool) float64 {
	c := 0.5 + math.Abs(score)/2
	if stanceOf(score) == Neutral {
		c = 1 - math.Abs(score)
	}
	if !explicit {
		c *= anaphorConfidence
	}
	return round3(c)
}

// aggregate sums the spans of a passage into its summary, per target and per holder.
type aggregate struct {
	targets []string
	per     []TargetSummary // by target index
	sums    []float64       // the scores of each target's favor and against spans
	holders []string        // in the order they first held a stance
	holder  map[string]int  // index in holders
	// byHold holds holder h's stance on target t at h*len(targets)+t; Score is a sum until
	// summary divides it.
	byHold []HolderStance
}

func newAggregate(targets []string) *aggregate {
	a := &aggregate{targets: targets, per: make([]TargetSummary, len(targets)), sums: make([]float64, len(targets)),
		holder: map[string]int{}}
	for i, t := range targets {
		a.per[i].Target = t
	}
	return a
}

// add counts span sp, which is about targets[ti].
func (a *aggregate) add(ti int, sp Span) {
	ts := &a.per[ti]
	ts.SpanCount++
	if sp.Stance == Neutral {
		return
	}
	if sp.Stance == Favor {
		ts.FavorCount++
	} else {
		ts.AgainstCount++
	}
	a.sums[ti] += sp.Score
	h, ok := a.holder[sp.Holder.Name]
	if !ok {
		h = len(a.holders)
		a.holder[sp.Holder.Name] = h
		a.holders = append(a.holders, sp.Holder.Name)
		a.byHold = append(a.byHold, make([]HolderStance, len(a.targets))...)
	}
	hs := &a.byHold[h*len(a.targets)+ti]
	hs.Target = sp.Target
	hs.SpanCount++
	hs.Score += sp.Score
}

func (a *aggregate) summary() Summary {
	var s Summary
	s.Targets = make([]TargetSummary, 0, len(a.targets))
	for i := range a.targets {
		ts := a.per[i]
		if n := ts.FavorCount + ts.AgainstCount; n > 0 {
			ts.Score = round3(a.sums[i] / float64(n))
		}
		ts.Stance = signOf(ts.Score)
		s.SpanCount += ts.SpanCount
		s.Targets = append(s.Targets, ts)
	}
	for h, name := range a.holders {
		hsum := HolderSummary{Name: name}
		for _, st := range a.byHold[h*len(a.targets) : (h+1)*len(a.targets)] {
			if st.SpanCount > 0 {
				st.Score = round3(st.Score / float64(st.SpanCount))
				st.Stance = signOf(st.Score)
				hsum.Stances = append(hsum.Stances, st)
			}
		}
		s.Holders = append(s.Holders, hsum)
	}
	return s
}

func signOf(x float64) Stance {
	switch {
	case x > 0:
		return Favor
	case x < 0:
		return Against
	}
	return Neutral
}

// work is the scratch space of one Classify call, kept in a pool between calls so that a busy
// server does not allocate (and the kernel does not fault in) fresh buffers for every passage.
type work struct {
	toks   []token
	sents  []sentence
	quotes []quote
	inside []bool
	sc     sentenceCues
	hs     holders
	// matches are the lexicon matches of the whole passage, in token order; starts holds, for
	// each token, the kinds of those that start there.
	matches []match
	starts  []kindSet
}

// Between calls, work is kept in two places. spares holds up to one per processor, for passages
// of up to spareTokens tokens, across garbage collections. A sync.Pool empties at each collection
// (prose's garbage brings one every few dozen passages), and a call that then finds it empty, or
// runs on another processor than the call that put the work back, grows every buffer again.
// works takes the rest, until the next collection: more calls at once than processors, and
// buffers grown for long passages, which should not stay pinned.
var (
	spares = make(chan *work, runtime.GOMAXPROCS(0))
	works  = sync.Pool{New: func() any { return new(work) }}
)

// spareTokens bounds the works kept in spares (about 200 KB of tokens, for a passage of some
// 20 KB); maxPooledTokens bounds those kept at all.
const (
	spareTokens     = 1 << 12
	maxPooledTokens = 1 << 18
)

func getWork() *work {
	select {
	case w := <-spares:
		return w
	default:
		return works.Get().(*work)
	}
}

// put returns w to the pool, cleared of anything that points at the passage or the lexicons.
func (w *work) put() {
	if cap(w.toks) > maxPooledTokens {
		return
	}
	// The tokens hold strings of the passage. Those past len were cleared by the calls that used
	// them, as tokens only grow within a call; matches hold no pointers.
	clear(w.toks)
	w.toks = w.toks[:0]
	w.hs.release()
	if cap(w.toks) <= spareTokens {
		select {
		case spares <- w:
			return
		default:
		}
	}
	works.Put(w)
}
