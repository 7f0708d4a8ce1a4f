package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/stance-project/stance/classifier"
	"github.com/stance-project/stance/server"
)

// labels are the gold labels, in the order of the confusion matrix.
var labels = []string{"FAVOR", "AGAINST", "NONE"}

// goldSentence is one line of gold.jsonl.
type goldSentence struct {
	Doc        string
	I          int
	Begin, End int
	Text       string
	Label      map[string]string // target -> FAVOR, AGAINST or NONE
	Holder     map[string]string // target -> holder name
}

// evalSpan is a span as the scorer sees it.
type evalSpan struct {
	Doc        string
	Begin, End int // UTF-8 bytes
	Text       string
	Target     string
	Stance     classifier.Stance
	Score      float64
	Holder     string
	Cues       []string
}

// label returns the span's stance as a gold label.
func (s *evalSpan) label() string {
	switch s.Stance {
	case classifier.Favor:
		return "FAVOR"
	case classifier.Against:
		return "AGAINST"
	}
	return "NONE"
}

func runEval(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("eval", e, `eval [-v] [-lexicons DIR] [-dump FILE] GOLD_DIR

Classifies, in process, every document of a gold set and scores the answers the way the
evaluation kit's score.py does (SemEval-2016 Task 6's F_avg). GOLD_DIR holds gold.jsonl (one sentence a line: doc, i, begin,
end, text, and per target a label FAVOR/AGAINST/NONE and <target>_holder) and docs/<doc>.txt.`)
	verbose := fs.Bool("v", false, "list every miss: doc, sentence, gold and predicted label, and the cues that fired")
	lexDir := fs.String("lexicons", "", "directory of lexicon *.yaml files to add to the embedded ones")
	dump := fs.String("dump", "", "write every span to `FILE` as JSON lines in score.py's --predictions format (offsets in UTF-8 bytes)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("eval needs exactly one GOLD_DIR")
	}
	goldPath, docsDir := goldPaths(fs.Arg(0))
	gold, targets, err := readGold(goldPath)
	if err != nil {
		return err
	}
	lex, err := classifier.LoadLexicons(*lexDir)
	if err != nil {
		return err
	}
	cl := classifier.New(lex)
	spans := map[string][]evalSpan{}
	var all []evalSpan
	for _, doc := range goldDocs(gold) {
		text, err := readDoc(filepath.Join(docsDir, doc+".txt"))
		if err != nil {
			return err
		}
		_, err = cl.Classify(ctx, text, nil, func(sp classifier.Span) error {
			es := evalSpan{Doc: doc, Begin: sp.Begin, End: sp.End, Text: sp.In(text), Target: sp.Target,
				Stance: sp.Stance, Score: sp.Score, Holder: sp.Holder.Name}
			for _, c := range sp.Cues {
				es.Cues = append(es.Cues, markText(server.CueRole(c.Role), c.In(text)))
			}
			spans[doc] = append(spans[doc], es)
			all = append(all, es)
			return nil
		})
		if err != nil {
			return fmt.Errorf("classify %s: %w", doc, err)
		}
	}
	if *dump != "" {
		if err := writeDump(*dump, all); err != nil {
			return err
		}
	}
	rep := score(gold, targets, spans)
	rep.docs, rep.spans = len(spans), len(all)
	rep.print(e.stdout)
	if *verbose {
		rep.printMisses(e.stdout)
	}
	return nil
}

// goldPaths returns the gold file and the docs folder of a gold set: arg is the folder holding
// gold.jsonl and docs/, or the gold file itself, next to docs/.
func goldPaths(arg string) (gold, docs string) {
	if st, err := os.Stat(arg); err == nil && !st.IsDir() {
		return arg, filepath.Join(filepath.Dir(arg), "docs")
	}
	return filepath.Join(arg, "gold.jsonl"), filepath.Join(arg, "docs")
}

// readDoc reads a document the way score.py does (Python's text mode): UTF-8, with "\r\n" and
// "\r" read as "\n".
func readDoc(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	return string(data), nil
}

