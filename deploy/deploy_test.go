// Package deploy_test checks the container image recipe (Dockerfile, and .dockerignore at the
// repository root) and the Kubernetes manifests (kubernetes/) against each other and against the
// server they run, with neither a cluster nor a Docker engine.
//
// The static tests parse the files and compare what must agree: labels and selectors, ports,
// probes, the user the image runs as, the time the server is given to drain, resources. The
// end-to-end test builds stanced from the files Docker would send, with the Dockerfile's own build
// command, checks that the binary is static, and runs it with the Deployment's arguments and
// environment: the kubelet's probes must pass, and SIGTERM must stop it in time with exit code 0.
package deploy_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
	"go.yaml.in/yaml/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/stance-project/stance/internal/stancedproc"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

const (
	// root is the module's root, which is also the image's build context.
	root = ".."
	// dockerfile is the image recipe, relative to this directory.
	dockerfile = "Dockerfile"
	// manifestDir holds the Kubernetes manifests, one object a file, and their kustomization.yaml.
	manifestDir = "kubernetes"
	// appLabel is the label every object carries and every selector selects on.
	appLabel = "app.kubernetes.io/name"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestManifestsParse checks that every manifest is one object with an apiVersion, a kind and a
// name, that the objects are the expected ones, and that kustomization.yaml lists every file.
func TestManifestsParse(t *testing.T) {
	ms := loadManifests(t)
	want := []string{ // apiVersion and kind, sorted
		"apps/v1 Deployment",
		"autoscaling/v2 HorizontalPodAutoscaler",
		"policy/v1 PodDisruptionBudget",
		"v1 Service", // the headless Service
		"v1 Service", // the Service with a cluster IP
	}
	var got []string
	for _, o := range ms.objects {
		got = append(got, o.APIVersion+" "+o.Kind)
		if o.Metadata.Namespace != "" {
			t.Errorf("%s: metadata.namespace is %q; leave it to kubectl -n or the kustomization", o.file, o.Metadata.Namespace)
		}
		if o.Metadata.Labels[appLabel] != "stance" {
			t.Errorf("%s: label %s is %q, want stance", o.file, appLabel, o.Metadata.Labels[appLabel])
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("objects (apiVersion kind):\n got %q\nwant %q", got, want)
	}

	var k struct {
		Kind      string   `yaml:"kind"`
		Resources []string `yaml:"resources"`
	}
	decodeFile(t, filepath.Join(manifestDir, "kustomization.yaml"), &k)
	var files []string
	for _, o := range ms.objects {
		files = append(files, filepath.Base(o.file))
	}
	slices.Sort(files)
	listed := slices.Sorted(slices.Values(k.Resources))
	if k.Kind != "Kustomization" || !slices.Equal(listed, files) {
		t.Errorf("kustomization.yaml (kind %q) lists %q; the manifests are %q", k.Kind, listed, files)
	}
}

// TestSelectors checks that the Deployment's selector selects its own pod template, and that the
// Services, the PodDisruptionBudget and the spread constraint select exactly the Deployment's pods.
func TestSelectors(t *testing.T) {
	ms := loadManifests(t)
	d := ms.deployment
	podLabels := d.Spec.Template.Metadata.Labels
	sel := d.Spec.Selector
	if len(sel.MatchLabels) == 0 || len(sel.MatchExpressions) > 0 {
		t.Fatalf("Deployment selector: want matchLabels only, got %+v", sel)
	}
	if podLabels[appLabel] != "stance" {
		t.Errorf("pod template label %s = %q, want stance", appLabel, podLabels[appLabel])
	}
	var spread map[string]string
	for _, c := range d.Spec.Template.Spec.TopologySpreadConstraints {
		spread = c.LabelSelector.MatchLabels
	}
	tests := []struct {
		name     string
		selector map[string]string
	}{
		{"Deployment spec.selector", sel.MatchLabels},
		{"headless Service " + ms.headless.Metadata.Name, ms.headless.Spec.Selector},
		{"Service " + ms.clusterIP.Metadata.Name, ms.clusterIP.Spec.Selector},
		{"PodDisruptionBudget", ms.pdb.Spec.Selector.MatchLabels},
		{"topologySpreadConstraints", spread},
	}
	for _, tt := range tests {
		if !maps.Equal(tt.selector, sel.MatchLabels) {
			t.Errorf("%s selects %v; the Deployment selects %v", tt.name, tt.selector, sel.MatchLabels)
		}
		for k, v := range tt.selector {
			if podLabels[k] != v {
				t.Errorf("%s selects %s=%s; the pod template has %s=%q", tt.name, k, v, k, podLabels[k])
			}
		}
	}
}

// TestAutoscaler checks that the HorizontalPodAutoscaler scales this Deployment on CPU
// utilization, which the kubelet can measure only against a CPU request.
func TestAutoscaler(t *testing.T) {
	ms := loadManifests(t)
	h, d := ms.hpa.Spec, ms.deployment
	if ref := h.ScaleTargetRef; ref.APIVersion != d.APIVersion || ref.Kind != d.Kind || ref.Name != d.Metadata.Name {
		t.Errorf("scaleTargetRef is %s %s %q; the Deployment is %s %s %q",
			ref.APIVersion, ref.Kind, ref.Name, d.APIVersion, d.Kind, d.Metadata.Name)
	}
	replicas := int32(1)
	if d.Spec.Replicas != nil {
		replicas = *d.Spec.Replicas
	}
	minReplicas := int32(1)
	if h.MinReplicas != nil {
		minReplicas = *h.MinReplicas
	}
	if !(minReplicas <= replicas && replicas <= h.MaxReplicas) {
		t.Errorf("Deployment replicas %d outside the autoscaler's range [%d, %d]", replicas, minReplicas, h.MaxReplicas)
	}
	if minReplicas < 2 {
		t.Errorf("minReplicas %d: with the PodDisruptionBudget's one disruption at a time, keep at least 2", minReplicas)
	}
	var cpu bool
	for _, m := range h.Metrics {
		if m.Type == "Resource" && m.Resource != nil && m.Resource.Name == "cpu" {
			cpu = true
			u := m.Resource.Target.AverageUtilization
			if m.Resource.Target.Type != "Utilization" || u == nil || *u <= 0 || *u > 100 {
				t.Errorf("cpu target %+v: want type Utilization with averageUtilization in (0, 100]", m.Resource.Target)
			}
		}
	}
	if !cpu {
		t.Error("the autoscaler has no cpu Resource metric")
	}
	if _, ok := ms.container(t).Resources.Requests["cpu"]; !ok {
		t.Error("the container has no cpu request, so the autoscaler cannot compute its utilization")
	}
}

// TestPorts checks that each Service port leads to a port the container declares, that the
// headless Service is headless and leads to the gRPC port, and that the container's named ports
// are the ports the server is told to listen on.
func TestPorts(t *testing.T) {
	ms := loadManifests(t)
	c := ms.container(t)
	grpcPort := c.port(t, "grpc")
	metricsPort := c.port(t, "metrics")

	if ms.headless.Spec.ClusterIP != "None" {
		t.Errorf("headless Service clusterIP = %q, want None", ms.headless.Spec.ClusterIP)
	}
	if ms.headless.Spec.PublishNotReadyAddresses {
		t.Error("headless Service publishes pods that are not ready; clients would connect to pods that are starting or draining")
	}
	tests := []struct {
		service  service
		portName string
		want     int32 // the container port the Service port must lead to
	}{
		{ms.headless, "grpc", grpcPort},
		{ms.clusterIP, "grpc", grpcPort},
		{ms.clusterIP, "metrics", metricsPort},
	}
	for _, tt := range tests {
		p, ok := tt.service.port(tt.portName)
		if !ok {
			t.Errorf("Service %s has no port named %s", tt.service.Metadata.Name, tt.portName)
			continue
		}
		if got := c.resolve(p.TargetPort); got != tt.want {
			t.Errorf("Service %s port %s: targetPort %q leads to container port %d, want %d",
				tt.service.Metadata.Name, tt.portName, p.TargetPort, got, tt.want)
		}
	}

	// The server's listen addresses, from its arguments or environment, against the named ports.
	settings := []struct {
		flag, env string
		want      int32
	}{
		{"addr", "STANCE_ADDR", grpcPort},
		{"metrics-addr", "STANCE_METRICS_ADDR", metricsPort},
	}
	for _, s := range settings {
		addr, ok := c.setting(t, s.flag, s.env)
		if !ok {
			t.Errorf("the container sets neither -%s nor %s", s.flag, s.env)
			continue
		}
		_, port, err := net.SplitHostPort(addr)
		if err != nil || port != strconv.Itoa(int(s.want)) {
			t.Errorf("-%s=%s: want port %d (%v)", s.flag, addr, s.want, err)
		}
	}
	if got := ms.deployment.Spec.Template.Metadata.Annotations["prometheus.io/port"]; got != "" && got != strconv.Itoa(int(metricsPort)) {
		t.Errorf("prometheus.io/port annotation %q, want the metrics port %d", got, metricsPort)
	}
}

// TestProbes checks that every probe is a gRPC health check on the container's gRPC port, for the
// service name the server registers: "" for the server as a whole, the StanceService's full name
// (from the generated descriptor) for readiness.
func TestProbes(t *testing.T) {
	ms := loadManifests(t)
	c := ms.container(t)
	grpcPort := c.port(t, "grpc")
	for _, p := range c.probes() {
		t.Run(p.name, func(t *testing.T) {
			if p.probe == nil {
				t.Fatal("no probe")
			}
			g := p.probe.GRPC
			if g == nil {
				t.Fatal("not a grpc probe; the image has no shell or tools for exec probes, and the server no HTTP health endpoint")
			}
			if g.Port != grpcPort {
				t.Errorf("probes port %d; the container's grpc port is %d", g.Port, grpcPort)
			}
			if got := g.service(); got != p.service {
				t.Errorf("asks for service %q, want %q", got, p.service)
			}
		})
	}
}

// TestSecurityContext checks that the pod runs as the image's non-root user, under the
// restrictions of the Kubernetes "restricted" Pod Security Standard, with a read-only root
// filesystem.
func TestSecurityContext(t *testing.T) {
	ms := loadManifests(t)
	spec := ms.deployment.Spec.Template.Spec
	c := ms.container(t)
	uid, gid := parseDockerfile(t).user(t)

	pod, ctr := spec.SecurityContext, c.SecurityContext
	nonRoot := pick(ctr.RunAsNonRoot, pod.RunAsNonRoot)
	user := pick(ctr.RunAsUser, pod.RunAsUser)
	group := pick(ctr.RunAsGroup, pod.RunAsGroup)
	seccomp := pick(ctr.SeccompProfile, pod.SeccompProfile)
	var drop []string
	if ctr.Capabilities != nil {
		drop = ctr.Capabilities.Drop
		if len(ctr.Capabilities.Add) > 0 {
			t.Errorf("capabilities.add %v", ctr.Capabilities.Add)
		}
	}
	checks := []struct {
		what string
		ok   bool
	}{
		{"runAsNonRoot: true", nonRoot != nil && *nonRoot},
		{fmt.Sprintf("runAsUser: %d (the Dockerfile's USER)", uid), user != nil && *user == uid && uid != 0},
		{fmt.Sprintf("runAsGroup: %d (the Dockerfile's USER) or unset", gid), group == nil || *group == gid},
		{"seccompProfile.type: RuntimeDefault or Localhost", seccomp != nil && (seccomp.Type == "RuntimeDefault" || seccomp.Type == "Localhost")},
		{"allowPrivilegeEscalation: false", ctr.AllowPrivilegeEscalation != nil && !*ctr.AllowPrivilegeEscalation},
		{"readOnlyRootFilesystem: true", ctr.ReadOnlyRootFilesystem != nil && *ctr.ReadOnlyRootFilesystem},
		{"privileged: false or unset", ctr.Privileged == nil || !*ctr.Privileged},
		{"capabilities.drop: [ALL]", slices.Contains(drop, "ALL")},
		{"automountServiceAccountToken: false", spec.AutomountServiceAccountToken != nil && !*spec.AutomountServiceAccountToken},
		// Service links would add STANCE_SERVICE_HOST, STANCE_PORT and more for the Service named
		// stance, in the namespace of variables the server reads its settings from.
		{"enableServiceLinks: false", spec.EnableServiceLinks != nil && !*spec.EnableServiceLinks},
	}
	for _, ck := range checks {
		if !ck.ok {
			t.Errorf("want %s", ck.what)
		}
	}
	if len(c.Command) > 0 {
		t.Errorf("command %q replaces the image's ENTRYPOINT", c.Command)
	}
}

// TestTermination checks that the kubelet waits longer than the preStop sleep and the server's
// own drain (-grace) before it kills the container.
func TestTermination(t *testing.T) {
	ms := loadManifests(t)
	c := ms.container(t)
	grace := c.grace(t)
	total := ms.terminationGrace()
	if pre := c.preStopSleep(); total <= pre+grace {
		t.Errorf("terminationGracePeriodSeconds %s is not more than the preStop sleep %s plus -grace %s", total, pre, grace)
	}
}

// TestResources checks that the container asks for CPU and memory, that each request is within its
// limit, that GOMEMLIMIT, when set, is below the memory limit, and that a GOGC that lets the heap
// grow more than the default, or never collects, comes with a GOMEMLIMIT to stop it.
func TestResources(t *testing.T) {
	ms := loadManifests(t)
	c := ms.container(t)
	r := c.Resources
	for _, name := range []string{"cpu", "memory"} {
		req, err1 := parseQuantity(r.Requests[name])
		limit, err2 := parseQuantity(r.Limits[name])
		if err := errors.Join(err1, err2); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if req <= 0 || req > limit {
			t.Errorf("%s: request %s, limit %s: want 0 < request <= limit", name, r.Requests[name], r.Limits[name])
		}
	}
	if v, ok := c.env(t, "GOMEMLIMIT"); ok {
		soft, err := parseGoMemLimit(v)
		limit, err2 := parseQuantity(r.Limits["memory"])
		if err != nil || err2 != nil || soft >= limit {
			t.Errorf("GOMEMLIMIT %s must be below the memory limit %s (%v)", v, r.Limits["memory"], errors.Join(err, err2))
		}
	}
	if v, ok := c.env(t, "GOGC"); ok {
		pct, err := strconv.Atoi(v)
		switch {
		case v != "off" && (err != nil || pct < 0):
			t.Errorf("GOGC %q is neither off nor a percentage", v)
		case v == "off" || pct > 100:
			if _, ok := c.env(t, "GOMEMLIMIT"); !ok {
				t.Errorf("GOGC=%s lets the heap grow past what the default would, but no GOMEMLIMIT bounds it", v)
			}
		}
	}
}

// TestDockerfile checks the build stage (a pinned Go image new enough for go.mod, the module
// download cached apart from the source, a static build) and the final stage (no shell needed,
// a numeric non-root user, the container's ports, an entrypoint the build produced).
func TestDockerfile(t *testing.T) {
	df := parseDockerfile(t)
	if len(df.stages) < 2 {
		t.Fatalf("%d stage(s); want a build stage and a final stage", len(df.stages))
	}
	build, final := df.buildStage(t), df.stages[len(df.stages)-1]

	t.Run("build stage Go version", func(t *testing.T) {
		image, tag, _ := strings.Cut(build.from, ":")
		goVersion, _, _ := strings.Cut(tag, "-")
		if image != "golang" || !version.IsValid("go"+goVersion) {
			t.Fatalf("build stage FROM %s: want a pinned golang:X.Y.Z tag", build.from)
		}
		for _, need := range goModVersions(t) {
			if version.Compare("go"+goVersion, "go"+need) < 0 {
				t.Errorf("golang:%s is older than go.mod's %s; the image's GOTOOLCHAIN=local would refuse to build", tag, need)
			}
		}
	})

	t.Run("build stage order", func(t *testing.T) {
		at := func(match func(instruction) bool) int {
			return slices.IndexFunc(build.instructions, match)
		}
		modFiles := at(func(in instruction) bool {
			f := strings.Fields(in.args)
			return in.cmd == "COPY" && slices.Contains(f, "go.mod") && slices.Contains(f, "go.sum")
		})
		download := at(func(in instruction) bool { return in.cmd == "RUN" && strings.Contains(in.args, "go mod download") })
		source := at(func(in instruction) bool { return in.cmd == "COPY" && strings.HasPrefix(in.args, ". ") })
		if !(0 <= modFiles && modFiles < download && download < source) {
			t.Errorf("want COPY go.mod go.sum, then RUN go mod download, then COPY . (found at %d, %d, %d)", modFiles, download, source)
		}
	})

	t.Run("build command", func(t *testing.T) {
		gb := build.goBuild(t)
		if !slices.Contains(gb.env, "CGO_ENABLED=0") {
			t.Errorf("the go build line sets %q; want CGO_ENABLED=0 for a static binary", gb.env)
		}
		if !slices.Contains(gb.args, "-trimpath") {
			t.Errorf("go build %q: want -trimpath", gb.args)
		}
		if f := strings.Fields(gb.flag("-ldflags")); !slices.Contains(f, "-s") || !slices.Contains(f, "-w") {
			t.Errorf("go build %q: want -ldflags with -s -w", gb.args)
		}
	})

	t.Run("final stage needs no shell", func(t *testing.T) {
		allowed := []string{"ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "WORKDIR"}
		for _, in := range final.instructions {
			switch {
			case !slices.Contains(allowed, in.cmd):
				t.Errorf("Dockerfile:%d: %s in the final stage, which has no shell to run it (allowed: %v)", in.line, in.cmd, allowed)
			case in.cmd == "ENTRYPOINT" || in.cmd == "CMD":
				if _, err := in.execForm(); err != nil {
					t.Errorf("Dockerfile:%d: %s %s is in shell form, which needs /bin/sh: %v", in.line, in.cmd, in.args, err)
				}
			}
		}
		if final.last("USER") == nil {
			t.Error("no USER in the final stage")
		}
		if final.last("ENTRYPOINT") == nil {
			t.Error("no ENTRYPOINT in the final stage")
		}
	})

	t.Run("final stage user", func(t *testing.T) {
		if uid, _ := df.user(t); uid == 0 {
			t.Error("USER is root")
		}
	})

	t.Run("entrypoint is a built binary", func(t *testing.T) {
		df.entrypointPackage(t)
	})

	t.Run("exposed ports", func(t *testing.T) {
		c := loadManifests(t).container(t)
		var exposed []string
		for _, in := range final.instructions {
			if in.cmd == "EXPOSE" {
				exposed = append(exposed, strings.Fields(in.args)...)
			}
		}
		for _, name := range []string{"grpc", "metrics"} {
			p := strconv.Itoa(int(c.port(t, name)))
			if !slices.Contains(exposed, p) && !slices.Contains(exposed, p+"/tcp") {
				t.Errorf("EXPOSE %v lacks the container's %s port %s", exposed, name, p)
			}
		}
	})
}

// TestBuildContext checks that .dockerignore leaves in the build context every file the
// Dockerfile's go build reads: go.mod, go.sum and the Go and embedded files of every package of
// this module that the built commands depend on.
func TestBuildContext(t *testing.T) {
	df := parseDockerfile(t)
	gb := df.buildStage(t).goBuild(t)
	ctx := buildContext(t)
	need := []string{"go.mod", "go.sum"}
	args := append([]string{"list", "-deps", "-f",
		`{{if and .Module .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}`}, gb.packages()...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), gb.env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		rel, err := filepath.Rel(abs, f)
		if err != nil {
			t.Fatal(err)
		}
		need = append(need, filepath.ToSlash(rel))
	}
	if len(need) < 10 {
		t.Fatalf("go list found only %v", need)
	}
	for _, f := range need {
		if !ctx[f] {
			t.Errorf("%s is needed by the build but left out of the context by .dockerignore", f)
		}
	}
}

// TestImageBinaryAsDeployed builds the image's binaries as the Dockerfile does, from the files
// .dockerignore lets into the build context, checks that they are static, and runs stanced with the
// Deployment's arguments and environment. It calls the health service as the kubelet's probes do,
// reads /metrics as Prometheus does, and stops the server with SIGTERM as the kubelet does after the
// preStop sleep, within the time that leaves of the termination grace period.
func TestImageBinaryAsDeployed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs stanced; skipped with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skipf("the image is linux; this is %s", runtime.GOOS)
	}
	df := parseDockerfile(t)
	ms := loadManifests(t)
	c := ms.container(t)
	bin := buildAsDockerfile(t, df)

	t.Run("static", func(t *testing.T) {
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("program header %v: the binary needs a dynamic loader, which the final image lacks", p.Type)
			}
		}
		if f.Section(".dynamic") != nil {
			t.Error("the binary has a .dynamic section")
		}
		if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
			t.Errorf("the binary imports %v", libs)
		}
	})

	// The Deployment's environment replaces this process's STANCE_* variables, as in the pod.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "STANCE_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	for _, e := range c.Env {
		v, _ := c.env(t, e.Name)
		t.Setenv(e.Name, v)
	}
	// Loopback ports that stanced picks, so that runs side by side do not collide; text logs,
	// which stancedproc reads the addresses from (the json format is run below). Later flags win.
	args := append(slices.Clone(c.Args), "-addr=127.0.0.1:0", "-metrics-addr=127.0.0.1:0", "-log-format=text")

	t.Run("probes, metrics and SIGTERM", func(t *testing.T) {
		p, err := stancedproc.Start(bin, args...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Stop)

		for _, pr := range c.probes() {
			if pr.probe == nil || pr.probe.GRPC == nil {
				t.Errorf("%s: no grpc probe", pr.name)
				continue
			}
			if err := kubeletProbe(p.Addr, pr.probe); err != nil {
				t.Errorf("%s: %v", pr.name, err)
			}
		}

		metricsPath := cmp.Or(ms.deployment.Spec.Template.Metadata.Annotations["prometheus.io/path"], "/metrics")
		if err := scrape("http://" + p.MetricsAddr() + metricsPath); err != nil {
			t.Error(err)
		}

		budget := ms.terminationGrace() - c.preStopSleep()
		start := time.Now()
		if err := p.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- p.Wait() }()
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("stanced after SIGTERM: %v\n%s", err, p.Log())
			}
			t.Logf("stanced exited %v after SIGTERM (the kubelet would wait %v)", time.Since(start).Round(time.Millisecond), budget)
		case <-time.After(budget):
			p.Cmd.Process.Kill()
			<-exited
			t.Errorf("stanced still running %v after SIGTERM, when the kubelet would kill it\n%s", budget, p.Log())
		}
	})

	t.Run("log format", func(t *testing.T) {
		format, _ := c.setting(t, "log-format", "STANCE_LOG_FORMAT")
		checkLogs(t, bin, format == "json", append(slices.Clone(c.Args), "-addr=127.0.0.1:0", "-metrics-addr="))
	})
}

