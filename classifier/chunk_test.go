package classifier

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestTokenizeInPiecesMatchesTokenizingAtOnce checks that cutting a long text into pieces at line
// breaks gives prose's tokens unchanged, with offsets into the whole text.
func TestTokenizeInPiecesMatchesTokenizingAtOnce(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*tokenChunk; i++ {
		b.WriteString("“We can't talk,” she said – again… (twice).\n")
		if i%7 == 0 {
			b.WriteString("\n")
		}
	}
	text := b.String()
	got, err := tokenize(text)
	if err != nil {
		t.Fatal(err)
	}
	want, err := tokenizePiece(text, 0, len(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	normalizeAll(text, want, nil)
	if !slices.Equal(got, want) {
		t.Fatalf("pieces give %d tokens, the whole text %d", len(got), len(want))
	}
}

// TestTokenizeStopsWhenCancelled checks that a cancelled context stops tokenizing a long text.
func TestTokenizeStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	text := strings.Repeat("Talks resumed.\n", 2*tokenChunk/15)
	if _, err := tokenizeContext(ctx, text, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestTokenizeSplitsOpeningQuotesAndControls checks the pieces prose leaves glued together.
func TestTokenizeSplitsOpeningQuotesAndControls(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"a curly opening single quote comes off its word", "‘No talks’ now", []string{"‘", "No", "talks", "’", "now"}},
		{"a straight opening single quote comes off its word", "'single' word", []string{"'", "single", "'", "word"}},
		{"a contraction keeps its apostrophe", "Men's):9.5", []string{"Men", "'s", ")", ":", "9.5"}},
		{"a control character splits a word", "Talks\x00resumed", []string{"Talks", "\x00", "resumed"}},
		{"an ellipsis comes off its word", "talks… ended", []string{"talks", "…", "ended"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks, err := tokenize(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tk := range toks {
				got = append(got, tk.In(tc.text))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("tokens %q, want %q", got, tc.want)
			}
		})
	}
}
