package classifier_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-project/stance/classifier"
)

// electionsLexicon is a valid target file for a target the embedded lexicons do not have.
const electionsLexicon = `# A target for tests: elections.
target: elections
description: Elections, votes and ballots.
version: "1"
mentions:
  - election
  - elections
  - vote
  - ballot
favor:
  - fair
  - free
against:
  - rigged
  - fraud*
`

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDefaultLexicons(t *testing.T) {
	lex, err := classifier.DefaultLexicons()
	if err != nil {
		t.Fatalf("DefaultLexicons: %v", err)
	}
	var names []string
	for _, tl := range lex.Targets() {
		names = append(names, tl.Name)
		if tl.Source != "embedded" {
			t.Errorf("target %s: Source = %q, want \"embedded\"", tl.Name, tl.Source)
		}
		if tl.Description == "" || len(tl.Mentions) == 0 || tl.Size() != len(tl.Mentions)+len(tl.Favor)+len(tl.Against)+len(tl.References) {
			t.Errorf("target %s: description %q, %d mentions, size %d", tl.Name, tl.Description, len(tl.Mentions), tl.Size())
		}
	}
	for _, want := range []string{"international_pressure", "negotiation"} {
		if !slices.Contains(names, want) {
			t.Errorf("targets %q lack %q", names, want)
		}
		if lex.Target(want) == nil {
			t.Errorf("Target(%q) = nil", want)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("Targets() = %q, want them sorted by name", names)
	}
	if lex.Target("no_such_target") != nil {
		t.Error("Target of an unknown name is not nil")
	}
	got, err := classifier.New(lex).Targets(nil)
	if err != nil || !slices.Equal(got, names) {
		t.Errorf("Classifier.Targets(nil) = %q, %v; want %q", got, err, names)
	}
}

func TestCheckLexiconFile(t *testing.T) {
	const allowed = "(allowed: kind, target, description, version, mentions, favor, against, references)"
	const star = `"*" may only end a word, or stand alone for any one word`
	const alone = `"*" alone stands for any one word, between two others`
	tests := []struct {
		name    string
		content string
		// want lists the problems as "line: message", in order; the path is added by the test.
		want []string
	}{
		{
			name:    "a valid target file has no problems",
			content: electionsLexicon,
		},
		{
			name: "a valid file with weights and when_negated has no problems",
			content: "target: elections\ndescription: d\nmentions: [vote]\nfavor:\n" +
				"  - {phrase: fair, weight: 2.5, when_negated: against}\n  - phrase: clean\n    weight: 10\n" +
				"against:\n  - {phrase: stolen, when_negated: favor}\n  - {phrase: annul*, object: true}\n",
		},
		{
			name:    "a valid shared kind file has no problems",
			content: "kind: hedges\ndescription: words that weaken\nwords:\n  - maybe\n  - {phrase: perhaps, weight: 0.25}\n",
		},
		{
			name:    "an unknown top-level key is reported on its line",
			content: "target: elections\ndescription: d\ncolour: blue\nmentions: [vote]\n",
			want:    []string{`3: unknown key "colour" for kind target ` + allowed},
		},
		{
			name:    "a key that appears twice is reported on its second line",
			content: "target: elections\ndescription: d\nmentions: [vote]\ndescription: e\n",
			want:    []string{`4: key "description" appears twice`},
		},
		{
			name:    "an empty phrase and a blank phrase are reported on their lines",
			content: "target: elections\ndescription: d\nmentions: [vote]\nfavor:\n  - \"\"\n  - \"   \"\n  - fair\n",
			want:    []string{"5: empty phrase in favor", "6: empty phrase in favor"},
		},
		{
			name:    "a mapping entry without phrase is an empty phrase",
			content: "target: elections\ndescription: d\nmentions: [vote]\nagainst:\n  - {weight: 2}\n",
			want:    []string{"5: empty phrase in against"},
		},
		{
			name:    "a duplicate entry names the line of the first",
			content: "target: elections\ndescription: d\nmentions:\n  - vote\n  - ballot\n  - vote\n",
			want:    []string{`6: duplicate entry "vote" (first on line 4)`},
		},
		{
			name:    "a duplicate reference names the line of the first",
			content: "target: elections\ndescription: d\nmentions: [vote]\nreferences:\n  - the poll\n  - The  poll\n",
			want:    []string{`6: duplicate entry "the poll" (first on line 5)`},
		},
		{
			name:    "references in the common file are reported on their key's line",
			content: "kind: common\ndescription: d\nreferences: [the poll]\nfavor: [welcome]\n",
			want:    []string{"3: references belong to a target, not to common cues"},
		},
		{
			name:    "entries that differ only in case and spacing are duplicates",
			content: "target: elections\ndescription: d\nmentions: [vote]\nagainst:\n  - Rigged  Vote\n  - rigged vote\n",
			want:    []string{`6: duplicate entry "rigged vote" (first on line 5)`},
		},
		{
			name:    "the same phrase in favor and against is a conflict of polarities",
			content: "target: elections\ndescription: d\nmentions: [vote]\nfavor:\n  - fair\nagainst:\n  - unfair\n  - fair\n",
			want:    []string{`8: entry "fair" is in both favor (line 5) and against: conflicting polarities`},
		},
		{
			name:    "a phrase in mentions may also be a cue",
			content: "target: elections\ndescription: d\nmentions: [vote, fraud]\nagainst: [fraud]\n",
		},
		{
			name: "weights out of range or not numbers are reported on their lines",
			content: "target: elections\ndescription: d\nmentions: [vote]\nfavor:\n  - {phrase: a, weight: 0}\n" +
				"  - {phrase: b, weight: -1}\n  - {phrase: c, weight: 10.5}\n  - {phrase: d, weight: heavy}\n  - {phrase: e, weight: 10}\n",
			want: []string{
				`5: weight "0" must be a number in (0, 10]`,
				`6: weight "-1" must be a number in (0, 10]`,
				`7: weight "10.5" must be a number in (0, 10]`,
				`8: weight "heavy" must be a number in (0, 10]`,
			},
		},
		{
			name:    "a weight on a mention is an unknown key",
			content: "target: elections\ndescription: d\nmentions:\n  - {phrase: vote, weight: 2}\n",
			want:    []string{`4: unknown key "weight" in a mentions entry`},
		},
		{
			name:    "when_negated other than favor or against is reported",
			content: "target: elections\ndescription: d\nmentions: [vote]\nfavor:\n  - phrase: fair\n    when_negated: neutral\n",
			want:    []string{`6: when_negated "neutral" must be favor or against`},
		},
		{
			name:    "object other than true or false is reported",
			content: "target: elections\ndescription: d\nmentions: [vote]\nagainst:\n  - {phrase: annul, object: yes}\n",
			want:    []string{`5: object "yes" must be true or false`},
		},
		{
			name:    "only_negated other than true or false is reported",
			content: "target: elections\ndescription: d\nmentions: [vote]\nagainst:\n  - {phrase: accept, only_negated: maybe}\n",
			want:    []string{`5: only_negated "maybe" must be true or false`},
		},
		{
			name:    "only_negated with when_negated is reported",
			content: "target: elections\ndescription: d\nmentions: [vote]\nagainst:\n  - {phrase: accept, only_negated: true, when_negated: favor}\n",
			want:    []string{`5: phrase "accept": only_negated cues count on their own list's side, so when_negated has no use`},
		},
		{
			name:    "only_negated on an intensifier is reported",
			content: "kind: intensifiers\ndescription: d\nwords:\n  - {phrase: very, only_negated: true}\n",
			want:    []string{"4: only_negated applies to favor and against cues only"},
		},
		{
			name:    "object on a hedge is reported",
			content: "kind: hedges\ndescription: d\nwords:\n  - {phrase: maybe, object: true}\n",
			want:    []string{"4: object applies to favor and against cues only"},
		},
		{
			name:    "when_negated in a shared kind is reported",
			content: "kind: negators\ndescription: d\nwords:\n  - {phrase: not, when_negated: favor}\n",
			want:    []string{`4: unknown key "when_negated" in a words entry`},
		},
		{
			name:    "a file without target, description or mentions reports each at line 1",
			content: "version: \"2\"\nfavor: [fair]\n",
			want: []string{
				"1: missing key target (the target's name, for example elections)",
				"1: missing key description",
				"1: missing key mentions: a target needs words that make a sentence about it",
			},
		},
		{
			name:    "a target name with capitals is reported on its line",
			content: "description: d\ntarget: Elections\nmentions: [vote]\n",
			want:    []string{`2: target name "Elections" must be lowercase letters, digits and _, starting with a letter`},
		},
		{
			name:    "a target name starting with a digit is reported",
			content: "target: 2elections\ndescription: d\nmentions: [vote]\n",
			want:    []string{`1: target name "2elections" must be lowercase letters, digits and _, starting with a letter`},
		},
		{
			name:    "a target name given as a list is reported",
			content: "target:\n  - elections\ndescription: d\nmentions: [vote]\n",
			want: []string{
				"2: target must be a single value",
				`1: target name "" must be lowercase letters, digits and _, starting with a letter`,
			},
		},
		{
			name:    "mentions given as a single value must be a list",
			content: "target: elections\ndescription: d\nmentions: vote\n",
			want:    []string{"3: mentions must be a list"},
		},
		{
			name:    "an entry that is a list is reported",
			content: "target: elections\ndescription: d\nmentions:\n  - [vote, ballot]\n",
			want:    []string{"4: a mentions entry must be a phrase or a mapping with phrase"},
		},
		{
			name:    "a list at the top is not a mapping",
			content: "- vote\n- ballot\n",
			want:    []string{"1: a lexicon file must be a mapping with keys such as target, description, mentions, favor, against"},
		},
		{
			name:    "a single word is not a mapping",
			content: "elections\n",
			want:    []string{"1: a lexicon file must be a mapping with keys such as target, description, mentions, favor, against"},
		},
		{
			name:    "an unknown kind is reported on the kind line",
			content: "target: elections\nkind: slogans\nwords: [x]\n",
			want: []string{`2: unknown kind "slogans" (want target, common, or one of anaphors, conditionals, contrast, ` +
				`events, harms, hedges, intensifiers, negators, non_names, openness, questions, removals, reporting_verbs, titles, wanting)`},
		},
		{
			name:    "a shared kind without words is reported",
			content: "kind: contrast\ndescription: d\n",
			want:    []string{"1: kind contrast needs a words list"},
		},
		{
			name:    "a target key in a shared kind is unknown",
			content: "kind: titles\ntarget: x\nwords: [minister]\n",
			want:    []string{`2: unknown key "target" for kind titles (allowed: kind, description, version, words)`},
		},
		{
			name:    "a duplicate word in a shared kind is reported",
			content: "kind: negators\nwords:\n  - not\n  - never\n  - not\n",
			want:    []string{`5: duplicate entry "not" (first on line 3)`},
		},
		{
			name:    "an intensifier weaker than 1 is reported",
			content: "kind: intensifiers\nwords:\n  - {phrase: very, weight: 0.5}\n",
			want:    []string{`3: intensifier "very": weight 0.5 must be more than 1 (a factor)`},
		},
		{
			name:    "a hedge stronger than 1 is reported",
			content: "kind: hedges\nwords:\n  - {phrase: maybe, weight: 2}\n",
			want:    []string{`3: hedge "maybe": weight 2 must be less than 1 (a factor)`},
		},
		{
			name: "a star in the middle of a word, twice or first, or alone at an end of a phrase is misuse",
			content: "target: elections\ndescription: d\nmentions: [vote]\nagainst:\n  - \"*\"\n  - fr*ud\n  - fraud**\n" +
				"  - \"*fraud\"\n  - vote *\n  - fraud*\n  - rigged vot*\n  - \"* vote\"\n  - rigged * vote\n  - annul* * * result*\n",
			want: []string{
				`5: phrase "*": ` + alone,
				`6: phrase "fr*ud": ` + star,
				`7: phrase "fraud**": ` + star,
				`8: phrase "*fraud": ` + star,
				`9: phrase "vote *": ` + alone,
				`12: phrase "* vote": ` + alone,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "lex.yaml", tt.content)
			ps, err := classifier.CheckLexiconFile(path)
			if err != nil {
				t.Fatalf("CheckLexiconFile: %v", err)
			}
			var got []string
			for _, p := range ps {
				if p.Path != path {
					t.Errorf("problem %q has path %q, want %q", p.Message, p.Path, path)
				}
				got = append(got, p.String())
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + ":" + w
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems:\n  got  %q\n  want %q", got, want)
			}
		})
	}
}

