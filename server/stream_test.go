package server

import (
	"errors"
	"io"
	"strings"
	"testing"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// answers groups the answers of a ClassifyStream call by passage id.
type answers struct {
	spans   map[string][]*stancev1.Span
	summary map[string]*stancev1.Summary
	errs    map[string]*stancev1.PassageError
	order   []string // passage ids in the order their first answer came
}

func newAnswers() *answers {
	return &answers{spans: map[string][]*stancev1.Span{}, summary: map[string]*stancev1.Summary{}, errs: map[string]*stancev1.PassageError{}}
}

func (a *answers) add(t *testing.T, resp *stancev1.ClassifyStreamResponse) {
	t.Helper()
	id := resp.GetPassageId()
	if len(a.order) == 0 || a.order[len(a.order)-1] != id {
		a.order = append(a.order, id)
	}
	if a.summary[id] != nil || a.errs[id] != nil {
		t.Fatalf("an answer about passage %q came after its summary or error", id)
	}
	switch r := resp.GetResult().(type) {
	case *stancev1.ClassifyStreamResponse_Span:
		if r.Span.GetPassageId() != id {
			t.Fatalf("span of passage %q is tagged %q", r.Span.GetPassageId(), id)
		}
		a.spans[id] = append(a.spans[id], r.Span)
	case *stancev1.ClassifyStreamResponse_Summary:
		a.summary[id] = r.Summary
	case *stancev1.ClassifyStreamResponse_Error:
		a.errs[id] = r.Error
	default:
		t.Fatalf("empty answer about passage %q", id)
	}
}

func TestClassifyStream(t *testing.T) {
	env := newEnv(t, envOptions{})
	seed := seedText(t)
	reqs := []*stancev1.ClassifyStreamRequest{
		{Passage: &stancev1.Passage{Id: "seed", Text: seed}, EncodingType: stancev1.EncodingType_ENCODING_TYPE_UTF16},
		{Passage: &stancev1.Passage{Id: "unknown-target", Text: "Talks must resume."}, Targets: []string{"weather"}},
		{Passage: &stancev1.Passage{Id: "empty", Text: "   "}},
		{Passage: &stancev1.Passage{Id: "bad-encoding", Text: "Talks must resume."}, EncodingType: 9},
		{Passage: &stancev1.Passage{Id: "short", Text: "The minister said talks with the rebels must resume."}, Targets: []string{"negotiation"}},
	}
	ctx := guardCtx(t)
	stream, err := env.client.ClassifyStream(ctx)
	if err != nil {
		t.Fatalf("classify stream: %v", err)
	}
	// Send and read in turn: the server reads the next passage only after answering this one.
	got := newAnswers()
	for _, req := range reqs {
		if err := stream.Send(req); err != nil {
			t.Fatalf("send %s: %v", req.GetPassage().GetId(), err)
		}
		id := req.GetPassage().GetId()
		for got.summary[id] == nil && got.errs[id] == nil {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("recv about %s: %v", id, err)
			}
			got.add(t, resp)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatalf("close send: %v", err)
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last passage: %v, want the stream to end", err)
	}

	t.Run("good passages get spans and a summary tagged with their id", func(t *testing.T) {
		for _, id := range []string{"seed", "short"} {
			if got.errs[id] != nil || len(got.spans[id]) == 0 || got.summary[id] == nil {
				t.Fatalf("passage %s: %d spans, summary %v, error %v", id, len(got.spans[id]), got.summary[id], got.errs[id])
			}
			if got.summary[id].GetPassageId() != id || int(got.summary[id].GetSpanCount()) != len(got.spans[id]) {
				t.Fatalf("passage %s: summary %v does not match its %d spans", id, got.summary[id], len(got.spans[id]))
			}
		}
		checkOffsets(t, seed, stancev1.EncodingType_ENCODING_TYPE_UTF16, got.spans["seed"])
		if holderStance(got.summary["seed"], "Rainsy", "international_pressure") != stancev1.Stance_STANCE_FAVOR {
			t.Fatalf("seed summary lost Rainsy's stance: %v", got.summary["seed"])
		}
	})
	t.Run("bad passages get a PassageError naming the field and the stream goes on", func(t *testing.T) {
		for id, field := range map[string]string{"unknown-target": "targets", "empty": "passage.text", "bad-encoding": "encoding_type"} {
			e := got.errs[id]
			if e == nil {
				t.Fatalf("passage %s: no error", id)
			}
			if codes.Code(e.GetCode()) != codes.InvalidArgument || e.GetField() != field || e.GetMessage() == "" {
				t.Fatalf("passage %s: error %v, want InvalidArgument on %s", id, e, field)
			}
			if len(got.spans[id]) != 0 || got.summary[id] != nil {
				t.Fatalf("passage %s: refused yet answered", id)
			}
		}
	})
}

func TestClassifyStreamInvalidUTF8(t *testing.T) {
	env := newEnv(t, envOptions{})
	t.Run("a passage with invalid UTF-8 in the middle gets a PassageError and the others are answered", func(t *testing.T) {
		ctx := guardCtx(t)
		desc := &grpc.StreamDesc{StreamName: "ClassifyStream", ServerStreams: true, ClientStreams: true}
		stream, err := env.conn.NewStream(ctx, desc, stancev1.StanceService_ClassifyStream_FullMethodName, grpc.ForceCodecV2(rawCodec{}))
		if err != nil {
			t.Fatalf("new stream: %v", err)
		}
		msgs := [][]byte{
			rawRequest("first", []byte("The minister said talks must resume.")),
			rawRequest("broken", []byte("Talks \xff\xfe must resume.")),
			rawRequest("last", []byte("Rebels rejected the negotiations as a sham.")),
		}
		for _, m := range msgs {
			if err := stream.SendMsg(m); err != nil {
				t.Fatalf("send: %v", err)
			}
		}
		if err := stream.CloseSend(); err != nil {
			t.Fatalf("close send: %v", err)
		}
		got := newAnswers()
		for {
			var b []byte
			err := stream.RecvMsg(&b)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("recv: %v", err)
			}
			resp := &stancev1.ClassifyStreamResponse{}
			if err := proto.Unmarshal(b, resp); err != nil {
				t.Fatalf("decode: %v", err)
			}
			got.add(t, resp)
		}
		if e := got.errs["broken"]; e == nil || codes.Code(e.GetCode()) != codes.InvalidArgument || e.GetField() != "passage.text" {
			t.Fatalf("broken passage: error %v, want InvalidArgument on passage.text", e)
		}
		for _, id := range []string{"first", "last"} {
			if got.summary[id] == nil || got.errs[id] != nil {
				t.Fatalf("passage %s: summary %v, error %v", id, got.summary[id], got.errs[id])
			}
		}
		if want := []string{"first", "broken", "last"}; len(got.order) != 3 || got.order[0] != want[0] || got.order[1] != want[1] || got.order[2] != want[2] {
			t.Fatalf("answers came in order %v, want %v", got.order, want)
		}
	})
}

