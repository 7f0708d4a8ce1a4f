package classifier

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed lexicons/*.yaml
var embedded embed.FS

// Lexicon file kinds. A target file has kind "target" (the default when the file names a target);
// the others are shared by every target and hold one list, "words".
const (
	KindTarget        = "target"
	KindCommon        = "common"
	KindNegators      = "negators"
	KindIntensifiers  = "intensifiers"
	KindHedges        = "hedges"
	KindReporting     = "reporting_verbs"
	KindContrast      = "contrast"
	KindOpenness      = "openness"
	KindWanting       = "wanting"
	KindHarms         = "harms"
	KindRemovals      = "removals"
	KindEvents        = "events"
	KindConditionals  = "conditionals"
	KindQuestions     = "questions"
	KindAnaphors      = "anaphors"
	KindTitles        = "titles"
	KindNonNames      = "non_names"
	sourceEmbedded    = "embedded"
	defaultCueWeight  = 1.0
	defaultModWeight  = 1.5
	defaultHedgeScale = 0.5
)

var sharedKinds = map[string]bool{
	KindNegators: true, KindIntensifiers: true, KindHedges: true, KindReporting: true, KindContrast: true,
	KindOpenness: true, KindWanting: true, KindHarms: true, KindRemovals: true, KindEvents: true, KindConditionals: true, KindQuestions: true, KindAnaphors: true, KindTitles: true,
	KindNonNames: true,
}

var targetNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Entry is one word or phrase of a lexicon.
type Entry struct {
	// Phrase is the entry as written: lowercase words separated by spaces; a word ending in "*"
	// matches any word that starts with the rest, and "*" alone, between two other words, matches
	// any one word ("recogni* * as president").
	Phrase string
	// Weight is the entry's strength: for favor and against cues the size of the contribution
	// (the sign comes from the list), for intensifiers and hedges the factor.
	Weight float64
	// WhenNegated, for a cue, is the polarity the cue takes when negated: Favor, Against, or
	// Neutral for the default (the opposite of its own polarity).
	WhenNegated Stance
	// Object, for a cue, says it counts only when the target's mention is its object, close after
	// it or right before it: "approved the deal" is favor, "approved the offensive despite the
	// ceasefire talks" takes no side on the talks.
	Object bool
	// OnlyNegated, for a cue, says it counts only when negated, and then on its own list's side:
	// "would not bow to pressure" is against the pressure, while "bowed to pressure and freed the
	// prisoners" takes no side.
	OnlyNegated bool
	// Line is the line of the file the entry is on.
	Line int
}

// TargetLexicon is one target's lexicon: what makes a sentence about it and what makes it favor
// or against.
type TargetLexicon struct {
	// Name is the target's name, as requests give it.
	Name string
	// Description says what the target covers.
	Description string
	// Version is the lexicon's version, as written in its file.
	Version string
	// Source is "embedded" or the path of the file it was read from.
	Source string
	// Mentions make a sentence about the target.
	Mentions []Entry
	// Favor and Against are the target's own cues.
	Favor, Against []Entry
	// References are noun phrases that name what the target is about without being a mention of
	// their own ("the measures"): in a sentence soon after one about the target, one refers back
	// to it wherever it stands ("Paris said it fully supported the measures").
	References []Entry
}

// Size returns the number of entries in the lexicon.
func (t *TargetLexicon) Size() int {
	return len(t.Mentions) + len(t.Favor) + len(t.Against) + len(t.References)
}

// Lexicons is a complete, validated set of target and shared lexicons. It is immutable once built
// and safe for concurrent use.
type Lexicons struct {
	targets map[string]*TargetLexicon
	names   []string // sorted
	index   *lexIndex
}

// Targets returns the target lexicons, sorted by name.
func (l *Lexicons) Targets() []*TargetLexicon {
	out := make([]*TargetLexicon, len(l.names))
	for i, n := range l.names {
		out[i] = l.targets[n]
	}
	return out
}

// Target returns the lexicon of the named target, or nil.
func (l *Lexicons) Target(name string) *TargetLexicon { return l.targets[name] }

// Problem is one thing wrong in a lexicon file, reported as "path:line: message".
type Problem struct {
	Path    string
	Line    int
	Message string
}

// String formats the problem as path:line: message.
func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message) }

// ProblemsError is the error for lexicon files with problems; it lists them all.
type ProblemsError []Problem

// Error lists the problems, one a line.
func (e ProblemsError) Error() string {
	s := make([]string, len(e))
	for i, p := range e {
		s[i] = p.String()
	}
	return strings.Join(s, "\n")
}

// lexFile is what one file holds after parsing.
type lexFile struct {
	path   string
	kind   string
	target *TargetLexicon
	words  []Entry
	// split holds each phrase's words as parsing found them, so that the index does not tokenize
	// the phrases a second time; it is not kept once the lexicons are built.
	split map[string][]string
}

// DefaultLexicons returns the embedded lexicons.
func DefaultLexicons() (*Lexicons, error) { return LoadLexicons("") }

// LoadLexicons returns the embedded lexicons with the *.yaml files of dir added: a file for a
// target that exists replaces it, a file for a new target adds it, and a shared file replaces the
// embedded one of its kind. An empty dir means the embedded lexicons alone. Any problem in any file
// fails the whole load with a ProblemsError naming each file and line.
func LoadLexicons(dir string) (*Lexicons, error) {
	var files []*lexFile
	var problems []Problem
	names, err := fs.Glob(embedded, "lexicons/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list embedded lexicons: %w", err)
	}
	for _, name := range names {
		data, err := embedded.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read embedded lexicon %s: %w", name, err)
		}
		f, ps := parseLexicon(name, data)
		f.setSource(sourceEmbedded)
		files, problems = append(files, f), append(problems, ps...)
	}
	if dir != "" {
		paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			return nil, fmt.Errorf("list lexicons in %s: %w", dir, err)
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("load lexicons: no *.yaml files in %s", dir)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("read lexicon: %w", err)
			}
			f, ps := parseLexicon(path, data)
			f.setSource(path)
			files, problems = append(files, f), append(problems, ps...)
		}
	}
	if len(problems) > 0 {
		return nil, ProblemsError(problems)
	}
	return build(files)
}

// CheckLexiconFile parses and validates one lexicon file and returns its problems; none means the
// file can be loaded.
func CheckLexiconFile(path string) ([]Problem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read lexicon: %w", err)
	}
	_, ps := parseLexicon(path, data)
	return ps, nil
}

func (f *lexFile) setSource(src string) {
	if f.target != nil {
		f.target.Source = src
	}
}

func build(files []*lexFile) (*Lexicons, error) {
	l := &Lexicons{targets: map[string]*TargetLexicon{}}
	// The common cues and the shared kinds are only read into the index. Kept beside it, they
	// would be as many bytes again for the collector to mark in every cycle, for as long as the
	// classifier serves.
	common := &TargetLexicon{Name: KindCommon}
	shared := map[string][]Entry{}
	split := map[string][]string{}
	for _, f := range files { // later files (the user's) replace earlier ones (embedded)
		maps.Copy(split, f.split)
		switch f.kind {
		case KindTarget:
			l.targets[f.target.Name] = f.target
		case KindCommon:
			common = f.target
		default:
			shared[f.kind] = f.words
		}
	}
	if len(l.targets) == 0 {
		return nil, fmt.Errorf("load lexicons: no target lexicon")
	}
	for n := range l.targets {
		l.names = append(l.names, n)
	}
	sort.Strings(l.names)
	l.index = newLexIndex(l, common, shared, split)
	return l, nil
}

// parseLexicon parses one file. It always returns a lexFile (possibly partial) and the problems found.
func parseLexicon(path string, data []byte) (*lexFile, []Problem) {
	f := &lexFile{path: path, split: map[string][]string{}}
	var ps []Problem
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		line := 1
		if m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		add(line, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return f, ps
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		add(1, "a lexicon file must be a mapping with keys such as target, description, mentions, favor, against")
		return f, ps
	}
	root := doc.Content[0]
	fields := map[string]*yaml.Node{}
	keyLine := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if _, dup := fields[k.Value]; dup {
			add(k.Line, "key %q appears twice", k.Value)
		}
		fields[k.Value], keyLine[k.Value] = v, k.Line
	}
	scalar := func(key string) string {
		n := fields[key]
		if n == nil {
			return ""
		}
		if n.Kind != yaml.ScalarNode {
			add(n.Line, "%s must be a single value", key)
			return ""
		}
		return strings.TrimSpace(n.Value)
	}
	kind := scalar("kind")
	if kind == "" {
		kind = KindTarget
	}
	f.kind = kind
	var allowed []string
	switch {
	case kind == KindTarget || kind == KindCommon:
		allowed = []string{"kind", "target", "description", "version", "mentions", "favor", "against", "references"}
	case sharedKinds[kind]:
		allowed = []string{"kind", "description", "version", "words"}
	default:
		add(keyLine["kind"], "unknown kind %q (want target, common, or one of %s)", kind, strings.Join(sortedKeys(sharedKinds), ", "))
		return f, ps
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if !contains(allowed, k.Value) {
			add(k.Line, "unknown key %q for kind %s (allowed: %s)", k.Value, kind, strings.Join(allowed, ", "))
		}
	}
	if kind != KindTarget && kind != KindCommon {
		f.words = entries(fields["words"], "words", kind == KindIntensifiers || kind == KindHedges || kind == KindOpenness, f.split, add)
		for i := range f.words {
			e := &f.words[i]
			switch {
			case kind == KindIntensifiers && e.Weight == defaultCueWeight:
				e.Weight = defaultModWeight
			case kind == KindHedges && e.Weight == defaultCueWeight:
				e.Weight = defaultHedgeScale
			case kind == KindIntensifiers && e.Weight < 1:
				add(e.Line, "intensifier %q: weight %g must be more than 1 (a factor)", e.Phrase, e.Weight)
			case kind == KindHedges && e.Weight > 1:
				add(e.Line, "hedge %q: weight %g must be less than 1 (a factor)", e.Phrase, e.Weight)
			}
			if e.WhenNegated != Neutral && kind != KindTarget {
				add(e.Line, "when_negated applies to favor and against cues only")
			}
			if e.Object {
				add(e.Line, "object applies to favor and against cues only")
			}
			if e.OnlyNegated {
				add(e.Line, "only_negated applies to favor and against cues only")
			}
		}
		if fields["words"] == nil {
			add(1, "kind %s needs a words list", kind)
		}
		seen := map[string]int{}
		for _, e := range f.words {
			if first, dup := seen[e.Phrase]; dup {
				add(e.Line, "duplicate entry %q (first on line %d)", e.Phrase, first)
			}
			seen[e.Phrase] = e.Line
		}
		return f, ps
	}
	t := &TargetLexicon{
		Name:        scalar("target"),
		Description: scalar("description"),
		Version:     scalar("version"),
	}
	if kind == KindCommon {
		t.Name = KindCommon
	} else {
		switch {
		case fields["target"] == nil:
			add(1, "missing key target (the target's name, for example elections)")
		case !targetNameRE.MatchString(t.Name):
			add(keyLine["target"], "target name %q must be lowercase letters, digits and _, starting with a letter", t.Name)
		}
		if t.Description == "" {
			add(1, "missing key description")
		}
		if fields["mentions"] == nil {
			add(1, "missing key mentions: a target needs words that make a sentence about it")
		}
	}
	if t.Version == "" {
		t.Version = "0"
	}
	t.Mentions = entries(fields["mentions"], "mentions", false, f.split, add)
	t.Favor = entries(fields["favor"], "favor", true, f.split, add)
	t.Against = entries(fields["against"], "against", true, f.split, add)
	t.References = entries(fields["references"], "references", false, f.split, add)
	for _, e := range slices.Concat(t.Favor, t.Against) {
		if e.OnlyNegated && e.WhenNegated != Neutral {
			add(e.Line, "phrase %q: only_negated cues count on their own list's side, so when_negated has no use", e.Phrase)
		}
	}
	if kind == KindCommon && t.References != nil {
		add(keyLine["references"], "references belong to a target, not to common cues")
	}
	refs := map[string]int{}
	for _, e := range t.References {
		if first, dup := refs[e.Phrase]; dup {
			add(e.Line, "duplicate entry %q (first on line %d)", e.Phrase, first)
		}
		refs[e.Phrase] = e.Line
	}
	seen := map[string]struct {
		list string
		line int
	}{}
	for _, l := range []struct {
		name string
		es   []Entry
	}{{"mentions", t.Mentions}, {"favor", t.Favor}, {"against", t.Against}} {
		for _, e := range l.es {
			if first, dup := seen[e.Phrase]; dup {
				if first.list == l.name {
					add(e.Line, "duplicate entry %q (first on line %d)", e.Phrase, first.line)
				} else if first.list != "mentions" {
					add(e.Line, "entry %q is in both %s (line %d) and %s: conflicting polarities", e.Phrase, first.list, first.line, l.name)
				}
				if first.list != "mentions" || l.name == "mentions" {
					continue
				}
			}
			seen[e.Phrase] = struct {
				list string
				line int
			}{l.name, e.Line}
		}
	}
	f.target = t
	return f, ps
}

// boolValue reads v, the value of key, as true or false, and reports anything else.
func boolValue(key string, v *yaml.Node, add func(int, string, ...any)) bool {
	switch v.Value {
	case "true":
		return true
	case "false":
	default:
		add(v.Line, "%s %q must be true or false", key, v.Value)
	}
	return false
}

// entries reads a list of phrases: each item a string, or a mapping with phrase, weight and
// (when cues) when_negated, object and only_negated.
func entries(n *yaml.Node, key string, weighted bool, split map[string][]string, add func(int, string, ...any)) []Entry {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		add(n.Line, "%s must be a list", key)
		return nil
	}
	var out []Entry
	for _, item := range n.Content {
		e := Entry{Line: item.Line, Weight: defaultCueWeight}
		switch item.Kind {
		case yaml.ScalarNode:
			e.Phrase = item.Value
		case yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				k, v := item.Content[i], item.Content[i+1]
				switch {
				case k.Value == "phrase":
					e.Phrase = v.Value
				case k.Value == "weight" && weighted:
					w, err := strconv.ParseFloat(v.Value, 64)
					if err != nil || w <= 0 || w > 10 {
						add(v.Line, "weight %q must be a number in (0, 10]", v.Value)
					}
					e.Weight = w
				case k.Value == "object" && weighted:
					e.Object = boolValue(k.Value, v, add)
				case k.Value == "only_negated" && weighted:
					e.OnlyNegated = boolValue(k.Value, v, add)
				case k.Value == "when_negated" && weighted:
					switch v.Value {
					case "favor":
						e.WhenNegated = Favor
					case "against":
						e.WhenNegated = Against
					default:
						add(v.Line, "when_negated %q must be favor or against", v.Value)
					}
				default:
					add(k.Line, "unknown key %q in a %s entry", k.Value, key)
				}
			}
		default:
			add(item.Line, "a %s entry must be a phrase or a mapping with phrase", key)
			continue
		}
		e.Phrase = strings.Join(strings.Fields(strings.ToLower(normalizeQuotes(e.Phrase))), " ")
		if e.Phrase == "" {
			add(item.Line, "empty phrase in %s", key)
			continue
		}
		bad := false
		words := phraseWords(e.Phrase)
		for k, w := range words {
			switch {
			case w == anyWord && (k == 0 || k == len(words)-1):
				add(item.Line, "phrase %q: \"*\" alone stands for any one word, between two others", e.Phrase)
			case w != anyWord && (strings.Count(w, "*") > 1 || (strings.Contains(w, "*") && !strings.HasSuffix(w, "*"))):
				add(item.Line, "phrase %q: \"*\" may only end a word, or stand alone for any one word", e.Phrase)
			default:
				continue
			}
			bad = true
			break
		}
		if !bad {
			out = append(out, e)
			split[e.Phrase] = words
		}
	}
	return packPhrases(out)
}

// packPhrases moves the phrases of es into one string and clips es to its length. A lexicon stays
// in memory as long as the classifier that uses it, and every object in it is one more the
// collector marks in each cycle: packed, a list is two objects however long it is.
func packPhrases(es []Entry) []Entry {
	n := 0
	for _, e := range es {
		n += len(e.Phrase)
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, e := range es {
		sb.WriteString(e.Phrase)
	}
	all, at := sb.String(), 0
	for i := range es {
		es[i].Phrase, at = all[at:at+len(es[i].Phrase)], at+len(es[i].Phrase)
	}
	return slices.Clip(es)
}

func normalizeQuotes(s string) string {
	return strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`).Replace(s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// phraseWords splits a phrase the way text is tokenized, so that "can't" in a lexicon matches the
// tokens of "can't" in a passage.
func phraseWords(phrase string) []string {
	toks, err := tokenize(phrase)
	if err != nil || len(toks) == 0 {
		return strings.Fields(phrase)
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.norm
	}
	return out
}