// kubeletProbe calls the health service at addr as the kubelet's gRPC probe pr does: over
// plaintext, for pr's service name, within pr's timeout, and succeeds only on SERVING.
func kubeletProbe(addr string, pr *probe) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	timeout := time.Second // the kubelet's default timeoutSeconds
	if pr.TimeoutSeconds > 0 {
		timeout = time.Duration(pr.TimeoutSeconds) * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: pr.GRPC.service()})
	if err != nil {
		return fmt.Errorf("Check(%q): %w", pr.GRPC.service(), err)
	}
	if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("Check(%q) = %v, want SERVING", pr.GRPC.service(), resp.GetStatus())
	}
	return nil
}

// scrape fetches url and checks that it answers 200 with Prometheus metrics.
func scrape(url string) error {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("go_goroutines")) {
		return fmt.Errorf("GET %s: %s, %d bytes without go_goroutines", url, resp.Status, len(body))
	}
	return nil
}

// checkLogs runs bin with args, in the log format they set, from start to a SIGTERM stop. With
// asJSON, every line it logs must be a JSON object with a msg, as a cluster's log collector
// expects; otherwise every line must be slog's text format.
func checkLogs(t *testing.T, bin string, asJSON bool, args []string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	defer watchdog.Stop()
	var msgs []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		var line struct {
			Msg string `json:"msg"`
		}
		if asJSON {
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.Msg == "" {
				t.Errorf("not a JSON log line with a msg: %s", sc.Text())
			}
		} else if line.Msg = textMsg(sc.Text()); line.Msg == "" {
			t.Errorf("not a text log line with a msg: %s", sc.Text())
		}
		msgs = append(msgs, line.Msg)
		if line.Msg == "listening" {
			cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("stanced: %v", err)
	}
	if !slices.Contains(msgs, "listening") || msgs[len(msgs)-1] != "stopped" {
		t.Errorf("log messages %q: want listening, and stopped last", msgs)
	}
}

