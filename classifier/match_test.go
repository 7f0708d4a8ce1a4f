package classifier

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
	var all []Entry
	for _, n := range lex.names {
		tl := lex.targets[n]
		all = append(append(append(all, tl.Mentions...), tl.Favor...), tl.Against...)
	}
	all = append(append(all, lex.common.Favor...), lex.common.Against...)
	for _, es := range lex.shared {
		all = append(all, es...)
	}
	for _, e := range all {
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

// TestSortStable checks both ways sortStable sorts, below and above the insertion-sort length,
// against slices.SortStableFunc.
func TestSortStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 5, 48, 49, 200} {
		for range 20 {
			ms := make([]match, n)
			for i := range ms {
				ms[i].n, ms[i].at = 1+rng.IntN(4), i
			}
			want := slices.Clone(ms)
			slices.SortStableFunc(want, func(a, b match) int { return b.n - a.n })
			sortStable(ms, func(a, b *match) bool { return a.n > b.n })
			if !slices.Equal(ms, want) {
				t.Fatalf("n=%d: sortStable = %v, want %v", n, ms, want)
			}
		}
	}
}