func TestCheckLexiconFileInvalidYAML(t *testing.T) {
	tests := []struct {
		name    string
		content string
		line    int
	}{
		{"a tab used for indentation is reported on its line", "target: elections\ndescription: d\nmentions:\n\t- vote\n", 4},
		{"an unclosed quote is reported", "target: elections\ndescription: \"d\nmentions: [vote]\n", 2},
		{"a list item under a mapping key at the wrong indent is reported", "target: elections\nmentions:\n  - vote\n - ballot\n", 4},
		{"an unclosed flow list is reported", "target: elections\ndescription: d\nmentions: [vote, ballot\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "bad.yaml", tt.content)
			ps, err := classifier.CheckLexiconFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 1 {
				t.Fatalf("problems = %q, want one", ps)
			}
			p := ps[0]
			if p.Path != path || !strings.HasPrefix(p.Message, "not valid YAML: ") {
				t.Errorf("problem = %q, want %s:N: not valid YAML: ...", p, path)
			}
			if p.Line < tt.line-1 || p.Line > tt.line {
				t.Errorf("problem %q is on line %d, want line %d (or the line before, where the parser noticed)", p, p.Line, tt.line)
			}
		})
	}
}

func TestCheckLexiconFileMissingFile(t *testing.T) {
	ps, err := classifier.CheckLexiconFile(filepath.Join(t.TempDir(), "absent.yaml"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CheckLexiconFile of a missing file = %q, %v; want an error wrapping os.ErrNotExist", ps, err)
	}
}

// TestEmbeddedLexiconsCheckClean runs the checker over every shipped lexicon file.
func TestEmbeddedLexiconsCheckClean(t *testing.T) {
	paths, err := filepath.Glob("lexicons/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no lexicon files: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path)+" has no problems", func(t *testing.T) {
			ps, err := classifier.CheckLexiconFile(path)
			if err != nil || len(ps) > 0 {
				t.Errorf("CheckLexiconFile(%s) = %q, %v", path, ps, err)
			}
		})
	}
}