// readGold reads gold.jsonl. The targets are the keys of the first line whose values are labels
// and that have a <target>_holder key, in the order the line gives them.
func readGold(path string) ([]goldSentence, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var gold []goldSentence
	var targets []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		if targets == nil {
			keys, err := keyOrder(line)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %v", path, n, err)
			}
			for _, k := range keys {
				var v string
				if json.Unmarshal(raw[k], &v) == nil && isLabel(v) && raw[k+"_holder"] != nil {
					targets = append(targets, k)
				}
			}
			if len(targets) == 0 {
				return nil, nil, fmt.Errorf("%s:%d: no target labels (keys with FAVOR, AGAINST or NONE and a <target>_holder)", path, n)
			}
		}
		g := goldSentence{Label: map[string]string{}, Holder: map[string]string{}}
		for k, dst := range map[string]any{"doc": &g.Doc, "i": &g.I, "begin": &g.Begin, "end": &g.End, "text": &g.Text} {
			if raw[k] == nil {
				if k == "text" || k == "i" {
					continue
				}
				return nil, nil, fmt.Errorf("%s:%d: missing %q", path, n, k)
			}
			if err := json.Unmarshal(raw[k], dst); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %s: %v", path, n, k, err)
			}
		}
		for _, t := range targets {
			var l, h string
			if err := json.Unmarshal(raw[t], &l); err != nil || !isLabel(l) {
				return nil, nil, fmt.Errorf("%s:%d: %s must be FAVOR, AGAINST or NONE", path, n, t)
			}
			if raw[t+"_holder"] != nil {
				if err := json.Unmarshal(raw[t+"_holder"], &h); err != nil {
					return nil, nil, fmt.Errorf("%s:%d: %s_holder: %v", path, n, t, err)
				}
			}
			g.Label[t], g.Holder[t] = l, h
		}
		gold = append(gold, g)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(gold) == 0 {
		return nil, nil, fmt.Errorf("%s: no gold sentences", path)
	}
	return gold, targets, nil
}

func isLabel(s string) bool { return s == "FAVOR" || s == "AGAINST" || s == "NONE" }

