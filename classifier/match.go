package classifier

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// ruleKind is what a lexicon entry is for.
type ruleKind uint8

const (
	rkMention ruleKind = iota
	rkFavor
	rkAgainst
	rkNegator
	rkIntensifier
	rkHedge
	rkReporting
	rkContrast
	rkConditional
	rkQuestion
	rkOpenness
	rkWanting
	rkHarm
	rkRemoval
	rkEvent
	rkAnaphor
	rkReference
	rkTitle
	rkNonName
	numKinds
)

// kindSet holds one bit per ruleKind: bit k for kind k (token.kinds, the starts of matches).
type kindSet uint32

// This does not compile with more kinds than a kindSet has bits.
const _ = kindSet(1 << (numKinds - 1))

var sharedRuleKind = map[string]ruleKind{
	KindNegators: rkNegator, KindIntensifiers: rkIntensifier, KindHedges: rkHedge, KindReporting: rkReporting,
	KindContrast: rkContrast, KindConditionals: rkConditional, KindQuestions: rkQuestion, KindOpenness: rkOpenness, KindWanting: rkWanting, KindHarms: rkHarm, KindRemovals: rkRemoval, KindEvents: rkEvent, KindAnaphors: rkAnaphor,
	KindTitles: rkTitle, KindNonNames: rkNonName,
}

// rule is one lexicon entry placed in the index. It holds no pointers, so that the matches made
// of it are copied and sorted without write barriers.
type rule struct {
	// weight is the entry's Weight.
	weight float64
	// target is the index in lexIndex.targets of the target the entry belongs to; -1 for shared
	// and common entries.
	target int32
	// size is the entry's number of words; ids is where their ids start in lexIndex.ids.
	size, ids int32
	// id1 is the id of the entry's second word; 0 for none, a prefix or anyWord. id2 is the id of
	// its third word when the second is anyWord ("the * measures"), else 0.
	id1, id2 int32
	kind     ruleKind
	// whenNeg is the entry's WhenNegated.
	whenNeg int8
	// object is the entry's Object.
	object bool
	// onlyNeg is the entry's OnlyNegated.
	onlyNeg bool
	// stars has bit j set when the entry's word j is anyWord ("made * concessions": bit 1).
	stars uint8
}

// whenNegated is the polarity the entry takes when negated (Neutral: the opposite of its own).
func (r *rule) whenNegated() Stance { return Stance(r.whenNeg) }

// lexIndex finds every entry that starts at a token: entries whose first word is a whole word by
// that word, and entries whose first word is a prefix ("negotiat*") by the prefix's first
// prefixKey bytes. Every whole word of any entry has a word id, which annotateToken gives the
// tokens once, so that matching compares numbers. Two small tables let most tokens skip the
// lookups: the first bytes of the words, and the first two bytes any prefix entry can start with.
type lexIndex struct {
	// wordID maps every whole word of an entry to its id, from 1; exactRules and exactKinds are
	// indexed by id.
	wordID wordTable
	// exactRules holds the entries whose first word is the word.
	exactRules ruleLists
	// exactKinds holds a bit for every kind of which the word is a whole one-word entry (bit k
	// for ruleKind k).
	exactKinds []kindSet
	// ids holds each entry's words in a row (rule.ids is where): a whole word's id, 0 for anyWord,
	// or for a prefix word -1 - its place in pats, which holds the prefixes (without the "*").
	ids  []int32
	pats packedStrings
	// targets are the target names, by rule.target; targetID maps them back.
	targets  []string
	targetID map[string]int32
	prefix   prefixTable
	// short holds prefix entries whose prefix is shorter than prefixKey.
	short []rule
	// maxWords is the most words an entry has.
	maxWords int
	// starts marks the first bytes of entries; prefix2 the first two bytes of prefix entries.
	starts  [256]bool
	prefix2 [1 << 16 / 64]uint64
}

const prefixKey = 3

// anyWord, as a word of a phrase between two others, matches any one word token, or a clitic
// such as the "'s" of "Cambodia's", which is a token of its own.
const anyWord = "*"