// textMsg returns the msg of a log line in slog's text format ("time=... level=INFO msg=listening
// addr=..." or msg="serving metrics"), or "".
func textMsg(line string) string {
	_, rest, ok := strings.Cut(line, " msg=")
	if !ok || !strings.Contains(line, "level=") {
		return ""
	}
	if quoted, ok := strings.CutPrefix(rest, `"`); ok {
		msg, _, _ := strings.Cut(quoted, `"`)
		return msg
	}
	msg, _, _ := strings.Cut(rest, " ")
	return msg
}

// buildAsDockerfile copies the build context into a temporary directory and runs the Dockerfile's
// go build command there, with its environment and flags and only -o changed. It returns the path
// of the binary the ENTRYPOINT runs.
func buildAsDockerfile(t *testing.T, df *dockerFile) string {
	t.Helper()
	src, out := t.TempDir(), t.TempDir()
	for rel := range buildContext(t) {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(src, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gb := df.buildStage(t).goBuild(t)
	// -o names a directory (ending in a slash) that gets one binary for each package, or the
	// binary of the one package.
	o := gb.flag("-o")
	dest := out + string(filepath.Separator)
	bin := filepath.Join(out, path.Base(df.entrypointPackage(t)))
	if !strings.HasSuffix(o, "/") {
		dest = filepath.Join(out, path.Base(o))
		bin = dest
	}
	args := []string{"build", "-o", dest}
	for i := 0; i < len(gb.args); i++ {
		switch a := gb.args[i]; {
		case a == "-o":
			i++
		case strings.HasPrefix(a, "-o="):
		default:
			args = append(args, a)
		}
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), gb.env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s go %s: %v\n%s", strings.Join(gb.env, " "), strings.Join(args, " "), err, b)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// Kubernetes manifests.

// object is what every manifest has.
type object struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name      string            `yaml:"name"`
		Namespace string            `yaml:"namespace"`
		Labels    map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	file string
}

type labelSelector struct {
	MatchLabels      map[string]string `yaml:"matchLabels"`
	MatchExpressions []any             `yaml:"matchExpressions"`
}

type deployment struct {
	object `yaml:",inline"`
	Spec   struct {
		Replicas *int32        `yaml:"replicas"`
		Selector labelSelector `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels      map[string]string `yaml:"labels"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"metadata"`
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type podSpec struct {
	TerminationGracePeriodSeconds *int64          `yaml:"terminationGracePeriodSeconds"`
	AutomountServiceAccountToken  *bool           `yaml:"automountServiceAccountToken"`
	EnableServiceLinks            *bool           `yaml:"enableServiceLinks"`
	SecurityContext               securityContext `yaml:"securityContext"`
	TopologySpreadConstraints     []struct {
		LabelSelector labelSelector `yaml:"labelSelector"`
	} `yaml:"topologySpreadConstraints"`
	Containers []container `yaml:"containers"`
}

// securityContext holds the fields of both the pod's and the container's security context.
type securityContext struct {
	RunAsNonRoot   *bool  `yaml:"runAsNonRoot"`
	RunAsUser      *int64 `yaml:"runAsUser"`
	RunAsGroup     *int64 `yaml:"runAsGroup"`
	SeccompProfile *struct {
		Type string `yaml:"type"`
	} `yaml:"seccompProfile"`
	AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
	Privileged               *bool `yaml:"privileged"`
	Capabilities             *struct {
		Add  []string `yaml:"add"`
		Drop []string `yaml:"drop"`
	} `yaml:"capabilities"`
}

type container struct {
	Name    string   `yaml:"name"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom any    `yaml:"valueFrom"`
	} `yaml:"env"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int32  `yaml:"containerPort"`
	} `yaml:"ports"`
	StartupProbe   *probe `yaml:"startupProbe"`
	LivenessProbe  *probe `yaml:"livenessProbe"`
	ReadinessProbe *probe `yaml:"readinessProbe"`
	Lifecycle      struct {
		PreStop *struct {
			Sleep *struct {
				Seconds int64 `yaml:"seconds"`
			} `yaml:"sleep"`
		} `yaml:"preStop"`
	} `yaml:"lifecycle"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	SecurityContext securityContext `yaml:"securityContext"`
}

type probe struct {
	GRPC           *grpcAction `yaml:"grpc"`
	TimeoutSeconds int32       `yaml:"timeoutSeconds"`
}

type grpcAction struct {
	Port    int32   `yaml:"port"`
	Service *string `yaml:"service"`
}

// service returns the health service name the probe asks for; unset means "", the server.
func (g *grpcAction) service() string {
	if g.Service == nil {
		return ""
	}
	return *g.Service
}

type service struct {
	object `yaml:",inline"`
	Spec   struct {
		ClusterIP                string            `yaml:"clusterIP"`
		PublishNotReadyAddresses bool              `yaml:"publishNotReadyAddresses"`
		Selector                 map[string]string `yaml:"selector"`
		Ports                    []servicePort     `yaml:"ports"`
	} `yaml:"spec"`
}

type servicePort struct {
	Name       string `yaml:"name"`
	Port       int32  `yaml:"port"`
	TargetPort string `yaml:"targetPort"` // a number or a container port's name
}

func (s service) port(name string) (servicePort, bool) {
	for _, p := range s.Spec.Ports {
		if p.Name == name {
			if p.TargetPort == "" {
				p.TargetPort = strconv.Itoa(int(p.Port)) // Kubernetes' default
			}
			return p, true
		}
	}
	return servicePort{}, false
}

type hpa struct {
	object `yaml:",inline"`
	Spec   struct {
		ScaleTargetRef struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
			Name       string `yaml:"name"`
		} `yaml:"scaleTargetRef"`
		MinReplicas *int32 `yaml:"minReplicas"`
		MaxReplicas int32  `yaml:"maxReplicas"`
		Metrics     []struct {
			Type     string `yaml:"type"`
			Resource *struct {
				Name   string `yaml:"name"`
				Target struct {
					Type               string `yaml:"type"`
					AverageUtilization *int32 `yaml:"averageUtilization"`
				} `yaml:"target"`
			} `yaml:"resource"`
		} `yaml:"metrics"`
	} `yaml:"spec"`
}

type pdb struct {
	object `yaml:",inline"`
	Spec   struct {
		Selector labelSelector `yaml:"selector"`
	} `yaml:"spec"`
}

// manifests are the objects of manifestDir, by role.
type manifests struct {
	objects    []object
	deployment deployment
	headless   service // the Service with clusterIP None
	clusterIP  service // the other Service
	hpa        hpa
	pdb        pdb
}

// loadManifests reads every manifest but kustomization.yaml. Each file must hold one object, with
// an apiVersion, a kind and a name; there must be one object for each role in manifests.
func loadManifests(t *testing.T) *manifests {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(manifestDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ms := &manifests{}
	seen := map[string]string{} // role -> file
	role := func(name, file string) {
		if prev, ok := seen[name]; ok {
			t.Fatalf("%s and %s are both the %s", prev, file, name)
		}
		seen[name] = file
	}
	for _, file := range files {
		if filepath.Base(file) == "kustomization.yaml" {
			continue
		}
		var o object
		node := decodeFile(t, file, &o)
		o.file = file
		if o.APIVersion == "" || o.Kind == "" || o.Metadata.Name == "" {
			t.Fatalf("%s: apiVersion %q, kind %q, metadata.name %q: want all three", file, o.APIVersion, o.Kind, o.Metadata.Name)
		}
		ms.objects = append(ms.objects, o)
		var target any
		switch o.Kind {
		case "Deployment":
			role("Deployment", file)
			target = &ms.deployment
		case "Service":
			var s service
			decodeNode(t, file, node, &s)
			if s.Spec.ClusterIP == "None" {
				role("headless Service", file)
				ms.headless = s
			} else {
				role("cluster IP Service", file)
				ms.clusterIP = s
			}
		case "HorizontalPodAutoscaler":
			role("HorizontalPodAutoscaler", file)
			target = &ms.hpa
		case "PodDisruptionBudget":
			role("PodDisruptionBudget", file)
			target = &ms.pdb
		default:
			t.Fatalf("%s: unexpected kind %s", file, o.Kind)
		}
		if target != nil {
			decodeNode(t, file, node, target)
		}
	}
	for _, r := range []string{"Deployment", "headless Service", "cluster IP Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"} {
		if _, ok := seen[r]; !ok {
			t.Fatalf("no %s among %v", r, files)
		}
	}
	return ms
}

// decodeFile decodes the single YAML document of file into v and returns its node.
func decodeFile(t *testing.T, file string, v any) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var node yaml.Node
	if err := dec.Decode(&node); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		t.Fatalf("%s: more than one document (%v); keep one object a file", file, err)
	}
	decodeNode(t, file, &node, v)
	return &node
}