func TestLoadLexiconsAddsANewTarget(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "elections.yaml", electionsLexicon)
	lex, err := classifier.LoadLexicons(dir)
	if err != nil {
		t.Fatalf("LoadLexicons: %v", err)
	}
	el := lex.Target("elections")
	if el == nil {
		t.Fatal(`Target("elections") = nil`)
	}
	if el.Source != path || el.Description != "Elections, votes and ballots." || el.Version != "1" {
		t.Errorf("elections: Source %q, Description %q, Version %q", el.Source, el.Description, el.Version)
	}
	if len(el.Mentions) != 4 || len(el.Favor) != 2 || len(el.Against) != 2 || el.Against[1].Phrase != "fraud*" {
		t.Errorf("elections entries: %+v / %+v / %+v", el.Mentions, el.Favor, el.Against)
	}
	if el.Mentions[0].Line != 6 {
		t.Errorf("first mention on line %d, want 6", el.Mentions[0].Line)
	}
	c := classifier.New(lex)
	all, err := c.Targets(nil)
	if err != nil || !slices.Contains(all, "elections") || !slices.Contains(all, "negotiation") ||
		!slices.Contains(all, "international_pressure") {
		t.Errorf("Targets(nil) = %q, %v; want elections beside the embedded targets", all, err)
	}

	type cue struct{ role, text string }
	tests := []struct {
		name   string
		text   string
		stance classifier.Stance
		cues   []cue
	}{
		{
			name:   "a rigged election is against elections",
			text:   "The opposition says the election was rigged.",
			stance: classifier.Against,
			cues:   []cue{{"mention", "election"}, {"against", "rigged"}},
		},
		{
			name:   "a prefix entry matches a longer word",
			text:   "Monitors reported a fraudulent ballot in the north.",
			stance: classifier.Against,
			cues:   []cue{{"against", "fraudulent"}, {"mention", "ballot"}},
		},
		{
			name:   "a fair vote is favor",
			text:   "Observers called the vote fair.",
			stance: classifier.Favor,
			cues:   []cue{{"mention", "vote"}, {"favor", "fair"}},
		},
		{
			name:   "a sentence without a mention gives no span",
			text:   "The count was rigged.",
			stance: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var spans []classifier.Span
			if _, err := c.Classify(context.Background(), tt.text, []string{"elections"}, func(s classifier.Span) error {
				spans = append(spans, s)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if tt.stance < 0 {
				if len(spans) != 0 {
					t.Fatalf("got %d spans, want none: %+v", len(spans), spans)
				}
				return
			}
			if len(spans) != 1 {
				t.Fatalf("got %d spans, want 1: %+v", len(spans), spans)
			}
			s := spans[0]
			if s.Target != "elections" || s.Stance != tt.stance || s.In(tt.text) != tt.text {
				t.Errorf("span = %s %s over %q", s.Target, s.Stance, s.In(tt.text))
			}
			var got []cue
			for _, c := range s.Cues {
				got = append(got, cue{c.Role.String(), c.In(tt.text)})
			}
			if !slices.Equal(got, tt.cues) {
				t.Errorf("cues = %q, want %q", got, tt.cues)
			}
		})
	}
}

