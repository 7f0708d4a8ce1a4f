package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stance-project/stance/client"
	"github.com/stance-project/stance/internal/stancedproc"
	"github.com/stance-project/stance/internal/testpki"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if binDir != "" {
			os.RemoveAll(binDir)
		}
		os.Exit(code)
	}))
}

// hangGuard bounds every wait in these tests; it is never what a test asserts.
const hangGuard = 2 * time.Minute

var (
	binDir   string
	buildBin = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "stanced-test-")
		if err != nil {
			return "", err
		}
		binDir = dir
		bin := filepath.Join(dir, "stanced")
		out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			return "", errors.New("go build: " + err.Error() + "\n" + string(out))
		}
		return bin, nil
	})
)

// daemon is a running stanced binary.
type daemon struct {
	*stancedproc.Process
	addr string
}

// startDaemon builds stanced (once) and starts it on a free loopback port without metrics, with
// args added; it returns once the daemon has logged its address.
func startDaemon(t *testing.T, args ...string) *daemon {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs stanced; skipped with -short")
	}
	bin, err := buildBin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := stancedproc.Start(bin, append([]string{"-addr", "127.0.0.1:0", "-metrics-addr", ""}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return &daemon{Process: p, addr: p.Addr}
}

// wait waits for the daemon to exit and returns its exit error.
func (d *daemon) wait(t *testing.T) error {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- d.Wait() }()
	select {
	case err := <-errc:
		return err
	case <-time.After(hangGuard):
		t.Fatalf("stanced did not exit:\n%s", d.Log())
		return nil
	}
}

// pki is a throwaway CA with a server and a client certificate, written to a temporary directory.
type pki struct {
	pool                                  *x509.CertPool
	client                                tls.Certificate
	caFile, serverCertFile, serverKeyFile string
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ca := testpki.NewCA(t, "test CA")
	p := &pki{pool: ca.Pool(), client: ca.KeyPair(t, "client"), caFile: write("ca.crt", ca.PEM)}
	sc, sk := ca.Issue(t, "stanced test", false)
	p.serverCertFile, p.serverKeyFile = write("server.crt", sc), write("server.key", sk)
	return p
}

const testToken = "tok-3a9d0c7e51b84f2690ae"

func TestStartupErrors(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := newPKI(t)
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"a missing certificate file stops startup", []string{"-tls-cert", filepath.Join(dir, "none.crt"), "-tls-key", p.serverKeyFile}, "load TLS certificate and key"},
		{"a client CA file without certificates stops startup", []string{"-tls-cert", p.serverCertFile, "-tls-key", p.serverKeyFile, "-tls-client-ca", short}, "holds no PEM certificate"},
		{"a token file with a short token stops startup without showing it", []string{"-auth-token-file", short, "-allow-insecure-auth"}, "line 1: the token is 3 bytes long"},
		{"a missing token file stops startup", []string{"-auth-token-file", filepath.Join(dir, "none"), "-allow-insecure-auth"}, "read token file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"-addr", "127.0.0.1:0", "-metrics-addr", ""}, tc.args...)
			err := run(args, func(string) (string, bool) { return "", false }, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "abc") {
				t.Fatalf("the error shows the token: %v", err)
			}
		})
	}
}

func TestUsageDocumentsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	if _, err := parseSettings([]string{"-h"}, func(string) (string, bool) { return "", false }, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, tc := range []struct{ flag, env string }{
		{"tls-cert", "STANCE_TLS_CERT"}, {"tls-key", "STANCE_TLS_KEY"}, {"tls-client-ca", "STANCE_TLS_CLIENT_CA"},
		{"auth-token-file", "STANCE_AUTH_TOKEN_FILE"}, {"allow-insecure-auth", "STANCE_ALLOW_INSECURE_AUTH"},
		{"rate", "STANCE_RATE"}, {"burst", "STANCE_BURST"}, {"max-inflight", "STANCE_MAX_INFLIGHT"},
		{"max-concurrent-streams", "STANCE_MAX_CONCURRENT_STREAMS"}, {"max-send-bytes", "STANCE_MAX_SEND_BYTES"},
		{"max-recv-bytes", "STANCE_MAX_RECV_BYTES"}, {"reflection", "STANCE_REFLECTION"}, {"grace", "STANCE_GRACE"},
	} {
		t.Run("-h documents -"+tc.flag+" and "+tc.env, func(t *testing.T) {
			if !strings.Contains(out.String(), "  -"+tc.flag+" ") && !strings.Contains(out.String(), "  -"+tc.flag+"\n") {
				t.Fatalf("-%s missing from usage:\n%s", tc.flag, out.String())
			}
			if !strings.Contains(out.String(), "(env "+tc.env+")") {
				t.Fatalf("%s missing from usage:\n%s", tc.env, out.String())
			}
		})
	}
}

