package classifier

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkTokens asserts the invariants every tokenization must keep: tokens in order, not
// overlapping, not empty, on rune boundaries, with every non-space rune of text inside a token.
func checkTokens(t *testing.T, text string, toks []token) {
	t.Helper()
	prevEnd := 0
	covered := make([]bool, len(text)+1)
	for i, tk := range toks {
		if tk.Begin < prevEnd || tk.End <= tk.Begin || tk.End > len(text) {
			t.Fatalf("token %d [%d,%d) is out of order, empty or past the end (previous ends at %d, text is %d bytes)",
				i, tk.Begin, tk.End, prevEnd, len(text))
		}
		if !utf8.RuneStart(text[tk.Begin]) || (tk.End < len(text) && !utf8.RuneStart(text[tk.End])) {
			t.Errorf("token %d [%d,%d) %q does not fall on rune boundaries", i, tk.Begin, tk.End, text[tk.Begin:tk.End])
		}
		if got := tk.In(text); got != text[tk.Begin:tk.End] {
			t.Errorf("token %d: In gives %q, want %q", i, got, text[tk.Begin:tk.End])
		}
		if tk.norm == "" {
			t.Errorf("token %d %q has an empty norm", i, tk.In(text))
		}
		for k := tk.Begin; k < tk.End; k++ {
			covered[k] = true
		}
		prevEnd = tk.End
	}
	for i, r := range text {
		if !unicode.IsSpace(r) && !covered[i] {
			t.Errorf("rune %q at byte %d is in no token", r, i)
		}
	}
}

func tokenTexts(text string, toks []token) []string {
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = tk.In(text)
	}
	return out
}

