package classifier

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// sentence is a run of tokens [first, last) that forms one sentence.
type sentence struct {
	first, last int
	// para counts paragraphs from zero.
	para int
	// quoted counts the sentence's word tokens that are inside quotation marks, and words all of them.
	quoted, words int
	// quote is the index of the speech quote the sentence is mostly inside, or -1.
	quote int
	// headline says the sentence, after any dateline, reads as a headline (see headline).
	headline bool
}

// quote is a stretch of speech in quotation marks, possibly over several sentences and paragraphs.
type quote struct {
	// open and close are the token indexes of the marks; close is -1 when the quote never closes.
	open, close int
	// end is the token index the quote ends before: its closing mark, or the paragraph break or end
	// of text where it was left open.
	end int
	// words counts the word tokens inside.
	words int
}

// maxSentenceTokens bounds a sentence so that text without any full stop still streams.
const maxSentenceTokens = 400

// segment splits tokens into sentences: a sentence ends at ".", "!", "?" or "…" (with any closing
// quotes and brackets that follow) when the next token starts a new sentence, at a line break, or
// after maxSentenceTokens tokens.
func segment(toks []token, out []sentence) []sentence {
	start, para := 0, 0
	for i := 0; i < len(toks); i++ {
		if i > start && toks[i].paraBreak {
			out = append(out, sentence{first: start, last: i, para: para})
			start = i
		}
		if toks[i].paraBreak {
			para++
		}
		if i-start+1 >= maxSentenceTokens {
			out = append(out, sentence{first: start, last: i + 1, para: para})
			start = i + 1
			continue
		}
		if i > start && i+1 < len(toks) && !toks[i+1].paraBreak && pointEnds(toks, i) {
			// "... in May. Beijing ...": prose keeps the point on a short capitalised word.
			out = append(out, sentence{first: start, last: i + 1, para: para})
			start = i + 1
			continue
		}
		if !isTerminal(toks[i].norm) || (toks[i].norm == "." && i > 0 && isInitial(toks, i-1)) {
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].paraBreak && toks[j].Begin == toks[j-1].End && (isTerminal(toks[j].norm) || isCloser(toks[j].norm)) {
			j++
		}
		if j == len(toks) || toks[j].paraBreak || startsSentence(toks[j]) && !attributedQuestion(toks, i, j) {
			out = append(out, sentence{first: start, last: j, para: para})
			start = j
			i = j - 1
		} else {
			// Not a sentence end: step over the whole run of marks ("...", "?!"), but no further
			// than the sentence cap, so that a long run costs linear time.
			i = min(j, start+maxSentenceTokens-1) - 1
		}
	}
	if start < len(toks) {
		out = append(out, sentence{first: start, last: len(toks), para: para})
	}
	for i := range out {
		s := &out[i]
		if toks[0].paraBreak {
			s.para--
		}
		s.headline = headline(toks, datelineEnd(toks, s.first, s.last), s.last)
	}
	return out
}

// datelineEnd returns where the sentence toks[a:b] starts after a news dateline such as
// "WASHINGTON (AP) —" or "CAIRO -", or a when there is none.
func datelineEnd(toks []token, a, b int) int {
	if a >= b || !toks[a].caps || !toks[a].paraBreak && a != 0 {
		return a
	}
	for i := a + 1; i < b && i < a+12; i++ {
		switch toks[i].norm {
		case "\u2014", "\u2013", "-", "--":
			return i + 1
		}
	}
	return a
}

// attributedQuestion reports whether the "?" or "!" at i closes a quotation, ending at j, that the
// words after it attribute: a name and a reporting verb before any other mark ("Is this the way
// to hold talks?" Lavrov asked reporters.). The attribution belongs to the quotation's sentence.
func attributedQuestion(toks []token, i, j int) bool {
	if toks[i].norm != "?" && toks[i].norm != "!" || !isCloser(toks[j-1].norm) {
		return false
	}
	for k := j; k < len(toks) && k < j+6 && !toks[k].paraBreak && toks[k].word; k++ {
		if toks[k].kinds&(1<<rkReporting) != 0 {
			return k > j
		}
	}
	return false
}

func isTerminal(s string) bool {
	switch s {
	case ".", "!", "?", "\u2026", "...":
		return true
	}
	return false
}

func isCloser(s string) bool {
	switch s {
	case `"`, "'", ")", "]", "\u201d", "\u2019", "\u00bb":
		return true
	}
	return false
}

func isOpener(s string) bool {
	switch s {
	case `"`, "(", "[", "\u201c", "\u00ab":
		return true
	}
	return false
}

// startsSentence reports whether t can begin a sentence: an upper-case letter, a digit or an
// opening mark.
func startsSentence(t token) bool {
	if t.upper || isOpener(t.norm) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.norm)
	return r >= '0' && r <= '9' || (t.word && !isLowerLatin(r))
}

func isLowerLatin(r rune) bool { return r >= 'a' && r <= 'z' || r >= 0xDF && r <= 0x24F }

// pointEnds reports whether toks[i], a word with its full point kept on it, ends the sentence.
// prose keeps the point on a capitalised word of two or three letters ("May.", "Sen.", "Kim.") and
// on initialisms ("U.S."), whether it marks an abbreviation or the end of a sentence. Such a token
// ends the sentence when the next token, after white space, can start one; an initialism only
// before a word that often opens a sentence ("U.S. The ..." but not "U.S. Treasury"), and a common
// abbreviation ("Jan.", "Gen.", "Inc.") only after a capitalised word, whose surname it then is
// ("Hun Sen."), not after others ("on Jan. 5", "said Gen. Ruiz").
func pointEnds(toks []token, i int) bool {
	t, next := &toks[i], &toks[i+1]
	w, ok := strings.CutSuffix(t.norm, ".")
	if !ok || w == "" || !t.word || next.Begin == t.End || !startsSentence(*next) {
		return false
	}
	if strings.Contains(w, ".") {
		return next.kinds&(1<<rkNonName) != 0
	}
	if abbreviation(w) {
		prev := &toks[i-1]
		return prev.word && prev.upper
	}
	return true
}