// newLexIndex indexes the target lexicons of l, the common cues and the shared kinds' words;
// split holds every phrase's words, as parsing split them.
func newLexIndex(l *Lexicons, common *TargetLexicon, shared map[string][]Entry, split map[string][]string) *lexIndex {
	ids := map[string]int32{}
	ix := &lexIndex{exactKinds: []kindSet{0}, targetID: map[string]int32{}}
	exact := [][]rule{nil} // by word id
	var pats []string
	prefixes := map[uint32][]rule{}
	id := func(w string) int32 {
		if w == anyWord {
			return 0
		}
		if p, ok := strings.CutSuffix(w, "*"); ok {
			pats = append(pats, p)
			return -int32(len(pats))
		}
		k, ok := ids[w]
		if !ok {
			k = int32(len(exact))
			ids[w] = k
			exact = append(exact, nil)
			ix.exactKinds = append(ix.exactKinds, 0)
			ix.starts[w[0]] = true
		}
		return k
	}
	add := func(kind ruleKind, target string, es []Entry) {
		ti := int32(-1)
		if target != "" {
			var ok bool
			if ti, ok = ix.targetID[target]; !ok {
				ti = int32(len(ix.targets))
				ix.targets = append(ix.targets, target)
				ix.targetID[target] = ti
			}
		}
		for i := range es {
			e := &es[i]
			words := split[e.Phrase]
			if kind == rkTitle || kind == rkNonName {
				// Looked up by token (token.kinds), never matched: as rules they would only
				// lengthen every passage's list of matches ("the", "in" and "is" are non-names).
				if len(words) == 1 && !strings.HasSuffix(words[0], "*") {
					ix.exactKinds[id(words[0])] |= 1 << kind
				}
				continue
			}
			r := rule{kind: kind, target: ti, size: int32(len(words)), ids: int32(len(ix.ids)),
				weight: e.Weight, whenNeg: int8(e.WhenNegated), object: e.Object, onlyNeg: e.OnlyNegated}
			if e.OnlyNegated {
				// Negated, it keeps its own side (it counts only then).
				r.whenNeg = int8(Favor)
				if kind == rkAgainst {
					r.whenNeg = int8(Against)
				}
			}
			for j, w := range words {
				ix.ids = append(ix.ids, id(w))
				if w == anyWord && j < 8 {
					r.stars |= 1 << j
				}
			}
			ix.maxWords = max(ix.maxWords, len(words))
			if len(words) > 1 {
				r.id1 = max(ix.ids[r.ids+1], 0)
			}
			if len(words) > 2 && ix.ids[r.ids+1] == 0 {
				r.id2 = max(ix.ids[r.ids+2], 0)
			}
			w := words[0]
			ix.starts[w[0]] = true
			switch {
			case !strings.HasSuffix(w, "*"):
				k := ids[w]
				exact[k] = append(exact[k], r)
				if len(words) == 1 {
					ix.exactKinds[k] |= 1 << kind
				}
			case len(w)-1 >= prefixKey:
				prefixes[key3(w)] = append(prefixes[key3(w)], r)
				k := uint16(w[0])<<8 | uint16(w[1])
				ix.prefix2[k/64] |= 1 << (k % 64)
			default:
				ix.short = append(ix.short, r)
			}
		}
	}
	for _, n := range l.names {
		t := l.targets[n]
		add(rkMention, n, t.Mentions)
		add(rkFavor, n, t.Favor)
		add(rkAgainst, n, t.Against)
		add(rkReference, n, t.References)
	}
	add(rkFavor, "", common.Favor)
	add(rkAgainst, "", common.Against)
	for _, kind := range sortedKinds(shared) {
		add(sharedRuleKind[kind], "", shared[kind])
	}
	ix.wordID = newWordTable(ids)
	ix.pats = packStrings(pats)
	ix.ids = slices.Clip(ix.ids)
	ix.exactKinds = slices.Clip(ix.exactKinds)
	// One array holds every rule, grouped by first word and then by prefix, so that matching reads
	// memory that lies together.
	var all []rule
	for _, rs := range exact {
		// By second word, those with none, a prefix or "*" first: try finds a long list's rules
		// for the next token's word by bisection ("the" starts many entries).
		slices.SortStableFunc(rs, func(a, b rule) int { return cmp.Compare(a.id1, b.id1) })
		all = append(all, rs...)
	}
	ix.prefix = newPrefixTable(prefixes, &all)
	ix.exactRules = newRuleLists(all, exact)
	ix.short = slices.Clip(ix.short)
	return ix
}

