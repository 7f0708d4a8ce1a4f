// Package bench compares stance's classifier with the tokenizer under it (prose) and with a
// general-purpose sentiment scorer (VADER, in github.com/jonreiter/govader) on the same passages.
// It is a module of its own so that the main module does not depend on govader:
//
//	cd bench && go test -bench . -benchmem
package bench

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
	"github.com/jonreiter/govader"

	"github.com/stance-project/stance/classifier"
)

// sizes are the passage sizes every benchmark runs on, as in classifier/bench_test.go.
var sizes = []struct {
	name string
	n    int
}{
	{"4KB", 4 << 10},
	{"400KB", 400 << 10},
}

// passage repeats the classifier's seed story, paragraph breaks kept, to exactly n bytes, cut after
// the last white space before n and padded with spaces (the same text as classifier/bench_test.go).
func passage(b *testing.B, n int) string {
	b.Helper()
	data, err := os.ReadFile("../classifier/testdata/seed.txt")
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

// paragraphs splits text at blank lines and drops empty pieces.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// BenchmarkClassify runs stance's classifier over the whole passage for every target.
func BenchmarkClassify(b *testing.B) {
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		b.Fatal(err)
	}
	c := classifier.New(lex)
	ctx := context.Background()
	for _, size := range sizes {
		text := passage(b, size.n)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Classify(ctx, text, nil, func(classifier.Span) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProseTokenize runs prose's tokenizer alone, with the options the classifier uses.
func BenchmarkProseTokenize(b *testing.B) {
	for _, size := range sizes {
		text := passage(b, size.n)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false),
					prose.WithExtraction(false))
				if err != nil {
					b.Fatal(err)
				}
				_ = doc.Tokens()
			}
		})
	}
}

// BenchmarkVaderParagraphs scores every paragraph of the passage with VADER's PolarityScores. The
// analyzer is built once, outside the timer, as a server would.
func BenchmarkVaderParagraphs(b *testing.B) {
	sia := govader.NewSentimentIntensityAnalyzer()
	for _, size := range sizes {
		text := passage(b, size.n)
		paras := paragraphs(text)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var compound float64
			for b.Loop() {
				compound = 0
				for _, p := range paras {
					compound += sia.PolarityScores(p).Compound
				}
			}
			b.ReportMetric(float64(len(paras)), "paragraphs/op")
			b.ReportMetric(compound/float64(len(paras)), "mean-compound")
		})
	}
}
