// Package bench compares stance's classifier with the tokenizer under it (prose) and with a
// general-purpose sentiment scorer (VADER, in github.com/jonreiter/govader) on the same passages.
// It is a module of its own so that the main module does not depend on govader:
//
//	cd bench && go test -bench . -benchmem
package bench

import (
	"strings"
	"testing"

	"github.com/jonreiter/govader"

	"github.com/stance-project/stance/internal/benchtext"
)

// seed is the story every passage repeats.
const seed = "../classifier/testdata/seed.txt"

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
func BenchmarkClassify(b *testing.B) { benchtext.Classify(b, seed) }

// BenchmarkProseTokenize runs prose's tokenizer alone, with the options the classifier uses.
func BenchmarkProseTokenize(b *testing.B) { benchtext.ProseTokenize(b, seed) }

// BenchmarkVaderParagraphs scores every paragraph of the passage with VADER's PolarityScores. The
// analyzer is built once, outside the timer, as a server would.
func BenchmarkVaderParagraphs(b *testing.B) {
	sia := govader.NewSentimentIntensityAnalyzer()
	for _, size := range benchtext.Sizes {
		text := benchtext.Passage(b, seed, size.N)
		paras := paragraphs(text)
		b.Run(size.Name, func(b *testing.B) {
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