// ruleLists are lists of rules kept as one array and where each list starts: the collector marks
// two objects, where a [][]rule has one more pointer for each list. They lie in the order of
// ruleLists.all, which newRuleLists is given with the lists already in it, one after the other.
type ruleLists struct {
	all []rule
	at  []uint32 // list k is all[at[k]:at[k+1]]
}

// newRuleLists indexes lists, which lie in all one after the other from its start.
func newRuleLists(all []rule, lists [][]rule) ruleLists {
	l := ruleLists{all: all, at: make([]uint32, len(lists)+1)}
	for k, rs := range lists {
		l.at[k+1] = l.at[k] + uint32(len(rs))
	}
	return l
}

// get returns list k; it may not be appended to.
func (l *ruleLists) get(k int) []rule {
	b, e := l.at[k], l.at[k+1]
	return l.all[b:e:e]
}

// packedStrings is a list of strings kept as one string and where each starts, for the same reason.
type packedStrings struct {
	text string
	at   []uint32 // string k is text[at[k]:at[k+1]]
}

func packStrings(ss []string) packedStrings {
	p := packedStrings{at: make([]uint32, len(ss)+1)}
	var sb strings.Builder
	for k, s := range ss {
		sb.WriteString(s)
		p.at[k+1] = uint32(sb.Len())
	}
	p.text = sb.String()
	return p
}

func (p *packedStrings) get(k int) string { return p.text[p.at[k]:p.at[k+1]] }

// wordTable maps the lexicon's whole words to their ids: open addressing over a table at most half
// full, with FNV-1a, a hash that is cheap on words as short as these. A slot packs the word's hash
// and id in one number, so that a probe reads 8 bytes and compares a word only when the hashes agree.
type wordTable struct {
	slots []uint64      // hash<<32 | id; 0 for an empty slot
	words packedStrings // by id
	mask  uint32
}

func newWordTable(ids map[string]int32) wordTable {
	size := 16
	for size < 2*len(ids) {
		size *= 2
	}
	t := wordTable{slots: make([]uint64, size), mask: uint32(size - 1)}
	words := make([]string, len(ids)+1)
	for w, id := range ids {
		h := hashWord(w)
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = uint64(h)<<32 | uint64(uint32(id))
		words[id] = w
	}
	// Packed, the words a passage compares lie together, not all over the heap.
	t.words = packStrings(words)
	return t
}

func hashWord(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return h
}

// get returns the id of word w, or 0 when w is no whole word of an entry.
func (t *wordTable) get(w string) int32 {
	h := hashWord(w)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return 0
		}
		if uint32(s>>32) == h {
			if id := int32(uint32(s)); t.words.get(int(id)) == w {
				return id
			}
		}
	}
}

// prefixTable maps the first prefixKey bytes of a word to the prefix entries that start with
// them: an open-addressing table keyed by the bytes as one number, cheaper than a map of strings.
type prefixTable struct {
	keys  []uint32  // key3 of the slot's prefix; 0 for an empty slot
	rules ruleLists // by slot
	shift uint
}

// key3 packs the first three bytes of w (which has at least three) into a number that is never 0.
func key3(w string) uint32 { return 1<<24 | uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2]) }

// newPrefixTable builds the table of m, appending its rules to *all, slot by slot.
func newPrefixTable(m map[uint32][]rule, all *[]rule) prefixTable {
	size, bits := 16, uint(4)
	for size < 4*len(m) {
		size, bits = size*2, bits+1
	}
	t := prefixTable{keys: make([]uint32, size), shift: 32 - bits}
	slots := make([][]rule, size)
	for k, rs := range m {
		i := t.slot(k)
		t.keys[i], slots[i] = k, rs
	}
	from := len(*all)
	for _, rs := range slots {
		*all = append(*all, rs...)
	}
	t.rules = newRuleLists((*all)[from:], slots)
	return t
}

// slot returns the slot that holds k, or the empty slot where it would go.
func (t *prefixTable) slot(k uint32) int {
	i := int((k * 0x9E3779B1) >> t.shift)
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & (len(t.keys) - 1)
	}
	return i
}