func TestReflectionFlag(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want codes.Code
	}{
		{"reflection is served by default", nil, codes.OK},
		{"-reflection=false removes the reflection service", []string{"-reflection=false"}, codes.Unimplemented},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := startDaemon(t, tc.args...)
			c, err := client.Dial(d.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
			defer cancel()
			stream, err := reflectionpb.NewServerReflectionClient(c.Conn()).ServerReflectionInfo(ctx, grpc.WaitForReady(true))
			if err != nil {
				t.Fatal(err)
			}
			err = stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}})
			if err == nil || errors.Is(err, io.EOF) {
				_, err = stream.Recv()
			}
			if got := status.Code(err); got != tc.want {
				t.Fatalf("reflection: %v, want %v", err, tc.want)
			}
			d.Cmd.Process.Signal(syscall.SIGTERM)
			if err := d.wait(t); err != nil {
				t.Fatalf("exit: %v", err)
			}
		})
	}
}

// TestSIGTERMUnderLoad runs stanced with mutual TLS and a token, keeps several ClassifyStream and
// Classify calls going, sends SIGTERM and checks how everything ends.
func TestSIGTERMUnderLoad(t *testing.T) {
	p := newPKI(t)
	tokens := filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(tokens, []byte("# test\n"+testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, "-tls-cert", p.serverCertFile, "-tls-key", p.serverKeyFile, "-tls-client-ca", p.caFile,
		"-auth-token-file", tokens, "-grace", hangGuard.String())
	c, err := client.Dial(d.addr, client.WithBearerToken(testToken),
		client.WithTLS(&tls.Config{RootCAs: p.pool, Certificates: []tls.Certificate{p.client}}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	seed, err := os.ReadFile("../../classifier/testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}

	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	watch, err := healthpb.NewHealthClient(c.Conn()).Watch(watchCtx, &healthpb.HealthCheckRequest{Service: "stance.v1.StanceService"}, grpc.WaitForReady(true))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health before SIGTERM: %v %v", resp, err)
	}

	// Each worker makes calls, or sends passages on one stream, until one fails; the loops are
	// bounded so that a server that never stops cannot keep the test going.
	const streams, unary, maxRounds = 3, 2, 100000
	type outcome struct {
		what      string
		completed int
		err       error
	}
	outcomes := make(chan outcome, streams+unary)
	started := make(chan struct{}, streams+unary)
	for range streams {
		go func() {
			o := outcome{what: "ClassifyStream"}
			defer func() { outcomes <- o }()
			stream, err := c.Stub().ClassifyStream(ctx)
			if err != nil {
				o.err = err
				return
			}
			for o.completed < maxRounds {
				if err := stream.Send(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: "seed", Text: string(seed)}}); err != nil && !errors.Is(err, io.EOF) {
					o.err = err
					return
				}
				for {
					resp, err := stream.Recv()
					if err != nil {
						o.err = err
						return
					}
					if resp.GetSummary() != nil {
						break
					}
				}
				if o.completed++; o.completed == 1 {
					started <- struct{}{}
				}
			}
		}()
	}
	for range unary {
		go func() {
			o := outcome{what: "Classify"}
			defer func() { outcomes <- o }()
			for o.completed < maxRounds {
				stream, err := c.Stub().Classify(ctx, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: string(seed)}})
				if err != nil {
					o.err = err
					return
				}
				var summary bool
				for {
					resp, err := stream.Recv()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						o.err = err
						return
					}
					summary = resp.GetSummary() != nil
				}
				if !summary {
					o.err = errors.New("a Classify call ended without a summary")
					return
				}
				if o.completed++; o.completed == 1 {
					started <- struct{}{}
				}
			}
		}()
	}
	for range streams + unary {
		select {
		case <-started:
		case <-ctx.Done():
			t.Fatalf("the calls never got going:\n%s", d.Log())
		}
	}

	if err := d.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	t.Run("health turns NOT_SERVING", func(t *testing.T) {
		resp, err := watch.Recv()
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
			t.Fatalf("health after SIGTERM: %v %v", resp, err)
		}
		stopWatching()
	})
	t.Run("every call in flight finishes whole, and the rest end with Unavailable", func(t *testing.T) {
		for range streams + unary {
			o := <-outcomes
			if o.completed == 0 || status.Code(o.err) != codes.Unavailable {
				t.Errorf("%s after %d whole passages: %v, want Unavailable", o.what, o.completed, o.err)
			}
		}
	})
	t.Run("stanced exits 0", func(t *testing.T) {
		if err := d.wait(t); err != nil {
			t.Fatalf("exit: %v\n%s", err, d.Log())
		}
		if !strings.Contains(d.Log(), "msg=stopped") {
			t.Fatalf("no stopped line in the log:\n%s", d.Log())
		}
	})
	t.Run("the token does not appear in the log", func(t *testing.T) {
		if strings.Contains(d.Log(), testToken) {
			t.Fatalf("the log shows the token:\n%s", d.Log())
		}
	})
}

