package classifier_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stance-project/stance/classifier"
)

var (
	fuzzOnce sync.Once
	fuzzC    *classifier.Classifier
	fuzzErr  error
)

// fuzzClassifier builds the classifier once for every fuzz input.
func fuzzClassifier(f testing.TB) *classifier.Classifier {
	fuzzOnce.Do(func() {
		var lex *classifier.Lexicons
		lex, fuzzErr = classifier.DefaultLexicons()
		if fuzzErr == nil {
			fuzzC = classifier.New(lex)
		}
	})
	if fuzzErr != nil {
		f.Fatal(fuzzErr)
	}
	return fuzzC
}

// FuzzClassify: Classify never panics, and when it succeeds every span, cue and holder mention is
// a valid piece of the text, cues lie in their span, and the summary counts what was emitted.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"The foreign minister said the talks had failed.",
		"\u201cWe will never negotiate with terrorists,\u201d the general told reporters.",
		"The EU imposed sanctions; Russia dismissed them as interference in internal affairs.",
		"Men's):9.5",
		"We can't, they won't.",
		"don&rsquo;t they&rsquo;re &rsquo;",
		"\u201c\u201c\u201d\u2018\u2019\"'",
		"talks\u2026 Sanctions... fine\u2014no\u2013yes [sic] (a)[b]",
		"\U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F1FA\U0001F1F3 peace \U0001F54A talks",
		"\u4e24\u56fd\u8c08\u5224\u3002 \u0627\u0644\u0645\u0641\u0627\u0648\u0636\u0627\u062a \u05e9\u05dc\u05d5\u05dd",
		"cafe\u0301 \u0301 e\u0301",
		"a\u00a0b\tc\r\nd\x00e\x01f\x7f",
		"Talks.\n\n\u201cNo.\n\n\u201cNever.\u201d",
		"J. Smith, the U.S. envoy, rejected sanctions. It was not unusual.",
		"If the talks fail, sanctions will follow, but not before May.",
		"\xff\xfe",
		"",
		" ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := fuzzClassifier(t)
		var spans []classifier.Span
		sum, err := c.Classify(context.Background(), text, nil, func(s classifier.Span) error {
			spans = append(spans, s)
			return nil
		})
		if err != nil {
			var e *classifier.Error
			if !errors.As(err, &e) || e.Code != classifier.EINVALID || e.Field != "text" {
				t.Fatalf("Classify(%q) error = %#v, want only EINVALID on text", text, err)
			}
			if classifier.Validate(text) == nil {
				t.Fatalf("Classify(%q) failed with %v though Validate accepts the text", text, err)
			}
			return
		}
		if classifier.Validate(text) != nil {
			t.Fatalf("Classify(%q) succeeded though Validate rejects the text", text)
		}
		checkSpans(t, text, spans)
		if sum.SpanCount != len(spans) {
			t.Errorf("summary counts %d spans, %d were emitted", sum.SpanCount, len(spans))
		}
		if len(spans) > 0 && spans[len(spans)-1].SentenceIndex >= sum.SentenceCount {
			t.Errorf("span in sentence %d of %d", spans[len(spans)-1].SentenceIndex, sum.SentenceCount)
		}
	})
}

// FuzzOffsets: the offset mapper agrees with a walk from the start of the text for every offset,
// in every encoding, on any bytes.
func FuzzOffsets(f *testing.F) {
	f.Add("", 0)
	f.Add("a\u00e9\u4e2d\U0001F600b", 8)
	f.Add("\xff\x80\xe4\xb8abc", 3)
	f.Add(string(make([]byte, 300))+"\U0001F600", 301)
	f.Add("talks", -1)
	f.Add("talks", 1<<20)
	f.Fuzz(func(t *testing.T, text string, off int) {
		for _, enc := range encodings {
			m := classifier.NewOffsetMapper(text, enc)
			if got, want := m.Convert(off), naiveOffset(text, off, enc); got != want {
				t.Fatalf("%v: Convert(%d) = %d, want %d (text %q)", enc, off, got, want, text)
			}
			// Every offset agrees with one walk over the text: in UTF-16 and UTF-32 an offset inside
			// a rune maps to the units before the rune, and an invalid byte counts as one unit.
			units := 0
			for i := 0; i <= len(text); {
				if i == len(text) {
					if got := m.Convert(i); got != units {
						t.Fatalf("%v: Convert(%d) = %d, want %d", enc, i, got, units)
					}
					break
				}
				r, size := utf8.DecodeRuneInString(text[i:])
				for o := i; o < i+size; o++ {
					want := units
					if enc == classifier.UTF8 {
						want = o // the identity, even inside a rune
					}
					if got := m.Convert(o); got != want {
						t.Fatalf("%v: Convert(%d) = %d, want %d (text %q)", enc, o, got, want, text)
					}
				}
				switch enc {
				case classifier.UTF8:
					units += size
				case classifier.UTF16:
					units += utf16.RuneLen(r)
				default:
					units++
				}
				i += size
			}
			if utf8.ValidString(text) {
				total := map[classifier.Encoding]int{classifier.UTF8: len(text), classifier.UTF16: len(utf16.Encode([]rune(text))),
					classifier.UTF32: utf8.RuneCountInString(text)}[enc]
				if got := m.Convert(len(text)); got != total {
					t.Fatalf("%v: Convert(len) = %d, want %d", enc, got, total)
				}
			}
		}
	})
}
