package server

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"github.com/stance-project/stance/internal/testpki"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-project/stance/client"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// tlsEnv serves over TLS with a certificate signed by serverCA and, when clientCA is not nil,
// requires client certificates signed by it. The default client is plaintext: each test dials its
// own.
func tlsEnv(t *testing.T, serverCA, clientCA *testpki.CA) *testEnv {
	t.Helper()
	certFile, keyFile, caFile := serverFiles(t, serverCA, clientCA)
	cfg, err := LoadTLSConfig(certFile, keyFile, caFile)
	if err != nil {
		t.Fatalf("load TLS config: %v", err)
	}
	return newEnv(t, envOptions{grpc: Options{TLS: cfg}})
}

func TestTLS(t *testing.T) {
	serverCA, clientCA, otherCA := testpki.NewCA(t, "server CA"), testpki.NewCA(t, "client CA"), testpki.NewCA(t, "other CA")
	tlsOnly := tlsEnv(t, serverCA, nil)
	mutual := tlsEnv(t, serverCA, clientCA)
	tests := []struct {
		name  string
		env   *testEnv
		creds credentials.TransportCredentials
		want  codes.Code
	}{
		{"a client trusting the server's CA is served over TLS", tlsOnly,
			credentials.NewTLS(&tls.Config{RootCAs: serverCA.Pool()}), codes.OK},
		{"a plaintext client gets no answer from a TLS server", tlsOnly,
			insecure.NewCredentials(), codes.Unavailable},
		{"a client that does not trust the server's CA refuses to connect", tlsOnly,
			credentials.NewTLS(&tls.Config{RootCAs: otherCA.Pool()}), codes.Unavailable},
		{"a client offering at most TLS 1.1 is refused", tlsOnly,
			credentials.NewTLS(&tls.Config{RootCAs: serverCA.Pool(), MaxVersion: tls.VersionTLS11}), codes.Unavailable},
		{"with mutual TLS a client without a certificate is refused", mutual,
			credentials.NewTLS(&tls.Config{RootCAs: serverCA.Pool()}), codes.Unavailable},
		{"with mutual TLS a client certificate from another CA is refused", mutual,
			credentials.NewTLS(&tls.Config{RootCAs: serverCA.Pool(), Certificates: []tls.Certificate{otherCA.KeyPair(t, "intruder")}}), codes.Unavailable},
		{"with mutual TLS a client certificate signed by the client CA is served", mutual,
			credentials.NewTLS(&tls.Config{RootCAs: serverCA.Pool(), Certificates: []tls.Certificate{clientCA.KeyPair(t, "newsroom")}}), codes.OK},
		{"with mutual TLS a plaintext client gets no answer", mutual,
			insecure.NewCredentials(), codes.Unavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := tc.env.dial(t, grpc.WithTransportCredentials(tc.creds))
			_, _, err := classify(guardCtx(t), t, stancev1.NewStanceServiceClient(conn),
				&stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: "Talks must resume."}})
			if got := status.Code(err); got != tc.want {
				t.Fatalf("classify: code %v (%v), want %v", got, err, tc.want)
			}
		})
	}
}

func TestLoadTLSConfig(t *testing.T) {
	ca := testpki.NewCA(t, "server CA")
	certFile, keyFile, caFile := serverFiles(t, ca, ca)
	notPEM := writeFile(t, t.TempDir(), "empty.pem", []byte("not a certificate\n"))
	tests := []struct {
		name                string
		cert, key, clientCA string
		wantErr             string
		mutual              bool
	}{
		{name: "a certificate and its key make a TLS 1.2+ configuration", cert: certFile, key: keyFile},
		{name: "a client CA file makes client certificates required", cert: certFile, key: keyFile, clientCA: caFile, mutual: true},
		{name: "a certificate without a key is refused", cert: certFile, wantErr: "both a certificate file and a key file"},
		{name: "a missing certificate file is refused", cert: certFile + ".missing", key: keyFile, wantErr: "load TLS certificate and key"},
		{name: "a key that does not match the certificate is refused", cert: certFile, key: caFile, wantErr: "load TLS certificate and key"},
		{name: "a client CA file without a certificate is refused", cert: certFile, key: keyFile, clientCA: notPEM, wantErr: "holds no PEM certificate"},
		{name: "a missing client CA file is refused", cert: certFile, key: keyFile, clientCA: caFile + ".missing", wantErr: "read client CA file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := LoadTLSConfig(tc.cert, tc.key, tc.clientCA)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.MinVersion != tls.VersionTLS12 {
				t.Fatalf("MinVersion = %x, want TLS 1.2", cfg.MinVersion)
			}
			if got := cfg.ClientAuth == tls.RequireAndVerifyClientCert; got != tc.mutual {
				t.Fatalf("client certificates required = %v, want %v", got, tc.mutual)
			}
		})
	}
}

