package classifier_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stance-project/stance/classifier"
)

// newClassifier returns a classifier over the embedded lexicons.
func newClassifier(tb testing.TB) *classifier.Classifier {
	tb.Helper()
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		tb.Fatal(err)
	}
	return classifier.New(lex)
}

// collect classifies text and returns the spans emitted and the summary.
func collect(tb testing.TB, c *classifier.Classifier, text string, targets []string) ([]classifier.Span, classifier.Summary, error) {
	tb.Helper()
	var spans []classifier.Span
	sum, err := c.Classify(context.Background(), text, targets, func(s classifier.Span) error {
		spans = append(spans, s)
		return nil
	})
	return spans, sum, err
}

// validRange reports what is wrong with r as a piece of text, or "".
func validRange(text string, r classifier.Range) string {
	switch {
	case r.Begin < 0 || r.End > len(text) || r.Begin > r.End:
		return "is outside the text or reversed"
	case r.Begin < len(text) && !utf8.RuneStart(text[r.Begin]):
		return "begins inside a rune"
	case r.End < len(text) && !utf8.RuneStart(text[r.End]):
		return "ends inside a rune"
	}
	return ""
}

// checkSpans asserts that every span, cue and holder mention cuts valid text, that cues lie in
// their span in text order, that spans come in sentence order, and that scores are in range.
func checkSpans(tb testing.TB, text string, spans []classifier.Span) {
	tb.Helper()
	prevSentence, prevBegin := -1, -1
	for i, s := range spans {
		if msg := validRange(text, s.Range); msg != "" {
			tb.Fatalf("span %d [%d,%d) %s (text is %d bytes)", i, s.Begin, s.End, msg, len(text))
		}
		if s.End == s.Begin {
			tb.Errorf("span %d [%d,%d) is empty", i, s.Begin, s.End)
		}
		if s.SentenceIndex < prevSentence || (s.SentenceIndex == prevSentence) != (s.Begin == prevBegin) ||
			(s.SentenceIndex > prevSentence && s.Begin <= prevBegin) {
			tb.Errorf("span %d (sentence %d at %d) is out of order after sentence %d at %d", i, s.SentenceIndex, s.Begin, prevSentence, prevBegin)
		}
		prevSentence, prevBegin = s.SentenceIndex, s.Begin
		if s.Score < -1 || s.Score > 1 || s.Confidence < 0 || s.Confidence > 1 {
			tb.Errorf("span %d: score %v or confidence %v out of range", i, s.Score, s.Confidence)
		}
		if s.Holder.Name == "" {
			tb.Errorf("span %d has no holder name", i)
		}
		if m := s.Holder.Mention; m != nil {
			if msg := validRange(text, *m); msg != "" {
				tb.Errorf("span %d: holder mention [%d,%d) %s", i, m.Begin, m.End, msg)
			}
		}
		prevCue := s.Begin
		for k, c := range s.Cues {
			if msg := validRange(text, c.Range); msg != "" {
				tb.Fatalf("span %d cue %d [%d,%d) %s", i, k, c.Begin, c.End, msg)
			}
			if c.Begin < s.Begin || c.End > s.End {
				tb.Errorf("span %d [%d,%d): cue %d %s %q at [%d,%d) is outside the span", i, s.Begin, s.End, k, c.Role, c.In(text), c.Begin, c.End)
			}
			if c.Begin < prevCue {
				tb.Errorf("span %d: cue %d at %d comes before the cue before it (%d)", i, k, c.Begin, prevCue)
			}
			prevCue = c.Begin
		}
	}
}