// keyOrder returns the keys of a JSON object in the order they are written.
func keyOrder(obj []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// goldDocs returns the documents the gold set names, sorted.
func goldDocs(gold []goldSentence) []string {
	seen := map[string]bool{}
	var docs []string
	for _, g := range gold {
		if !seen[g.Doc] {
			seen[g.Doc] = true
			docs = append(docs, g.Doc)
		}
	}
	sort.Strings(docs)
	return docs
}

// predict returns the prediction score.py makes for gold sentence g and target t: among the
// spans of t that overlap the sentence and take a side, the first with the largest |score|; nil
// (NONE) when there is none. It also returns every span of t overlapping the sentence.
func predict(spans []evalSpan, g goldSentence, t string) (best *evalSpan, overlapping []*evalSpan) {
	for i := range spans {
		s := &spans[i]
		if s.Target != t || s.Begin >= g.End || s.End <= g.Begin {
			continue
		}
		overlapping = append(overlapping, s)
		if s.label() == "NONE" {
			continue
		}
		if best == nil || math.Abs(s.Score) > math.Abs(best.Score) {
			best = s
		}
	}
	return best, overlapping
}

// prf is one label's precision, recall and F1, rounded as score.py rounds them.
type prf struct {
	P, R, F1 float64
	Gold     int
}

// targetResult is the score of one target.
type targetResult struct {
	Target         string
	Favor, Against prf
	FAvg           float64
	Confusion      map[[2]string]int // [gold, predicted]
}

// miss is one sentence where the prediction differs from gold.
type miss struct {
	g          goldSentence
	target     string
	predicted  string
	holder     string // the predicted holder, for holder misses
	holderMiss bool
	cues       []string
}

// report is the whole score.
type report struct {
	docs, sentences, spans int
	targets                []targetResult
	mean                   float64
	holderOK, holderN      int
	holderAcc              float64
	misses                 []miss
}

// score computes exactly what score.py computes.
func score(gold []goldSentence, targets []string, spans map[string][]evalSpan) *report {
	rep := &report{sentences: len(gold)}
	sum := 0.0
	for _, t := range targets {
		res := targetResult{Target: t, Confusion: map[[2]string]int{}}
		for _, g := range gold {
			best, overlapping := predict(spans[g.Doc], g, t)
			p := "NONE"
			if best != nil {
				p = best.label()
			}
			gl := g.Label[t]
			res.Confusion[[2]string{gl, p}]++
			var cues []string
			for _, s := range overlapping {
				cues = append(cues, s.Cues...)
			}
			if p != gl {
				rep.misses = append(rep.misses, miss{g: g, target: t, predicted: p, cues: cues})
			}
			if gl != "NONE" && p == gl {
				rep.holderN++
				if sameHolder(best.Holder, g.Holder[t]) {
					rep.holderOK++
				} else {
					rep.misses = append(rep.misses, miss{g: g, target: t, predicted: p, holder: best.Holder,
						holderMiss: true, cues: best.Cues})
				}
			}
		}
		for _, c := range []string{"FAVOR", "AGAINST"} {
			tp := res.Confusion[[2]string{c, c}]
			pp, gp := 0, 0
			for _, x := range labels {
				pp += res.Confusion[[2]string{x, c}]
				gp += res.Confusion[[2]string{c, x}]
			}
			var pr, rc, f1 float64
			if pp > 0 {
				pr = float64(tp) / float64(pp)
			}
			if gp > 0 {
				rc = float64(tp) / float64(gp)
			}
			if pr+rc > 0 {
				f1 = 2 * pr * rc / (pr + rc)
			}
			v := prf{P: pyRound3(pr), R: pyRound3(rc), F1: pyRound3(f1), Gold: gp}
			if c == "FAVOR" {
				res.Favor = v
			} else {
				res.Against = v
			}
		}
		res.FAvg = pyRound3((res.Favor.F1 + res.Against.F1) / 2)
		sum += res.FAvg
		rep.targets = append(rep.targets, res)
	}
	rep.mean = pyRound3(sum / float64(len(targets)))
	if rep.holderN > 0 {
		rep.holderAcc = pyRound3(float64(rep.holderOK) / float64(rep.holderN))
	}
	return rep
}

// pyRound3 is Python's round(x, 3): x rounded correctly to 3 decimals, ties to even.
func pyRound3(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 3, 64), 64)
	return v
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "docs %d, sentences %d, spans %d\n\n", r.docs, r.sentences, r.spans)
	for _, t := range r.targets {
		fmt.Fprintf(w, "%s\n", t.Target)
		fmt.Fprintf(w, "  %-8s  %9s  %6s  %5s  %4s\n", "", "precision", "recall", "F1", "gold")
		for _, l := range []struct {
			name string
			v    prf
		}{{"FAVOR", t.Favor}, {"AGAINST", t.Against}} {
			fmt.Fprintf(w, "  %-8s  %9.3f  %6.3f  %5.3f  %4d\n", l.name, l.v.P, l.v.R, l.v.F1, l.v.Gold)
		}
		fmt.Fprintf(w, "  F_avg %.3f\n", t.FAvg)
		fmt.Fprintf(w, "  confusion (rows gold, columns predicted):\n")
		fmt.Fprintf(w, "    %-8s  %7s  %7s  %7s\n", "", "FAVOR", "AGAINST", "NONE")
		for _, g := range labels {
			fmt.Fprintf(w, "    %-8s", g)
			for _, p := range labels {
				fmt.Fprintf(w, "  %7d", t.Confusion[[2]string{g, p}])
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
	// The same lines as score.py, for comparison.
	for _, t := range r.targets {
		fmt.Fprintf(w, "%-24s F_avg %.3f  FAVOR P/R %.2f/%.2f (n=%d)  AGAINST P/R %.2f/%.2f (n=%d)\n", t.Target, t.FAvg,
			t.Favor.P, t.Favor.R, t.Favor.Gold, t.Against.P, t.Against.R, t.Against.Gold)
	}
	fmt.Fprintf(w, "mean F_avg %.3f; holder accuracy %.3f (%d of %d)\n", r.mean, r.holderAcc, r.holderOK, r.holderN)
	fmt.Fprintf(w, "f_avg_mean=%.3f holder=%.3f\n", r.mean, r.holderAcc)
}

func (r *report) printMisses(w io.Writer) {
	fmt.Fprintf(w, "\nmisses (%d):\n", len(r.misses))
	for _, m := range r.misses {
		if m.holderMiss {
			fmt.Fprintf(w, "%s #%d %s: %s right, holder gold %q, predicted %q\n", m.g.Doc, m.g.I, m.target,
				m.predicted, m.g.Holder[m.target], m.holder)
		} else {
			fmt.Fprintf(w, "%s #%d %s: gold %s, predicted %s\n", m.g.Doc, m.g.I, m.target, m.g.Label[m.target], m.predicted)
		}
		fmt.Fprintf(w, "    %s\n", m.g.Text)
		if len(m.cues) > 0 {
			fmt.Fprintf(w, "    cues: %s\n", strings.Join(m.cues, " "))
		} else {
			fmt.Fprintf(w, "    cues: none\n")
		}
	}
}

// dumpLine is one span in score.py's --predictions format.
type dumpLine struct {
	Doc         string     `json:"doc"`
	BeginOffset int        `json:"beginOffset"`
	EndOffset   int        `json:"endOffset"`
	Text        string     `json:"text"`
	Target      string     `json:"target"`
	Stance      string     `json:"stance"`
	Score       float64    `json:"score"`
	Holder      dumpHolder `json:"holder"`
}

type dumpHolder struct {
	Name string `json:"name"`
}

// writeDump writes spans as JSON lines for score.py --predictions.
func writeDump(path string, spans []evalSpan) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range spans {
		l := dumpLine{Doc: s.Doc, BeginOffset: s.Begin, EndOffset: s.End, Text: s.Text, Target: s.Target,
			Stance: "STANCE_" + strings.ToUpper(s.Stance.String()), Score: s.Score, Holder: dumpHolder{Name: s.Holder}}
		if err := enc.Encode(l); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// holderWords are the words norm_holder drops, in score.py's order (the first that matches wins).
var holderWords = []string{"the", "mr", "mrs", "ms", "dr", "prime minister", "president", "spokesman",
	"spokeswoman", "minister", "leader", "samdech", "techo"}

// normHolder ports score.py's norm_holder: lowercase, drop titles and articles (as whole words,
// with a following "."), turn everything but a-z, 0-9 and spaces into spaces, split on spaces.
func normHolder(h string) []string {
	rs := []rune(pyLower(h))
	isWord := func(i int) bool {
		if i < 0 || i >= len(rs) {
			return false
		}
		r := rs[i]
		return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
	}
	var out []rune
	for i := 0; i < len(rs); {
		matched := false
		if !isWord(i - 1) {
			for _, wd := range holderWords {
				ws := []rune(wd)
				if i+len(ws) <= len(rs) && string(rs[i:i+len(ws)]) == wd && !isWord(i+len(ws)) {
					j := i + len(ws)
					if j < len(rs) && rs[j] == '.' {
						j++
					}
					out = append(out, ' ')
					i, matched = j, true
					break
				}
			}
		}
		if !matched {
			out = append(out, rs[i])
			i++
		}
	}
	for i, r := range out {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ' ') {
			out[i] = ' '
		}
	}
	return strings.Fields(string(out))
}

// pyLower is Python's str.lower for what normHolder needs: Go's lowercase mapping, except that
// U+0130 becomes "i" and a combining dot, as in Python.
func pyLower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

// sameHolder ports score.py's same_holder.
func sameHolder(pred, gold string) bool {
	if strings.ToUpper(gold) == "AUTHOR" {
		return pred == "" || strings.ToUpper(pred) == "AUTHOR"
	}
	p, g := normHolder(pred), normHolder(gold)
	if len(p) == 0 || len(g) == 0 {
		return false
	}
	return p[len(p)-1] == g[len(g)-1] || subset(p, g) || subset(g, p)
}

// subset reports whether the words of a are a subset of those of b.
func subset(a, b []string) bool {
	in := map[string]bool{}
	for _, w := range b {
		in[w] = true
	}
	for _, w := range a {
		if !in[w] {
			return false
		}
	}
	return true
}