func tokenNorms(toks []token) []string {
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = tk.norm
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		text string
		// want is the exact list of token texts; nil when only the invariants are checked.
		want []string
		// norms, when set, is the exact list of normalized tokens.
		norms []string
	}{
		{
			name:  "contractions followed by punctuation keep n't and the comma as tokens",
			text:  "We can't, they won't.",
			want:  []string{"We", "ca", "n't", ",", "they", "wo", "n't", "."},
			norms: []string{"we", "ca", "n't", ",", "they", "wo", "n't", "."},
		},
		// prose looks for contractions in the lower-cased chunk and cuts the chunk where it found
		// them: where a letter's lower case is shorter or longer in UTF-8 ("İ" 2 bytes, "i" 1),
		// it cut in the wrong place, inside a letter, or past the end (a panic).
		{
			name:  "a Turkish capital dotted I before a possessive",
			text:  "Mr İmamoğlu's arrest",
			want:  []string{"Mr", "İmamoğlu", "'s", "arrest"},
			norms: []string{"mr", "imamoğlu", "'s", "arrest"},
		},
		{
			name: "a letter whose lower case is shorter two letters before a possessive",
			text: "İğ's",
			want: []string{"İğ", "'s"},
		},
		{
			name: "a capital sharp s and a Kelvin sign before contractions",
			text: "ẞIGN'S Kelvin's",
			want: []string{"ẞIGN", "'S", "Kelvin", "'s"},
		},
		{
			name:  "letters whose lower case is longer before n't",
			text:  "ȾȾȾȾn't ȺȺ're",
			want:  []string{"ȾȾȾȾ", "n't", "ȺȺ", "'re"},
			norms: []string{"ⱦⱦⱦⱦ", "n't", "ⱥⱥ", "'re"},
		},
		{
			name: "a possessive before a bracket, colon and decimal loses nothing",
			text: "Men's):9.5",
			want: []string{"Men", "'s", ")", ":", "9.5"},
		},
		{
			name:  "curly double quotes become their own tokens normalized to straight ones",
			text:  "\u201cTalks,\u201d she said.",
			want:  []string{"\u201c", "Talks", ",", "\u201d", "she", "said", "."},
			norms: []string{`"`, "talks", ",", `"`, "she", "said", "."},
		},
		{
			name:  "a curly apostrophe in a contraction normalizes to a straight one",
			text:  "It\u2019s true they didn\u2019t.",
			want:  []string{"It", "\u2019s", "true", "they", "did", "n\u2019t", "."},
			norms: []string{"it", "'s", "true", "they", "did", "n't", "."},
		},
		{
			name: "curly single quotes around a word lose nothing",
			text: "He said \u2018no\u2019 twice.",
		},
		{
			name: "em and en dashes are tokens of their own",
			text: "Talks \u2014 if any \u2013 failed.",
			want: []string{"Talks", "\u2014", "if", "any", "\u2013", "failed", "."},
		},
		{
			name: "dashes without spaces lose nothing",
			text: "talks\u2014failed\u2013again--twice",
		},
		{
			name: "square brackets are split off the word they hold",
			text: "[sic] the envoy",
			want: []string{"[", "sic", "]", "the", "envoy"},
		},
		{
			name: "three full stops split into three tokens",
			text: "wait... and",
			want: []string{"wait", ".", ".", ".", "and"},
		},
		{
			name: "a spaced ellipsis character is a token of its own",
			text: "wait \u2026 and",
			want: []string{"wait", "\u2026", "and"},
		},
		{
			name: "an ellipsis character glued to a word loses nothing",
			text: "and\u2026 so",
		},
		{
			name: "emoji with skin tones, ZWJ families and flags stay whole",
			text: "Hi \U0001F44D\U0001F3FD \U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA ok",
			want: []string{"Hi", "\U0001F44D\U0001F3FD", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
				"\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA", "ok"},
		},
		{
			name: "emoji glued to words lose nothing",
			text: "peace\U0001F54Atalks\U0001F44D\U0001F3FD!",
		},
		{
			name: "CJK text without spaces is one token",
			text: "\u4e24\u56fd\u5f00\u59cb\u8c08\u5224\u3002",
			want: []string{"\u4e24\u56fd\u5f00\u59cb\u8c08\u5224\u3002"},
		},
		{
			name: "CJK mixed with Latin words loses nothing",
			text: "The \u8c08\u5224 (talks) in \u6771\u4eac, \u3001\u300c\u548c\u5e73\u300d.",
		},
		{
			name: "Arabic words split at spaces",
			text: "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631",
			want: []string{"\u0642\u0627\u0644", "\u0627\u0644\u0648\u0632\u064a\u0631"},
		},
		{
			name: "Hebrew with Latin punctuation and RTL marks loses nothing",
			text: "\u05e9\u05dc\u05d5\u05dd, \u200f\u05e2\u05d5\u05dc\u05dd\u200e! (talks)",
		},
		{
			name:  "combining marks stay with their base letter",
			text:  "cafe\u0301 e\u0301",
			want:  []string{"cafe\u0301", "e\u0301"},
			norms: []string{"cafe\u0301", "e\u0301"},
		},
		{
			name: "a lone combining mark after a space loses nothing",
			text: "a \u0301 \u20dd b",
		},
		{
			name: "a no-break space separates words like a space",
			text: "peace\u00a0talks",
			want: []string{"peace", "talks"},
		},
		{
			name: "tabs and CRLF separate words",
			text: "a\tb\r\nc\rd\ne",
			want: []string{"a", "b", "c", "d", "e"},
		},
		{
			name: "NUL and other control characters lose nothing",
			text: "Talks\x00 were\x01 held\x7f.\x1b[0m \x08x",
		},
		{
			name: "a text of only control characters loses nothing",
			text: "\x00\x01\x02",
		},
		{
			name: "zero-width and other invisible format characters lose nothing",
			text: "\u200b\ufeff\u200d x \u2028 y \u0085 z \u2060",
		},
		{
			name: "an HTML right single quote in a contraction is aligned over the entity",
			text: "it&rsquo;s",
			want: []string{"it", "&rsquo;s"},
		},
		{
			name: "an HTML right single quote after n is aligned over the entity",
			text: "don&rsquo;t go",
			want: []string{"do", "n&rsquo;t", "go"},
		},
		{
			name: "a lone HTML right single quote is one token",
			text: "x &rsquo; y",
			want: []string{"x", "&rsquo;", "y"},
		},
		{
			name: "a contraction after a hyphenated contraction loses nothing",
			text: "Can't-won't, shan't.",
		},
		{
			name: "URLs, addresses, hashtags and emoticons lose nothing",
			text: "See http://example.org/a?b=c, mail a@b.org #peace @envoy :-) <3",
		},
		{
			name: "LaTeX-style quotes lose nothing",
			text: "``hi'' -- ok",
		},
		{
			name: "nested brackets of every kind lose nothing",
			text: "(a)[b]{c}<d> ((x)) [[y]]",
		},
		{
			name: "quote marks alone lose nothing",
			text: "\" ' \u201c \u201d \u2018 \u2019 '' ''' \u00ab \u00bb",
		},
		{
			name: "an abbreviation keeps its full stops",
			text: "U.S. talks",
			want: []string{"U.S.", "talks"},
		},
		{
			name: "a single letter is one token",
			text: "a",
			want: []string{"a"},
		},
		{
			name: "white space alone gives no tokens",
			text: " \t\r\n\u00a0 ",
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := tokenize(tt.text)
			if err != nil {
				t.Fatalf("tokenize(%q): %v", tt.text, err)
			}
			checkTokens(t, tt.text, toks)
			if tt.want != nil {
				if got := tokenTexts(tt.text, toks); !slices.Equal(got, tt.want) {
					t.Errorf("tokenize(%q) texts = %q, want %q", tt.text, got, tt.want)
				}
			}
			if tt.norms != nil {
				if got := tokenNorms(toks); !slices.Equal(got, tt.norms) {
					t.Errorf("tokenize(%q) norms = %q, want %q", tt.text, got, tt.norms)
				}
			}
		})
	}
}