func TestClassifyRejectsBadText(t *testing.T) {
	c := newClassifier(t)
	tests := []struct {
		name string
		text string
	}{
		{"empty text is invalid", ""},
		{"spaces alone are invalid", "   "},
		{"white space of every kind is invalid", " \t\r\n\v\f\u00a0\u2003\u2028\u3000"},
		{"a lone invalid byte is invalid", "\xff"},
		{"an invalid byte in a sentence is invalid", "The talks \xff failed."},
		{"a truncated rune at the end is invalid", "The talks failed \xe2\x80"},
		{"an encoded surrogate is invalid", "talks \xed\xa0\x80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emitted := 0
			_, err := c.Classify(context.Background(), tt.text, nil, func(classifier.Span) error {
				emitted++
				return nil
			})
			var e *classifier.Error
			if !errors.As(err, &e) || e.Code != classifier.EINVALID || e.Field != "text" {
				t.Fatalf("Classify(%q) error = %#v, want *Error with code %q on field text", tt.text, err, classifier.EINVALID)
			}
			if classifier.ErrorCode(err) != classifier.EINVALID || !strings.HasPrefix(err.Error(), "text: ") {
				t.Errorf("ErrorCode = %q, Error() = %q", classifier.ErrorCode(err), err)
			}
			if emitted != 0 {
				t.Errorf("emit was called %d times", emitted)
			}
		})
	}
}

func TestClassifyAcceptsInvisibleButNonSpaceText(t *testing.T) {
	c := newClassifier(t)
	for _, tt := range []struct{ name, text string }{
		{"a zero-width space alone is classified", "\u200b"},
		{"a NUL alone is classified", "\x00"},
		{"a byte order mark alone is classified", "\ufeff"},
		{"zero-width joiners alone are classified", "\u200d\u200d"},
	} {
		text := tt.text
		t.Run(tt.name, func(t *testing.T) {
			spans, sum, err := collect(t, c, text, nil)
			if err != nil {
				t.Fatalf("Classify(%q): %v", text, err)
			}
			if len(spans) != 0 || sum.SentenceCount != 1 {
				t.Errorf("Classify(%q) = %d spans, %d sentences; want 0 and 1", text, len(spans), sum.SentenceCount)
			}
		})
	}
}

