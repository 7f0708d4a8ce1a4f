package classifier

import (
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
	rkOpenness
	rkAnaphor
	rkTitle
	rkNonName
	numKinds
)

var sharedRuleKind = map[string]ruleKind{
	KindNegators: rkNegator, KindIntensifiers: rkIntensifier, KindHedges: rkHedge, KindReporting: rkReporting,
	KindContrast: rkContrast, KindConditionals: rkConditional, KindOpenness: rkOpenness, KindAnaphors: rkAnaphor,
	KindTitles: rkTitle, KindNonNames: rkNonName,
}

// rule is one lexicon entry placed in the index.
type rule struct {
	kind ruleKind
	// target is the target the entry belongs to; "" for shared and common entries.
	target string
	entry  *Entry
}

// lexIndex finds every entry that starts at a token by the first prefixKey bytes of the entry's
// first word (the whole word when shorter), so that one map lookup per token finds every exact word
// and every prefix ("negotiat*") that can match there. exact maps whole one-word entries to their
// rules, for the holder's questions about single words ("is this a title?").
type lexIndex struct {
	byKey map[string][]rule
	exact map[string][]rule
	// short holds prefix entries whose prefix is shorter than prefixKey.
	short []rule
}

const prefixKey = 3

func newLexIndex(l *Lexicons) *lexIndex {
	ix := &lexIndex{byKey: map[string][]rule{}, exact: map[string][]rule{}}
	add := func(kind ruleKind, target string, es []Entry) {
		for i := range es {
			r := rule{kind: kind, target: target, entry: &es[i]}
			w := es[i].words[0]
			prefix := strings.HasSuffix(w, "*")
			if !prefix {
				ix.exact[w] = append(ix.exact[w], r)
			}
			switch {
			case !prefix && len(w) < prefixKey:
				ix.byKey[w] = append(ix.byKey[w], r)
			case !prefix:
				ix.byKey[w[:prefixKey]] = append(ix.byKey[w[:prefixKey]], r)
			case len(w)-1 >= prefixKey:
				ix.byKey[w[:prefixKey]] = append(ix.byKey[w[:prefixKey]], r)
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
	}
	add(rkFavor, "", l.common.Favor)
	add(rkAgainst, "", l.common.Against)
	for _, kind := range sortedKinds(l.shared) {
		add(sharedRuleKind[kind], "", l.shared[kind])
	}
	return ix
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

// match is one entry found in a sentence: tokens [at, at+n).
type match struct {
	rule
	at, n int
}

// matchAll appends every entry that matches in toks[first:last], in token order.
func (ix *lexIndex) matchAll(toks []token, first, last int, out []match) []match {
	for i := first; i < last; i++ {
		w := toks[i].norm
		if len(w) > prefixKey {
			w = w[:prefixKey]
		}
		out = ix.try(ix.byKey[w], toks, i, last, out)
		if len(ix.short) > 0 {
			out = ix.try(ix.short, toks, i, last, out)
		}
	}
	return out
}

func (ix *lexIndex) try(rs []rule, toks []token, i, last int, out []match) []match {
	for _, r := range rs {
		ws := r.entry.words
		if i+len(ws) > last {
			continue
		}
		ok := true
		for k, w := range ws {
			if !wordMatches(w, toks[i+k].norm) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, match{rule: r, at: i, n: len(ws)})
		}
	}
	return out
}

// wordMatches reports whether pattern (a word, or a prefix ending in "*") matches word.
func wordMatches(pattern, word string) bool {
	if strings.HasSuffix(pattern, "*") {
		return len(word) >= len(pattern)-1 && word[:len(pattern)-1] == pattern[:len(pattern)-1]
	}
	return pattern == word
}
