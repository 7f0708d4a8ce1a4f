package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stance-project/stance/classifier"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc/codes"
)

const electionsLexicon = `target: elections
description: Elections, votes and ballots.
version: "1"
mentions: [election, elections, vote, ballot]
favor: [free, fair, hold, welcome]
against: [fake, rigged, sham, boycott]
`

func writeLexicon(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatalf("write lexicon: %v", err)
	}
	return path
}

func targetNames(t *testing.T, env *testEnv) []string {
	t.Helper()
	resp, err := env.client.ListTargets(guardCtx(t), &stancev1.ListTargetsRequest{})
	if err != nil {
		t.Fatalf("list targets: %v", err)
	}
	var names []string
	for _, tg := range resp.GetTargets() {
		names = append(names, tg.GetName())
	}
	return names
}

func TestReload(t *testing.T) {
	env := newEnv(t, envOptions{})
	dir := t.TempDir()
	path := writeLexicon(t, dir, "elections.yaml", electionsLexicon)
	elections := "The opposition called the elections a sham and urged a boycott."

	ctx := guardCtx(t)
	stream, err := env.client.ClassifyStream(ctx)
	if err != nil {
		t.Fatalf("classify stream: %v", err)
	}
	ask := func(req *stancev1.ClassifyStreamRequest) *answers {
		t.Helper()
		if err := stream.Send(req); err != nil {
			t.Fatalf("send: %v", err)
		}
		got := newAnswers()
		id := req.GetPassage().GetId()
		for got.summary[id] == nil && got.errs[id] == nil {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("recv: %v", err)
			}
			got.add(t, resp)
		}
		return got
	}
	if got := ask(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: "before", Text: seedText(t)}}); got.summary["before"] == nil {
		t.Fatalf("passage before the reload: %v", got.errs["before"])
	}

	if err := env.srv.Reload(dir); err != nil {
		t.Fatalf("reload: %v", err)
	}

	t.Run("a stream in flight finishes on the lexicons it started with", func(t *testing.T) {
		got := ask(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: "new-target", Text: elections}, Targets: []string{"elections"}})
		if e := got.errs["new-target"]; e == nil || codes.Code(e.GetCode()) != codes.InvalidArgument || e.GetField() != "targets" {
			t.Fatalf("the in-flight stream saw the new target: %v", got.errs["new-target"])
		}
		got = ask(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: "old-target", Text: seedText(t)}})
		if got.summary["old-target"] == nil || len(got.summary["old-target"].GetTargets()) != 2 {
			t.Fatalf("the in-flight stream did not finish on the old lexicons: %v", got.summary["old-target"])
		}
		if err := stream.CloseSend(); err != nil {
			t.Fatalf("close send: %v", err)
		}
	})
	t.Run("new calls see the new target", func(t *testing.T) {
		spans, sum, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{
			Passage: &stancev1.Passage{Id: "e", Text: elections}, Targets: []string{"elections"},
		})
		if err != nil {
			t.Fatalf("classify: %v", err)
		}
		if len(spans) == 0 || spans[0].GetTarget() != "elections" || sum.GetTargets()[0].GetStance() != stancev1.Stance_STANCE_AGAINST {
			t.Fatalf("want the elections target, against; got %v / %v", spans, sum)
		}
		if !slices.Contains(targetNames(t, env), "elections") {
			t.Fatal("ListTargets lacks elections")
		}
		resp, err := env.client.ListTargets(guardCtx(t), &stancev1.ListTargetsRequest{})
		if err != nil {
			t.Fatalf("list targets: %v", err)
		}
		for _, tg := range resp.GetTargets() {
			if tg.GetName() == "elections" && (tg.GetSource() != path || tg.GetVersion() != "1" || tg.GetLexiconSize() != 12) {
				t.Fatalf("elections target: %v", tg)
			}
		}
	})
	t.Run("a broken lexicon file is refused and the lexicons in force stay", func(t *testing.T) {
		broken := t.TempDir()
		bad := writeLexicon(t, broken, "broken.yaml", "target: Broken Name\ndescription: x\nmentions: [a]\nfavor: [good, good]\n")
		err := env.srv.Reload(broken)
		var problems classifier.ProblemsError
		if !errors.As(err, &problems) || len(problems) == 0 {
			t.Fatalf("reload: %v, want a ProblemsError", err)
		}
		if !strings.Contains(err.Error(), bad+":") {
			t.Fatalf("problems do not name the file and line: %v", err)
		}
		if !slices.Contains(targetNames(t, env), "elections") {
			t.Fatal("the previous lexicons were dropped")
		}
	})
	t.Run("SetClassifier swaps the lexicons for new calls", func(t *testing.T) {
		lex, err := classifier.DefaultLexicons()
		if err != nil {
			t.Fatalf("default lexicons: %v", err)
		}
		env.srv.SetClassifier(classifier.New(lex))
		if slices.Contains(targetNames(t, env), "elections") {
			t.Fatal("elections is still listed after going back to the embedded lexicons")
		}
	})
}

// TestReloadUnderLoad swaps lexicons back and forth, with broken files in between, while calls
// keep coming: no call fails, each answer is whole on one set of lexicons (its summary lists the
// two embedded targets, or those and elections), and a broken file never changes the targets.
func TestReloadUnderLoad(t *testing.T) {
	env := newEnv(t, envOptions{})
	good := t.TempDir()
	writeLexicon(t, good, "elections.yaml", electionsLexicon)
	broken := t.TempDir()
	writeLexicon(t, broken, "broken.yaml", "target: elections\ndescription: x\nmentions: [vote]\nfavor: [fair]\nagainst: [fair]\n")
	text := seedText(t)

	ctx, cancel := context.WithCancel(guardCtx(t))
	defer cancel()
	var wg sync.WaitGroup
	var calls atomic.Int64
	errs := make(chan error, 8)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				spans, targets, err := countAnswer(ctx, env.client, text)
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					errs <- fmt.Errorf("classify during reloads: %w", err)
					return
				}
				if (targets != 2 && targets != 3) || spans == 0 {
					errs <- fmt.Errorf("answer on mixed lexicons: %d summary targets, %d spans", targets, spans)
					return
				}
				calls.Add(1)
			}
		}()
	}
	for i := 0; i < 30 && len(errs) == 0; i++ {
		before := targetNames(t, env)
		if err := env.srv.Reload(broken); err == nil {
			t.Fatal("a broken lexicon file was accepted")
		}
		if after := targetNames(t, env); !slices.Equal(before, after) {
			t.Fatalf("a broken reload changed the targets from %v to %v", before, after)
		}
		dir := good
		if i%2 == 1 {
			dir = ""
		}
		if err := env.srv.Reload(dir); err != nil {
			t.Fatalf("reload %q: %v", dir, err)
		}
	}
	for calls.Load() < 8 && len(errs) == 0 {
		runtime.Gosched()
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// countAnswer classifies text and counts the spans and the summary's targets; unlike classify it
// reports every problem as an error, so that it can run off the test's goroutine.
func countAnswer(ctx context.Context, c stancev1.StanceServiceClient, text string) (spans, targets int, err error) {
	stream, err := c.Classify(ctx, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Id: "p", Text: text}})
	if err != nil {
		return 0, 0, err
	}
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			return spans, targets, fmt.Errorf("the stream ended without a summary")
		}
		if err != nil {
			return spans, targets, err
		}
		if sum := resp.GetSummary(); sum != nil {
			return spans, len(sum.GetTargets()), nil
		}
		spans++
	}
}