// get returns the prefix entries whose prefix starts with the first prefixKey bytes of w.
func (t *prefixTable) get(w string) []rule {
	if i := t.slot(key3(w)); t.keys[i] != 0 {
		return t.rules.get(i)
	}
	return nil
}

// sortedKinds returns the shared kinds in a fixed order, so that matches come out the same way on
// every run.
func sortedKinds(m map[string][]Entry) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// annotateToken looks token t up once: its word id (token.wid) and which kinds it is a one-word
// entry of (token.kinds), so that matching and the holder rules need no map lookups of their own.
// tokenizeContext calls it for every token, given an index.
func (ix *lexIndex) annotateToken(t *token) {
	t.wid, t.kinds, t.titleDot = 0, 0, false
	w := t.norm
	if w == "" || !ix.starts[w[0]] {
		return
	}
	if k := ix.wordID.get(w); k > 0 {
		t.wid, t.kinds = k, ix.exactKinds[k]
	}
	if n := len(w); n > 1 && w[n-1] == '.' { // "Gen.", "Dr."
		if k := ix.wordID.get(w[:n-1]); k > 0 {
			t.titleDot = ix.exactKinds[k]&(1<<rkTitle) != 0
		}
	}
}

// startKinds returns, for each of n tokens, the kinds of the matches in ms that start there (bit
// k for ruleKind k), in out's space.
func startKinds(ms []match, n int, out []kindSet) []kindSet {
	out = slices.Grow(out[:0], n)[:n]
	clear(out)
	for _, m := range ms {
		out[m.at] |= 1 << m.kind
	}
	return out
}

// match is one entry found in the passage: tokens [at, at+n).
type match struct {
	rule
	at, n int
}

// matchAll appends every entry that matches in toks[first:last], in token order.
func (ix *lexIndex) matchAll(toks []token, first, last int, out []match) []match {
	from := len(out)
	var buf [32]int
	quotes := buf[:0]
	out = ix.matchRun(toks, first, last, last, out, &quotes)
	if len(quotes) == 0 {
		return out
	}
	return ix.matchAcrossQuotes(toks, first, last, quotes, out, from)
}

// matchRun appends every entry that starts in toks[first:stop] and whose words match tokens in a
// row in toks[first:last], in token order. With quotes, it appends to *quotes where the
// quotation marks are.
func (ix *lexIndex) matchRun(toks []token, first, stop, last int, out []match, quotes *[]int) []match {
	for i := first; i < stop; i++ {
		w := toks[i].norm
		if quotes != nil && isQuoteToken(&toks[i]) {
			*quotes = append(*quotes, i)
		}
		if w == "" || !ix.starts[w[0]] {
			continue
		}
		if k := toks[i].wid; k > 0 {
			rs := ix.exactRules.get(int(k))
			if len(rs) > bisectFrom && i+1 < last {
				// The rules without a fixed second word, then those whose second word is the
				// next token's.
				n := sort.Search(len(rs), func(j int) bool { return rs[j].id1 > 0 })
				out = ix.try(rs[:n], 1, toks, i, last, out)
				next := toks[i+1].wid
				if next > 0 {
					b := n + sort.Search(len(rs)-n, func(j int) bool { return rs[n+j].id1 >= next })
					e := b
					for e < len(rs) && rs[e].id1 == next {
						e++
					}
					out = ix.try(rs[b:e], 1, toks, i, last, out)
				}
			} else {
				out = ix.try(rs, 1, toks, i, last, out)
			}
		}
		if len(w) >= prefixKey {
			if k := uint16(w[0])<<8 | uint16(w[1]); ix.prefix2[k/64]&(1<<(k%64)) != 0 {
				out = ix.try(ix.prefix.get(w), 0, toks, i, last, out)
			}
		}
		if len(ix.short) > 0 {
			out = ix.try(ix.short, 0, toks, i, last, out)
		}
	}
	return out
}

// isQuoteToken reports whether t is a quotation mark on its own, double or single (curly ones are
// straight in norm).
func isQuoteToken(t *token) bool { return isQuoteMark(t.norm) || t.norm == "'" }

