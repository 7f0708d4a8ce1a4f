package classifier

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"runtime"
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
	// Every entry of every embedded file, the common cues and shared kinds included: the index
	// is all that keeps them.
	var all []Entry
	names, err := fs.Glob(embedded, "lexicons/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("embedded lexicons: %v, %d files", err, len(names))
	}
	for _, name := range names {
		data, err := embedded.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, ps := parseLexicon(name, data)
		if len(ps) > 0 {
			t.Fatalf("%s: %v", name, ps)
		}
		all = append(all, f.words...)
		if f.target != nil {
			all = append(append(append(all, f.target.Mentions...), f.target.Favor...), f.target.Against...)
		}
	}
	for _, e := range all {
		for _, w := range phraseWords(e.Phrase) {
			if strings.HasSuffix(w, "*") {
				continue
			}
			if id := ix.wordID.get(w); id <= 0 || int(id) >= len(ix.exactRules.at)-1 {
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

// TestSentencesTakeTheirMatches checks that each sentence's share of the passage's matches is
// exactly what matching the sentence alone finds, on the test stories and on sentences that end
// inside a multi-word entry ("... of international. Pressure ...").
func TestSentencesTakeTheirMatches(t *testing.T) {
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	ix := lex.index
	texts := []string{
		"They spoke of international. Pressure grew anyway. Peace. Talks resumed. No talks, no peace.",
		"Sanctions relief\n\nwas refused. Trade preferences were withdrawn. \"Talks,\" he said, \"are over.\"",
		// A paragraph break with no mark before it ends a sentence inside "framework agreement".
		"They signed a framework\n\nagreement on trade. Talks went on.",
	}
	for _, name := range []string{"seed.txt", "harbor.txt", "army.txt"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	crossing := 0
	for n, text := range texts {
		toks, err := tokenizeContext(context.Background(), text, nil, ix)
		if err != nil {
			t.Fatal(err)
		}
		all := ix.matchAll(toks, 0, len(toks), nil)
		var sc sentenceCues
		next := 0
		for si, s := range segment(toks, nil) {
			got := slices.Clone(sc.take(all, &next, s))
			want := ix.matchAll(toks, s.first, s.last, nil)
			if !slices.Equal(got, want) {
				t.Errorf("text %d, sentence %d %q: took %v, matching it alone finds %v", n, si, text[toks[s.first].Begin:toks[s.last-1].End], got, want)
			}
			for _, m := range all {
				if m.at >= s.first && m.at < s.last && m.at+m.n > s.last {
					crossing++
				}
			}
		}
	}
	if crossing == 0 {
		t.Error("no match crossed a sentence end: the test does not exercise the filtering")
	}
}

// TestSparesOutlastCollections checks that scratch space for ordinary passages is kept across
// garbage collections, which empty a sync.Pool, and that space grown for a long passage is not
// kept for good.
func TestSparesOutlastCollections(t *testing.T) {
	drain := func() {
		for {
			select {
			case <-spares:
			default:
				return
			}
		}
	}
	drain()
	defer drain()
	w := getWork()
	w.toks = make([]token, 0, 1000)
	w.put()
	runtime.GC()
	runtime.GC()
	if got := getWork(); got != w {
		t.Fatal("the work put back before two collections was not handed out after them")
	}
	big := &work{toks: make([]token, 0, spareTokens+1)}
	big.put()
	select {
	case got := <-spares:
		t.Fatalf("a work with room for %d tokens was kept in spares", cap(got.toks))
	default:
	}
}

// TestMatchesAcrossQuotes checks that a phrase matches with quotation marks between its words, over
// exactly its words and the marks between them, once, and in token order with the other matches;
// and that a "*" of such a phrase still stands over the word it stood for, not over a mark.
func TestMatchesAcrossQuotes(t *testing.T) {
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	ix := lex.index
	for _, tc := range []struct {
		text string
		want string // the text under the phrase's match
	}{
		{`They would trigger the "snapback" of sanctions.`, `trigger the "snapback`},
		{"They would trigger the \u201csnapback\u201d of sanctions.", "trigger the \u201csnapback"},
		{`It had "no interest whatsoever" in talks.`, `interest whatsoever" in`},
		{`It had no "interest" "whatsoever" in talks.`, `interest" "whatsoever" in`},
		{`They would trigger the 'snapback' of sanctions.`, `trigger the 'snapback`},
		// A "*" over a word after a mark: "withdraw* * access".
		{`Brussels may withdraw "Cambodia's" access to the scheme.`, `withdraw "Cambodia's" access`},
	} {
		toks, err := tokenizeContext(context.Background(), tc.text, nil, ix)
		if err != nil {
			t.Fatal(err)
		}
		ms := ix.matchAll(toks, 0, len(toks), nil)
		found := 0
		for k, m := range ms {
			if k > 0 && ms[k-1].at > m.at {
				t.Errorf("%q: matches out of token order at %d", tc.text, k)
			}
			got := tc.text[toks[m.at].Begin:toks[m.at+m.n-1].End]
			if got != tc.want {
				continue
			}
			found++
			for j := range m.n {
				if m.stars&(1<<j) != 0 && isQuoteToken(&toks[m.at+j]) {
					t.Errorf("%q: a star of %q stands over %q", tc.text, got, toks[m.at+j].norm)
				}
			}
		}
		if found != 1 {
			t.Errorf("%q: %d matches over %q, want 1", tc.text, found, tc.want)
		}
	}
}
