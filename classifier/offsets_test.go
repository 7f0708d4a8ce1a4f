package classifier_test

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stance-project/stance/classifier"
)

// naiveOffset is the reference for OffsetMapper.Convert: it walks the text from the start, one
// decoded rune (or invalid byte) at a time, and stops before the rune that holds byte off.
func naiveOffset(text string, off int, enc classifier.Encoding) int {
	off = min(max(off, 0), len(text))
	if enc == classifier.UTF8 {
		return off
	}
	units := 0
	for i := 0; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if i+size > off {
			break
		}
		if enc == classifier.UTF16 {
			units += utf16.RuneLen(r) // RuneError (an invalid byte) is one unit
		} else {
			units++
		}
		i += size
	}
	return units
}

// runeStartAtOrBefore moves off back to the start of the rune that holds it, in valid UTF-8.
func runeStartAtOrBefore(text string, off int) int {
	off = min(max(off, 0), len(text))
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	return off
}

// mixedText builds about n bytes from ASCII, 2-, 3- and 4-byte runes and, when invalid is set,
// stray bytes that are not UTF-8.
func mixedText(rng *rand.Rand, n int, invalid bool) string {
	pieces := []string{"a", "Talks ", " ", ".", "\n", "\u00e9", "\u00a0", "\u0301", "\u4e2d", "\u2014", "\u2019",
		"\U0001F600", "\U0001F1EB\U0001F1F7", "\U00010348", "\x00"}
	if invalid {
		pieces = append(pieces, "\xff", "\x80", "\xe4\xb8", "\xf0\x9f\x98", "\xc3", "\xed\xa0\x80")
	}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

var encodings = []classifier.Encoding{classifier.UTF8, classifier.UTF16, classifier.UTF32}

func TestOffsetMapperMatchesTheReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		text string
	}{
		{"an empty text maps every offset to zero", ""},
		{"ASCII alone maps bytes one to one", strings.Repeat("peace talks ", 60)},
		{"a short text under one checkpoint", "a\u00e9\u4e2d\U0001F600b"},
		{"only 4-byte runes across many checkpoints", strings.Repeat("\U0001F600", 300)},
		{"only 3-byte runes across many checkpoints", strings.Repeat("\u8c08", 400)},
		{"a 4-byte rune straddling the first checkpoint", strings.Repeat("a", 254) + "\U0001F600" + strings.Repeat("b", 300)},
		{"a 3-byte rune straddling the second checkpoint", strings.Repeat("\u00e9", 127) + "x" + strings.Repeat("a", 255) + "\u4e2d\u4e2d" + strings.Repeat("c", 10)},
		{"mixed runes over 4 KB", mixedText(rng, 4096, false)},
		{"mixed runes over 700 bytes", mixedText(rng, 700, false)},
		{"mixed runes with invalid bytes over 3 KB", mixedText(rng, 3000, true)},
		{"invalid bytes alone", strings.Repeat("\xff\x80\xe4\xb8", 100)},
		{"a truncated rune at the very end", strings.Repeat("ab\U0001F600", 90) + "\xf0\x9f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, enc := range encodings {
				m := classifier.NewOffsetMapper(tt.text, enc)
				if m.Encoding() != enc {
					t.Fatalf("Encoding() = %v, want %v", m.Encoding(), enc)
				}
				for off := -3; off <= len(tt.text)+3; off++ {
					if got, want := m.Convert(off), naiveOffset(tt.text, off, enc); got != want {
						t.Fatalf("%v: Convert(%d) = %d, want %d (text is %d bytes)", enc, off, got, want, len(tt.text))
					}
				}
			}
		})
	}
}

// TestOffsetMapperMatchesTheStandardLibrary checks valid texts against the obvious definitions:
// utf16.Encode of the runes before the offset, and utf8.RuneCountInString of them.
func TestOffsetMapperMatchesTheStandardLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{1, 255, 256, 257, 513, 5000} {
		text := mixedText(rng, size, false)
		t.Run("a valid mixed text of about "+strconv.Itoa(size)+" bytes agrees with utf16 and utf8", func(t *testing.T) {
			m16 := classifier.NewOffsetMapper(text, classifier.UTF16)
			m32 := classifier.NewOffsetMapper(text, classifier.UTF32)
			for off := 0; off <= len(text); off++ {
				start := runeStartAtOrBefore(text, off)
				want16 := len(utf16.Encode([]rune(text[:start])))
				want32 := utf8.RuneCountInString(text[:start])
				if got := m16.Convert(off); got != want16 {
					t.Fatalf("UTF16 Convert(%d) = %d, want %d", off, got, want16)
				}
				if got := m32.Convert(off); got != want32 {
					t.Fatalf("UTF32 Convert(%d) = %d, want %d", off, got, want32)
				}
			}
		})
	}
}

func TestOffsetMapperEdges(t *testing.T) {
	text := "a\u00e9\u4e2d\U0001F600b" // bytes: a=0, é=1..2, 中=3..5, 😀=6..9, b=10; 11 in all
	tests := []struct {
		name string
		enc  classifier.Encoding
		off  int
		want int
	}{
		{"UTF8 is the identity inside the text", classifier.UTF8, 7, 7},
		{"UTF8 clamps a negative offset to zero", classifier.UTF8, -5, 0},
		{"UTF8 clamps an offset past the end to the length", classifier.UTF8, 99, 11},
		{"UTF16 counts a 4-byte rune as two units", classifier.UTF16, 10, 5},
		{"UTF16 maps the end of the text to all units", classifier.UTF16, 11, 6},
		{"UTF16 clamps an offset past the end", classifier.UTF16, 1 << 30, 6},
		{"UTF16 clamps a negative offset", classifier.UTF16, -1, 0},
		{"UTF16 counts an offset inside the 2-byte rune as its start", classifier.UTF16, 2, 1},
		{"UTF16 counts an offset inside the 4-byte rune as its start", classifier.UTF16, 8, 3},
		{"UTF32 counts a 4-byte rune as one code point", classifier.UTF32, 10, 4},
		{"UTF32 counts an offset inside the 3-byte rune as its start", classifier.UTF32, 5, 2},
		{"UTF32 maps the end of the text to the rune count", classifier.UTF32, 11, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifier.NewOffsetMapper(text, tt.enc).Convert(tt.off); got != tt.want {
				t.Errorf("Convert(%d) in %v = %d, want %d", tt.off, tt.enc, got, tt.want)
			}
		})
	}
}

func TestOffsetMapperUTF8IsTheIdentity(t *testing.T) {
	text := mixedText(rand.New(rand.NewPCG(5, 6)), 2000, true)
	m := classifier.NewOffsetMapper(text, classifier.UTF8)
	for off := 0; off <= len(text); off++ {
		if got := m.Convert(off); got != off {
			t.Fatalf("UTF8 Convert(%d) = %d, want the same offset", off, got)
		}
	}
}

func TestEncodingString(t *testing.T) {
	tests := []struct {
		enc  classifier.Encoding
		want string
	}{
		{classifier.UTF8, "utf8"},
		{classifier.UTF16, "utf16"},
		{classifier.UTF32, "utf32"},
		{classifier.Encoding(42), "unknown"},
	}
	for _, tt := range tests {
		t.Run("encoding "+tt.want+" prints its name", func(t *testing.T) {
			if got := tt.enc.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
