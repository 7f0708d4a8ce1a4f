package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stance-project/stance/classifier"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"go.uber.org/goleak"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/encoding/protowire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// hangGuard bounds every wait in these tests; it is never what a test asserts.
const hangGuard = 60 * time.Second

var defaultLexicons = sync.OnceValues(classifier.DefaultLexicons)

func seedText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../classifier/testdata/seed.txt")
	if err != nil {
		t.Fatalf("read seed story: %v", err)
	}
	return string(data)
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines to log into.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testEnv is a real gRPC server over bufconn (or loopback TCP) with a client connected to it.
type testEnv struct {
	srv    *Server
	gs     *grpc.Server
	health *health.Server
	conn   *grpc.ClientConn
	client stancev1.StanceServiceClient
	reg    *prometheus.Registry
	logs   *syncBuffer
	// addr is the server's address, and dialer opens a connection to it.
	addr   string
	dialer func(ctx context.Context, addr string) (net.Conn, error)
}

type envOptions struct {
	cfg          Config
	hooks        hooks
	noReflection bool
	// grpc holds the security and capacity options; Logger, Registry and Reflection are set by
	// newEnv.
	grpc Options
	// tcp serves on a 127.0.0.1 port instead of bufconn, so that peers have IP addresses.
	tcp bool
	// clientOpts replace the default client's plaintext transport credentials.
	clientOpts []grpc.DialOption
}

func newEnv(t *testing.T, o envOptions) *testEnv {
	t.Helper()
	lex, err := defaultLexicons()
	if err != nil {
		t.Fatalf("load lexicons: %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := New(classifier.New(lex), o.cfg, log)
	srv.hooks = o.hooks
	reg := prometheus.NewRegistry()
	gopts := o.grpc
	gopts.Registry, gopts.Reflection = reg, !o.noReflection
	gs, hs, err := NewGRPCServer(srv, gopts)
	if err != nil {
		t.Fatalf("new grpc server: %v", err)
	}
	env := &testEnv{srv: srv, gs: gs, health: hs, reg: reg, logs: logs}
	var lis net.Listener
	if o.tcp {
		if lis, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatalf("listen: %v", err)
		}
		env.addr = lis.Addr().String()
		env.dialer = func(ctx context.Context, addr string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		}
	} else {
		bl := bufconn.Listen(1 << 20)
		lis, env.addr = bl, "bufnet"
		env.dialer = func(ctx context.Context, _ string) (net.Conn, error) { return bl.DialContext(ctx) }
	}
	served := make(chan error, 1)
	go func() { served <- gs.Serve(lis) }()
	t.Cleanup(func() {
		gs.Stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	copts := o.clientOpts
	if copts == nil {
		copts = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	env.conn = env.dial(t, copts...)
	env.client = stancev1.NewStanceServiceClient(env.conn)
	return env
}

// dial returns a new client connection to the server with opts (which must set transport
// credentials), closed at the end of the test.
func (env *testEnv) dial(t *testing.T, opts ...grpc.DialOption) *grpc.ClientConn {
	t.Helper()
	opts = append([]grpc.DialOption{
		grpc.WithContextDialer(env.dialer),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20), grpc.MaxCallSendMsgSize(64<<20)),
	}, opts...)
	conn, err := grpc.NewClient("passthrough:///"+env.addr, opts...)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func guardCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	t.Cleanup(cancel)
	return ctx
}

// classify runs Classify to the end and checks that spans come first and exactly one summary
// comes last.
func classify(ctx context.Context, t *testing.T, c stancev1.StanceServiceClient, req *stancev1.ClassifyRequest) ([]*stancev1.Span, *stancev1.Summary, error) {
	t.Helper()
	stream, err := c.Classify(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	var spans []*stancev1.Span
	var sum *stancev1.Summary
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return spans, sum, err
		}
		if sum != nil {
			t.Fatalf("a message came after the summary: %v", resp)
		}
		switch r := resp.GetResult().(type) {
		case *stancev1.ClassifyResponse_Span:
			spans = append(spans, r.Span)
		case *stancev1.ClassifyResponse_Summary:
			sum = r.Summary
		default:
			t.Fatalf("empty response message")
		}
	}
	if sum == nil {
		t.Fatalf("the stream ended without a summary")
	}
	return spans, sum, nil
}

// fieldOf returns the field of err's BadRequest detail, "" when it has none.
func fieldOf(err error) string {
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
			return br.GetFieldViolations()[0].GetField()
		}
	}
	return ""
}

