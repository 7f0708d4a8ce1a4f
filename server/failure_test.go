package server

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// rawClassify sends msg, as is, as a Classify request and returns the decoded answers.
func rawClassify(ctx context.Context, t *testing.T, conn *grpc.ClientConn, msg []byte) ([]*stancev1.ClassifyResponse, error) {
	t.Helper()
	desc := &grpc.StreamDesc{StreamName: "Classify", ServerStreams: true}
	stream, err := conn.NewStream(ctx, desc, stancev1.StanceService_Classify_FullMethodName, grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		return nil, err
	}
	if err := stream.SendMsg(msg); err != nil {
		return nil, err
	}
	if err := stream.CloseSend(); err != nil {
		return nil, err
	}
	var out []*stancev1.ClassifyResponse
	for {
		var b []byte
		if err := stream.RecvMsg(&b); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		resp := &stancev1.ClassifyResponse{}
		if err := proto.Unmarshal(b, resp); err != nil {
			t.Fatalf("decode answer: %v", err)
		}
		out = append(out, resp)
	}
}

func TestInvalidUTF8(t *testing.T) {
	env := newEnv(t, envOptions{})
	tests := []struct {
		name  string
		msg   []byte
		field string
	}{
		{"invalid UTF-8 in the text is refused naming passage.text",
			rawRequest("p1", []byte("Talks must \xff\xfe resume.")), "passage.text"},
		{"a truncated multi-byte rune in the text is refused naming passage.text",
			rawRequest("p1", []byte("Talks must resume \xe2\x80")), "passage.text"},
		{"invalid UTF-8 in a target name is refused naming targets",
			rawRequest("p1", []byte("Talks must resume."), []byte("negotiation"), []byte("neg\xc0tiation")), "targets"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rawClassify(guardCtx(t), t, env.conn, tc.msg)
			wantStatus(t, err, codes.InvalidArgument, tc.field)
		})
	}
	t.Run("invalid UTF-8 in a unary request is refused naming its field", func(t *testing.T) {
		var msg []byte
		msg = protowire.AppendTag(msg, 1, protowire.BytesType)
		msg = protowire.AppendBytes(msg, []byte("stance\xff"))
		var reply []byte
		err := env.conn.Invoke(guardCtx(t), "/grpc.health.v1.Health/Check", msg, &reply, grpc.ForceCodecV2(rawCodec{}))
		wantStatus(t, err, codes.InvalidArgument, "service")
	})
	t.Run("hand-built valid bytes are classified", func(t *testing.T) {
		out, err := rawClassify(guardCtx(t), t, env.conn, rawRequest("p1", []byte("The minister said talks must resume.")))
		if err != nil {
			t.Fatalf("classify: %v", err)
		}
		if len(out) < 2 || out[len(out)-1].GetSummary() == nil {
			t.Fatalf("want spans and a summary, got %v", out)
		}
	})
}

// longPassage builds a passage of about size bytes, every sentence about negotiation; it returns
// the text and its number of sentences.
func longPassage(size int) (string, int) {
	const s = "The minister said the negotiations with the rebels must resume soon. "
	n := size / len(s)
	return strings.Repeat(s, n), n
}

func TestCancellation(t *testing.T) {
	big := Config{MaxPassageBytes: 4 << 20, MaxRecvBytes: 8 << 20}
	text, sentences := longPassage(2 << 20)

	t.Run("a short deadline ends a long passage with DeadlineExceeded", func(t *testing.T) {
		env := newEnv(t, envOptions{cfg: big})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, _, err := classify(ctx, t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Id: "long", Text: text}})
		wantStatus(t, err, codes.DeadlineExceeded, "")
	})

	t.Run("canceling mid-stream stops the server's work", func(t *testing.T) {
		var emitted atomic.Int64
		done := make(chan error, 1)
		env := newEnv(t, envOptions{cfg: big, hooks: hooks{
			emitted: func() { emitted.Add(1) },
			done:    func(err error) { done <- err },
		}})
		ctx, cancel := context.WithCancel(guardCtx(t))
		defer cancel()
		stream, err := env.client.Classify(ctx, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Id: "long", Text: text}})
		if err != nil {
			t.Fatalf("classify: %v", err)
		}
		for i := 0; i < 3; i++ {
			if _, err := stream.Recv(); err != nil {
				t.Fatalf("recv span %d: %v", i, err)
			}
		}
		cancel()
		select {
		case err := <-done:
			wantStatus(t, err, codes.Canceled, "")
		case <-time.After(hangGuard):
			t.Fatal("the handler did not return after the call was canceled")
		}
		stopped := emitted.Load()
		time.Sleep(200 * time.Millisecond) // give any stray work the chance to show itself
		if again := emitted.Load(); again != stopped {
			t.Fatalf("spans kept being emitted after the handler returned: %d, then %d", stopped, again)
		}
		if stopped >= int64(sentences) {
			t.Fatalf("the server emitted %d spans, the whole passage (%d sentences): it did not stop", stopped, sentences)
		}
		t.Logf("the server stopped after %d of at least %d spans", stopped, sentences)
	})
}

func TestPanicRecovery(t *testing.T) {
	var panicking atomic.Bool
	env := newEnv(t, envOptions{hooks: hooks{enter: func(method string) {
		if panicking.CompareAndSwap(true, false) {
			panic("test panic in " + method)
		}
	}}})
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"a panic in Classify answers Internal and the server keeps serving", func(ctx context.Context) error {
			_, _, err := classify(ctx, t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: "Talks must resume."}})
			return err
		}},
		{"a panic in ClassifyStream answers Internal and the server keeps serving", func(ctx context.Context) error {
			stream, err := env.client.ClassifyStream(ctx)
			if err != nil {
				return err
			}
			// Send reports io.EOF when the server has already ended the call; Recv then has its status.
			if err := stream.Send(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: "p", Text: "Talks must resume."}}); err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			return closeAndDrain(stream)
		}},
		{"a panic in ListTargets answers Internal and the server keeps serving", func(ctx context.Context) error {
			_, err := env.client.ListTargets(ctx, &stancev1.ListTargetsRequest{})
			return err
		}},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			panicking.Store(true)
			err := tc.call(guardCtx(t))
			wantStatus(t, err, codes.Internal, "")
			if strings.Contains(status.Convert(err).Message(), "test panic") {
				t.Errorf("the panic leaked to the caller: %v", err)
			}
			if err := tc.call(guardCtx(t)); err != nil {
				t.Fatalf("the next call failed: %v", err)
			}
			logs := env.logs.String()
			if !strings.Contains(logs, "test panic") || !strings.Contains(logs, "goroutine") {
				t.Fatalf("the panic and its stack were not logged: %s", logs)
			}
		})
	}
}