// matchAcrossQuotes appends to out, whose matches from index from on are those of toks[first:last]
// in token order, the entries of several words that match there only when the quotation marks
// between their words are passed over: a scare quote leaves a phrase what it is (`trigger the
// "snapback" of U.N. sanctions`, `had "no interest whatsoever" in talking`). quotes are where the
// marks are, in order.
func (ix *lexIndex) matchAcrossQuotes(toks []token, first, last int, quotes []int, out []match, from int) []match {
	added := false
	var viewBuf [24]token
	var posBuf [24]int
	view, pos := viewBuf[:0], posBuf[:0]
	for _, k := range quotes {
		if k == first || k+1 >= last || !toks[k-1].word && !isQuoteToken(&toks[k-1]) || !toks[k+1].word && !isQuoteToken(&toks[k+1]) {
			continue // a mark after or before a comma or a point is no scare quote
		}
		// The window around the mark, without its marks; pos maps it back to toks. A phrase over
		// the mark starts at one of the words before it and ends within an entry's length (and
		// two more marks), and one over an earlier mark was matched at that one.
		lo, hi := max(first, k-(ix.maxWords-1)), min(last, k+ix.maxWords+2)
		view, pos = view[:0], pos[:0]
		stop := 0 // the view's tokens before the mark
		for j := lo; j < hi; j++ {
			if !isQuoteToken(&toks[j]) {
				view = append(view, toks[j])
				pos = append(pos, j)
				if j < k {
					stop = len(view)
				}
			}
		}
		n := len(out)
		out = ix.matchRun(view, 0, stop, len(view), out, nil)
		kept := n
		for _, m := range out[n:] {
			b, e := pos[m.at], pos[m.at+m.n-1]+1
			// Only those over this mark, and over no mark before it (matched at that one).
			if b >= k || e <= k || firstQuoteIn(toks, b, e) != k {
				continue
			}
			stars := uint8(0)
			for j := 0; j < m.n && j < 8; j++ {
				if m.stars&(1<<j) != 0 && pos[m.at+j]-b < 8 {
					stars |= 1 << (pos[m.at+j] - b)
				}
			}
			m.at, m.n, m.stars = b, e-b, stars
			out[kept] = m
			kept++
		}
		out = out[:kept]
		added = added || kept > n
	}
	if added {
		slices.SortStableFunc(out[from:], func(a, b match) int { return a.at - b.at })
	}
	return out
}

// firstQuoteIn returns the first quotation mark in toks[b:e], or -1.
func firstQuoteIn(toks []token, b, e int) int {
	for k := b; k < e; k++ {
		if isQuoteToken(&toks[k]) {
			return k
		}
	}
	return -1
}

// bisectFrom is the length from which matchAll bisects a word's rules by their second word.
const bisectFrom = 8

// try appends the rules of rs that match at token i, comparing their words from the from-th on
// (the words before are known to match).
func (ix *lexIndex) try(rs []rule, from int, toks []token, i, last int, out []match) []match {
	for k := range rs {
		r := &rs[k]
		n := int(r.size)
		if i+n > last {
			continue
		}
		// Most entries have one or two words; the second word's id sits in the rule itself.
		if from <= 1 && n > 1 && r.id1 != 0 && toks[i+1].wid != r.id1 {
			continue
		}
		if r.id2 != 0 && toks[i+2].wid != r.id2 {
			continue // "the * measures" after "the": the third word decides first
		}
		ok := true
		if from == 0 || n > 2 || (n == 2 && r.id1 == 0) {
			ids := ix.ids[r.ids : int(r.ids)+n]
			for j := from; j < n && ok; j++ {
				switch {
				case ids[j] > 0:
					ok = toks[i+j].wid == ids[j]
				case ids[j] == 0: // "*" alone: a word, or the "'s" a name takes
					t := &toks[i+j]
					ok = t.word || len(t.norm) > 1 && t.norm[0] == '\''
				default:
					ok = strings.HasPrefix(toks[i+j].norm, ix.pats.get(int(-1-ids[j])))
				}
			}
		}
		if ok {
			// Filled in place: building the match in a temporary and copying it costs a
			// store-forwarding stall per match.
			out = append(out, match{})
			m := &out[len(out)-1]
			m.rule, m.at, m.n = *r, i, n
		}
	}
	return out
}
