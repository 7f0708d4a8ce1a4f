package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stance-project/stance/classifier"
)

// runCmd runs the command line in process and returns its exit status and outputs.
func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, envOf(&stdout, &stderr, env))
	return code, stdout.String(), stderr.String()
}

func envOf(stdout, stderr *bytes.Buffer, vars map[string]string) env {
	return env{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr,
		getenv: func(k string) string { return vars[k] }}
}

// The expected figures below were computed by the evaluation kit's score.py on the spans that
// "stance eval -dump" wrote for testdata/gold (sentences and labels written for this test). They
// depend on the embedded lexicons: a change to the classifier may change them.
func TestEvalTinyGold(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "spans.jsonl")
	code, out, errOut := runCmd(t, nil, "eval", "-v", "-dump", dump, "testdata/gold")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wantOutput(t, out,
		"docs 2, sentences 12, spans 9",
		"negotiation              F_avg 1.000  FAVOR P/R 1.00/1.00 (n=2)  AGAINST P/R 1.00/1.00 (n=2)",
		"international_pressure   F_avg 0.834  FAVOR P/R 1.00/1.00 (n=2)  AGAINST P/R 1.00/0.50 (n=2)",
		"mean F_avg 0.917; holder accuracy 1.000 (7 of 7)",
		"f_avg_mean=0.917 holder=1.000",
		"  AGAINST       1.000   0.500  0.667     2\n",
		// pressure's confusion: an AGAINST sentence predicted NONE.
		"    AGAINST         0        1        1\n",
		"misses (1):",
		"valley #5 international_pressure: gold AGAINST, predicted NONE",
		"    Rights groups said the sanctions had missed their mark.",
		"    cues: {sanctions}",
	)
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 9 {
		t.Fatalf("dump has %d lines, want 9", len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"doc", "beginOffset", "endOffset", "text", "target", "stance", "score", "holder"} {
		if _, ok := first[k]; !ok {
			t.Errorf("dump line lacks %q: %s", k, lines[0])
		}
	}
}

// TestScore checks the scorer on spans written by hand, independent of the classifier.
func TestScore(t *testing.T) {
	gold := []goldSentence{
		{Doc: "d", I: 0, Begin: 0, End: 10, Label: map[string]string{"t": "FAVOR"}, Holder: map[string]string{"t": "Mr. Sam Rainsy"}},
		{Doc: "d", I: 1, Begin: 11, End: 20, Label: map[string]string{"t": "AGAINST"}, Holder: map[string]string{"t": "Eysan"}},
		{Doc: "d", I: 2, Begin: 21, End: 30, Label: map[string]string{"t": "NONE"}},
		{Doc: "d", I: 3, Begin: 31, End: 40, Label: map[string]string{"t": "AGAINST"}, Holder: map[string]string{"t": "AUTHOR"}},
		{Doc: "d", I: 4, Begin: 41, End: 50, Label: map[string]string{"t": "FAVOR"}},
	}
	spans := map[string][]evalSpan{"d": {
		// Sentence 0: two spans overlap; the larger |score| wins, even against.
		{Begin: 0, End: 10, Target: "t", Stance: classifier.Favor, Score: 0.5, Holder: "Sam Rainsy"},
		{Begin: 5, End: 15, Target: "t", Stance: classifier.Against, Score: -0.8, Holder: "Sok Eysan"},
		// Sentence 2: a neutral span does not count; another target does not count.
		{Begin: 21, End: 30, Target: "t", Stance: classifier.Neutral, Score: 0.9},
		{Begin: 21, End: 30, Target: "u", Stance: classifier.Favor, Score: 0.9},
		// Sentence 3: equal scores, the first wins.
		{Begin: 31, End: 40, Target: "t", Stance: classifier.Against, Score: -0.5, Holder: "AUTHOR"},
		{Begin: 31, End: 40, Target: "t", Stance: classifier.Favor, Score: 0.5},
		// Sentence 4: touches 40..41 only at the edges: no overlap.
		{Begin: 40, End: 41, Target: "t", Stance: classifier.Favor, Score: 0.9},
	}}
	rep := score(gold, []string{"t"}, spans)
	tr := rep.targets[0]
	// Predictions: AGAINST (span 2 covers 0..15, so sentences 0 and 1), AGAINST, NONE, AGAINST, NONE.
	wantConf := map[[2]string]int{
		{"FAVOR", "AGAINST"}: 1, {"AGAINST", "AGAINST"}: 2, {"NONE", "NONE"}: 1, {"FAVOR", "NONE"}: 1,
	}
	if !reflect.DeepEqual(tr.Confusion, wantConf) {
		t.Errorf("confusion = %v, want %v", tr.Confusion, wantConf)
	}
	if tr.Favor != (prf{P: 0, R: 0, F1: 0, Gold: 2}) {
		t.Errorf("FAVOR = %+v", tr.Favor)
	}
	// AGAINST: tp 2, predicted 3, gold 2: P 0.667, R 1, F1 0.8.
	if tr.Against != (prf{P: 0.667, R: 1, F1: 0.8, Gold: 2}) {
		t.Errorf("AGAINST = %+v", tr.Against)
	}
	if tr.FAvg != 0.4 || rep.mean != 0.4 {
		t.Errorf("F_avg %v, mean %v, want 0.4", tr.FAvg, rep.mean)
	}
	// Holders: sentence 1 predicted "Sok Eysan" for gold "Eysan" (same), sentence 3 AUTHOR.
	if rep.holderOK != 2 || rep.holderN != 2 || rep.holderAcc != 1 {
		t.Errorf("holders %d of %d (%v)", rep.holderOK, rep.holderN, rep.holderAcc)
	}
}