func decodeNode(t *testing.T, file string, node *yaml.Node, v any) {
	t.Helper()
	if err := node.Decode(v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// container returns the Deployment's only container.
func (ms *manifests) container(t *testing.T) *container {
	t.Helper()
	cs := ms.deployment.Spec.Template.Spec.Containers
	if len(cs) != 1 {
		t.Fatalf("the Deployment has %d containers, want 1", len(cs))
	}
	return &cs[0]
}

// terminationGrace is how long the kubelet waits, from the start of a pod's termination, before it
// kills the container.
func (ms *manifests) terminationGrace() time.Duration {
	s := int64(30) // Kubernetes' default
	if p := ms.deployment.Spec.Template.Spec.TerminationGracePeriodSeconds; p != nil {
		s = *p
	}
	return time.Duration(s) * time.Second
}

// port returns the number of the container port called name.
func (c *container) port(t *testing.T, name string) int32 {
	t.Helper()
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	t.Fatalf("container %s has no port named %s", c.Name, name)
	return 0
}

// resolve returns the container port a Service's targetPort leads to, or 0 if none.
func (c *container) resolve(target string) int32 {
	for _, p := range c.Ports {
		if p.Name == target || strconv.Itoa(int(p.ContainerPort)) == target {
			return p.ContainerPort
		}
	}
	return 0
}

// namedProbe is one of the container's probes with the health service it must ask for.
type namedProbe struct {
	name    string
	probe   *probe
	service string
}

func (c *container) probes() []namedProbe {
	return []namedProbe{
		{"startupProbe", c.StartupProbe, ""},
		{"livenessProbe", c.LivenessProbe, ""},
		{"readinessProbe", c.ReadinessProbe, stancev1.StanceService_ServiceDesc.ServiceName},
	}
}

// env returns the value of the container's environment variable name.
func (c *container) env(t *testing.T, name string) (string, bool) {
	t.Helper()
	for _, e := range c.Env {
		if e.Name == name {
			if e.ValueFrom != nil {
				t.Fatalf("%s comes from valueFrom, which this test cannot resolve; give a value", name)
			}
			return e.Value, true
		}
	}
	return "", false
}

// setting returns the value stanced takes for one of its flags: the last -flag on the command line
// (as "-flag=v", "--flag=v", "-flag v" or "--flag v"), else the environment variable.
func (c *container) setting(t *testing.T, flag, env string) (string, bool) {
	t.Helper()
	val, found := "", false
	for i := 0; i < len(c.Args); i++ {
		name, v, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(c.Args[i], "-"), "-"), "=")
		if !strings.HasPrefix(c.Args[i], "-") || name != flag {
			continue
		}
		if !hasValue {
			if i+1 == len(c.Args) {
				t.Fatalf("-%s has no value", flag)
			}
			i++
			v = c.Args[i]
		}
		val, found = v, true
	}
	if found {
		return val, true
	}
	return c.env(t, env)
}

