package classifier

import (
	"context"
	"slices"
	"testing"
)

// TestSegmentSentenceEnds checks where sentences end, by the exact text of each, around the words
// prose keeps their point on ("May.", "Sen.", "U.S.") and the abbreviations that end none.
func TestSegmentSentenceEnds(t *testing.T) {
	ix := testClassifier(t).lex.index
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"a point after a month ends the sentence", "The EU imposed sanctions in May. Beijing called them illegal.",
			[]string{"The EU imposed sanctions in May.", "Beijing called them illegal."}},
		{"a point after a short surname ends the sentence", "Talks are pointless, said Hun Sen. Rainsy disagreed.",
			[]string{"Talks are pointless, said Hun Sen.", "Rainsy disagreed."}},
		{"a title's abbreviation ends none", "The talks, said Sen. John Reed, had failed.",
			[]string{"The talks, said Sen. John Reed, had failed."}},
		{"a month's abbreviation before a date ends none", "The talks began on Jan. 5 in Geneva.",
			[]string{"The talks began on Jan. 5 in Geneva."}},
		{"an initialism before a name ends none", "The U.S. Treasury imposed sanctions.",
			[]string{"The U.S. Treasury imposed sanctions."}},
		{"an initialism before a sentence's opening word ends the sentence", "The sanctions were imposed by the U.S. The move angered Beijing.",
			[]string{"The sanctions were imposed by the U.S.", "The move angered Beijing."}},
		{"a point before a lower-case word ends none", "Talks with Kim. and his aides failed.",
			[]string{"Talks with Kim. and his aides failed."}},
		{"an ordinary full stop still ends the sentence", "Talks failed. Sanctions followed.",
			[]string{"Talks failed.", "Sanctions followed."}},
		{"a quoted question that a name and a reporting verb attribute ends none", `"Is this the way to hold talks?" Lavrov asked reporters. He left.`,
			[]string{`"Is this the way to hold talks?" Lavrov asked reporters.`, "He left."}},
		{"a quoted question before another sentence ends it", `"Is this the way to hold talks?" The minister left the room.`,
			[]string{`"Is this the way to hold talks?"`, "The minister left the room."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := tokenizeContext(context.Background(), tt.text, nil, ix)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range segment(toks, nil) {
				got = append(got, tt.text[toks[s.first].Begin:toks[s.last-1].End])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sentences %q, want %q", got, tt.want)
			}
		})
	}
}