func TestClassifyTargets(t *testing.T) {
	c := newClassifier(t)
	const text = "The minister rejected the talks. Sanctions were imposed by the EU."
	t.Run("an unknown target is invalid on field targets", func(t *testing.T) {
		_, err := c.Classify(context.Background(), text, []string{"negotiation", "no_such_target"}, func(classifier.Span) error {
			t.Error("emit called")
			return nil
		})
		var e *classifier.Error
		if !errors.As(err, &e) || e.Code != classifier.EINVALID || e.Field != "targets" || !strings.Contains(e.Message, `"no_such_target"`) {
			t.Fatalf("error = %#v, want EINVALID on targets naming the target", err)
		}
	})
	t.Run("bad text is reported before an unknown target", func(t *testing.T) {
		_, err := c.Classify(context.Background(), " ", []string{"no_such_target"}, func(classifier.Span) error { return nil })
		var e *classifier.Error
		if !errors.As(err, &e) || e.Field != "text" {
			t.Fatalf("error = %#v, want one on field text", err)
		}
	})
	t.Run("many unknown targets are listed up to five", func(t *testing.T) {
		_, err := c.Targets([]string{"a", "b", "c", "d", "e", "f", "g"})
		if err == nil || !strings.Contains(err.Error(), `"e", and 2 more`) || strings.Contains(err.Error(), `"f"`) {
			t.Fatalf("error = %v, want five names and \"and 2 more\"", err)
		}
	})
	t.Run("duplicate targets are classified once", func(t *testing.T) {
		once, sumOnce, err := collect(t, c, text, []string{"negotiation", "international_pressure"})
		if err != nil {
			t.Fatal(err)
		}
		twice, sumTwice, err := collect(t, c, text, []string{"negotiation", "international_pressure", "negotiation", "international_pressure"})
		if err != nil {
			t.Fatal(err)
		}
		if len(once) != 2 || len(twice) != len(once) || sumTwice.SpanCount != sumOnce.SpanCount || len(sumTwice.Targets) != 2 {
			t.Fatalf("spans %d then %d, summary targets %d; want 2, 2 and 2", len(once), len(twice), len(sumTwice.Targets))
		}
		for i := range once {
			if once[i].Target != twice[i].Target || once[i].Range != twice[i].Range {
				t.Errorf("span %d differs: %s %v vs %s %v", i, once[i].Target, once[i].Range, twice[i].Target, twice[i].Range)
			}
		}
	})
	t.Run("no targets means every target in name order", func(t *testing.T) {
		_, sum, err := collect(t, c, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ts := range sum.Targets {
			got = append(got, ts.Target)
		}
		all, _ := c.Targets(nil)
		if !slices.Equal(got, all) || !slices.IsSorted(got) {
			t.Errorf("summary targets = %q, want %q sorted", got, all)
		}
	})
}

func TestClassifyControlCharactersInASentence(t *testing.T) {
	c := newClassifier(t)
	tests := []struct {
		name string
		text string
	}{
		{"NUL between words", "The minister \x00 rejected the talks \x00 outright."},
		{"NUL glued to words", "The minister\x00rejected\x00the talks."},
		{"bell, backspace and escape", "The\x07 EU \x08imposed \x1b[31msanctions\x1b[0m on the regime."},
		{"DEL and C1 controls", "Talks\x7f resumed \u0085 after \u009b months."},
		{"a form feed and vertical tab between sentences", "Talks failed.\f\vSanctions followed."},
		{"bidi overrides around a mention", "The envoy \u202erejected\u202c the \u2066talks\u2069."},
	}
	for _, tt := range tests {
		t.Run(tt.name+" leaves every offset on valid text", func(t *testing.T) {
			spans, sum, err := collect(t, c, tt.text, nil)
			if err != nil {
				t.Fatalf("Classify(%q): %v", tt.text, err)
			}
			if sum.SentenceCount == 0 {
				t.Errorf("no sentences in %q", tt.text)
			}
			checkSpans(t, tt.text, spans)
		})
	}
}

// sentenceGrammar generates varied news sentences from parts written for these tests.
var (
	genHolders = []string{"The foreign minister", "A spokesman for the rebels", "Officials in Brussels",
		"The opposition leader, Ana Petrova,", "Critics", "The prime minister's office", "Diplomats",
		"\u201cWe\u201d", "The UN envoy", "Several analysts"}
	genVerbs = []string{"said", "warned that", "insisted", "denied that", "claimed", "told reporters",
		"argued on Tuesday that", "hinted"}
	genClauses = []string{
		"the talks would not resume before spring",
		"new sanctions against the government were unjustified",
		"dialogue remained the only way forward",
		"they rejected any negotiation with the junta",
		"international pressure had failed to change anything",
		"a peace deal was close, but not yet signed",
		"the embargo must be lifted at once",
		"mediation by Norway was welcome",
		"nobody wanted a summit",
		"the arms embargo and asset freezes hurt ordinary people",
		"\u201cthere will be no talks\u201d",
		"foreign interference in internal affairs was unacceptable",
	}
	genEnds = []string{".", "!", "?", "\u2026", "...", ".\u201d", ". (Reuters)"}
)

// generatePassage writes about n bytes of varied sentences in paragraphs.
func generatePassage(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 256)
	for b.Len() < n {
		b.WriteString(genHolders[rng.IntN(len(genHolders))])
		b.WriteByte(' ')
		b.WriteString(genVerbs[rng.IntN(len(genVerbs))])
		b.WriteByte(' ')
		b.WriteString(genClauses[rng.IntN(len(genClauses))])
		b.WriteString(genEnds[rng.IntN(len(genEnds))])
		if rng.IntN(5) == 0 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestClassifyLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs in -short mode")
	}
	c := newClassifier(t)
	t.Run("a 1 MB passage of varied sentences completes with spans in order", func(t *testing.T) {
		text := generatePassage(rand.New(rand.NewPCG(7, 8)), 1<<20)
		spans, sum, err := collect(t, c, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, text, spans)
		if len(spans) < 1000 || sum.SpanCount != len(spans) || sum.SentenceCount < 1000 {
			t.Errorf("%d spans (summary %d) over %d sentences; want over 1000 of each", len(spans), sum.SpanCount, sum.SentenceCount)
		}
		for i := 1; i < len(spans); i++ {
			if spans[i].Begin < spans[i-1].Begin {
				t.Fatalf("span %d begins at %d, before span %d at %d", i, spans[i].Begin, i-1, spans[i-1].Begin)
			}
		}
	})
	t.Run("a 1 MB token without spaces completes without error", func(t *testing.T) {
		text := strings.Repeat("talks", 1<<20/5)
		spans, sum, err := collect(t, c, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, text, spans)
		if sum.SentenceCount != 1 {
			t.Errorf("%d sentences, want 1", sum.SentenceCount)
		}
	})
	t.Run("a 1 MB run of punctuation completes without error", func(t *testing.T) {
		text := strings.Repeat("talks.,\u201c", 1<<20/10)
		spans, _, err := collect(t, c, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, text, spans)
	})
	t.Run("100,000 one-word sentences give one sentence and one span each", func(t *testing.T) {
		const n = 100000
		text := strings.Repeat("Talks. ", n)
		spans, sum, err := collect(t, c, text, []string{"negotiation"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.SentenceCount != n || len(spans) != n {
			t.Fatalf("%d sentences and %d spans, want %d of each", sum.SentenceCount, len(spans), n)
		}
		checkSpans(t, text, spans)
		for i, s := range spans {
			if s.In(text) != "Talks." || s.SentenceIndex != i {
				t.Fatalf("span %d is sentence %d %q, want sentence %d \"Talks.\"", i, s.SentenceIndex, s.In(text), i)
			}
		}
	})
	t.Run("100,000 words without a full stop are cut into bounded sentences", func(t *testing.T) {
		const n = 100000
		text := strings.Repeat("talks ", n)
		spans, sum, err := collect(t, c, text, []string{"negotiation"})
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, text, spans)
		if sum.SentenceCount < n/1000 || sum.SentenceCount > n/2 {
			t.Errorf("%d sentences from %d words without a full stop; want them bounded in length but not one a word", sum.SentenceCount, n)
		}
	})
}

func TestClassifyQuotes(t *testing.T) {
	c := newClassifier(t)
	tests := []struct {
		name string
		text string
	}{
		{"an opening curly quote that never closes", "\u201cWe reject the talks, the minister said. Sanctions will follow."},
		{"a closing curly quote that never opened", "We reject the talks,\u201d the minister said."},
		{"a straight quote that never closes", `"We reject the talks, the minister said. Sanctions will follow.`},
		{"nested curly and straight quotes", "\u201cThey said \u2018no talks\u2019 and \"no \u201cdeal\u201d\",\u201d he said."},
		{"quotes nested three deep", "\u201cA \u201cB \u201cC talks\u201d\u201d\u201d sanctions"},
		{"quote marks alone", "\u201c \u201d \" \" \u2018 \u2019 \u00ab \u00bb"},
		{"a quote left open across paragraphs", "\u201cWe want talks.\n\n\u201cAnd no sanctions.\n\nThe envoy agreed."},
		{"a quote closing at the start of a paragraph", "He said: \u201cthe talks\n\nhave failed\u201d and left."},
		{"guillemets and a low opening quote", "\u00abNous refusons les n\u00e9gociations\u00bb, \u201edie Sanktionen\u201c."},
		{"a quote mark between every word", `" talks " were " rejected " by " the " EU "`},
		{"a question closed by a quote mark", "\u201cWhy would we want talks?\u201d he asked."},
	}
	for _, tt := range tests {
		t.Run(tt.name+" gives valid offsets", func(t *testing.T) {
			spans, _, err := collect(t, c, tt.text, nil)
			if err != nil {
				t.Fatalf("Classify(%q): %v", tt.text, err)
			}
			checkSpans(t, tt.text, spans)
		})
	}
}

func TestClassifyContext(t *testing.T) {
	c := newClassifier(t)
	const text = "The minister rejected the talks."
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Hour))
	defer cancel2()
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"a context cancelled before the call returns context.Canceled", cancelled, context.Canceled},
		{"an expired deadline returns context.DeadlineExceeded", expired, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emitted := 0
			sum, err := c.Classify(tt.ctx, text, nil, func(classifier.Span) error {
				emitted++
				return nil
			})
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			if emitted != 0 || sum.SpanCount != 0 {
				t.Errorf("emitted %d spans (summary %d), want none", emitted, sum.SpanCount)
			}
		})
	}
}

