package classifier_test

import (
	"testing"

	"github.com/stance-project/stance/internal/benchtext"
)

// BenchmarkClassify measures the whole classifier on the seed story repeated to 4 KB and 400 KB.
func BenchmarkClassify(b *testing.B) { benchtext.Classify(b, "testdata/seed.txt") }

// BenchmarkProseTokenize measures prose's tokenizer alone on the same passages, so that the
// classifier's overhead over it shows side by side.
func BenchmarkProseTokenize(b *testing.B) { benchtext.ProseTokenize(b, "testdata/seed.txt") }