func TestLoadLexiconsReplacesATarget(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "mine.yaml", "target: negotiation\ndescription: Parleys only.\nversion: \"9\"\nmentions:\n  - parley\nfavor:\n  - welcome*\n")
	lex, err := classifier.LoadLexicons(dir)
	if err != nil {
		t.Fatalf("LoadLexicons: %v", err)
	}
	n := lex.Target("negotiation")
	if n == nil || n.Source != path || n.Version != "9" || len(n.Mentions) != 1 || n.Mentions[0].Phrase != "parley" {
		t.Fatalf("negotiation = %+v, want the file's lexicon", n)
	}
	if lex.Target("international_pressure") == nil || lex.Target("international_pressure").Source != "embedded" {
		t.Error("international_pressure is no longer the embedded lexicon")
	}
	c := classifier.New(lex)
	count := func(text string) int {
		t.Helper()
		sum, err := c.Classify(context.Background(), text, []string{"negotiation"}, func(classifier.Span) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		return sum.SpanCount
	}
	if got := count("The envoys welcomed the parley."); got != 1 {
		t.Errorf("a sentence with the new mention gave %d spans, want 1", got)
	}
	if got := count("The envoys welcomed the talks and the negotiations."); got != 0 {
		t.Errorf("a sentence with only the replaced mentions gave %d spans, want 0", got)
	}
}

func TestLoadLexiconsRejectsABrokenFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "elections.yaml", electionsLexicon)
	bad := writeFile(t, dir, "zz_broken.yaml", "target: sanctions\ndescription: d\nmentions:\n  - sanction*\n  - \"*\"\n")
	lex, err := classifier.LoadLexicons(dir)
	var pe classifier.ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("LoadLexicons = %v, %v; want a ProblemsError", lex, err)
	}
	if len(pe) != 1 || pe[0].Path != bad || pe[0].Line != 5 {
		t.Fatalf("problems = %q, want one in %s on line 5", pe, bad)
	}
	if want := bad + `:5: phrase "*": "*" alone stands for any one word, between two others`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestLoadLexiconsListsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", "- not a mapping\n")
	b := writeFile(t, dir, "b.yaml", "target: b\ndescription: d\nmentions: [x, x]\n")
	_, err := classifier.LoadLexicons(dir)
	var pe classifier.ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("LoadLexicons = %v, want a ProblemsError", err)
	}
	want := a + ":1: a lexicon file must be a mapping with keys such as target, description, mentions, favor, against\n" +
		b + `:3: duplicate entry "x" (first on line 3)`
	if err.Error() != want {
		t.Errorf("error =\n%s\nwant\n%s", err, want)
	}
}

func TestLoadLexiconsDirectories(t *testing.T) {
	tests := []struct {
		name string
		dir  func(t *testing.T) string
	}{
		{"an empty directory is an error", func(t *testing.T) string { return t.TempDir() }},
		{"a directory without yaml files is an error", func(t *testing.T) string {
			dir := t.TempDir()
			writeFile(t, dir, "notes.txt", electionsLexicon)
			writeFile(t, dir, "elections.yml", electionsLexicon)
			return dir
		}},
		{"a directory that does not exist is an error", func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "absent")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lex, err := classifier.LoadLexicons(tt.dir(t))
			if err == nil || lex != nil {
				t.Fatalf("LoadLexicons = %v, %v; want an error", lex, err)
			}
			var pe classifier.ProblemsError
			if errors.As(err, &pe) {
				t.Errorf("error %q is a ProblemsError, want one about the directory", err)
			}
		})
	}
}

func TestLoadLexiconsReplacesASharedKind(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "negators.yaml", "kind: negators\ndescription: only never\nwords:\n  - never\n")
	lex, err := classifier.LoadLexicons(dir)
	if err != nil {
		t.Fatal(err)
	}
	negated := func(c *classifier.Classifier, text string) bool {
		t.Helper()
		neg := false
		if _, err := c.Classify(context.Background(), text, []string{"negotiation"}, func(s classifier.Span) error {
			for _, c := range s.Cues {
				neg = neg || c.Role == classifier.RoleNegator
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return neg
	}
	def, err := classifier.DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	const text = "The minister does not support negotiations."
	if !negated(classifier.New(def), text) {
		t.Fatalf("with the embedded negators, %q has no negator cue", text)
	}
	if negated(classifier.New(lex), text) {
		t.Errorf("with negators replaced by [never], %q still has a negator cue", text)
	}
	if !negated(classifier.New(lex), "The minister never supported negotiations.") {
		t.Error("with negators replaced by [never], \"never\" is not a negator")
	}
}
