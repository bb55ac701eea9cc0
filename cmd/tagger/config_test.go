package main

import (
	"context"
	"errors"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestFlagsEnvironmentPrecedence(t *testing.T) {
	env := map[string]string{"TAGGER_WORKERS": "7", "TAGGER_GROUP": "from-env", "TAGGER_DRAIN_TIMEOUT": "3s"}
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	err := parseFlags(fs, []string{"--group", "from-flag"}, Env{Stderr: os.Stderr, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Group != "from-flag" {
		t.Errorf("group = %q: a flag must win over the environment", cfg.Group)
	}
	if cfg.Workers != 7 || cfg.DrainTimeout != 3*time.Second {
		t.Errorf("workers %d, drain %s: the environment must fill unset flags", cfg.Workers, cfg.DrainTimeout)
	}
	if cfg.OutputTopic != "pages.tagged" {
		t.Errorf("default output topic = %q", cfg.OutputTopic)
	}
}

func TestBadEnvironmentIsAUsageError(t *testing.T) {
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	err := parseFlags(fs, nil, Env{Stderr: os.Stderr, Getenv: func(k string) string {
		if k == "TAGGER_WORKERS" {
			return "many"
		}
		return ""
	}})
	if err == nil || !strings.Contains(err.Error(), "TAGGER_WORKERS") {
		t.Fatalf("err = %v, want one naming TAGGER_WORKERS", err)
	}
}

func TestValidate(t *testing.T) {
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	if err := cfg.Validate(); err != nil {
		t.Fatalf("defaults must be valid: %v", err)
	}
	cfg.OutputTopic = cfg.InputTopic
	if err := cfg.Validate(); err == nil {
		t.Error("input topic == output topic accepted")
	}
}

// TestREADMEDocumentsEveryFlag keeps the configuration table true.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		row := "| `--" + f.Name + "` | `" + envName(f.Name) + "` |"
		if !strings.Contains(readme, row) {
			t.Errorf("README's configuration table lacks %s", row)
		}
	})
}

// TestConfigPrecedence: a flag beats its TAGGER_* variable, which beats
// the YAML file, which beats the default; the file may be named by
// --config or TAGGER_CONFIG.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tagger.yaml")
	yamlText := `# settings named as the flags
workers: 5
group: from-file
drain-timeout: 9s
brokers: [kafka1:9092, kafka2:9092]
create_topics: false      # underscores work too
compression: zstd
sasl-password: from-file
english-ner: ~            # null: leave the default
`
	if err := os.WriteFile(file, []byte(yamlText), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TAGGER_WORKERS": "6", "TAGGER_GROUP": "from-env", "TAGGER_COMPRESSION": "lz4"}
	args := []string{"--workers", "7", "--config", file}

	cases := []struct {
		setting string
		got     func(Config) any
		want    any
		from    string // origin, "" for a default
	}{
		{"workers", func(c Config) any { return c.Workers }, 7, fromFlag},
		{"group", func(c Config) any { return c.Group }, "from-env", fromEnv},
		{"compression", func(c Config) any { return c.Compression }, "lz4", fromEnv},
		{"drain-timeout", func(c Config) any { return c.DrainTimeout }, 9 * time.Second, fromFile},
		{"brokers", func(c Config) any { return c.Brokers }, "kafka1:9092,kafka2:9092", fromFile},
		{"create-topics", func(c Config) any { return c.CreateTopics }, false, fromFile},
		{"sasl-password", func(c Config) any { return c.SASLPassword }, "from-file", fromFile},
		{"english-ner", func(c Config) any { return c.EnglishNER }, false, ""},
		{"bangla-ner", func(c Config) any { return c.BanglaNER }, true, ""},
		{"output-topic", func(c Config) any { return c.OutputTopic }, "pages.tagged", ""},
		{"http-addr", func(c Config) any { return c.HTTPAddr }, ":8080", ""},
	}
	for _, via := range []string{"--config", "TAGGER_CONFIG"} {
		t.Run(via, func(t *testing.T) {
			a, e := args, env
			if via == "TAGGER_CONFIG" {
				a = args[:2]
				e = map[string]string{"TAGGER_CONFIG": file}
				for k, v := range env {
					e[k] = v
				}
			}
			var cfg Config
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			cfg.flags(fs)
			origin, err := parseFlagsFrom(fs, a, Env{Stderr: os.Stderr, Getenv: func(k string) string { return e[k] }})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				if got := c.got(cfg); got != c.want {
					t.Errorf("%s = %v, want %v", c.setting, got, c.want)
				}
				if origin[c.setting] != c.from {
					t.Errorf("%s came from %q, want %q", c.setting, origin[c.setting], c.from)
				}
			}
		})
	}
}