// grace returns the time stanced gives calls in flight on SIGTERM. The Deployment must set it, so
// that the manifest shows what terminationGracePeriodSeconds has to cover.
func (c *container) grace(t *testing.T) time.Duration {
	t.Helper()
	v, ok := c.setting(t, "grace", "STANCE_GRACE")
	if !ok {
		t.Fatal("the container sets neither -grace nor STANCE_GRACE")
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("-grace=%s: want a positive duration (%v)", v, err)
	}
	return d
}

// preStopSleep returns how long the preStop hook sleeps before the kubelet sends SIGTERM.
func (c *container) preStopSleep() time.Duration {
	if p := c.Lifecycle.PreStop; p != nil && p.Sleep != nil {
		return time.Duration(p.Sleep.Seconds) * time.Second
	}
	return 0
}

// pick returns the container's setting when it has one, else the pod's, as Kubernetes does.
func pick[T any](ctr, pod *T) *T {
	if ctr != nil {
		return ctr
	}
	return pod
}

// parseQuantity parses a Kubernetes resource quantity ("500m", "2", "128Mi", "1G").
func parseQuantity(q string) (float64, error) {
	if q == "" {
		return 0, errors.New("not set")
	}
	suffixes := []struct {
		s string
		m float64
	}{
		{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"Ti", 1 << 40},
		{"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12},
	}
	for _, s := range suffixes {
		if n, ok := strings.CutSuffix(q, s.s); ok {
			v, err := strconv.ParseFloat(n, 64)
			return v * s.m, err
		}
	}
	return strconv.ParseFloat(q, 64)
}

// parseGoMemLimit parses a GOMEMLIMIT value: a number of bytes with an optional unit B, KiB, MiB,
// GiB or TiB.
func parseGoMemLimit(v string) (float64, error) {
	units := []struct {
		s string
		m float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.s); ok {
			f, err := strconv.ParseFloat(n, 64)
			return f * u.m, err
		}
	}
	return strconv.ParseFloat(v, 64)
}