// The expected values come from score.py's norm_holder and same_holder.
func TestNormHolderMatchesScorePy(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Mr. Sam Rainsy", []string{"sam", "rainsy"}},
		{"Samdech Techo Hun Sen", []string{"hun", "sen"}},
		{"the Military Council", []string{"military", "council"}},
		{"Mrs.Smith", []string{"smith"}},
		{"Themba Ndlovu", []string{"themba", "ndlovu"}},
		{"Nicolás Maduro", []string{"nicol", "s", "maduro"}},
		{"İstanbul office", []string{"i", "stanbul", "office"}},
		{"Renéthe Dupont", []string{"ren", "the", "dupont"}},
		{"x_the y", []string{"x", "the", "y"}},
		{"the_the", []string{"the", "the"}},
		{"Prime Minister's office", []string{"s", "office"}},
		{"Dr Who.", []string{"who"}},
		{"Spokeswoman Sarah Smith", []string{"sarah", "smith"}},
		{"the", []string{}},
	} {
		if got := normHolder(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("normHolder(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		pred, gold string
		want       bool
	}{
		{"Mr. Sam Rainsy", "Sam Rainsy", true},
		{"Prime Minister Hun Sen", "Samdech Techo Hun Sen", true},
		{"AUTHOR", "", false},
		{"", "AUTHOR", true},
		{"author", "AUTHOR", true},
		{"Sok Eysan", "Eysan", true},
		{"Zhao Lijian", "Carrie Lam", false},
		{"", "Sam Rainsy", false},
		{"the", "the", false},
		{"Nicolás", "Nicolas", false},
		{"European and Ukrainian leaders", "Ukrainian leaders", true},
	} {
		if got := sameHolder(tc.pred, tc.gold); got != tc.want {
			t.Errorf("sameHolder(%q, %q) = %v, want %v", tc.pred, tc.gold, got, tc.want)
		}
	}
}

func TestPyRound3(t *testing.T) {
	// Python: round(0.0005, 3) == 0.001 (0.0005 is a little above the half), round(0.6665, 3) == 0.666,
	// round(2/3, 3) == 0.667, round(0.8125, 3) == 0.812 (an exact tie, to even).
	for in, want := range map[float64]float64{0.0005: 0.001, 0.6665: 0.666, 2.0 / 3: 0.667, 0.8125: 0.812, 1: 1} {
		if got := pyRound3(in); got != want {
			t.Errorf("pyRound3(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	if code, _, _ := runCmd(t, nil, "eval"); code != exitUsage {
		t.Errorf("no GOLD_DIR: exit %d, want %d", code, exitUsage)
	}
	if code, _, errOut := runCmd(t, nil, "eval", t.TempDir()); code != exitFailure || !strings.Contains(errOut, "gold.jsonl") {
		t.Errorf("empty dir: exit %d, %s", code, errOut)
	}
}

func TestLexiconCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "elections.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("target: elections\ndescription: votes and polls\nmentions: [election, vote]\nfavor: [fair]\nagainst: [rigged]\n"), 0o644)
	os.WriteFile(bad, []byte("target: elections\ndescription: votes\nmentions: [vote]\nfavor: [fair]\nagainst: [fair]\n"), 0o644)

	code, out, _ := runCmd(t, nil, "lexicon", "check", good)
	if code != 0 || out != good+": ok\n" {
		t.Errorf("good file: exit %d, %q", code, out)
	}
	code, out, _ = runCmd(t, nil, "lexicon", "check", good, bad)
	if code != 1 || !strings.Contains(out, bad+`:5: entry "fair" is in both favor (line 4) and against: conflicting polarities`) {
		t.Errorf("bad file: exit %d, %q", code, out)
	}
	if code, _, _ := runCmd(t, nil, "lexicon", "check"); code != exitUsage {
		t.Errorf("no file: exit %d", code)
	}
	if code, _, _ := runCmd(t, nil, "lexicon", "check", filepath.Join(dir, "missing.yaml")); code != exitFailure {
		t.Errorf("missing file: exit %d", code)
	}
}