// Tokens for the tests below: random-looking, long enough, and distinct from any passage text.
const (
	tokenA = "tok-4f1c9e2ab7d84c61a0e3"
	tokenB = "tok-8b2d7f0c5e1a43d9b6f2"
)

func testTokens(t *testing.T) *Tokens {
	t.Helper()
	ts, err := ParseTokens(strings.NewReader("# newsroom\n" + tokenA + "\n\n  " + tokenB + "  \n"))
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func withAuth(ctx context.Context, value string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", value)
}

func TestAuth(t *testing.T) {
	env := newEnv(t, envOptions{grpc: Options{Tokens: testTokens(t)}})
	classifyCall := func(ctx context.Context) error {
		_, _, err := classify(ctx, t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: "Talks must resume."}})
		return err
	}
	streamCall := func(ctx context.Context) error {
		stream, err := env.client.ClassifyStream(ctx)
		if err != nil {
			return err
		}
		return closeAndDrain(stream)
	}
	listCall := func(ctx context.Context) error {
		_, err := env.client.ListTargets(ctx, &stancev1.ListTargetsRequest{})
		return err
	}
	healthCall := func(ctx context.Context) error {
		_, err := healthpb.NewHealthClient(env.conn).Check(ctx, &healthpb.HealthCheckRequest{})
		return err
	}
	reflectionCall := func(ctx context.Context) error {
		_, err := listServices(ctx, env)
		return err
	}
	tests := []struct {
		name   string
		call   func(context.Context) error
		header string // "" sends no authorization header
		want   codes.Code
	}{
		{"Classify without a token is unauthenticated", classifyCall, "", codes.Unauthenticated},
		{"ClassifyStream without a token is unauthenticated", streamCall, "", codes.Unauthenticated},
		{"ListTargets without a token is unauthenticated", listCall, "", codes.Unauthenticated},
		{"a wrong token is unauthenticated", classifyCall, "Bearer " + tokenA + "x", codes.Unauthenticated},
		{"a token under another scheme is unauthenticated", classifyCall, "Basic " + tokenA, codes.Unauthenticated},
		{"a header without a scheme is unauthenticated", classifyCall, tokenA, codes.Unauthenticated},
		{"the first token of the file is accepted", classifyCall, "Bearer " + tokenA, codes.OK},
		{"a later token of the file is accepted by ClassifyStream", streamCall, "Bearer " + tokenB, codes.OK},
		{"the scheme is matched without regard to case", listCall, "bearer " + tokenB, codes.OK},
		{"health checks need no token", healthCall, "", codes.OK},
		{"reflection needs no token", reflectionCall, "", codes.OK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := guardCtx(t)
			if tc.header != "" {
				ctx = withAuth(ctx, tc.header)
			}
			if got := status.Code(tc.call(ctx)); got != tc.want {
				t.Fatalf("code %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAuthLogsNeitherTokenNorText(t *testing.T) {
	env := newEnv(t, envOptions{grpc: Options{Tokens: testTokens(t)}})
	const text = "Ministers in Velmora said the ceasefire talks must resume at once."
	wrong := tokenA[:len(tokenA)-1] + "0"
	req := &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: text}}
	if _, _, err := classify(withAuth(guardCtx(t), "Bearer "+wrong), t, env.client, req); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("classify with a wrong token: %v, want Unauthenticated", err)
	}
	if _, _, err := classify(withAuth(guardCtx(t), "Bearer "+tokenA), t, env.client, req); err != nil {
		t.Fatalf("classify with a good token: %v", err)
	}
	logs := env.logs.String()
	t.Run("both calls are logged", func(t *testing.T) {
		if strings.Count(logs, "grpc.method=Classify") < 2 || !strings.Contains(logs, "Unauthenticated") {
			t.Fatalf("expected a log line for each call:\n%s", logs)
		}
	})
	for _, tc := range []struct{ name, secret string }{
		{"the good token is not logged", tokenA},
		{"the wrong token is not logged", wrong},
		{"the passage text is not logged", text},
		{"no part of the passage text is logged", "Velmora"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(logs, tc.secret) {
				t.Fatalf("logs contain %q:\n%s", tc.secret, logs)
			}
		})
	}
}