// waitForLog waits until stanced has logged want, and fails the test if it never does.
func (d *daemon) waitForLog(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !strings.Contains(d.Log(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("stanced never logged %q:\n%s", want, d.Log())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSIGHUPReloadsCertificateAndTokens(t *testing.T) {
	p := newPKI(t)
	tokens := filepath.Join(t.TempDir(), "tokens")
	const newToken = "tok-c81e5d2f07a94b3e6d1f"
	writeTokens := func(body string) {
		if err := os.WriteFile(tokens, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeTokens(testToken + "\n")
	d := startDaemon(t, "-tls-cert", p.serverCertFile, "-tls-key", p.serverKeyFile, "-auth-token-file", tokens)

	call := func(roots *x509.CertPool, token string) error {
		c, err := client.Dial(d.addr, client.WithBearerToken(token), client.WithTLS(&tls.Config{RootCAs: roots}))
		if err != nil {
			return err
		}
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
		defer cancel()
		_, err = c.ListTargets(ctx)
		return err
	}
	if err := call(p.pool, testToken); err != nil {
		t.Fatalf("before the reload: %v", err)
	}

	// A renewed certificate from another CA and a new token file, then SIGHUP.
	renewed := testpki.NewCA(t, "renewed CA")
	cert, key := renewed.Issue(t, "stanced renewed", false)
	if err := os.WriteFile(p.serverCertFile, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.serverKeyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	writeTokens("# rotated\n" + newToken + "\n")
	if err := d.Cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	d.waitForLog(t, "token file reloaded")
	d.waitForLog(t, "TLS files reloaded")

	tests := []struct {
		name  string
		roots *x509.CertPool
		token string
		want  codes.Code
	}{
		{"the renewed certificate and the new token are served", renewed.Pool(), newToken, codes.OK},
		{"the old token is refused", renewed.Pool(), testToken, codes.Unauthenticated},
		{"a client trusting only the old CA no longer connects", p.pool, newToken, codes.Unavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := status.Code(call(tc.roots, tc.token)); got != tc.want {
				t.Fatalf("code %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("a broken token file keeps the tokens in force, and is logged without the token", func(t *testing.T) {
		writeTokens("short\n")
		if err := d.Cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		d.waitForLog(t, "token file not reloaded")
		if err := call(renewed.Pool(), newToken); err != nil {
			t.Fatalf("after a failed reload: %v", err)
		}
		if strings.Contains(d.Log(), newToken) || strings.Contains(d.Log(), testToken) {
			t.Fatal("the log shows a token")
		}
	})
}
