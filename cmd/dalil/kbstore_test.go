package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func runEnv(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"dalil"}, args...), func(k string) string { return env[k] }, &out)
	return out.String(), err
}

func TestUsersCommand(t *testing.T) {
	env := sharedRedis(t, "users")
	tok := addUser(t, env, "editor", "amal")
	if len(tok) != len("dalil_")+64 {
		t.Errorf("token %q", tok)
	}
	addUser(t, env, "admin", "root")
	out, err := runEnv(t, env, "users", "list")
	if err != nil || !strings.Contains(out, "amal") || !strings.Contains(out, "editor") || strings.Contains(out, tok) {
		t.Errorf("list: %v\n%s", err, out)
	}
	if out, err := runEnv(t, env, "users", "role", "amal", "reviewer"); err != nil || !strings.Contains(out, "amal is now reviewer") {
		t.Errorf("role: %v %s", err, out)
	}
	out, err = runEnv(t, env, "users", "token", "amal")
	if err != nil || !strings.Contains(out, "dalil_") || strings.Contains(out, tok) {
		t.Errorf("token: %v %s", err, out)
	}
	for _, bad := range [][]string{
		{"users", "add", "--role", "king", "zaid"},
		{"users", "add", "--role", "editor", "amal"},
		{"users", "role", "nobody", "editor"},
		{"users", "role", "root", "editor"}, // the last admin
	} {
		if _, err := runEnv(t, env, bad...); exitCode(err) != 1 {
			t.Errorf("%v: exit %d (%v)", bad, exitCode(err), err)
		}
	}
	if _, err := runEnv(t, env, "users", "add", "amal"); exitCode(err) != 2 {
		t.Errorf("add without a role: exit %d", exitCode(err))
	}
	if _, err := runEnv(t, map[string]string{}, "users", "list"); exitCode(err) != 1 || !strings.Contains(err.Error(), "REDIS_URL") {
		t.Errorf("without Redis: %v", err)
	}
}

// TestKBExportImport: the knowledge store round-trips through YAML, a
// running instance answers from an import at once, and a broken folder
// changes nothing at all.
func TestKBExportImport(t *testing.T) {
	env := sharedRedis(t, "kbio")
	s := startServer(t, env) // seeds the store
	dir := filepath.Join(t.TempDir(), "kb")
	out, err := runEnv(t, env, "kb", "export", dir)
	if err != nil || !strings.Contains(out, "exported 40 services") || !strings.Contains(out, "revision 1") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	if out, err := runEnv(t, env, "kb", "validate", dir); err != nil {
		t.Fatalf("exported folder does not validate: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "passport-renewal.yaml")
	orig, _ := os.ReadFile(file)
	if !bytes.Contains(orig, []byte("amount: 50")) || !bytes.Contains(orig, []byte("version: 1")) {
		t.Fatalf("exported record:\n%s", orig)
	}
	changed := bytes.Replace(orig, []byte("amount: 50"), []byte("amount: 55"), 1)
	os.WriteFile(file, changed, 0o644)

	// A broken folder: the good change and the bad record are refused together.
	broken := filepath.Join(t.TempDir(), "broken")
	os.MkdirAll(broken, 0o755)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		os.WriteFile(filepath.Join(broken, e.Name()), b, 0o644)
	}
	bad, _ := os.ReadFile(filepath.Join(broken, "birth-certificate.yaml"))
	bad = bytes.Replace(bad, []byte("currency: JOD"), []byte("currency: dinar"), 1)
	bad = bytes.Replace(bad, []byte("online: https://"), []byte("online: ftp://"), 1)
	os.WriteFile(filepath.Join(broken, "birth-certificate.yaml"), bad, 0o644)
	os.WriteFile(filepath.Join(broken, "half.yaml"), []byte("id: half\ntitle: {ar: [unclosed\n"), 0o644)
	out, err = runEnv(t, env, "kb", "import", broken)
	if exitCode(err) != 1 || !strings.Contains(out, "birth-certificate.yaml: fees[0].currency") ||
		!strings.Contains(out, "birth-certificate.yaml: channels.online") || !strings.Contains(out, "half.yaml") {
		t.Fatalf("broken import: exit %d %v\n%s", exitCode(err), err, out)
	}
	check := filepath.Join(t.TempDir(), "check")
	if out, err := runEnv(t, env, "kb", "export", check); err != nil || !strings.Contains(out, "revision 1") {
		t.Fatalf("after a broken import the store changed: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(filepath.Join(check, "passport-renewal.yaml")); !bytes.Equal(b, orig) {
		t.Error("a broken folder's good record was imported")
	}

	// The good folder: one service changed, the running server answers with it.
	out, err = runEnv(t, env, "kb", "import", "--as", "git", "--reason", "fee change reviewed in git", dir)
	if err != nil || !strings.Contains(out, "0 added, 1 changed, 39 unchanged; revision 2") || !strings.Contains(out, "changed passport-renewal") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	c, _ := dial(t, s.ws())
	deadline := time.Now().Add(30 * time.Second) // -race builds the index slowly
	for i := 0; ; i++ {
		r := ask(t, c, "q"+strconv.Itoa(i), "كم رسوم تجديد جواز السفر؟")
		if strings.Contains(r.s("text"), "55") {
			if src, _ := r["source"].(map[string]any); src["version"] != 2.0 {
				t.Errorf("answer's source %v, want version 2", r["source"])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("running server still answers %q", r.s("text"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if out, _ := runEnv(t, env, "kb", "import", dir); !strings.Contains(out, "0 changed, 40 unchanged; revision 2") {
		t.Errorf("re-import of the same folder: %s", out)
	}
	// Without Redis: export writes the seed knowledge base; import refuses.
	if out, err := runEnv(t, map[string]string{}, "kb", "export", filepath.Join(t.TempDir(), "seed")); err != nil || !strings.Contains(out, "exported 40 services from the seed") {
		t.Errorf("export without Redis: %v %s", err, out)
	}
	if _, err := runEnv(t, map[string]string{}, "kb", "import", dir); exitCode(err) != 1 || !strings.Contains(err.Error(), "REDIS_URL") {
		t.Errorf("import without Redis: %v", err)
	}
}