func TestTokenizeContractionsGiveNegatorTokens(t *testing.T) {
	tests := []struct {
		name string
		text string
		// want lists token texts that must appear, in order, each one whole token.
		want []string
	}{
		{"can't followed by a comma yields n't and the comma", "We can't, sadly.", []string{"ca", "n't", ","}},
		{"won't followed by a full stop yields n't and the stop", "They won't.", []string{"wo", "n't", "."}},
		{"don't followed by a semicolon yields n't and the semicolon", "Don't; ever", []string{"Do", "n't", ";"}},
		{"isn't inside quotes yields n't and the closing quote", `"It isn't"`, []string{"is", "n't", `"`}},
		{"couldn't with a curly apostrophe yields n’t", "They couldn\u2019t, then.", []string{"could", "n\u2019t", ","}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := tokenize(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			checkTokens(t, tt.text, toks)
			got := tokenTexts(tt.text, toks)
			i := slices.Index(got, tt.want[0])
			if i < 0 || i+len(tt.want) > len(got) || !slices.Equal(got[i:i+len(tt.want)], tt.want) {
				t.Fatalf("tokens of %q = %q, want the run %q", tt.text, got, tt.want)
			}
			if n := toks[i+1].norm; n != "n't" {
				t.Errorf("norm of %q = %q, want \"n't\"", got[i+1], n)
			}
		})
	}
}

