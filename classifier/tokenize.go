package classifier

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// token is one word or punctuation mark of the text, with its exact place in the original.
type token struct {
	Range
	// norm is the lowercase text with curly quotes and apostrophes made straight.
	norm string
	// paraBreak says a line break comes between this token and the one before.
	paraBreak bool
	// upper says the token starts with an upper-case letter.
	upper bool
	// word says the token starts with a letter or digit.
	word bool
	// caps says the token has two or more letters, all upper-case, as acronyms do ("EBA").
	caps bool
	// titleDot says the token is a title abbreviated with a point ("Gen.").
	titleDot bool
	// kinds has bit k set when the token is a one-word lexicon entry of ruleKind k.
	kinds kindSet
	// wid is the token's word id in the lexicon index, or 0 when it is no whole word of an entry.
	wid int32
}

// tokenChunk is the size above which tokenize hands prose the text a piece at a time, cut at white
// space (a line break when there is one), so that a long passage can be cancelled between pieces.
const tokenChunk = 64 << 10

// longRun is the length from which a run of text without white space goes to splitGap instead of
// prose: prose takes time quadratic in the number of punctuation marks it peels off one chunk.
const longRun = 256

// tokenize splits text into tokens with prose's tokenizer (tokenization only) and aligns every
// token back to the original text. prose rewrites curly quotes as straight ones and drops the rest
// of a chunk that starts with a contraction ("n't," in "can't,"); the alignment finds each token in
// the original and splits whatever prose skipped with splitGap, so no text is ever lost. Long texts
// go to prose in pieces cut at white space (prose never joins text across white space, so the
// tokens are the same), and runs of longRun bytes or more without white space go to splitGap.
func tokenize(text string) ([]token, error) {
	return tokenizeContext(context.Background(), text, nil, nil)
}

