// Package benchtext holds the benchmarks of the classifier and of prose's tokenizer under it, and
// the passages they run on, so that the classifier package and the separate comparison module in
// bench/ measure exactly the same thing.
package benchtext

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/stance-project/stance/classifier"
)

// Size is a passage size every benchmark runs on.
type Size struct {
	Name string
	N    int
}

// Sizes are a short news story and a long report.
var Sizes = []Size{{"4KB", 4 << 10}, {"400KB", 400 << 10}}

// Passage repeats the seed story at seedPath, paragraph breaks kept, to exactly n bytes. It cuts
// after the last white space before n, so no word or multi-byte character is split, and pads with
// spaces.
func Passage(b testing.TB, seedPath string, n int) string {
	b.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		b.Fatal(err)
	}
	seed := strings.TrimSpace(string(data))
	var sb strings.Builder
	sb.Grow(n + len(seed))
	for sb.Len() < n {
		sb.WriteString(seed)
		sb.WriteString("\n\n")
	}
	s := sb.String()[:n]
	cut := strings.LastIndexAny(s, " \n")
	return s[:cut] + strings.Repeat(" ", n-cut)
}

// Classify measures the whole classifier (tokenizing, segmentation, quotes, holders and scoring for
// every target) on each passage.
func Classify(b *testing.B, seedPath string) {
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		b.Fatal(err)
	}
	c := classifier.New(lex)
	ctx := context.Background()
	for _, size := range Sizes {
		text := Passage(b, seedPath, size.N)
		b.Run(size.Name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			spans := 0
			for b.Loop() {
				spans = 0
				if _, err := c.Classify(ctx, text, nil, func(classifier.Span) error {
					spans++
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(spans), "spans/op")
		})
	}
}

// ProseTokenize measures prose's tokenizer alone, with the options the classifier uses, on the
// same passages: the floor under Classify.
func ProseTokenize(b *testing.B, seedPath string) {
	for _, size := range Sizes {
		text := Passage(b, seedPath, size.N)
		b.Run(size.Name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			tokens := 0
			for b.Loop() {
				doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false),
					prose.WithExtraction(false))
				if err != nil {
					b.Fatal(err)
				}
				tokens = len(doc.Tokens())
			}
			b.ReportMetric(float64(tokens), "tokens/op")
		})
	}
}