func TestTokenizeMarksLineBreaks(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []bool // paraBreak of each token
	}{
		{"a newline marks the token after it", "a\nb c", []bool{false, true, false}},
		{"a lone carriage return marks the token after it", "a\rb", []bool{false, true}},
		{"CRLF marks the token after it once", "a\r\n\r\nb", []bool{false, true}},
		{"a leading newline does not mark the first token", "\na", []bool{false}},
		{"tabs and spaces mark nothing", "a\t b", []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := tokenize(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]bool, len(toks))
			for i, tk := range toks {
				got[i] = tk.paraBreak
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paraBreak of %q = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestTokenizeInvariantsOnMixedText checks the invariants on a long text made of every awkward
// piece above, joined with and without spaces, so that alignment has to recover after each.
func TestTokenizeInvariantsOnMixedText(t *testing.T) {
	pieces := []string{
		"We can't,", "they won't.", "Men's):9.5", "\u201cNo,\u201d", "\u2018yes\u2019", "\u2014", "\u2013",
		"[sic]", "...", "\u2026", "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F1FA\U0001F1F3",
		"\u8c08\u5224\u3002", "\u0627\u0644\u0648\u0632\u064a\u0631", "\u05e9\u05dc\u05d5\u05dd", "e\u0301",
		"\u00a0", "\t", "\r\n", "\x00", "\x07", "&rsquo;", "it&rsquo;s", "don't", "(", ")", `"`, "'",
	}
	for _, join := range []struct{ name, sep string }{
		{"pieces joined by spaces keep the invariants", " "},
		{"pieces joined by nothing keep the invariants", ""},
		{"pieces joined by newlines keep the invariants", "\n"},
	} {
		sep := join.sep
		t.Run(join.name, func(t *testing.T) {
			var b strings.Builder
			for i := range 3 * len(pieces) {
				b.WriteString(pieces[(i*7)%len(pieces)])
				b.WriteString(sep)
				b.WriteString(pieces[i%len(pieces)])
				b.WriteString(sep)
			}
			text := b.String()
			toks, err := tokenize(text)
			if err != nil {
				t.Fatal(err)
			}
			checkTokens(t, text, toks)
		})
	}
}

// TestTokenizeNormalizesHTMLApostrophe: the aligner treats "&rsquo;" as the apostrophe prose
// read, so the token's norm should be the one a straight apostrophe gives; otherwise "don&rsquo;t"
// is not a negator and "they&rsquo;re" never matches a lexicon entry.
func TestTokenizeNormalizesHTMLApostrophe(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"don&rsquo;t normalizes like don't", "don&rsquo;t go", []string{"do", "n't", "go"}},
		{"it&rsquo;s normalizes like it's", "it&rsquo;s", []string{"it", "'s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := tokenize(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got := tokenNorms(toks); !slices.Equal(got, tt.want) {
				t.Errorf("norms of %q = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestTokenizeSplitsEllipsisOffAWord: prose leaves "…" glued to the word before it ("talks…"),
// so the word matches no lexicon entry and the ellipsis ends no sentence.
func TestTokenizeSplitsEllipsisOffAWord(t *testing.T) {
	text := "They rejected the talks\u2026 Nobody was surprised."
	toks, err := tokenize(text)
	if err != nil {
		t.Fatal(err)
	}
	got := tokenTexts(text, toks)
	if !slices.Contains(got, "talks") || !slices.Contains(got, "\u2026") {
		t.Errorf("tokens of %q = %q, want \"talks\" and \"\u2026\" apart", text, got)
	}
}

// TestNextLongRunFindsTheFirstLongRun checks the skipping search for runs without white space
// against a byte-by-byte scan, on texts whose runs sit just below, at and just above longRun.
func TestNextLongRunFindsTheFirstLongRun(t *testing.T) {
	naive := func(text string, from, to int) (int, int) {
		run := from
		for i := from; i < to; i++ {
			if isASCIISpace(text[i]) {
				if i-run >= longRun {
					return run, i
				}
				run = i + 1
			}
		}
		if to-run >= longRun {
			return run, to
		}
		return to, to
	}
	rng := rand.New(rand.NewPCG(1, 2))
	spaces := " \n\t\r\f\v"
	for n := range 2000 {
		var sb strings.Builder
		for sb.Len() < 1200 {
			// Runs of every length around longRun, separated by one or more white space bytes.
			run := longRun - 3 + rng.IntN(7)
			if rng.IntN(3) == 0 {
				run = rng.IntN(12)
			}
			sb.WriteString(strings.Repeat("x", run))
			for range 1 + rng.IntN(2) {
				sb.WriteByte(spaces[rng.IntN(len(spaces))])
			}
		}
		text := sb.String()
		from := rng.IntN(40)
		to := len(text) - rng.IntN(40)
		for from < to {
			gb, ge := nextLongRun(text, from, to)
			wb, we := naive(text, from, to)
			if gb != wb || ge != we {
				t.Fatalf("case %d: nextLongRun(text, %d, %d) = (%d, %d), want (%d, %d)", n, from, to, gb, ge, wb, we)
			}
			if ge == to {
				break
			}
			from = ge
		}
	}
}

// TestNextPeelRunFindsTheFirstPeelRun checks nextPeelRun, which looks at one byte in peelRun
// first, against a scan of every byte, on text with rows of peelable bytes of every length around
// peelRun inside chunks of other bytes.
func TestNextPeelRunFindsTheFirstPeelRun(t *testing.T) {
	naive := func(text string, from, to int) (int, int) {
		for b := from; b < to; b++ {
			e := b
			for e < to && peelable[text[e]] {
				e++
			}
			if e-b >= peelRun {
				for b > from && !isASCIISpace(text[b-1]) {
					b--
				}
				for e < to && !isASCIISpace(text[e]) {
					e++
				}
				return b, e
			}
			b = e
		}
		return to, to
	}
	rng := rand.New(rand.NewPCG(3, 4))
	marks := "$(\"[,)]!;.?:'\xe2\x80\x98\x99\x9c\x9d"
	for n := range 2000 {
		var sb strings.Builder
		for sb.Len() < 600 {
			sb.WriteString(strings.Repeat("ab", rng.IntN(4)))
			row := peelRun - 3 + rng.IntN(6)
			if rng.IntN(2) == 0 {
				row = rng.IntN(5)
			}
			for range row {
				sb.WriteByte(marks[rng.IntN(len(marks))])
			}
			sb.WriteString(strings.Repeat("c", rng.IntN(3)))
			if rng.IntN(3) > 0 {
				sb.WriteByte(" \n\t"[rng.IntN(3)])
			}
		}
		text := sb.String()
		from := rng.IntN(20)
		to := len(text) - rng.IntN(20)
		for from < to {
			gb, ge := nextPeelRun(text, from, to)
			wb, we := naive(text, from, to)
			if gb != wb || ge != we {
				t.Fatalf("case %d: nextPeelRun(%q, %d, %d) = (%d, %d), want (%d, %d)", n, text, from, to, gb, ge, wb, we)
			}
			if ge == to {
				break
			}
			from = ge
		}
	}
}

// TestPeelRunsTokenizeAsProseWould checks that chunks that go to splitGap for rows of peelable
// bytes at their ends come out as the tokens prose gives them, one mark each. (A row inside a
// chunk, which prose leaves in one token with what follows, comes out one mark each too.)
func TestPeelRunsTokenizeAsProseWould(t *testing.T) {
	for _, text := range []string{
		"Talks!!!!!!!!!!!!!!!!!!!! resume",
		"no ::::::::::::::::::::::::::::::",
		"''''''''''''''''''''''' said",
		"(((((((((((((((((((yes",
		"Why?????????????????!!!!!!!!!!\"",
		"Talks\u201d\u201d\u201d\u201d\u201d\u201d\u2019\u2019 resume",
	} {
		if b, _ := nextPeelRun(text, 0, len(text)); b == len(text) {
			t.Fatalf("%q has no row of %d peelable bytes", text, peelRun)
		}
		got, err := tokenize(text)
		if err != nil {
			t.Fatal(err)
		}
		checkTokens(t, text, got)
		want, err := tokenizePiece(text, 0, len(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := tokenTexts(text, got), tokenTexts(text, want); !slices.Equal(g, w) {
			t.Errorf("tokenize(%q) = %q, prose gives %q", text, g, w)
		}
	}
}

// TestGeneralPunctuationIsNoWord checks the shortcut fill takes for the General Punctuation block
// against the Unicode tables it skips.
func TestGeneralPunctuationIsNoWord(t *testing.T) {
	for r := rune(0x2000); r <= 0x206f; r++ {
		if isWordRune(r) || unicode.IsUpper(r) {
			t.Errorf("%U is a letter, digit, mark or upper-case", r)
		}
	}
}

// TestStandInsKeepTheirLength checks the letters withStandIns puts in: capitals whose lower case
// is as long in UTF-8 as they are, as long as the letters they replace.
func TestStandInsKeepTheirLength(t *testing.T) {
	for size, s := range standIns {
		if s == "" {
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		if n != size || len(s) != size || utf8.RuneLen(unicode.ToLower(r)) != size || !unicode.IsUpper(r) {
			t.Errorf("stand-in %q for %d bytes: %d bytes, lower case %q, capital %v", s, size, n,
				unicode.ToLower(r), unicode.IsUpper(r))
		}
	}
	text := "İ Ⱥ ẞ \u212A Ω \u2019 é"
	got := withStandIns(text)
	if want := "À À Ḁ Ḁ Ω \u2019 é"; got != want {
		t.Errorf("withStandIns(%q) = %q, want %q", text, got, want)
	}
	// Right after quotes and dashes, which withStandIns steps over without decoding, and after a
	// broken sequence it must not step over.
	text = "\u201c\u0130\u2014\u0130\u2070\u0130 \xe2\x80\u0130"
	if got, want := withStandIns(text), "\u201c\u00c0\u2014\u00c0\u2070\u00c0 \xe2\x80\u00c0"; got != want {
		t.Errorf("withStandIns(%q) = %q, want %q", text, got, want)
	}
	if plain := "Talks \u201cnow\u201d, caf\u00e9 \u2014 no."; withStandIns(plain) != plain {
		t.Errorf("withStandIns changed %q", plain)
	}
}

// FuzzTokenize: on any valid UTF-8 text, tokenize keeps the invariants checkTokens asserts (in
// order, not empty, on rune boundaries, covering every non-space rune) and its norms are those of
// the tokens' own text.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"We can't, they won't.",
		"Mr İmamoğlu's arrest",
		"İğ's ȾȾȾȾn't ẞIGN'S \u212Aelvin's",
		"don&rsquo;t \u201cWe\u2019ll\u201d talks\u2026",
		"a\u00a0b\tc\r\nd\x00e\x01f\x7f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		toks, err := tokenize(text)
		if err != nil {
			t.Fatal(err)
		}
		checkTokens(t, text, toks)
		var sb strings.Builder
		for i, tk := range toks {
			sb.Reset()
			writeNorm(&sb, tk.In(text))
			if tk.norm != sb.String() {
				t.Fatalf("token %d %q has norm %q, want %q", i, tk.In(text), tk.norm, sb.String())
			}
		}
	})
}

// BenchmarkTokenizePunctuationChunks measures tokenize on 64 KB of hostile text: chunks of up to
// longRun-1 colons around one letter, each different, so that prose's per-call cache of chunks
// does not help. prose peels such colons one at a time, each peel a pass over the rest of the
// chunk; nextPeelRun sends these chunks to splitGap.
func BenchmarkTokenizePunctuationChunks(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 64<<10; i++ {
		n := longRun - 1 - i%7
		k := i % n
		sb.WriteString(strings.Repeat(":", k) + "a" + strings.Repeat(":", n-k-1) + " ")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	var toks []token
	for b.Loop() {
		var err error
		if toks, err = tokenizeContext(context.Background(), text, toks[:0], nil); err != nil {
			b.Fatal(err)
		}
	}
}