// tokenizeContext is tokenize, stopping with ctx's error when ctx ends. It appends to toks, which
// may be a buffer from an earlier call. With an index, it also annotates the tokens (see
// lexIndex.annotateToken), in the same pass that fills in their norms.
func tokenizeContext(ctx context.Context, text string, toks []token, ix *lexIndex) ([]token, error) {
	// prose looks for contractions ("'s", "n't") in the lower-cased chunk and cuts the chunk at the
	// index it found there. Where a letter's lower case has another length in UTF-8 ("İ" is 2
	// bytes, "i" 1), that index is off: prose cut "İmamoğlu's" into "İmamoğl", "u", "'s", cut
	// inside letters, or ran past the end and panicked. prose and the alignment read src, a copy
	// of the text with such letters replaced by letters of the same length whose lower case is
	// too: the offsets are the same, the tokens are cut from text as before, and their norms are
	// made from text.
	src := withStandIns(text)
	for start := 0; start < len(text); {
		end := pieceEnd(text, start)
		// lb, le is the next long run. Chunks taken for their peelable rows end before it, so it is
		// looked for again only once passed.
		lb, le := -1, -1
		for i := start; i < end; {
			if lb < i {
				lb, le = nextLongRun(text, i, end)
			}
			rb, re := lb, le
			if pb, pe := nextPeelRun(text, i, lb); pb < lb {
				rb, re = pb, pe
			}
			var err error
			if rb > i {
				if toks, err = tokenizePiece(src, i, rb, toks); err != nil {
					return nil, err
				}
			}
			toks = splitGap(text, rb, re, toks)
			i = re
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start = end
	}
	normalizeAll(text, toks, ix)
	return toks, nil
}

// pieceEnd returns where the piece of text that starts at start ends: after about tokenChunk bytes,
// just after a line break, or else a space, or else at the end of the text.
func pieceEnd(text string, start int) int {
	if len(text)-start <= tokenChunk {
		return len(text)
	}
	end := start + tokenChunk
	if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 && nl < tokenChunk {
		return end + nl + 1
	}
	if sp := strings.IndexByte(text[end:], ' '); sp >= 0 {
		return end + sp + 1
	}
	return len(text)
}

// nextLongRun returns the first run of at least longRun bytes without ASCII white space in
// text[from:to], or (to, to) when there is none. It looks at the byte longRun-1 after the start of
// the current run and scans back from there: in ordinary text a space turns up within a few bytes,
// and the run can restart after it, so most bytes are never looked at.
func nextLongRun(text string, from, to int) (int, int) {
	run := from
	for run+longRun <= to {
		j := run + longRun - 1
		for j >= run && !isASCIISpace(text[j]) {
			j--
		}
		if j >= run {
			run = j + 1
			continue
		}
		// text[run:run+longRun] has no white space: the run is long; find where it ends.
		e := run + longRun
		for e < to && !isASCIISpace(text[e]) {
			e++
		}
		return run, e
	}
	return to, to
}

// peelRun is the number of bytes in a row, of those prose peels off a chunk's ends one at a time,
// from which the chunk goes to splitGap instead: each peel costs prose a pass over the rest of the
// chunk, so a chunk of longRun-1 colons cost it 30 times what the same bytes of news do.
const peelRun = 16

// peelable marks the bytes prose peels off a chunk's start ("$", "(", "\"", "[") or end (",", ")",
// "\"", "]", "!", ";", ".", "?", ":", "'"), and the bytes of the curly quotes it reads as straight
// ones (E2 80 98, 99, 9C, 9D).
var peelable = func() (t [256]bool) {
	for _, c := range []byte("$(\"[,)]!;.?:'\xe2\x80\x98\x99\x9c\x9d") {
		t[c] = true
	}
	return t
}()

// nextPeelRun returns the first chunk (a run without ASCII white space) in text[from:to] that holds
// peelRun or more peelable bytes in a row, or (to, to) when there is none. Any such row holds a
// byte at an offset from from that is a multiple of peelRun, so only those bytes are looked at
// first.
func nextPeelRun(text string, from, to int) (int, int) {
	for i := from; i < to; i += peelRun {
		if !peelable[text[i]] {
			continue
		}
		b, e := i, i+1
		for b > from && peelable[text[b-1]] {
			b--
		}
		for e < to && peelable[text[e]] {
			e++
		}
		if e-b < peelRun {
			continue
		}
		for b > from && !isASCIISpace(text[b-1]) {
			b--
		}
		for e < to && !isASCIISpace(text[e]) {
			e++
		}
		return b, e
	}
	return to, to
}

func isASCIISpace(c byte) bool {
	switch c {
	case ' ', '\n', '\t', '\r', '\f', '\v':
		return true
	}
	return false
}

// tokenizePiece appends the tokens of text[start:end], with offsets into text.
func tokenizePiece(text string, start, end int, toks []token) ([]token, error) {
	doc, err := prose.NewDocument(text[start:end], prose.WithSegmentation(false), prose.WithTagging(false),
		prose.WithExtraction(false))
	if err != nil {
		return nil, err
	}
	piece := text[:end]
	cur := start
	pts := doc.Tokens()
	for k := range pts {
		tok := pts[k].Text
		// The common case: prose left the token as it was, after spaces or line breaks.
		b := cur
		for b < end && (text[b] == ' ' || text[b] == '\n') {
			b++
		}
		if e := b + len(tok); tok != "" && e <= end {
			if sc, ok := scanEqual(text[b:e], tok); ok {
				toks, cur = appendScanned(toks, text, b, e, sc), e
				continue
			}
		}
		b, e, ok := matchAt(piece, cur, tok)
		if !ok {
			if b, e, ok = findFrom(piece, cur, tok); !ok {
				continue // prose made this token up; the gap splitter covers the text.
			}
		}
		toks = splitGap(text, cur, b, toks)
		toks, cur = appendScanned(toks, text, b, e, scanToken(text[b:e])), e
	}
	return splitGap(text, cur, end, toks), nil
}

// withStandIns returns text with every letter whose lower case has another length in UTF-8
// replaced by a capital of the same length whose lower case has that length too ("À" for 2 bytes,
// "Ḁ" for 3, "𞤀" for 4), or text itself when there is none. No such letter is below U+0130, so
// ordinary text costs a pass over its bytes.
func withStandIns(text string) string {
	var b []byte
	for i := 0; i < len(text); {
		if i+8 <= len(text) && ascii8(text[i:i+8]) {
			i += 8
			continue
		}
		if text[i] < 0xc4 {
			i++
			continue
		}
		// Quotes and dashes (General Punctuation, U+2000 to U+206F) are most of the rest in news,
		// and have no case: E2 80 xx and E2 81 xx below E2 81 B0.
		if text[i] == 0xe2 && i+2 < len(text) && (text[i+1] == 0x80 || (text[i+1] == 0x81 && text[i+2] < 0xb0)) &&
			text[i+2]&0xc0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if utf8.RuneLen(unicode.ToLower(r)) != size && r != utf8.RuneError {
			if b == nil {
				b = []byte(text)
			}
			copy(b[i:], standIns[size])
		}
		i += size
	}
	if b == nil {
		return text
	}
	return string(b)
}

// ascii8 reports whether the 8 bytes of s are all ASCII, in one load and one test.
func ascii8(s string) bool {
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	return w&0x8080808080808080 == 0
}

// standIns are withStandIns's letters, by length in UTF-8.
var standIns = [...]string{2: "À", 3: "Ḁ", 4: "\U0001E900"}

// appendScanned appends the token text[b:e], which sc scanned, or, when it holds pieces prose
// does not separate (see needsSplit), the tokens splitGap makes of it.
func appendScanned(toks []token, text string, b, e int, sc tokenScan) []token {
	if e-b > 1 && (sc.seen&(clCtrl|clOther) != 0 || text[b] == '\'') && needsSplit(text[b:e]) {
		return splitGap(text, b, e, toks)
	}
	return pushToken(toks, text, b, e, sc)
}

// pushToken appends the token text[b:e], which sc scanned, and marks it when a line break comes
// between it and the token before.
func pushToken(toks []token, text string, b, e int, sc tokenScan) []token {
	prev := 0
	if n := len(toks); n > 0 {
		prev = toks[n-1].End
	}
	// Appended zero and filled in place: a token built in a temporary and copied in costs a
	// store-forwarding stall.
	toks = append(toks, token{})
	t := &toks[len(toks)-1]
	t.Begin, t.End = b, e
	sc.fill(t, text[b:e])
	if gap := text[prev:b]; len(toks) > 1 && gap != " " {
		for i := 0; i < len(gap); i++ {
			if gap[i] == '\n' || gap[i] == '\r' {
				t.paraBreak = true
				break
			}
		}
	}
	return toks
}

// scanEqual reports whether s, the text, equals tok, prose's token, and scans s while it compares.
func scanEqual(s, tok string) (tokenScan, bool) {
	if s != tok {
		return tokenScan{}, false
	}
	return scanToken(s), true
}

// tokenScan is what one pass over a token's bytes finds: the classes of byte seen (ASCII case,
// control characters, and anything outside ASCII or "&", for "&rsquo;") and the number of
// upper-case ASCII letters.
type tokenScan struct {
	upper int
	seen  uint8
}

// The classes of byte, as bits of tokenScan.seen.
const (
	clLower = 1 << iota
	clUpper
	clOther
	clCtrl
)

// byteClass holds each byte's class, so that a scan reads a table instead of testing ranges.
var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z':
			t[c] = clLower
		case 'A' <= c && c <= 'Z':
			t[c] = clUpper
		case c >= 0x80 || c == '&':
			t[c] = clOther
		case c < 0x20 || c == 0x7f:
			t[c] = clCtrl
		}
	}
	return t
}()

