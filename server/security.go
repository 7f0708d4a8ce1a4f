package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// LoadTLSConfig returns a server TLS configuration (TLS 1.2 at least) with the PEM certificate
// chain in certFile and its private key in keyFile. When clientCAFile is not empty, every client
// must present a certificate signed by one of the PEM certificates in that file (mutual TLS).
func LoadTLSConfig(certFile, keyFile, clientCAFile string) (*tls.Config, error) {
	if certFile == "" || keyFile == "" {
		return nil, errors.New("TLS needs both a certificate file and a key file")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("load TLS certificate and key: %w", err)
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{"h2"},
	}
	if clientCAFile != "" {
		pem, err := os.ReadFile(clientCAFile)
		if err != nil {
			return nil, fmt.Errorf("read client CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("client CA file %s holds no PEM certificate", clientCAFile)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}

// ReloadableTLS is the server TLS configuration of LoadTLSConfig, read again from its files on
// Reload, so that a renewed certificate or client CA file takes effect without a restart:
// handshakes after a Reload use the new files, connections already open keep the ones they were
// made with.
type ReloadableTLS struct {
	certFile, keyFile, clientCAFile string
	cur                             atomic.Pointer[tls.Config]
}

// NewReloadableTLS reads the files as LoadTLSConfig does.
func NewReloadableTLS(certFile, keyFile, clientCAFile string) (*ReloadableTLS, error) {
	r := &ReloadableTLS{certFile: certFile, keyFile: keyFile, clientCAFile: clientCAFile}
	if err := r.Reload(); err != nil {
		return nil, err
	}
	return r, nil
}

// Reload reads the files again. When they do not make a configuration, it returns why and the one
// in force stays.
func (r *ReloadableTLS) Reload() error {
	cfg, err := LoadTLSConfig(r.certFile, r.keyFile, r.clientCAFile)
	if err != nil {
		return err
	}
	r.cur.Store(cfg)
	return nil
}

// Config returns the configuration to serve with: every handshake takes the latest files'.
func (r *ReloadableTLS) Config() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"h2"},
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return r.cur.Load(), nil
		},
	}
}

// MinTokenBytes is the shortest bearer token LoadTokens accepts: shorter ones are too easy to
// guess.
const MinTokenBytes = 16

// Tokens is a set of bearer tokens that callers may present, each with an identity ("token-1",
// "token-2", … in file order) that names the caller in rate limiting without revealing the token.
// Only SHA-256 digests of the tokens are kept, and a presented token is compared with every one of
// them in constant time.
type Tokens struct {
	digests atomic.Pointer[[][sha256.Size]byte]
}

// LoadTokens reads bearer tokens from the file at path; see ParseTokens for the format.
func LoadTokens(path string) (*Tokens, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read token file: %w", err)
	}
	defer f.Close()
	ts, err := ParseTokens(f)
	if err != nil {
		return nil, fmt.Errorf("token file %s: %w", path, err)
	}
	return ts, nil
}

// ParseTokens reads bearer tokens, one per line. Surrounding white space is trimmed; empty lines
// and lines starting with '#' are skipped. A token may not contain white space or be shorter than
// MinTokenBytes, and at least one token is needed. Errors name the line, never the token.
func ParseTokens(r io.Reader) (*Tokens, error) {
	var digests [][sha256.Size]byte
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.ContainsAny(line, " \t"):
			return nil, fmt.Errorf("line %d: a token may not contain white space", n)
		case len(line) < MinTokenBytes:
			return nil, fmt.Errorf("line %d: the token is %d bytes long; use at least %d random bytes", n, len(line), MinTokenBytes)
		}
		digests = append(digests, sha256.Sum256([]byte(line)))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(digests) == 0 {
		return nil, errors.New("no token in it")
	}
	ts := &Tokens{}
	ts.digests.Store(&digests)
	return ts, nil
}

// Len returns the number of tokens.
func (ts *Tokens) Len() int { return len(*ts.digests.Load()) }

// Replace makes ts the tokens of other from now on: a call checked after Replace needs one of
// them, and the tokens of ts that other lacks stop working. Calls already admitted go on.
func (ts *Tokens) Replace(other *Tokens) { ts.digests.Store(other.digests.Load()) }

// Identify returns the identity of token, and false when token is not one of ts. It takes the
// same time whichever token matches, or none.
func (ts *Tokens) Identify(token string) (string, bool) {
	d := sha256.Sum256([]byte(token))
	match := -1
	digests := *ts.digests.Load()
	for i := range digests {
		eq := subtle.ConstantTimeCompare(d[:], digests[i][:])
		match = subtle.ConstantTimeSelect(eq, i, match)
	}
	if match < 0 {
		return "", false
	}
	return fmt.Sprintf("token-%d", match+1), true
}

// callerKey is the context key of the caller's identity, set by the auth interceptor.
type callerKey struct{}

// authFunc checks the call's bearer token against ts and puts the caller's identity in the
// context. Neither the token nor the authorization header is ever logged or echoed.
func authFunc(ts *Tokens) auth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		token, err := auth.AuthFromMD(ctx, "bearer")
		if err != nil {
			return nil, status.Error(codes.Unauthenticated, "this server needs an \"authorization: Bearer <token>\" header")
		}
		id, ok := ts.Identify(token)
		if !ok {
			return nil, status.Error(codes.Unauthenticated, "the bearer token is not valid")
		}
		return context.WithValue(ctx, callerKey{}, id), nil
	}
}

// openServices are served without authentication: health checks come from load balancers and
// orchestrators that hold no token, and reflection describes only the public API.
var openServices = map[string]bool{
	healthpb.Health_ServiceDesc.ServiceName:    true,
	"grpc.reflection.v1.ServerReflection":      true,
	"grpc.reflection.v1alpha.ServerReflection": true,
}

// needsAuth selects the calls that must carry a valid token: all but those of openServices.
func needsAuth(_ context.Context, c interceptors.CallMeta) bool { return !openServices[c.Service] }