func TestClassifyStreamOversizedPassage(t *testing.T) {
	env := newEnv(t, envOptions{})
	t.Run("a 10 MB passage gets a PassageError naming passage.text and the stream goes on", func(t *testing.T) {
		ctx := guardCtx(t)
		stream, err := env.client.ClassifyStream(ctx)
		if err != nil {
			t.Fatalf("new stream: %v", err)
		}
		reqs := []*stancev1.ClassifyStreamRequest{
			{Passage: &stancev1.Passage{Id: "first", Text: "The minister said talks must resume."}},
			{Passage: &stancev1.Passage{Id: "huge", Text: strings.Repeat("Talks must resume. ", 10<<20/19+1)}},
			{Passage: &stancev1.Passage{Id: "last", Text: "Rebels rejected the negotiations as a sham."}},
		}
		got := newAnswers()
		done := make(chan error, 1)
		go func() {
			for {
				resp, err := stream.Recv()
				if err != nil {
					done <- err
					return
				}
				got.add(t, resp)
			}
		}()
		for _, r := range reqs {
			if err := stream.Send(r); err != nil {
				t.Fatalf("send %s: %v", r.GetPassage().GetId(), err)
			}
		}
		if err := stream.CloseSend(); err != nil {
			t.Fatalf("close send: %v", err)
		}
		if err := <-done; !errors.Is(err, io.EOF) {
			t.Fatalf("stream ended with %v, want the end of the answers", err)
		}
		e := got.errs["huge"]
		if e == nil || codes.Code(e.GetCode()) != codes.InvalidArgument || e.GetField() != "passage.text" ||
			!strings.Contains(e.GetMessage(), "4194304") {
			t.Fatalf("huge passage: error %v, want InvalidArgument on passage.text giving the limit", e)
		}
		for _, id := range []string{"first", "last"} {
			if got.summary[id] == nil || got.errs[id] != nil {
				t.Fatalf("passage %s: summary %v, error %v", id, got.summary[id], got.errs[id])
			}
		}
	})
	t.Run("a message past the transport limit is refused unread with ResourceExhausted", func(t *testing.T) {
		limit := Config{}.withDefaults().transportRecvLimit()
		_, _, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{
			Passage: &stancev1.Passage{Id: "a", Text: strings.Repeat("x", limit+1)}})
		wantStatus(t, err, codes.ResourceExhausted, "")
	})
}
