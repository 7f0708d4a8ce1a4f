package classifier_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/stance-project/stance/classifier"
)

// TestSpansOutliveLaterCalls checks that the spans and summary a call hands out are the caller's:
// the classifier keeps buffers from call to call, and none of them may be what a span's cues,
// holder or mention point into. Spans kept from the first calls must read the same after many
// other calls, some running at once.
func TestSpansOutliveLaterCalls(t *testing.T) {
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	c := classifier.New(lex)
	seed, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		string(seed),
		"The spokesman said talks were impossible. \"Sanctions will not work,\" he added.",
		"Rebels rejected the negotiations as a sham, a senior diplomat said.",
	}
	type result struct {
		spans []classifier.Span
		sum   classifier.Summary
	}
	run := func(text string) result {
		var r result
		sum, err := c.Classify(context.Background(), text, nil, func(sp classifier.Span) error {
			r.spans = append(r.spans, sp)
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		r.sum = sum
		return r
	}
	render := func(text string, r result) string {
		out := fmt.Sprintf("%+v\n", r.sum)
		for _, sp := range r.spans {
			out += fmt.Sprintf("%q %s %s %v %q", sp.In(text), sp.Target, sp.Stance, sp.Score, sp.Holder.Name)
			if sp.Holder.Mention != nil {
				out += fmt.Sprintf(" at %q", sp.Holder.Mention.In(text))
			}
			for _, cue := range sp.Cues {
				out += fmt.Sprintf(" [%s %q %v]", cue.Role, cue.In(text), cue.Weight)
			}
			out += "\n"
		}
		return out
	}
	kept := make([]result, len(texts))
	before := make([]string, len(texts))
	for i, text := range texts {
		kept[i] = run(text)
		before[i] = render(text, kept[i])
		if len(kept[i].spans) == 0 {
			t.Fatalf("text %d gave no span: the test would check nothing", i)
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 25 {
				run(texts[(w+k)%len(texts)])
			}
		}()
	}
	wg.Wait()
	for i, text := range texts {
		if after := render(text, kept[i]); after != before[i] {
			t.Errorf("text %d: the spans kept from the first call changed after later calls:\nbefore:\n%s\nafter:\n%s", i, before[i], after)
		}
		if again := run(text); !reflect.DeepEqual(again, kept[i]) {
			t.Errorf("text %d: classifying it again gives different spans", i)
		}
	}
}