// The Dockerfile.

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, COPY, ...
	args string
	line int
}

// execForm returns the instruction's arguments in exec form (a JSON array of strings).
func (in instruction) execForm() ([]string, error) {
	var argv []string
	if err := json.Unmarshal([]byte(in.args), &argv); err != nil {
		return nil, err
	}
	if len(argv) == 0 {
		return nil, errors.New("empty")
	}
	return argv, nil
}

type stage struct {
	from, name   string
	instructions []instruction
}

// last returns the stage's last instruction cmd, or nil.
func (s *stage) last(cmd string) *instruction {
	for i := len(s.instructions) - 1; i >= 0; i-- {
		if s.instructions[i].cmd == cmd {
			return &s.instructions[i]
		}
	}
	return nil
}

type dockerFile struct {
	stages []*stage
}

// parseDockerfile reads the Dockerfile's instructions by stage. Comment lines (and parser
// directives) are dropped; a line ending in a backslash continues on the next.
func parseDockerfile(t *testing.T) *dockerFile {
	t.Helper()
	data, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	df := &dockerFile{}
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if body, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		in := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: start}
		cur.Reset()
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			s := &stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			df.stages = append(df.stages, s)
			continue
		}
		if len(df.stages) == 0 {
			t.Fatalf("Dockerfile:%d: %s before FROM", in.line, in.cmd)
		}
		s := df.stages[len(df.stages)-1]
		s.instructions = append(s.instructions, in)
	}
	if cur.Len() > 0 {
		t.Fatal("Dockerfile ends in a continuation line")
	}
	return df
}

