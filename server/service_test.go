package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
)

func TestListTargets(t *testing.T) {
	env := newEnv(t, envOptions{})
	resp, err := env.client.ListTargets(guardCtx(t), &stancev1.ListTargetsRequest{})
	if err != nil {
		t.Fatalf("list targets: %v", err)
	}
	names := make([]string, len(resp.GetTargets()))
	for i, tg := range resp.GetTargets() {
		names[i] = tg.GetName()
	}
	t.Run("targets are sorted by name and include the embedded ones", func(t *testing.T) {
		if !slices.IsSorted(names) {
			t.Fatalf("targets are not sorted: %v", names)
		}
		for _, want := range []string{"international_pressure", "negotiation"} {
			if !slices.Contains(names, want) {
				t.Fatalf("target %s missing from %v", want, names)
			}
		}
	})
	t.Run("each target has a description, a lexicon size, a version and a source", func(t *testing.T) {
		for _, tg := range resp.GetTargets() {
			if tg.GetDescription() == "" || tg.GetLexiconSize() <= 0 || tg.GetVersion() == "" || tg.GetSource() != "embedded" {
				t.Fatalf("incomplete target: %v", tg)
			}
		}
	})
}

func TestHealth(t *testing.T) {
	env := newEnv(t, envOptions{})
	hc := healthpb.NewHealthClient(env.conn)
	for _, tc := range []struct {
		name    string
		service string
		code    codes.Code
	}{
		{"the server as a whole is serving", "", codes.OK},
		{"the stance service is serving", "stance.v1.StanceService", codes.OK},
		{"an unknown service is not found", "stance.v9.Nothing", codes.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := hc.Check(guardCtx(t), &healthpb.HealthCheckRequest{Service: tc.service})
			wantStatus(t, err, tc.code, "")
			if tc.code == codes.OK && resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Fatalf("status %v, want SERVING", resp.GetStatus())
			}
		})
	}
}

func listServices(ctx context.Context, env *testEnv) ([]string, error) {
	stream, err := reflectionpb.NewServerReflectionClient(env.conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, err
	}
	defer stream.CloseSend()
	// Send fails with io.EOF when the server has already ended the call (as it does at once when
	// reflection is not registered); Recv then returns the call's status.
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{ListServices: ""},
	}); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		out = append(out, s.GetName())
	}
	return out, nil
}

func TestReflection(t *testing.T) {
	t.Run("reflection lists the stance and health services", func(t *testing.T) {
		env := newEnv(t, envOptions{})
		names, err := listServices(guardCtx(t), env)
		if err != nil {
			t.Fatalf("list services: %v", err)
		}
		for _, want := range []string{"stance.v1.StanceService", "grpc.health.v1.Health"} {
			if !slices.Contains(names, want) {
				t.Fatalf("%s missing from %v", want, names)
			}
		}
	})
	t.Run("reflection switched off is unimplemented", func(t *testing.T) {
		env := newEnv(t, envOptions{noReflection: true})
		_, err := listServices(guardCtx(t), env)
		if status.Code(err) != codes.Unimplemented {
			t.Fatalf("list services: %v, want Unimplemented", err)
		}
	})
}

func TestMetrics(t *testing.T) {
	env := newEnv(t, envOptions{})
	if _, _, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: "Talks must resume."}}); err != nil {
		t.Fatalf("classify: %v", err)
	}
	if _, _, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: ""}}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("classify empty: %v", err)
	}
	hs := httptest.NewServer(MetricsHandler(env.reg))
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/metrics")
	if err != nil {
		t.Fatalf("get metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read metrics: %v", err)
	}
	for _, tc := range []struct{ name, want string }{
		{"a successful call is counted with code OK",
			`grpc_server_handled_total{grpc_code="OK",grpc_method="Classify",grpc_service="stance.v1.StanceService",grpc_type="server_stream"} 1`},
		{"a refused call is counted with code InvalidArgument",
			`grpc_server_handled_total{grpc_code="InvalidArgument",grpc_method="Classify",grpc_service="stance.v1.StanceService",grpc_type="server_stream"} 1`},
		{"handling time is a histogram per method",
			`grpc_server_handling_seconds_bucket{grpc_method="Classify"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(string(body), tc.want) {
				t.Fatalf("metrics lack %s:\n%s", tc.want, body)
			}
		})
	}
}
