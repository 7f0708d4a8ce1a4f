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