// abbreviation reports whether w, lower case and without its point, is a common abbreviation.
func abbreviation(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "maj", "adm", "capt",
		"prof", "rev", "st", "mt", "jr", "sr", "inc", "ltd", "co", "no", "vol", "vs", "etc", "dept",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "est", "fig":
		return true
	}
	return false
}

// isInitial reports whether toks[i] is a single upper-case letter, as in "J. Smith".
func isInitial(toks []token, i int) bool {
	t := toks[i]
	return t.upper && t.End-t.Begin == 1
}

// findQuotes marks the speech quotes of the text and which sentences they hold. Curly marks say
// which way they face, and a straight one by the space around it (markOpens). A quote left open at
// the end of a paragraph runs on when the next paragraph reopens it with a mark (the news
// convention) or closes it before opening another; otherwise it ends with the paragraph. Quotes of
// three words or fewer inside one sentence are scare quotes ("a “fake”"), not speech. It appends
// the quotes to qs and uses *scratch as scratch space; both may be buffers of an earlier call.
func findQuotes(text string, toks []token, sents []sentence, qs []quote, scratch *[]bool) []quote {
	open := -1 // index into qs of the open quote
	*scratch = slices.Grow((*scratch)[:0], len(toks))[:len(toks)]
	inside := *scratch
	clear(inside)
	for si := range sents {
		s := &sents[si]
		for i := s.first; i < s.last; i++ {
			t := toks[i]
			if t.paraBreak && open >= 0 {
				if isQuoteMark(t.norm) && markOpens(text, toks, i, true) {
					// The paragraph reopens the quote left open: it continues.
					continue
				}
				if !closesFirst(text, toks, i) {
					qs[open].end = i
					open = -1
				}
			}
			if isQuoteMark(t.norm) {
				opens := markOpens(text, toks, i, open < 0)
				if opens && open < 0 {
					qs = append(qs, quote{open: i, close: -1, end: len(toks)})
					open = len(qs) - 1
				} else if !opens && open >= 0 {
					qs[open].close, qs[open].end = i, i
					open = -1
				}
				continue
			}
			if open >= 0 {
				qs[open].words += b2i(t.word)
				inside[i] = true
			}
			s.countWord(t, open >= 0)
		}
	}
	// Scare quotes: short, closed within one sentence.
	for qi := range qs {
		q := &qs[qi]
		if q.close >= 0 && q.words <= 3 && sentenceOf(sents, q.open) == sentenceOf(sents, q.close) {
			for i := q.open; i <= q.close; i++ {
				if inside[i] && toks[i].word {
					inside[i] = false
					sents[sentenceOf(sents, i)].quoted--
				}
			}
			q.words = 0
		}
	}
	for si := range sents {
		s := &sents[si]
		s.quote = -1
		if s.words > 0 && s.quoted*2 > s.words {
			for i := s.first; i < s.last; i++ {
				if inside[i] {
					s.quote = quoteAt(qs, i)
					break
				}
			}
		}
	}
	return qs
}

func (s *sentence) countWord(t token, inQuote bool) {
	if t.word {
		s.words++
		if inQuote {
			s.quoted++
		}
	}
}

func isQuoteMark(norm string) bool { return norm == `"` }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sentenceOf returns the index of the sentence holding token i.
func sentenceOf(sents []sentence, i int) int {
	lo, hi := 0, len(sents)
	for lo < hi {
		m := (lo + hi) / 2
		if sents[m].last <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// quoteAt returns the index of the quote holding token i, or -1.
func quoteAt(qs []quote, i int) int {
	lo, hi := 0, len(qs)
	for lo < hi {
		m := (lo + hi) / 2
		if qs[m].open < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	q := lo - 1
	if q >= 0 && qs[q].end > i {
		return q
	}
	return -1
}

// markOpens reports whether the quotation mark at toks[i] opens a quote. Curly marks say so
// themselves; a straight one opens when it has a space before it and none after, closes when it
// has none before, and otherwise opens when no quote is open (noneOpen).
func markOpens(text string, toks []token, i int, noneOpen bool) bool {
	switch text[toks[i].Begin:toks[i].End] {
	case "\u201c", "\u00ab", "\u201e":
		return true
	case "\u201d", "\u00bb":
		return false
	}
	spaceBefore := i == 0 || toks[i].Begin > toks[i-1].End
	spaceAfter := i+1 == len(toks) || toks[i+1].Begin > toks[i].End
	switch {
	case spaceBefore && !spaceAfter:
		return true
	case !spaceBefore && spaceAfter:
		return false
	}
	return noneOpen
}

// closesFirst reports whether the first quotation mark of the paragraph that starts at toks[i]
// closes a quote: then a quote left open in the paragraph before runs on into it.
func closesFirst(text string, toks []token, i int) bool {
	for k := i; k < len(toks) && (k == i || !toks[k].paraBreak); k++ {
		if isQuoteMark(toks[k].norm) {
			return !markOpens(text, toks, k, false)
		}
	}
	return false
}