// buildStage returns the stage the final stage copies its binaries from.
func (df *dockerFile) buildStage(t *testing.T) *stage {
	t.Helper()
	final := df.stages[len(df.stages)-1]
	for _, in := range final.instructions {
		if from, ok := copyFrom(in); ok {
			for _, s := range df.stages[:len(df.stages)-1] {
				if s.name == from {
					return s
				}
			}
			t.Fatalf("Dockerfile:%d: COPY --from=%s names no stage", in.line, from)
		}
	}
	t.Fatal("the final stage copies nothing from another stage")
	return nil
}

// copyFrom returns the stage a COPY --from instruction copies from.
func copyFrom(in instruction) (string, bool) {
	if in.cmd != "COPY" {
		return "", false
	}
	for _, f := range strings.Fields(in.args) {
		if v, ok := strings.CutPrefix(f, "--from="); ok {
			return v, true
		}
	}
	return "", false
}

// user returns the numeric user and group of the final stage's last USER instruction.
func (df *dockerFile) user(t *testing.T) (uid, gid int64) {
	t.Helper()
	u := df.stages[len(df.stages)-1].last("USER")
	if u == nil {
		t.Fatal("no USER in the final stage")
	}
	us, gs, hasGroup := strings.Cut(u.args, ":")
	uid, err := strconv.ParseInt(us, 10, 64)
	if err != nil {
		t.Fatalf("USER %s: want a numeric user, which Kubernetes can check against runAsNonRoot", u.args)
	}
	gid = uid
	if hasGroup {
		if gid, err = strconv.ParseInt(gs, 10, 64); err != nil {
			t.Fatalf("USER %s: want a numeric group", u.args)
		}
	}
	return uid, gid
}

