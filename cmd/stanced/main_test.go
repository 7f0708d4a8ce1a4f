package main

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestParseSettings(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, s settings)
		wantErr string
	}{
		{name: "defaults apply with no flags and no environment", check: func(t *testing.T, s settings) {
			if s.addr != ":50051" || s.metricsAddr != ":9090" || s.lexicons != "" || s.maxPassage != 1<<20 ||
				s.maxRecv != 4<<20 || s.grace != 10*time.Second || s.level != slog.LevelInfo || !s.reflection {
				t.Fatalf("defaults: %+v", s)
			}
		}},
		{name: "environment variables set the defaults",
			env: map[string]string{"STANCE_ADDR": "127.0.0.1:0", "STANCE_GRACE": "3s", "STANCE_LOG_LEVEL": "debug",
				"STANCE_REFLECTION": "false", "STANCE_LEXICONS": "/etc/stance", "STANCE_MAX_PASSAGE_BYTES": "2048"},
			check: func(t *testing.T, s settings) {
				if s.addr != "127.0.0.1:0" || s.grace != 3*time.Second || s.level != slog.LevelDebug || s.reflection ||
					s.lexicons != "/etc/stance" || s.maxPassage != 2048 {
					t.Fatalf("from environment: %+v", s)
				}
			}},
		{name: "a flag wins over its environment variable",
			args: []string{"-addr", ":7000"}, env: map[string]string{"STANCE_ADDR": ":6000"},
			check: func(t *testing.T, s settings) {
				if s.addr != ":7000" {
					t.Fatalf("addr %q, want :7000", s.addr)
				}
			}},
		{name: "an empty STANCE_METRICS_ADDR disables metrics",
			env: map[string]string{"STANCE_METRICS_ADDR": ""},
			check: func(t *testing.T, s settings) {
				if s.metricsAddr != "" {
					t.Fatalf("metrics addr %q, want empty", s.metricsAddr)
				}
			}},
		{name: "a bad environment value is a startup error naming the variable",
			env: map[string]string{"STANCE_GRACE": "soon"}, wantErr: "STANCE_GRACE"},
		{name: "a bad boolean in the environment is a startup error naming the variable",
			env: map[string]string{"STANCE_REFLECTION": "maybe"}, wantErr: "STANCE_REFLECTION"},
		{name: "a receive limit below the passage limit is refused",
			args: []string{"-max-passage-bytes", "100", "-max-recv-bytes", "10"}, wantErr: "-max-recv-bytes"},
		{name: "an unknown log format is refused",
			args: []string{"-log-format", "xml"}, wantErr: "-log-format"},
		{name: "security and capacity defaults are plaintext, no tokens, no rate limit and generous caps",
			check: func(t *testing.T, s settings) {
				if s.tlsCert != "" || s.authTokenFile != "" || s.rate != 0 || s.maxInFlight != 256 ||
					s.maxConcurrentStreams != 100 || s.maxSend != 16<<20 {
					t.Fatalf("defaults: %+v", s)
				}
			}},
		{name: "TLS files and the token file come from the environment",
			env: map[string]string{"STANCE_TLS_CERT": "c.pem", "STANCE_TLS_KEY": "k.pem", "STANCE_TLS_CLIENT_CA": "ca.pem",
				"STANCE_AUTH_TOKEN_FILE": "tokens", "STANCE_RATE": "2.5", "STANCE_BURST": "7", "STANCE_MAX_INFLIGHT": "9",
				"STANCE_MAX_CONCURRENT_STREAMS": "11", "STANCE_MAX_SEND_BYTES": "8388608"},
			check: func(t *testing.T, s settings) {
				if s.tlsCert != "c.pem" || s.tlsKey != "k.pem" || s.tlsClientCA != "ca.pem" || s.authTokenFile != "tokens" ||
					s.rate != 2.5 || s.burst != 7 || s.maxInFlight != 9 || s.maxConcurrentStreams != 11 || s.maxSend != 8<<20 {
					t.Fatalf("from environment: %+v", s)
				}
			}},
		{name: "a rate without a burst allows bursts of twice the rate",
			args: []string{"-rate", "2.5"},
			check: func(t *testing.T, s settings) {
				if s.burst != 5 {
					t.Fatalf("burst %d, want 5", s.burst)
				}
			}},
		{name: "a token file over plaintext is allowed with -allow-insecure-auth",
			args: []string{"-auth-token-file", "tokens", "-allow-insecure-auth"},
			check: func(t *testing.T, s settings) {
				if !s.allowInsecureAuth {
					t.Fatal("allowInsecureAuth not set")
				}
			}},
		{name: "a certificate without a key is a startup error",
			args: []string{"-tls-cert", "c.pem"}, wantErr: "-tls-cert needs -tls-key"},
		{name: "a key without a certificate is a startup error",
			env: map[string]string{"STANCE_TLS_KEY": "k.pem"}, wantErr: "-tls-key needs -tls-cert"},
		{name: "a client CA without a certificate is a startup error",
			args: []string{"-tls-client-ca", "ca.pem"}, wantErr: "-tls-client-ca needs -tls-cert"},
		{name: "a token file over plaintext is a startup error",
			args: []string{"-auth-token-file", "tokens"}, wantErr: "-allow-insecure-auth"},
		{name: "a negative rate is refused",
			args: []string{"-rate", "-1"}, wantErr: "-rate"},
		{name: "a rate that is not a number is refused",
			args: []string{"-rate", "NaN"}, wantErr: "-rate"},
		{name: "a negative in-flight cap is refused",
			args: []string{"-max-inflight", "-1"}, wantErr: "-max-inflight"},
		{name: "a send limit of zero is refused",
			args: []string{"-max-send-bytes", "0"}, wantErr: "-max-send-bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lookup := func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
			s, err := parseSettings(tc.args, lookup, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			tc.check(t, s)
		})
	}
}
