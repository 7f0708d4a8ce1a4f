package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// The passage of the fake server: "é" and "🙂" make UTF-16 offsets differ from bytes.
const passage = "Café 🙂 news. Lopez rejected the talks."

// fakeServer answers every Classify with one span over the passage's second sentence, with
// offsets in the requested encoding.
type fakeServer struct {
	stancev1.UnimplementedStanceServiceServer
}

func (fakeServer) Classify(req *stancev1.ClassifyRequest, stream grpc.ServerStreamingServer[stancev1.ClassifyResponse]) error {
	if len(req.GetTargets()) > 0 && req.GetTargets()[0] == "elections" {
		st, _ := status.New(codes.InvalidArgument, `unknown target "elections"`).WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "targets", Description: "unknown target"}},
		})
		return st.Err()
	}
	// Byte offsets: sentence 17..42, "rejected" 23..31, "talks" 36..41; UTF-16 is 3 less
	// ("é" is 2 bytes, 1 unit; "🙂" is 4 bytes, 2 units).
	d := int64(0)
	if req.GetEncodingType() == stancev1.EncodingType_ENCODING_TYPE_UTF16 {
		d = 3
	}
	sp := &stancev1.Span{
		PassageId: req.GetPassage().GetId(), BeginOffset: 17 - d, EndOffset: 42 - d,
		Text: "Lopez rejected the talks.", SentenceIndex: 1, Target: "negotiation",
		Stance: stancev1.Stance_STANCE_AGAINST, Score: -0.5, Confidence: 0.75,
		Holder: &stancev1.Holder{Name: "Lopez", Kind: stancev1.HolderKind_HOLDER_KIND_REPORTED_SPEECH},
		Cues: []*stancev1.Cue{
			{BeginOffset: 23 - d, EndOffset: 31 - d, Text: "rejected", Role: stancev1.CueRole_CUE_ROLE_AGAINST, Weight: -1},
			{BeginOffset: 36 - d, EndOffset: 41 - d, Text: "talks", Role: stancev1.CueRole_CUE_ROLE_TARGET_MENTION},
		},
	}
	stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Span{Span: sp}})
	return stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Summary{Summary: &stancev1.Summary{
		PassageId: req.GetPassage().GetId(), SentenceCount: 2, SpanCount: 1,
		Targets: []*stancev1.TargetSummary{{Target: "negotiation", Stance: stancev1.Stance_STANCE_AGAINST, Score: -0.5, SpanCount: 1, AgainstCount: 1}},
	}}})
}

func (fakeServer) ListTargets(context.Context, *stancev1.ListTargetsRequest) (*stancev1.ListTargetsResponse, error) {
	return &stancev1.ListTargetsResponse{Targets: []*stancev1.Target{
		{Name: "negotiation", Description: "talks", LexiconSize: 12, Version: "3", Source: "embedded"},
	}}, nil
}

func startFake(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	stancev1.RegisterStanceServiceServer(s, fakeServer{})
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

func runWithStdin(t *testing.T, stdin string, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := envOf(&stdout, &stderr, vars)
	e.stdin = strings.NewReader(stdin)
	code := run(context.Background(), args, e)
	return code, stdout.String(), stderr.String()
}

func TestClassifyText(t *testing.T) {
	addr := startFake(t)
	code, out, errOut := runWithStdin(t, passage, map[string]string{"STANCE_ADDR": addr}, "classify")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wantOutput(t, out,
		"   1  negotiation             against  -0.500  Lopez (reported speech)           [-rejected] {talks}",
		"summary: 2 sentences, 1 spans",
	)
}

func TestClassifyExplainUTF16(t *testing.T) {
	addr := startFake(t)
	code, out, errOut := runWithStdin(t, passage, nil, "classify", "-addr", addr, "-encoding", "utf16", "-explain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wantOutput(t, out,
		"[1] negotiation: against -0.500, holder Lopez (reported speech)",
		"    Lopez [-rejected] the {talks}.",
		"    raw = -1.000 (rejected) = -1.000",
		"    score = raw/(1+|raw|) = -1.000/2.000 = -0.500 -> against",
	)
}

func TestClassifyJSON(t *testing.T) {
	addr := startFake(t)
	code, out, _ := runWithStdin(t, passage, nil, "classify", "-addr", addr, "-o", "json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], `{"span":`) || !strings.HasPrefix(lines[1], `{"summary":`) {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestClassifyErrors(t *testing.T) {
	addr := startFake(t)
	code, _, errOut := runWithStdin(t, passage, nil, "classify", "-addr", addr, "-targets", "elections")
	if code != exitFailure || !strings.Contains(errOut, `unknown target "elections" (InvalidArgument)`) ||
		!strings.Contains(errOut, "field targets: unknown target") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	for _, args := range [][]string{
		{"classify", "-o", "xml"},
		{"classify", "-encoding", "latin1"},
		{"classify", "-nosuchflag"},
		{"classify", "-o", "json", "-explain"},
		{"classify", "-token", "secret"},
		{"targets", "extra"},
		{"nosuchcommand"},
		{},
	} {
		if code, _, _ := runWithStdin(t, "", nil, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestTargets(t *testing.T) {
	addr := startFake(t)
	code, out, errOut := runWithStdin(t, "", nil, "targets", "-addr", addr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "NAME         SIZE  VERSION  SOURCE    DESCRIPTION\nnegotiation  12    3        embedded  talks\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

// wantOutput fails t for each of wants that out does not contain.
func wantOutput(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