func TestParseTokens(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		wantErr string
		ids     map[string]string // token -> identity; "" for not accepted
	}{
		{name: "tokens are named by their order, skipping comments and blank lines",
			file: "# ops\n\n" + tokenA + "\n# ci\n" + tokenB + "\n",
			ids:  map[string]string{tokenA: "token-1", tokenB: "token-2", "tok-unknown-0000000000": "", "": ""}},
		{name: "white space around a token is trimmed", file: "\t" + tokenA + "  \r\n",
			ids: map[string]string{tokenA: "token-1", " " + tokenA: ""}},
		{name: "a file with no token is refused", file: "# nothing yet\n\n", wantErr: "no token"},
		{name: "a short token is refused, naming its line and not the token", file: tokenA + "\nshort\n", wantErr: "line 2: the token is 5 bytes long"},
		{name: "a token with white space inside is refused", file: "tok-with a-space-inside-it\n", wantErr: "line 1: a token may not contain white space"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts, err := ParseTokens(strings.NewReader(tc.file))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "short") {
					t.Fatalf("the error repeats the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for token, want := range tc.ids {
				got, ok := ts.Identify(token)
				if ok != (want != "") || got != want {
					t.Fatalf("Identify(%q) = %q, %v; want %q", token, got, ok, want)
				}
			}
		})
	}
}

func TestGoClientWithMutualTLSAndToken(t *testing.T) {
	serverCA, clientCA := testpki.NewCA(t, "server CA"), testpki.NewCA(t, "client CA")
	certFile, keyFile, caFile := serverFiles(t, serverCA, clientCA)
	cfg, err := LoadTLSConfig(certFile, keyFile, caFile)
	if err != nil {
		t.Fatal(err)
	}
	env := newEnv(t, envOptions{grpc: Options{TLS: cfg, Tokens: testTokens(t)}})
	tests := []struct {
		name  string
		token string
		want  codes.Code
	}{
		{"a client certificate and a good token are served", tokenB, codes.OK},
		{"a client certificate without a good token is unauthenticated", tokenB + "0", codes.Unauthenticated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := client.Dial("passthrough:///bufnet", client.WithDialer(env.dialer), client.WithBearerToken(tc.token),
				client.WithTLS(&tls.Config{RootCAs: serverCA.Pool(), Certificates: []tls.Certificate{clientCA.KeyPair(t, "newsroom")}}))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			_, err = c.ListTargets(guardCtx(t))
			if got := status.Code(err); got != tc.want {
				t.Fatalf("list targets: code %v (%v), want %v", got, err, tc.want)
			}
		})
	}
}

func TestReloadableTLS(t *testing.T) {
	first, second := testpki.NewCA(t, "first CA"), testpki.NewCA(t, "second CA")
	certFile, keyFile, _ := serverFiles(t, first, nil)
	r, err := NewReloadableTLS(certFile, keyFile, "")
	if err != nil {
		t.Fatal(err)
	}
	serving := func() *x509.Certificate {
		t.Helper()
		cfg, err := r.Config().GetConfigForClient(&tls.ClientHelloInfo{})
		if err != nil || len(cfg.Certificates) != 1 {
			t.Fatalf("config for a client: %v, %v", cfg, err)
		}
		leaf, err := x509.ParseCertificate(cfg.Certificates[0].Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		return leaf
	}
	if got := serving().Issuer.CommonName; got != "first CA" {
		t.Fatalf("serving a certificate from %q, want the first CA's", got)
	}
	cert, key := second.Issue(t, "renewed", false)
	writeFile(t, filepath.Dir(certFile), filepath.Base(certFile), cert)
	writeFile(t, filepath.Dir(keyFile), filepath.Base(keyFile), key)
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := serving().Issuer.CommonName; got != "second CA" {
		t.Fatalf("after Reload, serving a certificate from %q, want the second CA's", got)
	}
	writeFile(t, filepath.Dir(keyFile), filepath.Base(keyFile), []byte("not a key\n"))
	if err := r.Reload(); err == nil {
		t.Fatal("Reload of a broken key succeeded")
	}
	if got := serving().Issuer.CommonName; got != "second CA" {
		t.Fatalf("after a failed Reload, serving a certificate from %q, want the second CA's still", got)
	}
}