// TestConfigFileErrors: mistakes in the file are usage errors that say
// where they are.
func TestConfigFileErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown setting", "workers: 2\nworkerz: 3\n", `:2: unknown setting "workerz"`},
		{"bad value", "drain-timeout: soon\n", ":1: drain-timeout"},
		{"not a mapping", "- workers\n", "want a mapping"},
		{"nested value", "workers:\n  n: 2\n", "want a value or a list"},
		{"config names itself", "config: other.yaml\n", `unknown setting "config"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "c.yaml")
			os.WriteFile(file, []byte(c.yaml), 0o600)
			var cfg Config
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			cfg.flags(fs)
			err := parseFlags(fs, []string{"--config", file}, Env{Stderr: os.Stderr, Getenv: func(string) string { return "" }})
			if err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a usage error containing %q", err, c.want)
			}
		})
	}
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	err := parseFlags(fs, []string{"--config", filepath.Join(t.TempDir(), "missing.yaml")}, Env{Stderr: os.Stderr, Getenv: func(string) string { return "" }})
	if err == nil {
		t.Error("a missing config file was accepted")
	}
}

// TestConfigCommand prints the effective configuration: secrets masked
// wherever they came from, origins noted, and the output is itself a
// config file that gives the same settings back.
func TestConfigCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tagger.yaml")
	os.WriteFile(file, []byte("sasl-user: svc-tagger\nsasl-mechanism: SCRAM-SHA-512\nbrokers: [k1:9093, k2:9093]\n"), 0o600)
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"password in a flag", []string{"--sasl-password", "hunter2-secret", "--config", file, "--workers", "3"}, nil},
		{"password in the environment", []string{"--config", file, "--workers", "3"}, map[string]string{"TAGGER_SASL_PASSWORD": "hunter2-secret"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut strings.Builder
			code := Main(context.Background(), append([]string{"config"}, c.args...), Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return c.env[k] }})
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			text := out.String()
			if strings.Contains(text, "hunter2") {
				t.Fatalf("the password is printed:\n%s", text)
			}
			for _, want := range []string{"sasl-password: '" + masked + "'", "sasl-user: svc-tagger # file", "workers: 3 # flag", "brokers: k1:9093,k2:9093 # file", "config file: " + file} {
				if !strings.Contains(text, want) {
					t.Errorf("output lacks %q:\n%s", want, text)
				}
			}
			// Fed back as a config file, the output gives the same settings.
			printed := filepath.Join(dir, "printed.yaml")
			os.WriteFile(printed, []byte(text), 0o600)
			var again, want Config
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			again.flags(fs)
			if err := parseFlags(fs, []string{"--config", printed}, Env{Stderr: os.Stderr, Getenv: func(string) string { return "" }}); err != nil {
				t.Fatalf("the printed configuration does not load: %v\n%s", err, text)
			}
			fs = flag.NewFlagSet("run", flag.ContinueOnError)
			want.flags(fs)
			parseFlags(fs, c.args, Env{Stderr: os.Stderr, Getenv: func(k string) string { return c.env[k] }})
			again.ConfigFile, want.ConfigFile = "", ""
			again.SASLPassword, want.SASLPassword = "", ""
			if again != want {
				t.Errorf("round trip differs:\n got %+v\nwant %+v", again, want)
			}
		})
	}
}

// TestComposeFileIsTrueToTheService checks docker-compose.yml against what
// the service reads: every TAGGER_* variable the tagger service sets is a
// real setting, the published port is the HTTP server's, and the health
// check asks the service itself.
func TestComposeFileIsTrueToTheService(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	svc, ok := compose.Services["tagger"]
	if !ok {
		t.Fatal("no tagger service")
	}
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	known := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) { known[envName(f.Name)] = f.Name })
	for k, v := range svc.Environment {
		name, ok := known[k]
		if !ok {
			t.Errorf("compose sets %s, which the service does not read", k)
			continue
		}
		if err := fs.Set(name, v); err != nil {
			t.Errorf("compose sets %s=%q: %v", k, v, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("compose's settings do not validate: %v", err)
	}
	_, port, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil || cfg.HTTPAddr == "" {
		t.Fatalf("compose's http-addr %q: %v", cfg.HTTPAddr, err)
	}
	published := false
	for _, p := range svc.Ports {
		published = published || strings.HasSuffix(p, ":"+port)
	}
	if !published {
		t.Errorf("ports %v do not publish the HTTP port %s", svc.Ports, port)
	}
	if hc := strings.Join(svc.Healthcheck.Test, " "); !strings.Contains(hc, "tagger healthcheck") {
		t.Errorf("health check %q does not run tagger healthcheck", hc)
	}
}

// TestREADMEConfigExampleLoads keeps the README's example file valid.
func TestREADMEConfigExampleLoads(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start = "```yaml\n# /etc/tagger/tagger.yaml\n"
	readme := string(b)
	i := strings.Index(readme, start)
	if i < 0 {
		t.Fatal("README has no example config file")
	}
	example := readme[i+len("```yaml\n"):]
	example = example[:strings.Index(example, "```")]
	file := filepath.Join(t.TempDir(), "tagger.yaml")
	os.WriteFile(file, []byte(example), 0o600)
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	if err := parseFlags(fs, []string{"--config", file}, Env{Stderr: os.Stderr, Getenv: func(string) string { return "" }}); err != nil {
		t.Fatalf("the README's example does not load: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("the README's example does not validate: %v", err)
	}
	if cfg.Brokers != "kafka-1.internal:9093,kafka-2.internal:9093" || cfg.Gazetteer != "default,/etc/tagger/newsroom.jsonl" || cfg.Workers != 8 {
		t.Errorf("example read as brokers %q, gazetteer %q, workers %d", cfg.Brokers, cfg.Gazetteer, cfg.Workers)
	}
}
