package classifier

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestDebugSeed(t *testing.T) {
	path := os.Getenv("DEBUG_DOC")
	if path == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	c := New(lex)
	sum, err := c.Classify(context.Background(), text, nil, func(s Span) error {
		fmt.Printf("%2d %-22s %-7s %6.3f %-14s | %q\n", s.SentenceIndex, s.Target, s.Stance, s.Score, s.Holder.Name, s.In(text))
		for _, c := range s.Cues {
			fmt.Printf("      %-11s %6.2f %v %q\n", c.Role, c.Weight, c.Negated, c.In(text))
		}
		return nil
	})
	fmt.Println(sum, err)
}
