package server

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