func TestClassifyStopsWhenCancelledDuringEmit(t *testing.T) {
	c := newClassifier(t)
	text := strings.Repeat("The envoy welcomed the talks. ", 20000)
	tests := []struct {
		name    string
		targets []string
	}{
		{"cancelling after the first span of one target stops soon after", []string{"negotiation"}},
		{"cancelling after the first span of every target stops soon after", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			emitted := 0
			_, err := c.Classify(ctx, text, tt.targets, func(classifier.Span) error {
				emitted++
				if emitted == 1 {
					cancel()
				}
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error = %v, want context.Canceled", err)
			}
			// The context is checked every 16 sentences; each sentence gives at most one span per
			// target, so far fewer than the 20,000 sentences' spans may follow.
			if emitted < 1 || emitted > 64 {
				t.Errorf("emitted %d spans after cancelling on the first, want a handful", emitted)
			}
		})
	}
}

func TestClassifyReturnsEmitErrorAsIs(t *testing.T) {
	c := newClassifier(t)
	errStop := errors.New("client went away")
	text := strings.Repeat("The envoy welcomed the talks. ", 50)
	for _, after := range []int{1, 7} {
		t.Run("an emit error on span "+strconv.Itoa(after)+" is returned unwrapped and stops emitting", func(t *testing.T) {
			emitted := 0
			sum, err := c.Classify(context.Background(), text, []string{"negotiation"}, func(classifier.Span) error {
				emitted++
				if emitted == after {
					return errStop
				}
				return nil
			})
			if err != errStop {
				t.Fatalf("error = %#v, want errStop itself", err)
			}
			if emitted != after || sum.SpanCount != 0 {
				t.Errorf("emit called %d times (summary %d spans), want %d and an empty summary", emitted, sum.SpanCount, after)
			}
		})
	}
}