func scanToken(s string) tokenScan {
	var sc tokenScan
	for i := 0; i < len(s); i++ {
		c := byteClass[s[i]]
		sc.seen |= c
		sc.upper += int(c>>1) & 1
	}
	return sc
}

// fill sets the fields of token t, whose text s sc scanned. Its norm is the text itself when that
// is already normal; otherwise norm is left empty for normalizeAll, which builds every other norm
// in one string.
func (sc tokenScan) fill(t *token, s string) {
	if c := s[0]; c < 0x80 {
		t.upper = 'A' <= c && c <= 'Z'
		t.word = t.upper || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9')
	} else {
		r, _ := utf8.DecodeRuneInString(s)
		// The General Punctuation block (curly quotes, dashes) holds no letter, digit or mark.
		if r < 0x2000 || r > 0x206f {
			t.upper, t.word = unicode.IsUpper(r), isWordRune(r)
		}
	}
	if sc.seen&clOther != 0 {
		t.caps = t.upper && isCaps(s)
	} else {
		t.caps = sc.upper >= 2 && sc.seen&clLower == 0
		if sc.upper == 0 {
			t.norm = s
		}
	}
}

// matchAt reports whether tok (prose's rewritten text) is at text[from:] after white space, and
// where it is. tokenizePiece has already tried the token as prose left it, so matchAt goes
// straight to the comparison that allows for prose's rewrites.
func matchAt(text string, from int, tok string) (int, int, bool) {
	i := from
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	if e, ok := matchHere(text, i, tok); ok {
		return i, e, true
	}
	return 0, 0, false
}

