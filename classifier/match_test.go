package classifier

import (
	"fmt"
	"strings"
	"testing"
)

// TestWordTableFindsEveryWord checks the index's word table against the map it was built from:
// every word finds its id, and words that are not in it, including ones that share a hash slot
// with words that are, find none.
func TestWordTableFindsEveryWord(t *testing.T) {
	ids := map[string]int32{}
	for i := range 700 {
		ids[fmt.Sprintf("w%03d", i)] = int32(i + 1)
	}
	tab := newWordTable(ids)
	for w, id := range ids {
		if got := tab.get(w); got != id {
			t.Errorf("get(%q) = %d, want %d", w, got, id)
		}
	}
	for _, w := range []string{"", "w", "w7000", "x001", "W001", "w001 "} {
		if got := tab.get(w); got != 0 {
			t.Errorf("get(%q) = %d, want 0", w, got)
		}
	}
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	ix := lex.index
	for _, e := range ix.entries {
		for _, w := range e.words {
			if strings.HasSuffix(w, "*") {
				continue
			}
			if id := ix.wordID.get(w); id <= 0 || int(id) >= len(ix.exactRules) {
				t.Errorf("word %q of entry %q has id %d", w, e.Phrase, id)
			}
		}
	}
}