func TestClassifySummaryAgreesWithSpans(t *testing.T) {
	c := newClassifier(t)
	text := generatePassage(rand.New(rand.NewPCG(9, 10)), 20000)
	spans, sum, err := collect(t, c, text, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSpans(t, text, spans)
	count := map[string][3]int{}
	for _, s := range spans {
		n := count[s.Target]
		n[s.Stance]++
		count[s.Target] = n
	}
	total := 0
	for _, ts := range sum.Targets {
		n := count[ts.Target]
		total += ts.SpanCount
		if ts.SpanCount != n[0]+n[1]+n[2] || ts.FavorCount != n[classifier.Favor] || ts.AgainstCount != n[classifier.Against] {
			t.Errorf("%s summary %+v, spans by stance %v", ts.Target, ts, n)
		}
	}
	if total != len(spans) || sum.SpanCount != len(spans) {
		t.Errorf("summary counts %d and %d spans, %d emitted", total, sum.SpanCount, len(spans))
	}
}

// TestClassifyLongPunctuationRun: prose's tokenizer splits a run of punctuation without spaces one
// mark at a time, in time quadratic in the run's length (30 KB of "..." already takes tens of
// seconds), and Classify does not look at its context while tokenizing. A 300 KB run must complete
// like any other 300 KB text; today it runs past go test's timeout.
func TestClassifyLongPunctuationRun(t *testing.T) {
	c := newClassifier(t)
	for _, run := range []struct{ name, piece string }{
		{"a run of full stops completes", "."},
		{"a run of apostrophes completes", "'"},
		{"a run of curly quotes completes", "\u201c"},
	} {
		t.Run(run.name, func(t *testing.T) {
			text := "Talks failed " + strings.Repeat(run.piece, 300000/len(run.piece)) + " again."
			spans, _, err := collect(t, c, text, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, text, spans)
		})
	}
}