// entrypointPackage returns the package whose binary the ENTRYPOINT runs: the final stage copies it
// from the directory the build stage's go build writes to.
func (df *dockerFile) entrypointPackage(t *testing.T) string {
	t.Helper()
	final := df.stages[len(df.stages)-1]
	ep := final.last("ENTRYPOINT")
	if ep == nil {
		t.Fatal("no ENTRYPOINT")
	}
	argv, err := ep.execForm()
	if err != nil {
		t.Fatalf("ENTRYPOINT %s: %v", ep.args, err)
	}
	gb := df.buildStage(t).goBuild(t)
	o := gb.flag("-o")
	for _, in := range final.instructions {
		if _, ok := copyFrom(in); !ok {
			continue
		}
		var paths []string
		for _, f := range strings.Fields(in.args) {
			if !strings.HasPrefix(f, "--") {
				paths = append(paths, f)
			}
		}
		srcs, dest := paths[:len(paths)-1], paths[len(paths)-1]
		for _, src := range srcs {
			if dest != argv[0] && !(strings.HasSuffix(dest, "/") && dest+path.Base(src) == argv[0]) {
				continue
			}
			for _, pkg := range gb.packages() {
				if (strings.HasSuffix(o, "/") && src == o+path.Base(pkg)) || src == o {
					return pkg
				}
			}
			t.Fatalf("ENTRYPOINT %s is copied from %s, which go build (-o %s, packages %v) does not write", argv[0], src, o, gb.packages())
		}
	}
	t.Fatalf("ENTRYPOINT %s is not copied from the build stage", argv[0])
	return ""
}

// goBuildCommand is the go build command of a RUN instruction.
type goBuildCommand struct {
	env  []string // NAME=value assignments before the command
	args []string // the arguments after "go build"
}

// flag returns the value of the go build flag name ("-o", "-ldflags"), or "".
func (gb goBuildCommand) flag(name string) string {
	for i, a := range gb.args {
		if a == name && i+1 < len(gb.args) {
			return gb.args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

// packages returns the packages the command builds: the arguments that are not flags or their
// values.
func (gb goBuildCommand) packages() []string {
	var pkgs []string
	for i := 0; i < len(gb.args); i++ {
		a := gb.args[i]
		switch {
		case a == "-o" || a == "-ldflags" || a == "-tags" || a == "-gcflags":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			pkgs = append(pkgs, a)
		}
	}
	return pkgs
}

// goBuild returns the stage's one go build command.
func (s *stage) goBuild(t *testing.T) goBuildCommand {
	t.Helper()
	var found []goBuildCommand
	for _, in := range s.instructions {
		if in.cmd != "RUN" {
			continue
		}
		words, err := shellWords(in.args)
		if err != nil {
			t.Fatalf("Dockerfile:%d: %v", in.line, err)
		}
		for _, cmd := range splitCommands(words) {
			var env []string
			for len(cmd) > 0 && strings.Contains(cmd[0], "=") && !strings.HasPrefix(cmd[0], "-") {
				env, cmd = append(env, cmd[0]), cmd[1:]
			}
			if len(cmd) >= 2 && cmd[0] == "go" && cmd[1] == "build" {
				found = append(found, goBuildCommand{env: env, args: cmd[2:]})
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("the build stage has %d go build commands, want 1", len(found))
	}
	return found[0]
}

// shellWords splits a shell command line into words, honouring single and double quotes and
// backslash escapes. Operators such as && and ; come out as words of their own only when written
// apart from their neighbours.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			w.WriteString(s[i+1 : i+1+j])
			i, inWord = i+1+j, true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// splitCommands splits words at the shell's command separators.
func splitCommands(words []string) [][]string {
	var cmds [][]string
	var cur []string
	for _, w := range words {
		if w == "&&" || w == "||" || w == ";" || w == "|" {
			cmds, cur = append(cmds, cur), nil
			continue
		}
		cur = append(cur, w)
	}
	return append(cmds, cur)
}

// goModVersions returns the go and toolchain versions go.mod asks for.
func goModVersions(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "go":
			vs = append(vs, f[1])
		case len(f) == 2 && f[0] == "toolchain":
			vs = append(vs, strings.TrimPrefix(f[1], "go"))
		}
	}
	if len(vs) == 0 {
		t.Fatal("go.mod has no go line")
	}
	return vs
}

// The build context.

// buildContext returns the files, relative to root with slashes, that Docker sends as the build
// context: every regular file that .dockerignore does not exclude.
func buildContext(t *testing.T) map[string]bool {
	t.Helper()
	patterns := dockerignore(t)
	files := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if ignored(patterns, rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files[rel] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// dockerignore returns the patterns of root's .dockerignore. It accepts the forms ignored
// understands (path.Match patterns, optionally after a leading "**/") and fails on the others, so
// that a pattern it would misread cannot pass unchecked.
func dockerignore(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, line := range strings.Split(string(data), "\n") {
		p := strings.TrimSpace(line)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		p = strings.TrimPrefix(path.Clean(strings.TrimPrefix(p, "/")), "/")
		rest := strings.TrimPrefix(p, "**/")
		if strings.HasPrefix(p, "!") || strings.Contains(rest, "**") {
			t.Fatalf(".dockerignore: pattern %q is beyond what this test understands", line)
		}
		if _, err := path.Match(rest, ""); err != nil {
			t.Fatalf(".dockerignore: pattern %q: %v", line, err)
		}
		patterns = append(patterns, p)
	}
	return patterns
}

// ignored reports whether a .dockerignore pattern matches rel or one of its parent directories.
// A pattern matches from the context's root; after "**/" it matches at any depth.
func ignored(patterns []string, rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range patterns {
		anyDepth := strings.HasPrefix(p, "**/")
		p = strings.TrimPrefix(p, "**/")
		for start := range parts {
			if start > 0 && !anyDepth {
				break
			}
			for end := start + 1; end <= len(parts); end++ {
				if ok, _ := path.Match(p, strings.Join(parts[start:end], "/")); ok {
					return true
				}
			}
		}
	}
	return false
}
