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
	markBreaks(text, want)
	if !slices.Equal(got, want) {
		t.Fatalf("pieces give %d tokens, the whole text %d", len(got), len(want))
	}
}

// TestTokenizeStopsWhenCancelled checks that a cancelled context stops tokenizing a long text.
func TestTokenizeStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	text := strings.Repeat("Talks resumed.\n", 2*tokenChunk/15)
	if _, err := tokenizeContext(ctx, text); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
