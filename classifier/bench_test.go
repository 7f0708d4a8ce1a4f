package classifier_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stance-project/stance/classifier"
	"github.com/stance-project/stance/internal/benchtext"
)

// BenchmarkClassify measures the whole classifier on the seed story repeated to 4 KB and 400 KB.
func BenchmarkClassify(b *testing.B) { benchtext.Classify(b, "testdata/seed.txt") }

// BenchmarkProseTokenize measures prose's tokenizer alone on the same passages, so that the
// classifier's overhead over it shows side by side.
func BenchmarkProseTokenize(b *testing.B) { benchtext.ProseTokenize(b, "testdata/seed.txt") }

// BenchmarkClassifyManyHolders measures 1 MB passages that name a new holder in every sentence:
// tens of thousands of distinct names, and of phrases with "a" followed by one with "the" that
// names none of them. Their MB/s should stay near BenchmarkClassify/400KB's: resolving a name
// against every one met before made such passages take seconds.
func BenchmarkClassifyManyHolders(b *testing.B) {
	word := func(i int) string {
		w := []byte{byte('A' + i%26)}
		for i /= 26; i > 0; i /= 26 {
			w = append(w, byte('a'+i%26))
		}
		return string(w) + "x"
	}
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		b.Fatal(err)
	}
	c := classifier.New(lex)
	for _, bc := range []struct {
		name     string
		sentence func(i int) string
	}{
		{"names", func(i int) string { return fmt.Sprintf("%s %s said the talks were useful. ", word(i), word(i+7)) }},
		{"phrases", func(i int) string {
			return fmt.Sprintf("A %s official said the talks were useful. The minister agreed. ", strings.ToLower(word(i)))
		}},
	} {
		var sb strings.Builder
		for i := 0; sb.Len() < 1<<20; i++ {
			sb.WriteString(bc.sentence(i))
		}
		text := sb.String()
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := c.Classify(context.Background(), text, nil, func(classifier.Span) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
