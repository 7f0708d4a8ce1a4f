package classifier

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// formatSpans renders spans one a line, with the exact text under the span and each cue.
func formatSpans(text string, spans []Span, sum Summary) string {
	var b strings.Builder
	for _, s := range spans {
		fmt.Fprintf(&b, "%d %s %s %+.3f conf=%.3f holder=%q (%s)", s.SentenceIndex, s.Target, s.Stance, s.Score, s.Confidence,
			s.Holder.Name, s.Holder.Kind)
		if m := s.Holder.Mention; m != nil {
			fmt.Fprintf(&b, " at %d-%d %q", m.Begin, m.End, m.In(text))
		}
		fmt.Fprintf(&b, "\n  %d-%d %q\n", s.Begin, s.End, s.In(text))
		for _, c := range s.Cues {
			neg := ""
			if c.Negated {
				neg = " negated"
			}
			fmt.Fprintf(&b, "  %-11s %+.3f%s %d-%d %q\n", c.Role, c.Weight, neg, c.Begin, c.End, c.In(text))
		}
	}
	fmt.Fprintf(&b, "summary: %d sentences, %d spans\n", sum.SentenceCount, sum.SpanCount)
	for _, t := range sum.Targets {
		fmt.Fprintf(&b, "  target %s %s %+.3f spans=%d favor=%d against=%d\n", t.Target, t.Stance, t.Score, t.SpanCount, t.FavorCount, t.AgainstCount)
	}
	for _, h := range sum.Holders {
		for _, st := range h.Stances {
			fmt.Fprintf(&b, "  holder %q %s %s %+.3f spans=%d\n", h.Name, st.Target, st.Stance, st.Score, st.SpanCount)
		}
	}
	return b.String()
}

// TestGolden classifies every testdata/*.txt passage and compares the result with its .golden
// file. Run with -update to rewrite the golden files after a deliberate change, and read the diff.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata/*.txt passages: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			var spans []Span
			sum, err := testClassifier(t).Classify(context.Background(), text, nil, func(s Span) error {
				spans = append(spans, s)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got := formatSpans(text, spans, sum)
			golden := strings.TrimSuffix(path, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./classifier -run TestGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s; run with -update and review the diff:\n%s", golden, firstDiff(string(want), got))
			}
		})
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d\nwant: %s\ngot:  %s", i+1, wl, gl)
		}
	}
	return ""
}

// TestSeedReadsLikeACarefulReader scores the seed story against a careful reader's labels: per
// target F_avg (the mean of F1 for favor and against) of at least 0.9, and the right holder on
// every sentence whose stance is right.
func TestSeedReadsLikeACarefulReader(t *testing.T) {
	data, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	f, err := os.Open("testdata/seed.gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var gold []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var g map[string]any
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		gold = append(gold, g)
	}
	spans := classifyAll(t, text)
	for _, target := range []string{"negotiation", "international_pressure"} {
		type pair struct{ gold, pred string }
		count := map[pair]int{}
		for _, g := range gold {
			b, e := int(g["begin"].(float64)), int(g["end"].(float64))
			pred, best, holder := "NONE", -1.0, ""
			for _, s := range spans {
				if s.Target == target && s.Begin < e && s.End > b && s.Stance != Neutral && abs(s.Score) > best {
					pred, best, holder = strings.ToUpper(s.Stance.String()), abs(s.Score), s.Holder.Name
				}
			}
			want := g[target].(string)
			count[pair{want, pred}]++
			if want != pred {
				t.Logf("%s sentence %v: got %s, want %s: %q", target, g["i"], pred, want, g["text"])
			} else if want != "NONE" {
				wantHolder := g[target+"_holder"].(string)
				if !strings.Contains(wantHolder, lastWord(holder)) {
					t.Errorf("%s sentence %v: holder %q, want %q", target, g["i"], holder, wantHolder)
				}
			}
		}
		var fs []float64
		for _, c := range []string{"FAVOR", "AGAINST"} {
			tp := count[pair{c, c}]
			pp, gp := 0, 0
			for _, x := range []string{"FAVOR", "AGAINST", "NONE"} {
				pp += count[pair{x, c}]
				gp += count[pair{c, x}]
			}
			p, r := ratio(tp, pp), ratio(tp, gp)
			f1 := 0.0
			if p+r > 0 {
				f1 = 2 * p * r / (p + r)
			}
			fs = append(fs, f1)
		}
		if favg := (fs[0] + fs[1]) / 2; favg < 0.9 {
			t.Errorf("%s: F_avg %.3f, want at least 0.9", target, favg)
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
