package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stance-project/stance/internal/testpki"
)

// writeFile writes data to a new file named name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// serverFiles writes a server certificate and key signed by ca into a temporary directory, and the
// PEM of clientCA when it is not nil, and returns the paths ("" for no client CA).
func serverFiles(t *testing.T, ca, clientCA *testpki.CA) (certFile, keyFile, clientCAFile string) {
	t.Helper()
	dir := t.TempDir()
	c, k := ca.Issue(t, "stanced", false)
	certFile, keyFile = writeFile(t, dir, "server.crt", c), writeFile(t, dir, "server.key", k)
	if clientCA != nil {
		clientCAFile = writeFile(t, dir, "client-ca.crt", clientCA.PEM)
	}
	return certFile, keyFile, clientCAFile
}
