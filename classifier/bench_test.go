package classifier_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/stance-project/stance/classifier"
)

// benchSizes are the passage sizes every benchmark runs on: a short news story and a long report.
var benchSizes = []struct {
	name string
	n    int
}{
	{"4KB", 4 << 10},
	{"400KB", 400 << 10},
}

// benchPassage repeats the seed story, paragraph breaks kept, to exactly n bytes. It cuts after the
// last white space before n, so no word or multi-byte character is split, and pads with spaces.
func benchPassage(b *testing.B, n int) string {
	b.Helper()
	data, err := os.ReadFile("testdata/seed.txt")
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

// BenchmarkClassify measures the whole classifier (tokenizing, segmentation, quotes, holders and
// scoring for every target) on the seed story at each size.
func BenchmarkClassify(b *testing.B) {
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		b.Fatal(err)
	}
	c := classifier.New(lex)
	ctx := context.Background()
	for _, size := range benchSizes {
		text := benchPassage(b, size.n)
		b.Run(size.name, func(b *testing.B) {
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

// BenchmarkProseTokenize measures prose's tokenizer alone, with the options the classifier uses,
// on the same passages: the floor under BenchmarkClassify.
func BenchmarkProseTokenize(b *testing.B) {
	for _, size := range benchSizes {
		text := benchPassage(b, size.n)
		b.Run(size.name, func(b *testing.B) {
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