// wantStatus fails t unless err has code and, when field is not empty, a BadRequest detail
// naming field.
func wantStatus(t *testing.T, err error, code codes.Code, field string) {
	t.Helper()
	if got := status.Code(err); got != code {
		t.Fatalf("code = %v (%v), want %v", got, err, code)
	}
	if field != "" && fieldOf(err) != field {
		t.Fatalf("BadRequest field = %q (%v), want %q", fieldOf(err), err, field)
	}
}

// units returns a function cutting text between offsets counted in enc.
func units(text string, enc stancev1.EncodingType) func(b, e int64) (string, bool) {
	switch enc {
	case stancev1.EncodingType_ENCODING_TYPE_UTF16:
		u := utf16.Encode([]rune(text))
		return func(b, e int64) (string, bool) {
			if b < 0 || b > e || e > int64(len(u)) {
				return "", false
			}
			return string(utf16.Decode(u[b:e])), true
		}
	case stancev1.EncodingType_ENCODING_TYPE_UTF32:
		r := []rune(text)
		return func(b, e int64) (string, bool) {
			if b < 0 || b > e || e > int64(len(r)) {
				return "", false
			}
			return string(r[b:e]), true
		}
	}
	return func(b, e int64) (string, bool) {
		if b < 0 || b > e || e > int64(len(text)) {
			return "", false
		}
		return text[b:e], true
	}
}

// checkOffsets fails t unless every span's, cue's and holder mention's offsets, counted in enc,
// cut exactly its text out of the passage.
func checkOffsets(t *testing.T, text string, enc stancev1.EncodingType, spans []*stancev1.Span) {
	t.Helper()
	cut := units(text, enc)
	check := func(what string, b, e int64, want string) {
		t.Helper()
		got, ok := cut(b, e)
		if !ok {
			t.Fatalf("%s: offsets [%d, %d) are outside the passage", what, b, e)
		}
		if got != want || want == "" {
			t.Fatalf("%s: offsets [%d, %d) cut %q, text is %q", what, b, e, got, want)
		}
	}
	for i, sp := range spans {
		check("span", sp.GetBeginOffset(), sp.GetEndOffset(), sp.GetText())
		for j, c := range sp.GetCues() {
			check(fmt.Sprintf("cue %d of span %d", j, i), c.GetBeginOffset(), c.GetEndOffset(), c.GetText())
		}
		if m := sp.GetHolder().GetMention(); m != nil {
			check("holder mention", m.GetBeginOffset(), m.GetEndOffset(), m.GetText())
		}
	}
}

// rawCodec sends and receives bytes as they are, so tests can send what a proto library would
// refuse to marshal.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(v.([]byte))}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*(v.(*[]byte)) = data.Materialize()
	return nil
}

func (rawCodec) Name() string { return "proto" }

// rawRequest hand-builds a ClassifyRequest (or ClassifyStreamRequest: the fields are the same)
// with arbitrary bytes for text and targets.
func rawRequest(id string, text []byte, targets ...[]byte) []byte {
	var p []byte
	p = protowire.AppendTag(p, 1, protowire.BytesType)
	p = protowire.AppendString(p, id)
	p = protowire.AppendTag(p, 2, protowire.BytesType)
	p = protowire.AppendBytes(p, text)
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendBytes(b, p)
	for _, tg := range targets {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, tg)
	}
	return b
}

// closeAndDrain closes the sending side of a ClassifyStream call and reads its answers to the end,
// returning nil when the call ends OK and its status error otherwise.
func closeAndDrain(stream grpc.BidiStreamingClient[stancev1.ClassifyStreamRequest, stancev1.ClassifyStreamResponse]) error {
	if err := stream.CloseSend(); err != nil {
		return err
	}
	for {
		if _, err := stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}