// findFrom finds the first place at or after from where tok matches.
func findFrom(text string, from int, tok string) (int, int, bool) {
	for i := from; i < len(text); {
		if e, ok := matchHere(text, i, tok); ok {
			return i, e, true
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return 0, 0, false
}

// matchHere reports whether tok matches text at i, treating curly quotes in the text as the
// straight ones prose turns them into, and returns where the match ends.
func matchHere(text string, i int, tok string) (int, bool) {
	if tok == "" {
		return 0, false
	}
	for _, want := range tok {
		if i >= len(text) {
			return 0, false
		}
		got, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case got == want:
		case want == '"' && (got == '\u201c' || got == '\u201d'):
		case want == '\'' && (got == '\u2018' || got == '\u2019'):
		case want == '\'' && strings.HasPrefix(text[i:], "&rsquo;"):
			size = len("&rsquo;")
		default:
			return 0, false
		}
		i += size
	}
	return i, true
}

// splitGap appends tokens for the non-space text in text[from:to] that prose skipped: runs of
// letters, digits and in-word apostrophes, and single other characters.
func splitGap(text string, from, to int, toks []token) []token {
	i := from
	for i < to {
		r, size := utf8.DecodeRuneInString(text[i:to])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		i += size
		if isApostrophe(r) || r == '\u2018' {
			// An apostrophe opens a word only in a contraction ("'s", "'ll"); otherwise it is a mark.
			j := i
			for j < to {
				r2, size2 := utf8.DecodeRuneInString(text[j:to])
				if !isWordRune(r2) {
					break
				}
				j += size2
			}
			if j == i || needsSplit(text[start:j]) {
				toks = pushToken(toks, text, start, i, scanToken(text[start:i]))
				continue
			}
		}
		if isWordRune(r) || isApostrophe(r) {
			for i < to {
				prev := r
				r, size = utf8.DecodeRuneInString(text[i:to])
				if isWordRune(r) {
					i += size
					continue
				}
				// An apostrophe inside a word ("don't") and a point or comma inside a number
				// ("9.5", "1,000") belong to it.
				next, _ := utf8.DecodeRuneInString(text[min(i+size, to):to])
				inWord := isApostrophe(r) && i+size < to && isWordRune(next)
				inNumber := (r == '.' || r == ',') && unicode.IsDigit(prev) && i+size < to && unicode.IsDigit(next)
				if !inWord && !inNumber {
					break
				}
				i += size
			}
		}
		toks = pushToken(toks, text, start, i, scanToken(text[start:i]))
	}
	return toks
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// normalizeAll fills in the norms pushToken left empty, all backed by one string: a Builder never
// changes what it has written, so each norm can be cut from it as soon as it is written. With an
// index, it annotates each token once its norm is known.
func normalizeAll(text string, toks []token, ix *lexIndex) {
	var sb strings.Builder
	for i := range toks {
		t := &toks[i]
		if t.norm == "" {
			if sb.Cap() == 0 {
				sb.Grow(len(text)/4 + 16)
			}
			from := sb.Len()
			writeNorm(&sb, t.In(text))
			t.norm = sb.String()[from:]
		}
		if ix != nil {
			ix.annotateToken(t)
		}
	}
}

// writeNorm writes the norm of s to sb: lower case, with curly quotes, guillemets and "&rsquo;"
// made straight.
func writeNorm(sb *strings.Builder, s string) {
	for len(s) > 0 {
		if c := s[0]; c < 0x80 && c != '&' { // ASCII first
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			sb.WriteByte(c)
			s = s[1:]
			continue
		}
		if strings.HasPrefix(s, "&rsquo;") || strings.HasPrefix(s, "&lsquo;") {
			sb.WriteByte('\'')
			s = s[len("&rsquo;"):]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		switch r {
		case '\u2018', '\u2019':
			r = '\''
		case '\u201c', '\u201d', '\u00ab', '\u00bb':
			r = '"'
		default:
			r = unicode.ToLower(r)
		}
		if r == utf8.RuneError && size == 1 {
			sb.WriteByte(s[0]) // keep an invalid byte as it is
		} else {
			sb.WriteRune(r)
		}
		s = s[size:]
	}
}

func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}

// needsSplit reports whether a token prose returned still holds pieces it does not separate: an
// ellipsis or dash glued to a word ("talks…", "war—and"), a control character ("Talks\x00"), or an
// opening single quote ("‘No", "'single").
func needsSplit(tok string) bool {
	if len(tok) < 2 {
		return false
	}
	ascii := true
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c < 0x20 || c == 0x7f:
			return true
		case c >= 0x80:
			ascii = false
		}
	}
	if !ascii {
		if r, size := utf8.DecodeRuneInString(tok); size == len(tok) {
			return unicode.IsControl(r) // one character: only a control character goes
		}
		if strings.ContainsAny(tok, "\u2026\u2014\u2013") {
			return utf8.RuneCountInString(tok) > 1
		}
		for _, r := range tok {
			if unicode.IsControl(r) {
				return true
			}
		}
	}
	r, size := utf8.DecodeRuneInString(tok)
	if r == '\u2018' || r == '\'' {
		switch strings.ToLower(tok[size:]) {
		case "s", "re", "ll", "ve", "m", "d", "t", "em", "n", "tis", "twas":
			return false // a contraction or elision: "'s", "'em"
		}
		return size < len(tok)
	}
	return false
}
